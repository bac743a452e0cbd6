/**
 * Which rated figure a kernel runs at on a catalog GPU, and what share of it typical code
 * reaches: the data type picks the units (float32 matmul uses FP32 unless TF32 is allowed,
 * float16/bfloat16 the tensor cores, float64 the FP64 units), the kernel class and size pick
 * the efficiency. Every choice comes back with a sentence the page can show. Pure.
 */
import { formatFlops, formatSi } from '../workloads/present.ts';
import type { KernelClass } from '../workloads/counts.ts';
import type { Dtype } from '../workloads/types.ts';
import { DTYPE_LABELS } from '../workloads/types.ts';
import type { Efficiency, SizeCurve } from './efficiency.ts';
import {
  ATTENTION_EFFICIENCY,
  EFFICIENCY_PROFILES,
  MATMUL_SIZE_CURVE,
  VECTOR_EFFICIENCY,
  VECTOR_SIZE_CURVE,
  curveFactor,
} from './efficiency.ts';
import type { HostMemory, LaunchMode } from './overheads.ts';
import type { Figure, GpuEntry } from './types.ts';
import { hasValue } from './types.ts';

/** The choices that change a GPU estimate besides the workload. */
export interface EstimateOptions {
  /** Let float32 matmuls use TF32 tensor cores (PyTorch: off for matmul by default; JAX: on). */
  tf32: boolean;
  hostMemory: HostMemory;
  launchMode: LaunchMode;
}

/** PyTorch's defaults: TF32 off for matmul, pageable host tensors, eager launches. */
export const DEFAULT_ESTIMATE_OPTIONS: Readonly<EstimateOptions> = Object.freeze({
  tf32: false,
  hostMemory: 'pageable',
  launchMode: 'eager',
});

/** The rated figures a kernel can run at. */
export type RateKind = 'fp32' | 'fp32Matrix' | 'tf32' | 'fp16' | 'bf16' | 'fp64' | 'fp64Tensor';

export const RATE_LABELS: Readonly<Record<RateKind, string>> = {
  fp32: 'FP32',
  fp32Matrix: 'FP32 matrix',
  tf32: 'TF32 tensor',
  fp16: 'FP16 tensor',
  bf16: 'BF16 tensor',
  fp64: 'FP64',
  fp64Tensor: 'FP64 tensor',
};

/** Classes that run on matrix units when the data type and GPU allow. */
const MATRIX_CLASSES: readonly KernelClass[] = ['matmul', 'attention'];

/** Where a rate came from: the catalog's rated × typical efficiency, or a measured probe run. */
export type RateBasis = 'typical' | 'measured';

/** The compute rate one kernel runs at. */
export interface ComputeRate {
  rateKind: RateKind;
  /** The catalog figure (its source and flags travel with it). */
  figure: Figure;
  ratedFlopsPerSecond: number;
  /** The large-kernel efficiency and its evidence. */
  large: Efficiency;
  /** Share of the large-kernel rate at this kernel's size (1 for large kernels). */
  sizeFactor: number;
  sizeCurve: SizeCurve;
  /** What the estimate divides by. */
  flopsPerSecond: number;
  basis: RateBasis;
  /** "FP32 rated 67 TFLOPS × 0.80, a large plain-FP32 matmul". */
  sentence: string;
  /** Fallbacks taken ("no bfloat16 tensor support: the FP32 rate is used"). */
  notes: string[];
}

/** A data type the GPU cannot run at all (float64 on Apple GPUs). */
export interface Unsupported {
  unsupported: true;
  reason: string;
}

interface RatePick {
  rateKind: RateKind;
  figure: Figure;
  notes: string[];
}

/** The rated figure for `dtype` on `entry`, for a matrix-unit kernel or not. */
export function pickRate(entry: GpuEntry, dtype: Dtype, matrix: boolean, tf32: boolean): RatePick | Unsupported {
  const notes: string[] = [];
  if (dtype === 'f64') {
    if (matrix && entry.fp64Tensor) return { rateKind: 'fp64Tensor', figure: entry.fp64Tensor, notes };
    if (hasValue(entry.fp64)) return { rateKind: 'fp64', figure: entry.fp64, notes };
    return { unsupported: true, reason: `${entry.name} cannot run float64: ${entry.fp64.reason}` };
  }
  if (!matrix) {
    if (dtype !== 'f32') {
      notes.push(
        `${DTYPE_LABELS[dtype]} arithmetic outside matmuls is computed in float32: the FP32 rate, with half the bytes.`,
      );
    }
    return { rateKind: 'fp32', figure: entry.fp32, notes };
  }
  if (dtype === 'f32') {
    if (tf32) {
      if (hasValue(entry.tf32)) return { rateKind: 'tf32', figure: entry.tf32, notes };
      notes.push(`TF32 is allowed, but this GPU has none (${entry.tf32.reason}): the float32 rate is used.`);
    }
    if (entry.fp32Matrix) return { rateKind: 'fp32Matrix', figure: entry.fp32Matrix, notes };
    return { rateKind: 'fp32', figure: entry.fp32, notes };
  }
  const half = dtype === 'f16' ? entry.fp16 : entry.bf16;
  if (hasValue(half)) return { rateKind: dtype === 'f16' ? 'fp16' : 'bf16', figure: half, notes };
  notes.push(`${half.reason} The FP32 rate is used for ${DTYPE_LABELS[dtype]}, and real code may be slower still.`);
  return { rateKind: 'fp32', figure: entry.fp32, notes };
}

