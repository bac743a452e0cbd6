/**
 * What a workload costs, in base units: FLOPs, bytes of device memory traffic per kernel,
 * bytes between host and device, kernel launches, each with its formula. Pure.
 *
 * Conventions (said on the page, as issue #12 asks): one fused multiply-add counts 2
 * FLOPs (PyTorch `torch.utils.flop_counter`, DeepSpeed's profiler); FFTs use FFTW's
 * benchmark convention (5·N·log₂N per complex transform). Memory traffic is the minimum a
 * kernel must move: each operand read once, each result written once. That is what a
 * well-written GPU kernel achieves, and it is what the roofline bounds; a library that
 * makes temporaries (NumPy's `a*b+c` writes and re-reads `a*b`) moves more, and a
 * pipeline of two steps models that exactly.
 */
import type {
  AttentionShape,
  Conv2dShape,
  Dtype,
  ElementwiseShape,
  FftShape,
  KernelWorkload,
  MatmulShape,
  PipelineShape,
  ReductionShape,
  SoftmaxShape,
  Workload,
} from './types.ts';
import { DTYPE_BYTES } from './types.ts';

/**
 * What kind of kernel it is, for the rates it can reach: a tiled matmul reaches a share of
 * the FMA peak that a streaming elementwise pass never needs, and a reduction or a row-wise
 * kernel (softmax) is held back by barriers. Measured achievable rates (issue #20) and a
 * catalog GPU's typical efficiencies (issue #19) are both kept per class.
 * - `matmul`: dense GEMM-like work (matmul, convolution as implicit GEMM, attention's products);
 * - `elementwise`: one streaming pass, each element independent;
 * - `reduction`: many values to few, across the whole array;
 * - `rowwise`: a reduction and a pass per row (softmax, layernorm);
 * - `fft`: butterflies over log₂N passes;
 * - `attention`: fused attention (products and softmax in one kernel);
 * - `task`: a task typed as operations only (the seed page's formula), no memory traffic.
 */
export type KernelClass = 'matmul' | 'elementwise' | 'reduction' | 'rowwise' | 'fft' | 'attention' | 'task';

/** One kernel of a workload, launched `count` times per run of the whole workload. */
export interface KernelCount {
  /** What it computes, e.g. 'scores S = Q·Kᵀ'. */
  label: string;
  kernelClass: KernelClass;
  /** FLOPs of one launch. */
  flops: number;
  /** Bytes one launch reads from and writes to device memory. */
  deviceBytes: number;
  /** Launches per run of the workload (a pipeline's repeat count multiplies it). */
  count: number;
}

/** Human-readable formulas, in the field's own symbols. */
export interface CountFormulas {
  flops: string;
  deviceBytes: string;
  hostBytes: string;
  launches: string;
}

/** Everything the roofline needs about a workload; totals over all kernels and repeats. */
export interface WorkloadCounts {
  flops: number;
  /** Device-memory traffic of all kernels: Σ count × deviceBytes. */
  deviceBytes: number;
  /** Bytes copied host → device (inputs). */
  hostToDeviceBytes: number;
  /** Bytes copied device → host (results). */
  deviceToHostBytes: number;
  /** Both directions: what the transfer rate divides. */
  hostBytes: number;
  /** Σ count. */
  launches: number;
  kernels: KernelCount[];
  formulas: CountFormulas;
  /** The convention behind the numbers, in a sentence or two. */
  convention: string;
}

/** Fill the totals from the kernels so they can never disagree. */
function withTotals(
  kernels: KernelCount[],
  hostToDeviceBytes: number,
  deviceToHostBytes: number,
  formulas: CountFormulas,
  convention: string,
): WorkloadCounts {
  let flops = 0;
  let deviceBytes = 0;
  let launches = 0;
  for (const k of kernels) {
    flops += k.count * k.flops;
    deviceBytes += k.count * k.deviceBytes;
    launches += k.count;
  }
  return {
    flops,
    deviceBytes,
    hostToDeviceBytes,
    deviceToHostBytes,
    hostBytes: hostToDeviceBytes + deviceToHostBytes,
    launches,
    kernels,
    formulas,
    convention,
  };
}

