/**
 * Achievable, not rated: the share of a catalog GPU's rated figures that typical code
 * reaches, per kernel class and size, each with the measurement it comes from. A catalog
 * estimate is rated × these; a measured Python-probe run replaces them (measured.ts).
 *
 * Where no measurement of a class of GPU was found, the value is borrowed from the nearest
 * measured one and flagged `estimated`, and `measured` says from where. Pure data plus
 * one interpolation function.
 */
import type { SourceId } from './sources.ts';
import type { EfficiencyProfileId } from './types.ts';

/** A fraction of a rated figure that typical code reaches, and the evidence for it. */
export interface Efficiency {
  value: number;
  source: SourceId;
  /** What was measured, in a sentence the page can show. */
  measured: string;
  /** Borrowed from another GPU class or reasoned, not measured on this one. */
  estimated?: true;
}

/** Large-kernel efficiencies of one family of GPUs. */
export interface EfficiencyProfile {
  label: string;
  /** A large dense matmul on tensor / matrix units, of the dense rated figure. */
  matmulTensor: Efficiency;
  /** A large plain-FP32 matmul (SGEMM on the vector units), of rated FP32. */
  matmulFp32: Efficiency;
  /** A large FP64 matmul (DGEMM), of the FP64 rate it runs on. */
  matmulFp64: Efficiency;
}

const MAMF = 'ml-engineering-mamf';