/** The large-kernel efficiency for a rate on a kernel class, and the phrase that names the case. */
export function largeEfficiency(
  entry: GpuEntry,
  kernelClass: KernelClass,
  rateKind: RateKind,
): { efficiency: Efficiency; what: string; curve: SizeCurve } {
  const profile = EFFICIENCY_PROFILES[entry.efficiency];
  if (!MATRIX_CLASSES.includes(kernelClass)) {
    return { efficiency: VECTOR_EFFICIENCY, what: 'arithmetic outside matmuls', curve: VECTOR_SIZE_CURVE };
  }
  let efficiency: Efficiency;
  let what: string;
  if (rateKind === 'fp64' || rateKind === 'fp64Tensor') {
    efficiency = profile.matmulFp64;
    what = 'a large FP64 matmul';
  } else if (rateKind === 'fp32') {
    efficiency = profile.matmulFp32;
    what = 'a large plain-FP32 matmul';
  } else {
    efficiency = profile.matmulTensor;
    what = entry.vendor === 'amd' ? 'a large matmul on the matrix cores' : 'a large matmul on the tensor cores';
  }
  if (kernelClass === 'attention' && ATTENTION_EFFICIENCY.value < efficiency.value) {
    return { efficiency: ATTENTION_EFFICIENCY, what: 'fused attention', curve: MATMUL_SIZE_CURVE };
  }
  return { efficiency, what: kernelClass === 'attention' ? 'fused attention' : what, curve: MATMUL_SIZE_CURVE };
}

/** "67 TFLOPS", "0.47 TFLOPS", "850 GFLOPS". */
export function flopsRateText(flopsPerSecond: number): string {
  return formatSi(flopsPerSecond, 'FLOPS');
}

/** "0.80". */
function factorText(x: number): string {
  return x >= 0.1 ? x.toFixed(2) : String(Number(x.toPrecision(2)));
}

/** The size clause, empty for kernels large enough to reach the large-kernel rate. */
export function sizeClause(sizeFactor: number, sizePerLaunch: number, curve: SizeCurve): string {
  if (sizeFactor >= 0.995) return '';
  const size = curve.unit === 'FLOP' ? formatFlops(sizePerLaunch) : formatSi(sizePerLaunch, 'B');
  return ` × ${factorText(sizeFactor)} for its size (${size} per launch)`;
}

/**
 * The compute rate of one kernel: `flopsPerLaunch` sizes it. `measuredLarge`, when given,
 * replaces rated × typical efficiency for the large-kernel rate (a probe measured it).
 */
export function computeRate(
  entry: GpuEntry,
  dtype: Dtype,
  kernelClass: KernelClass,
  flopsPerLaunch: number,
  options: Pick<EstimateOptions, 'tf32'>,
  measuredLarge?: { flopsPerSecond: number; label: string },
): ComputeRate | Unsupported {
  const picked = pickRate(entry, dtype, MATRIX_CLASSES.includes(kernelClass), options.tf32);
  if ('unsupported' in picked) return picked;
  const { efficiency, what, curve } = largeEfficiency(entry, kernelClass, picked.rateKind);
  const rated = picked.figure.value * 1e12;
  const sizeFactor = curveFactor(curve, flopsPerLaunch);
  const size = sizeClause(sizeFactor, flopsPerLaunch, curve);
  const label = RATE_LABELS[picked.rateKind];
  if (measuredLarge) {
    const flopsPerSecond = measuredLarge.flopsPerSecond * sizeFactor;
    return {
      rateKind: picked.rateKind,
      figure: picked.figure,
      ratedFlopsPerSecond: rated,
      large: efficiency,
      sizeFactor,
      sizeCurve: curve,
      flopsPerSecond,
      basis: 'measured',
      sentence: `${label} measured ${flopsRateText(measuredLarge.flopsPerSecond)} (${measuredLarge.label}), ${what}${size}`,
      notes: picked.notes,
    };
  }
  const flopsPerSecond = rated * efficiency.value * sizeFactor;
  return {
    rateKind: picked.rateKind,
    figure: picked.figure,
    ratedFlopsPerSecond: rated,
    large: efficiency,
    sizeFactor,
    sizeCurve: curve,
    flopsPerSecond,
    basis: 'typical',
    sentence: `${label} rated ${flopsRateText(rated)} × ${factorText(efficiency.value)}, ${what}${size}`,
    notes: picked.notes,
  };
}