const SIZE = 'size'; // the symbol the formulas use for bytes per element

export function matmulCounts(s: MatmulShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const a = s.m * s.k * s.batch * size;
  const b = s.k * s.n * s.batch * size;
  const c = s.m * s.n * s.batch * size;
  const flops = 2 * s.batch * s.m * s.n * s.k;
  return withTotals(
    [{ label: 'C = A·B', kernelClass: 'matmul', flops, deviceBytes: a + b + c, count: 1 }],
    a + b,
    c,
    {
      flops: '2·batch·m·n·k',
      deviceBytes: `(m·k + k·n + m·n)·batch·${SIZE}`,
      hostBytes: `A and B up, C back: (m·k + k·n + m·n)·batch·${SIZE}`,
      launches: '1',
    },
    'One multiply-add per (i, j, l) counts 2 FLOPs. Bytes: each matrix read or written once, as a blocked kernel achieves when tiles fit in cache.',
  );
}

export function elementwiseCounts(s: ElementwiseShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const up = s.elements * s.inputs * size;
  const down = s.elements * s.outputs * size;
  return withTotals(
    [
      {
        label: 'elementwise',
        kernelClass: 'elementwise',
        flops: s.elements * s.flopsPerElement,
        deviceBytes: up + down,
        count: 1,
      },
    ],
    up,
    down,
    {
      flops: 'elements·FLOPs per element',
      deviceBytes: `elements·(inputs + outputs)·${SIZE}`,
      hostBytes: `inputs up, outputs back: elements·(inputs + outputs)·${SIZE}`,
      launches: '1',
    },
    'One fused pass: every input read once, every output written once. NumPy evaluates `a*b+c` as two passes with a temporary (6 array passes, not 4); model that as a pipeline of two elementwise steps.',
  );
}

export function reductionCounts(s: ReductionShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const bytes = s.elements * size;
  return withTotals(
    [{ label: 'reduce', kernelClass: 'reduction', flops: s.elements, deviceBytes: bytes, count: 1 }],
    bytes,
    size,
    {
      flops: 'elements (one add or compare each)',
      deviceBytes: `elements·${SIZE}`,
      hostBytes: `elements·${SIZE} up, one value back`,
      launches: '1',
    },
    'n FLOPs (strictly n − 1), each element read once; writing the single result is not counted in device traffic.',
  );
}

/**
 * FLOPs per softmax element: max, subtract, exp, sum, divide (issue #12). exp is more
 * than one instruction; the convention counts it as one, like PyTorch's counter.
 */
export const SOFTMAX_FLOPS_PER_ELEMENT = 5;

export function softmaxCounts(s: SoftmaxShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const elements = s.rows * s.cols;
  const bytes = elements * size;
  return withTotals(
    [
      {
        label: 'softmax',
        kernelClass: 'rowwise',
        flops: SOFTMAX_FLOPS_PER_ELEMENT * elements,
        deviceBytes: 2 * bytes,
        count: 1,
      },
    ],
    bytes,
    bytes,
    {
      flops: `${SOFTMAX_FLOPS_PER_ELEMENT}·rows·cols`,
      deviceBytes: `2·rows·cols·${SIZE} (one read, one write)`,
      hostBytes: `rows·cols·${SIZE} up and the same back`,
      launches: '1',
    },
    'One kernel that keeps each row in cache or registers between its max, sum and normalize passes: 1 read + 1 write of the matrix. Rows too long for cache (hundreds of thousands of columns) cost up to 3 reads + 1 write.',
  );
}

/**
 * Output size of a convolution along one axis: ⌊(in + 2·pad − kernel)/stride⌋ + 1, as
 * `torch.nn.Conv2d` computes it. ≤ 0 means the kernel does not fit (validation rejects it).
 */
export function convOutputSize(input: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((input + 2 * pad - kernel) / stride) + 1;
}

