/**
 * Workloads of issue #12: what the user's code does, as a shape and a data type, instead
 * of "Giga-operations". Types only, plus the byte sizes of the data types. Pure.
 */

/** Every workload the page offers, in the order the picker lists them; also the URL's `w=` values. */
export const WORKLOAD_IDS = [
  'matmul',
  'elementwise',
  'reduction',
  'softmax',
  'conv2d',
  'attention',
  'fft',
  'pipeline',
] as const;

export type WorkloadId = (typeof WORKLOAD_IDS)[number];

/** Workloads that are one operation (one or a few kernels); a pipeline chains these. */
export type KernelWorkloadId = Exclude<WorkloadId, 'pipeline'>;

export const KERNEL_WORKLOAD_IDS: readonly KernelWorkloadId[] = WORKLOAD_IDS.filter(
  (id): id is KernelWorkloadId => id !== 'pipeline',
);

export function isWorkloadId(s: string): s is WorkloadId {
  return (WORKLOAD_IDS as readonly string[]).includes(s);
}

/**
 * Workloads with kernels on both sides (src/bench/workloads/gpu and cpu). Here, not in
 * verify.ts, so the history's validator does not pull the verification model into the
 * first paint.
 */
export const RUNNABLE_WORKLOAD_IDS = ['matmul', 'elementwise', 'reduction', 'softmax'] as const;

export function isKernelWorkloadId(s: string): s is KernelWorkloadId {
  return s !== 'pipeline' && isWorkloadId(s);
}

/** Element types, by their URL names (`w.dtype`). NumPy's default is f64; PyTorch's is f32. */
export const DTYPES = ['f32', 'f16', 'bf16', 'f64'] as const;

export type Dtype = (typeof DTYPES)[number];

export function isDtype(s: string): s is Dtype {
  return (DTYPES as readonly string[]).includes(s);
}

/** Bytes per element (a complex element is two of these). */
export const DTYPE_BYTES: Readonly<Record<Dtype, number>> = Object.freeze({ f32: 4, f16: 2, bf16: 2, f64: 8 });

/** The names a Python developer knows them by (NumPy / PyTorch). */
export const DTYPE_LABELS: Readonly<Record<Dtype, string>> = Object.freeze({
  f32: 'float32',
  f16: 'float16',
  bf16: 'bfloat16',
  f64: 'float64',
});

/** `C = A·B` with A m×k and B k×n, `batch` independent products (`torch.bmm`, `a @ b` on stacks). */
export interface MatmulShape {
  m: number;
  n: number;
  k: number;
  batch: number;
}

/** One pass over arrays of `elements` values: `a*b+c`, `np.exp(x)`. */
export interface ElementwiseShape {
  elements: number;
  /** Arrays read. 0 is allowed (a generator such as `np.random.rand`). */
  inputs: number;
  /** Arrays written. */
  outputs: number;
  /** FLOPs per element: `a*b+c` is 2. */
  flopsPerElement: number;
}

/** sum / mean / max over a whole array to one value. */
export interface ReductionShape {
  elements: number;
}

/** Softmax along each of `rows` rows of `cols` values (`torch.softmax(x, dim=-1)`). */
export interface SoftmaxShape {
  rows: number;
  cols: number;
}

/**
 * 2-D convolution, NCHW: `batch` images of `cin` channels, `h`×`w` pixels; `cout` filters
 * of `kh`×`kw`; the same stride and zero padding on both axes (`torch.nn.Conv2d`).
 */
export interface Conv2dShape {
  batch: number;
  cin: number;
  cout: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  stride: number;
  pad: number;
}

/** Scaled dot-product attention: `softmax(Q·Kᵀ/√d)·V` per batch and head. */
export interface AttentionShape {
  batch: number;
  heads: number;
  /** Query length. */
  sq: number;
  /** Key / value length. */
  sk: number;
  /** Head dimension. */
  d: number;
  /** Causal mask: each query sees only the keys up to its position. */
  causal: boolean;
  /**
   * One kernel that never writes the score matrix (FlashAttention, PyTorch's
   * `scaled_dot_product_attention`), rather than three (scores, softmax, weighted sum).
   */
  fused: boolean;
}

/** `batch` independent 1-D FFTs of `length` points; real input (`rfft`) or complex (`fft`). */
export interface FftShape {
  length: number;
  batch: number;
  complex: boolean;
}

/** The shape type of each single workload. */
export interface ShapeOf {
  matmul: MatmulShape;
  elementwise: ElementwiseShape;
  reduction: ReductionShape;
  softmax: SoftmaxShape;
  conv2d: Conv2dShape;
  attention: AttentionShape;
  fft: FftShape;
}

/** One operation with its shape and data type. */
export type KernelWorkload = { [K in KernelWorkloadId]: { id: K; dtype: Dtype; shape: ShapeOf[K] } }[KernelWorkloadId];

/** Several operations run in sequence, the whole sequence `repeat` times. */
export interface PipelineShape {
  steps: KernelWorkload[];
  /**
   * True: inputs go up once and results come back once; everything between stays in GPU
   * memory. False: every step copies its inputs up and its outputs back, every repetition
   * (NumPy between CuPy calls).
   */
  dataStaysOnGpu: boolean;
  /** How many times the sequence runs (training steps, time steps, frames). */
  repeat: number;
}

export interface PipelineWorkload {
  id: 'pipeline';
  /** The pipeline's own type, the one the URL carries; each step also has its own. */
  dtype: Dtype;
  shape: PipelineShape;
}

/** Anything the user can pick in "What does your code do?". */
export type Workload = KernelWorkload | PipelineWorkload;
