/**
 * The fields of each workload's shape: URL names (issue #12's contract), labels, help
 * with a Python example, units, limits and defaults. Pure.
 *
 * Limits exist so every count stays finite and every message is a field message: the
 * largest products they allow (e.g. conv2d's 2·N·K·C·R·S·P·Q ≈ 1e33) are far below
 * Number.MAX_VALUE (1.8e308), and the same holds for bytes and times at the slowest rate
 * fields.ts accepts (1e-6 GFLOPS). The defaults are shapes a Python developer runs.
 */
import type { NumericLimits } from '../estimator/fields.ts';
import type {
  AttentionShape,
  Conv2dShape,
  Dtype,
  ElementwiseShape,
  FftShape,
  KernelWorkload,
  KernelWorkloadId,
  MatmulShape,
  PipelineWorkload,
  ReductionShape,
  ShapeOf,
  SoftmaxShape,
  Workload,
  WorkloadId,
} from './types.ts';
import { DTYPES, DTYPE_LABELS } from './types.ts';

/** A numeric shape field; `parseField` (fields.ts) reads it with the estimator's messages. */
export interface NumberParamSpec<S> extends NumericLimits {
  kind: 'number';
  /** The shape property it sets. */
  key: keyof S & string;
  /** URL query name, e.g. `w.m`. */
  param: string;
  /** Visible <label>. */
  label: string;
  /** What it means, with a Python example. */
  help: string;
  defaultValue: number;
}

/** A yes/no shape field (`w.causal`, `w.complex`); the URL carries 1 or 0. */
export interface FlagParamSpec<S> {
  kind: 'flag';
  key: keyof S & string;
  param: string;
  label: string;
  help: string;
  defaultValue: boolean;
}

export type ParamSpec<S> = NumberParamSpec<S> | FlagParamSpec<S>;

/** A whole-number field from `min` to `max`. */
function int<S>(
  key: keyof S & string,
  param: string,
  label: string,
  unit: string,
  min: number,
  max: number,
  defaultValue: number,
  help: string,
): NumberParamSpec<S> {
  // floor only matters for fractions below 1, which `integer` already rejects.
  return {
    kind: 'number',
    key,
    param,
    label,
    help,
    unit,
    min,
    minExclusive: false,
    floor: 1,
    max,
    integer: true,
    defaultValue,
  };
}

function flag<S>(
  key: keyof S & string,
  param: string,
  label: string,
  defaultValue: boolean,
  help: string,
): FlagParamSpec<S> {
  return { kind: 'flag', key, param, label, help, defaultValue };
}

/** Matrix sides up to 10^7: a 10^7 × 10^7 float64 matrix is 800 TB already. */
const MAX_DIM = 1e7;
/** Arrays up to 10^13 elements (40 TB of float32): beyond any one machine. */
const MAX_ELEMENTS = 1e13;

const MATMUL: readonly ParamSpec<MatmulShape>[] = [
  int(
    'm',
    'w.m',
    'Rows of A and C (m)',
    'rows',
    1,
    MAX_DIM,
    2048,
    'A is m × k. For `a @ b` with a of shape (2048, 512), m = 2048.',
  ),
  int('n', 'w.n', 'Columns of B and C (n)', 'columns', 1, MAX_DIM, 2048, 'B is k × n; the result C is m × n.'),
  int(
    'k',
    'w.k',
    'Inner dimension (k)',
    'columns',
    1,
    MAX_DIM,
    2048,
    'Columns of A = rows of B: the length of each dot product.',
  ),
  int(
    'batch',
    'w.batch',
    'Batch (independent products)',
    'matrices',
    1,
    1e6,
    1,
    'How many products at once, as in `torch.bmm` or `a @ b` on stacks of matrices. 1 for a single product.',
  ),
];