export function conv2dCounts(s: Conv2dShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  // Clamped so an invalid shape that slips past validation gives 0, not negative work.
  const p = Math.max(0, convOutputSize(s.h, s.kh, s.stride, s.pad));
  const q = Math.max(0, convOutputSize(s.w, s.kw, s.stride, s.pad));
  const input = s.batch * s.cin * s.h * s.w * size;
  const weights = s.cout * s.cin * s.kh * s.kw * size;
  const output = s.batch * s.cout * p * q * size;
  const flops = 2 * s.batch * s.cout * s.cin * s.kh * s.kw * p * q;
  return withTotals(
    [{ label: 'conv2d', kernelClass: 'matmul', flops, deviceBytes: input + weights + output, count: 1 }],
    input + weights,
    output,
    {
      flops: '2·N·K·C·R·S·P·Q, P = ⌊(H + 2·pad − R)/stride⌋ + 1, Q = ⌊(W + 2·pad − S)/stride⌋ + 1',
      deviceBytes: `(N·C·H·W + K·C·R·S + N·K·P·Q)·${SIZE}`,
      hostBytes: `input and weights up, output back: (N·C·H·W + K·C·R·S + N·K·P·Q)·${SIZE}`,
      launches: '1',
    },
    'Direct or implicit-GEMM convolution: input, weights and output each moved once; no bias. An im2col implementation moves R·S times the input.',
  );
}

export function attentionCounts(s: AttentionShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const bh = s.batch * s.heads;
  // Causal: only the lower triangle of the score matrix is computed (FlashAttention's
  // counting); exactly ½ is the convention, (sk + 1)/(2·sk) strictly.
  const share = s.causal ? 0.5 : 1;
  const matmulFlops = 2 * bh * s.sq * s.sk * s.d * share; // each of Q·Kᵀ and P·V
  const softmaxFlops = SOFTMAX_FLOPS_PER_ELEMENT * bh * s.sq * s.sk * share;
  const q = bh * s.sq * s.d * size;
  const k = bh * s.sk * s.d * size;
  const v = k;
  const o = q;
  // A dense tensor holds the masked entries too, so the stored score matrix is full size.
  const scores = bh * s.sq * s.sk * size;
  const kernels: KernelCount[] = s.fused
    ? [
        {
          label: 'fused attention',
          kernelClass: 'attention',
          flops: 2 * matmulFlops + softmaxFlops,
          deviceBytes: q + k + v + o,
          count: 1,
        },
      ]
    : [
        { label: 'scores S = Q·Kᵀ', kernelClass: 'matmul', flops: matmulFlops, deviceBytes: q + k + scores, count: 1 },
        { label: 'softmax(S)', kernelClass: 'rowwise', flops: softmaxFlops, deviceBytes: 2 * scores, count: 1 },
        { label: 'O = P·V', kernelClass: 'matmul', flops: matmulFlops, deviceBytes: scores + v + o, count: 1 },
      ];
  const half = s.causal ? ' · ½ (causal)' : '';
  return withTotals(
    kernels,
    q + k + v,
    o,
    {
      flops: `(4·b·h·sq·sk·d + ${SOFTMAX_FLOPS_PER_ELEMENT}·b·h·sq·sk)${half}`,
      deviceBytes: s.fused
        ? `(2·b·h·sq·d + 2·b·h·sk·d)·${SIZE}: Q, K, V read, O written`
        : `(2·b·h·sq·d + 2·b·h·sk·d + 4·b·h·sq·sk)·${SIZE}: also the score matrix written, read, written and read`,
      hostBytes: `Q, K, V up, O back: (2·b·h·sq·d + 2·b·h·sk·d)·${SIZE}`,
      launches: s.fused ? '1' : '3 (scores, softmax, weighted sum)',
    },
    s.fused
      ? 'Fused (FlashAttention): the score matrix lives in on-chip memory and never reaches device memory.'
      : 'Unfused: the sq × sk score matrix is stored in full (masked entries too), then read by softmax and by the weighted sum.',
  );
}

