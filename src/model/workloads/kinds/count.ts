/**
 * What a workload costs, in base units: FLOPs, bytes of device memory traffic per kernel,
 * bytes between host and device, kernel launches, each with its formula. The types every
 * kind's `counts` returns, and the one function that sums kernels into totals. Pure.
 *
 * Conventions (said on the page, as issue #12 asks): one fused multiply-add counts 2
 * FLOPs (PyTorch `torch.utils.flop_counter`, DeepSpeed's profiler); FFTs use FFTW's
 * benchmark convention (5·N·log₂N per complex transform). Memory traffic is the minimum a
 * kernel must move: each operand read once, each result written once. That is what a
 * well-written GPU kernel achieves, and it is what the roofline bounds; a library that
 * makes temporaries (NumPy's `a*b+c` writes and re-reads `a*b`) moves more, and a
 * pipeline of two steps models that exactly. Each kind states its own in `convention`.
 */

/**
 * What kind of kernel it is, for the rates it can reach: a tiled matmul reaches a share of
 * the FMA peak that a streaming elementwise pass never needs, and a reduction or a row-wise
 * kernel (softmax) is held back by barriers. Measured achievable rates (issue #20) and a
 * catalog GPU's typical efficiencies (issue #19) are both kept per class.
 * - `matmul`: dense GEMM-like work (matmul, convolution as implicit GEMM, attention's products);
 * - `matvec`: a matrix-vector product (GEMV, LLM decode): streams the matrix once with a
 *   dot product per row, so it is memory-bound like `elementwise` but reads one operand far
 *   larger than the others and ends each row in a reduction; BLAS libraries reach a
 *   different share of bandwidth on it than on a plain stream, so it has its own class;
 * - `elementwise`: one streaming pass, each element independent;
 * - `reduction`: many values to few, across the whole array;
 * - `rowwise`: a reduction and a pass per row (softmax, layernorm);
 * - `fft`: butterflies over log₂N passes;
 * - `attention`: fused attention (products and softmax in one kernel);
 * - `task`: a task typed as operations only (the seed page's formula), no memory traffic.
 */
export type KernelClass = 'matmul' | 'matvec' | 'elementwise' | 'reduction' | 'rowwise' | 'fft' | 'attention' | 'task';

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
  /**
   * Independent pieces a CPU kernel splits the work into across cores (rows; 64-byte lines
   * of 16 values). One piece runs on one core and starts no others, so it pays no parallel
   * call cost (issue #20). Absent: as many as there are cores.
   */
  parallelUnits?: number;
  /**
   * The measured class this kernel runs at when it is not its kernel class's own kernel
   * (issue #20): conv2d's direct convolution counts as a matmul (the catalog rates it so)
   * but runs as fast as conv2d's kernel was measured to; attention's kernels likewise.
   */
  measuredAs?: 'conv2d' | 'attention';
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
  /**
   * Separate copies per direction, each paying the transfer's fixed latency. Absent: one
   * each way where bytes move; a pipeline that sends its data back after every step makes
   * one per step and repetition.
   */
  hostCopies?: { up: number; down: number };
  /** Σ count. */
  launches: number;
  kernels: KernelCount[];
  formulas: CountFormulas;
  /** The convention behind the numbers, in a sentence or two (shown on the page). */
  convention: string;
}

/** Fill the totals from the kernels so they can never disagree. */
export function countsFrom(
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

/** The symbol the formulas use for bytes per element. */
export const SIZE = 'size';

/** Arithmetic intensity, FLOPs per byte of device memory traffic (0 when nothing moves). */
export function intensityFlopsPerByte(c: Pick<WorkloadCounts, 'flops' | 'deviceBytes'>): number {
  return c.deviceBytes > 0 ? c.flops / c.deviceBytes : 0;
}