const ELEMENTWISE: readonly ParamSpec<ElementwiseShape>[] = [
  int(
    'elements',
    'w.elements',
    'Elements per array',
    'elements',
    1,
    MAX_ELEMENTS,
    1e8,
    '`x.size` of each array: 10⁸ float32 is 400 MB.',
  ),
  int('inputs', 'w.inputs', 'Input arrays', 'arrays', 0, 64, 3, 'Arrays read: `a*b+c` reads 3, `np.exp(x)` reads 1.'),
  int('outputs', 'w.outputs', 'Output arrays', 'arrays', 1, 64, 1, 'Arrays written: usually 1.'),
  {
    kind: 'number',
    key: 'flopsPerElement',
    param: 'w.flops',
    label: 'FLOPs per element',
    help: '`a*b+c` is 2 (one multiply, one add); `np.exp` is about 10–20, depending on the library.',
    unit: 'FLOPs',
    min: 0,
    minExclusive: false,
    floor: 1e-3,
    max: 1e4,
    integer: false,
    defaultValue: 2,
  },
];

const REDUCTION: readonly ParamSpec<ReductionShape>[] = [
  int(
    'elements',
    'w.elements',
    'Elements',
    'elements',
    1,
    MAX_ELEMENTS,
    1e8,
    '`x.size` for `x.sum()`, `x.mean()` or `x.max()` over the whole array.',
  ),
];

const SOFTMAX: readonly ParamSpec<SoftmaxShape>[] = [
  int('rows', 'w.rows', 'Rows', 'rows', 1, 1e9, 4096, 'Independent rows, e.g. batch × tokens for logits.'),
  int(
    'cols',
    'w.cols',
    'Columns (softmax length)',
    'columns',
    1,
    1e9,
    32000,
    'Values per row: the vocabulary size for logits (32 000 for Llama 2).',
  ),
];

// The defaults are ResNet-50's first layer (7×7, stride 2, padding 3) on a batch of 32 ImageNet images.
const CONV2D: readonly ParamSpec<Conv2dShape>[] = [
  int('batch', 'w.batch', 'Batch (N)', 'images', 1, 1e5, 32, 'Images per call.'),
  int(
    'cin',
    'w.cin',
    'Input channels (C)',
    'channels',
    1,
    1e5,
    3,
    '3 for RGB images; the previous layer’s output channels otherwise.',
  ),
  int('cout', 'w.cout', 'Output channels (K)', 'channels', 1, 1e5, 64, 'Filters: `out_channels` of `torch.nn.Conv2d`.'),
  int('h', 'w.h', 'Input height (H)', 'pixels', 1, 1e6, 224, 'Rows of each input image.'),
  int('w', 'w.w', 'Input width (W)', 'pixels', 1, 1e6, 224, 'Columns of each input image.'),
  int('kh', 'w.kh', 'Kernel height (R)', 'pixels', 1, 1e3, 7, 'Filter rows: 3 for a 3×3 convolution.'),
  int('kw', 'w.kw', 'Kernel width (S)', 'pixels', 1, 1e3, 7, 'Filter columns.'),
  int('stride', 'w.stride', 'Stride', 'pixels', 1, 1e3, 2, 'Step between filter positions, both axes.'),
  int('pad', 'w.pad', 'Padding', 'pixels', 0, 1e3, 3, 'Zeros added on each side, both axes.'),
];

// Defaults: BERT-base / GPT-2 small (12 heads of 64) on 8 sequences of 1024 tokens.
const ATTENTION: readonly ParamSpec<AttentionShape>[] = [
  int('batch', 'w.batch', 'Batch', 'sequences', 1, 1e5, 8, 'Sequences per call.'),
  int('heads', 'w.heads', 'Heads', 'heads', 1, 1e4, 12, 'Attention heads: 12 in BERT-base and GPT-2 small.'),
  int(
    'sq',
    'w.sq',
    'Query length',
    'tokens',
    1,
    MAX_DIM,
    1024,
    'Tokens that ask (the sequence length for self-attention).',
  ),
  int(
    'sk',
    'w.sk',
    'Key length',
    'tokens',
    1,
    MAX_DIM,
    1024,
    'Tokens attended to (equal to the query length for self-attention).',
  ),
  int(
    'd',
    'w.d',
    'Head dimension',
    'features',
    1,
    1e5,
    64,
    'Features per head: model width / heads, 64 for BERT-base.',
  ),
  flag(
    'causal',
    'w.causal',
    'Causal mask',
    false,
    'Each token sees only earlier tokens (GPT-style decoders): half the work.',
  ),
  flag(
    'fused',
    'w.fused',
    'Fused kernel',
    true,
    'One kernel that never stores the score matrix (FlashAttention, `F.scaled_dot_product_attention`); off: three kernels that write and read it (`softmax(q @ k.T) @ v`).',
  ),
];