export function fftCounts(s: FftShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const log2n = Math.log2(s.length);
  const flops = (s.complex ? 5 : 2.5) * s.length * log2n * s.batch;
  // Complex values are two numbers; rfft returns N/2 + 1 complex values.
  const input = (s.complex ? 2 : 1) * s.length * size * s.batch;
  const output = 2 * (s.complex ? s.length : Math.floor(s.length / 2) + 1) * size * s.batch;
  return withTotals(
    [{ label: s.complex ? 'fft' : 'rfft', kernelClass: 'fft', flops, deviceBytes: input + output, count: 1 }],
    input,
    output,
    {
      flops: s.complex ? '5·N·log₂N·batch' : '2.5·N·log₂N·batch',
      deviceBytes: s.complex
        ? `2·N·2·${SIZE}·batch (N complex values in, N out)`
        : `(N + 2·(⌊N/2⌋ + 1))·${SIZE}·batch (N real in, ⌊N/2⌋ + 1 complex out)`,
      hostBytes: 'input up, spectrum back: as device bytes',
      launches: '1',
    },
    "FFTW's benchmark convention (5·N·log₂N complex, half that real), for any N. Bytes assume one pass through memory; transforms far larger than cache take 2–3 passes, so this is a lower bound.",
  );
}

/** Counts of one operation. */
export function kernelWorkloadCounts(w: KernelWorkload): WorkloadCounts {
  switch (w.id) {
    case 'matmul':
      return matmulCounts(w.shape, w.dtype);
    case 'elementwise':
      return elementwiseCounts(w.shape, w.dtype);
    case 'reduction':
      return reductionCounts(w.shape, w.dtype);
    case 'softmax':
      return softmaxCounts(w.shape, w.dtype);
    case 'conv2d':
      return conv2dCounts(w.shape, w.dtype);
    case 'attention':
      return attentionCounts(w.shape, w.dtype);
    case 'fft':
      return fftCounts(w.shape, w.dtype);
  }
}

/**
 * Counts of a pipeline. Compute, device traffic and launches repeat with every run.
 * Host traffic: when the data stays on the GPU, the first step's inputs go up once and the
 * last step's results come back once, for all repetitions together (every step in between
 * takes the previous step's output, and extra operands such as weights are taken as
 * resident); otherwise every step copies its inputs up and its results back, every time.
 */
export function pipelineCounts(p: PipelineShape): WorkloadCounts {
  const steps = p.steps.map(kernelWorkloadCounts);
  const kernels = steps.flatMap((c, i) =>
    c.kernels.map((k) => ({ ...k, label: `${i + 1}. ${k.label}`, count: k.count * p.repeat })),
  );
  let up = 0;
  let down = 0;
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (p.dataStaysOnGpu) {
    up = first?.hostToDeviceBytes ?? 0;
    down = last?.deviceToHostBytes ?? 0;
  } else {
    for (const c of steps) {
      up += c.hostToDeviceBytes * p.repeat;
      down += c.deviceToHostBytes * p.repeat;
    }
  }
  return withTotals(
    kernels,
    up,
    down,
    {
      flops: 'repeat · Σ steps’ FLOPs',
      deviceBytes: 'repeat · Σ steps’ device bytes',
      hostBytes: p.dataStaysOnGpu
        ? 'first step’s inputs up + last step’s results back, once'
        : 'repeat · Σ steps’ (inputs up + results back)',
      launches: 'repeat · Σ steps’ launches',
    },
    p.dataStaysOnGpu
      ? 'Data stays on the GPU: copies are paid once, launches and compute every repetition.'
      : 'Data goes back to the host after every step: every step pays its copies, every repetition.',
  );
}

/** Counts of any workload. */
export function workloadCounts(w: Workload): WorkloadCounts {
  return w.id === 'pipeline' ? pipelineCounts(w.shape) : kernelWorkloadCounts(w);
}

/** Arithmetic intensity, FLOPs per byte of device memory traffic (0 when nothing moves). */
export function intensityFlopsPerByte(c: Pick<WorkloadCounts, 'flops' | 'deviceBytes'>): number {
  return c.deviceBytes > 0 ? c.flops / c.deviceBytes : 0;
}

/**
 * The classic estimator fields a workload fills (issue #12: "fills the classic fields",
 * provenance "from workload"), in the estimator's units. May fall outside those fields'
 * limits (a tiny workload below 1e-6 Giga-operations); the form's validation says so.
 */
export function classicFieldsFromCounts(c: WorkloadCounts): {
  totalGigaOps: number;
  dataGB: number;
  launchCount: number;
} {
  return { totalGigaOps: c.flops / 1e9, dataGB: c.hostBytes / 1e9, launchCount: c.launches };
}