export const EFFICIENCY_PROFILES: Readonly<Record<EfficiencyProfileId, EfficiencyProfile>> = {
  'nvidia-hopper': {
    label: 'NVIDIA Hopper',
    matmulTensor: {
      value: 0.8,
      source: MAMF,
      measured: 'H100 SXM BF16 matmul: 794.5 of 989 TFLOPS (PyTorch 2.7, CUDA 12.6).',
    },
    matmulFp32: {
      value: 0.8,
      source: MAMF,
      measured: 'No H100 SGEMM measurement found; taken equal to its BF16 matmul efficiency (794.5 of 989 TFLOPS).',
      estimated: true,
    },
    matmulFp64: {
      value: 0.85,
      source: 'h100-hpl',
      measured: 'HPL (FP64 matmul-bound) on H100 and H200 systems: 55–59 TFLOPS per GPU of 67 FP64 tensor.',
    },
  },
  'nvidia-a100-sxm': {
    label: 'NVIDIA A100 SXM',
    matmulTensor: {
      value: 0.87,
      source: MAMF,
      measured: 'A100 SXM BF16 matmul: 271.2 of 312 TFLOPS (PyTorch 2.6, CUDA 12.6).',
    },
    matmulFp32: {
      value: 0.95,
      source: 'pytorch-tf32',
      measured:
        'A100 10240² float32 matmul with TF32 off in 0.11 s: about the rated 19.5 TFLOPS (0.95 allows for the rounding).',
    },
    matmulFp64: {
      value: 0.85,
      source: 'h100-hpl',
      measured: 'Taken from HPL on H100 (55–59 of 67 FP64 tensor TFLOPS); no A100 DGEMM measurement found.',
      estimated: true,
    },
  },
  'nvidia-a100-pcie': {
    label: 'NVIDIA A100 PCIe',
    matmulTensor: {
      value: 0.81,
      source: MAMF,
      measured: 'A100 PCIe BF16 matmul: 252.9 of 312 TFLOPS (PyTorch 2.5, CUDA 12.4).',
    },
    matmulFp32: {
      value: 0.95,
      source: 'pytorch-tf32',
      measured: 'A100 10240² float32 matmul with TF32 off in 0.11 s: about the rated 19.5 TFLOPS.',
    },
    matmulFp64: {
      value: 0.85,
      source: 'h100-hpl',
      measured: 'Taken from HPL on H100; no A100 DGEMM measurement found.',
      estimated: true,
    },
  },
  'nvidia-datacenter': {
    label: 'NVIDIA data-centre (Ada, Ampere GA102, Turing, Volta, Pascal)',
    matmulTensor: {
      value: 0.8,
      source: MAMF,
      measured:
        'No measurement of these boards found; taken from H100 SXM (794.5 of 989 TFLOPS). Low-power boards (L4, T4) likely reach less.',
      estimated: true,
    },
    matmulFp32: {
      value: 0.8,
      source: MAMF,
      measured: 'No measurement of these boards found; taken equal to the tensor efficiency.',
      estimated: true,
    },
    matmulFp64: {
      value: 0.85,
      source: 'h100-hpl',
      measured: 'Taken from HPL on H100; no measurement of these boards found.',
      estimated: true,
    },
  },
  'nvidia-geforce': {
    label: 'NVIDIA GeForce',
    matmulTensor: {
      value: 0.9,
      source: 'mli-benchmarks-4',
      measured:
        'RTX 4090 float16 8192³ matmul: 158.6 of 165.2 TFLOPS (boost clocks run above the rated one); 0.90 leaves room for sustained-load throttling.',
    },
    matmulFp32: {
      value: 0.61,
      source: 'mli-benchmarks-4',
      measured:
        'RTX 4090 float32 8192³ matmul, TF32 off (PyTorch 2.0.1): 50.2 of 82.6 TFLOPS. The doubled FP32 rate of Ampere and Ada needs two FP32 instructions per clock, which SGEMM does not sustain.',
    },
    matmulFp64: {
      value: 0.9,
      source: 'clpeak-4090',
      measured: 'RTX 4090 FP64 throughput: 1.29–1.36 of 1.29 rated TFLOPS; FP64-bound code reaches the (low) rate.',
    },
  },
  'amd-cdna3': {
    label: 'AMD CDNA 3',
    matmulTensor: {
      value: 0.51,
      source: MAMF,
      measured: 'MI300X BF16 matmul: 668.4 of 1300 TFLOPS (PyTorch 2.5.1, ROCm 6.3, TunableOp on).',
    },
    matmulFp32: {
      value: 0.51,
      source: MAMF,
      measured: 'No MI300X SGEMM measurement found; taken equal to its BF16 matmul efficiency.',
      estimated: true,
    },
    matmulFp64: {
      value: 0.51,
      source: MAMF,
      measured: 'No MI300X DGEMM measurement found; taken equal to its BF16 matmul efficiency.',
      estimated: true,
    },
  },
  'amd-cdna2': {
    label: 'AMD CDNA 2',
    matmulTensor: {
      value: 0.77,
      source: MAMF,
      measured: 'MI250X, one die: BF16 matmul 147.0 of 191.5 TFLOPS (ROCm 6.2; an earlier version of the table).',
    },
    matmulFp32: {
      value: 0.77,
      source: MAMF,
      measured: 'No CDNA 2 SGEMM measurement found; taken equal to its BF16 matmul efficiency.',
      estimated: true,
    },
    matmulFp64: {
      value: 0.77,
      source: MAMF,
      measured: 'No CDNA 2 DGEMM measurement found; taken equal to its BF16 matmul efficiency.',
      estimated: true,
    },
  },
  'amd-rdna3': {
    label: 'AMD RDNA 3',
    matmulTensor: {
      value: 0.5,
      source: MAMF,
      measured: 'No RDNA 3 matmul measurement found; taken near MI300X (0.51). The rated figure counts dual issue.',
      estimated: true,
    },
    matmulFp32: {
      value: 0.5,
      source: 'amd-rx-7900-xtx',
      measured: 'The rated FP32 counts dual issue; code without it reaches at most half.',
      estimated: true,
    },
    matmulFp64: {
      value: 0.8,
      source: MAMF,
      measured: 'No measurement found; FP64-bound code usually reaches most of a low FP64 rate.',
      estimated: true,
    },
  },
  'intel-arc': {
    label: 'Intel Arc',
    matmulTensor: {
      value: 0.5,
      source: MAMF,
      measured: 'No Arc matmul measurement found; taken near MI300X (0.51), the lowest measured data-centre figure.',
      estimated: true,
    },
    matmulFp32: { value: 0.5, source: MAMF, measured: 'No Arc SGEMM measurement found.', estimated: true },
    matmulFp64: { value: 0.5, source: MAMF, measured: 'Arc has no FP64 hardware.', estimated: true },
  },
  apple: {
    label: 'Apple GPU',
    matmulTensor: {
      value: 0.7,
      source: 'metal-benchmarks',
      measured:
        'No tensor units; half-precision matmuls run on the FP32 ALUs. No published MPS matmul measurement found.',
      estimated: true,
    },
    matmulFp32: {
      value: 0.7,
      source: 'metal-benchmarks',
      measured: 'No published MPS SGEMM measurement found against an estimated peak; 0.7 assumed.',
      estimated: true,
    },
    matmulFp64: { value: 0.7, source: 'pytorch-mps', measured: 'Apple GPUs have no FP64.', estimated: true },
  },
};

/** Fused attention (FlashAttention) of the rate its matmuls run at. */
export const ATTENTION_EFFICIENCY: Efficiency = {
  value: 0.5,
  source: 'flashattention-2',
  measured:
    'FlashAttention-2 forward reaches 50–73 % of A100 peak; on H100 it reaches about 35 % (FlashAttention-3 paper).',
};