const FFT: readonly ParamSpec<FftShape>[] = [
  int(
    'length',
    'w.length',
    'Length (N)',
    'points',
    1,
    1e12,
    1048576,
    'Points per transform: `len(x)` for `np.fft.fft(x)`. Powers of two are fastest.',
  ),
  int(
    'batch',
    'w.batch',
    'Batch',
    'transforms',
    1,
    1e9,
    64,
    'Independent transforms, e.g. rows of a 2-D array with `axis=-1`.',
  ),
  flag(
    'complex',
    'w.complex',
    'Complex input',
    true,
    'On: `np.fft.fft` of complex data. Off: `np.fft.rfft` of real data (half the work).',
  ),
];

/** The shape fields of every single workload, in form order. */
export const SHAPE_PARAMS: { readonly [K in KernelWorkloadId]: readonly ParamSpec<ShapeOf[K]>[] } = {
  matmul: MATMUL,
  elementwise: ELEMENTWISE,
  reduction: REDUCTION,
  softmax: SOFTMAX,
  conv2d: CONV2D,
  attention: ATTENTION,
  fft: FFT,
};

/** The data-type field every workload has. */
export const DTYPE_PARAM = {
  param: 'w.dtype',
  label: 'Data type',
  help: 'NumPy’s default is float64, PyTorch’s float32. Consumer GPUs run float64 at 1/32–1/64 of their float32 rate.',
  choices: DTYPES.map((value) => ({ value, label: DTYPE_LABELS[value] })),
  defaultValue: 'f32' as Dtype,
} as const;

/** URL name of the pipeline's step list: workload ids separated by commas. */
export const PIPELINE_STEPS_PARAM = 'w.steps';
/** At most this many steps: enough for a layer or a training step, small enough for a form. */
export const MAX_PIPELINE_STEPS = 8;

export const PIPELINE_REPEAT_SPEC: NumberParamSpec<{ repeat: number }> = int(
  'repeat',
  'w.repeat',
  'Repeat count',
  'repetitions',
  1,
  1e9,
  100,
  'How often the whole sequence runs: training steps, time steps, frames.',
);

export const PIPELINE_STAY_SPEC: FlagParamSpec<{ dataStaysOnGpu: boolean }> = flag(
  'dataStaysOnGpu',
  'w.stay',
  'Data stays on the GPU',
  true,
  'On: copy inputs up once and results back once (CuPy / PyTorch tensors kept on the device). Off: every step copies its data up and back, every time (converting to NumPy in between).',
);

/**
 * URL name of a pipeline step's field: step 2's `w.m` is `w.2.m` (steps count from 1, as
 * the form shows them).
 */
export function stepParam(stepIndex: number, param: string): string {
  return `w.${stepIndex + 1}.${param.replace(/^w\./, '')}`;
}