/** Streaming kernels (elementwise, reductions, softmax, FFT passes) of rated DRAM bandwidth. */
export const STREAMING_EFFICIENCY: Efficiency = {
  value: 0.9,
  source: 'clpeak-4090',
  measured:
    'RTX 4090: 921 of 1008 GB/s (clpeak); A800 PCIe: 1727 of 1935 GB/s on a 33 MB pass (mli/transformers-benchmarks #4).',
};

/** Arithmetic on the vector units by kernels that are not matmuls, of the rated rate. */
export const VECTOR_EFFICIENCY: Efficiency = {
  value: 0.95,
  source: 'calculon-systems',
  measured: "calculon's A100 and H100 tables: 0.95 of the vector rate for operations of 16 GFLOP and more.",
};

/** One point of a size curve: at `size` (FLOPs or bytes per launch), `factor` of the large-kernel efficiency. */
export interface CurvePoint {
  size: number;
  factor: number;
}

/** How a kernel's share of the large-kernel rate grows with its size. */
export interface SizeCurve {
  unit: 'FLOP' | 'B';
  /** Ascending sizes, non-decreasing factors, the last 1. */
  points: readonly CurvePoint[];
  source: SourceId;
  measured: string;
}

/**
 * Matmuls by FLOPs per launch. Small ones cannot fill the GPU (fewer output tiles than
 * SMs) and spend their time in prologue and epilogue.
 */
export const MATMUL_SIZE_CURVE: SizeCurve = {
  unit: 'FLOP',
  points: [
    { size: 4.19e6, factor: 0.008 },
    { size: 2.68e8, factor: 0.3 },
    { size: 1e9, factor: 0.63 },
    { size: 1.6e10, factor: 0.95 },
    { size: 1.28e11, factor: 1 },
  ],
  source: 'mli-benchmarks-4',
  measured:
    "RTX 4090 float16 matmul at n = 128 and 512: 1.30 and 46.9 TFLOPS against 158.6 at n = 8192 (mli/transformers-benchmarks #4); from 1 GFLOP, calculon's A100/H100 table (0.60, 0.90, 0.95 at 1, 16, 128 GFLOP).",
};

/** Streaming kernels by bytes per launch: small passes do not keep enough requests in flight. */
export const MEMORY_SIZE_CURVE: SizeCurve = {
  unit: 'B',
  points: [
    { size: 1e5, factor: 0.33 },
    { size: 1e6, factor: 0.67 },
    { size: 1e7, factor: 0.83 },
    { size: 1e8, factor: 1 },
  ],
  source: 'calculon-systems',
  measured:
    "calculon's A100/H100 memory table: 0.30, 0.60, 0.75, 0.90 of rated bandwidth under 1 MB, at 1, 10 and 100 MB; each bin's value placed at its lower edge (the first a decade below 1 MB).",
};

/** Vector arithmetic by FLOPs per launch (calculon's vector table, placed as above). */
export const VECTOR_SIZE_CURVE: SizeCurve = {
  unit: 'FLOP',
  points: [
    { size: 1e8, factor: 0.105 },
    { size: 1e9, factor: 0.53 },
    { size: 1.6e10, factor: 1 },
  ],
  source: 'calculon-systems',
  measured: "calculon's A100/H100 vector table: 0.10, 0.50, 0.95 of the vector rate under 1 GFLOP, at 1 and 16 GFLOP.",
};

/**
 * The curve's factor at `size`: straight between points on log-log axes (log factor linear
 * in log size), the first point's factor below it, 1 beyond the last. Non-finite or
 * non-positive sizes give the first factor, never NaN.
 *
 * Log-log, not linear in log size: between n = 128 and 512 the matmul factor grows 37.5×
 * while the work grows 64×. Interpolated linearly in log size it grew 12.7× by n = 200 for
 * 3.8× the work, so a 200³ matmul came out faster than a 128³ one; on log-log axes time
 * never falls as a kernel grows, as long as no point's factor grows faster than its size
 * (a unit test holds every curve to that).
 */
export function curveFactor(curve: SizeCurve, size: number): number {
  const pts = curve.points;
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) return 1;
  if (!(size > first.size)) return first.factor;
  if (size >= last.size) return last.factor;
  for (let i = 1; i < pts.length; i++) {
    const hi = pts[i] as CurvePoint;
    const lo = pts[i - 1] as CurvePoint;
    if (size <= hi.size) {
      const t = Math.log(size / lo.size) / Math.log(hi.size / lo.size);
      return lo.factor * (hi.factor / lo.factor) ** t;
    }
  }
  return last.factor;
}