/** Names and one-line descriptions for the workload picker. */
export const WORKLOAD_INFO: { readonly [K in WorkloadId]: { label: string; example: string } } = {
  matmul: { label: 'Matrix multiply', example: '`a @ b`, `torch.matmul`, `torch.bmm`' },
  elementwise: { label: 'Elementwise', example: '`a*b+c`, `np.exp(x)`, `torch.relu(x)`' },
  reduction: { label: 'Reduction', example: '`x.sum()`, `x.mean()`, `x.max()`' },
  softmax: { label: 'Softmax over rows', example: '`torch.softmax(x, dim=-1)`' },
  conv2d: { label: '2-D convolution', example: '`torch.nn.Conv2d`, `scipy.signal.convolve2d`' },
  attention: { label: 'Attention', example: '`F.scaled_dot_product_attention(q, k, v)`' },
  fft: { label: 'FFT', example: '`np.fft.fft(x)`, `np.fft.rfft(x)`' },
  pipeline: { label: 'Pipeline of steps', example: 'a layer or training step: several of the above, repeated' },
};

/** The default shape of one workload, from its fields' defaults. */
export function defaultShape<K extends KernelWorkloadId>(id: K): ShapeOf[K] {
  const shape: Record<string, number | boolean> = {};
  for (const spec of SHAPE_PARAMS[id] as readonly ParamSpec<ShapeOf[K]>[]) shape[spec.key] = spec.defaultValue;
  return shape as unknown as ShapeOf[K];
}

export function defaultKernelWorkload(id: KernelWorkloadId, dtype: Dtype = DTYPE_PARAM.defaultValue): KernelWorkload {
  return { id, dtype, shape: defaultShape(id) } as KernelWorkload;
}

/**
 * The default pipeline: one step of training a 4096-wide linear layer on a batch of 1024,
 * 100 times: the matmul, a ReLU-like elementwise pass, a softmax over the outputs.
 */
export function defaultPipeline(dtype: Dtype = DTYPE_PARAM.defaultValue): PipelineWorkload {
  return {
    id: 'pipeline',
    dtype,
    shape: {
      steps: [
        { id: 'matmul', dtype, shape: { m: 1024, n: 4096, k: 4096, batch: 1 } },
        { id: 'elementwise', dtype, shape: { elements: 1024 * 4096, inputs: 1, outputs: 1, flopsPerElement: 1 } },
        { id: 'softmax', dtype, shape: { rows: 1024, cols: 4096 } },
      ],
      dataStaysOnGpu: PIPELINE_STAY_SPEC.defaultValue,
      repeat: PIPELINE_REPEAT_SPEC.defaultValue,
    },
  };
}

/** The workload a fresh pick of `id` starts with. */
export function defaultWorkload(id: WorkloadId, dtype: Dtype = DTYPE_PARAM.defaultValue): Workload {
  return id === 'pipeline' ? defaultPipeline(dtype) : defaultKernelWorkload(id, dtype);
}

/** The two memory-bandwidth fields of issue #12, in the estimator's field style. */
export interface BandwidthFieldSpec extends NumericLimits {
  key: 'cpuMemGBps' | 'gpuMemGBps';
  param: 'cpuMem' | 'gpuMem';
  label: string;
  help: string;
  defaultValue: number;
}

/**
 * Defaults: dual-channel DDR4/DDR5 desktop streaming (about 20 GB/s for NumPy on one
 * core), and a mid-range discrete GPU (RTX 3060 class, 360 GB/s) to match the estimator's
 * 10 TFLOPS default. Up to 10^6 GB/s (1 PB/s), like the other rates.
 */
export const BANDWIDTH_FIELDS: readonly BandwidthFieldSpec[] = [
  {
    key: 'cpuMemGBps',
    param: 'cpuMem',
    label: 'CPU Memory Bandwidth (GB/s)',
    help: 'How fast the CPU streams arrays far larger than its caches. Typical: 15 – 100 GB/s.',
    unit: 'GB/s',
    min: 0,
    minExclusive: true,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    defaultValue: 20,
  },
  {
    key: 'gpuMemGBps',
    param: 'gpuMem',
    label: 'GPU Memory Bandwidth (GB/s)',
    help: 'How fast GPU kernels read and write GPU memory. Typical: 100 – 3350 GB/s (integrated to H100).',
    unit: 'GB/s',
    min: 0,
    minExclusive: true,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    defaultValue: 360,
  },
];
