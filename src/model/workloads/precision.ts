/**
 * Compute rates per data type. The page measures float32 on both devices (and float64 on
 * the CPU with Wasm f64x2, float16 on the GPU where `shader-f16` exists); WGSL has no
 * float64 and no bfloat16, so those GPU rates are derived, and every derived rate comes
 * with a note saying so. Nothing pretends to have measured what it did not. Pure.
 */
import type { AchievableRates } from './achievable.ts';
import type { CopyCurves } from './copy-curve.ts';
import type { Dtype } from './types.ts';

/** Measured (or typed) machine figures, base units: FLOP/s, bytes/s, seconds. */
export interface MachineRates {
  cpuF32FlopsPerSecond: number;
  /** Measured separately (Wasm f64x2); absent: half the float32 rate, with a note. */
  cpuF64FlopsPerSecond?: number | undefined;
  /** Streaming bandwidth of CPU memory (`cpuMem`). */
  cpuMemoryBytesPerSecond: number;
  /** The cache sweep of the run that measured `cpuMem` (ascending working sets); absent when `cpuMem` was typed. */
  cpuBandwidthCurve?: CpuBandwidthCurve | undefined;
  gpuF32FlopsPerSecond: number;
  /** Measured with `shader-f16`; absent: the float32 rate, with a note. */
  gpuF16FlopsPerSecond?: number | undefined;
  /** GPU float64 rate ÷ float32 rate; user-changeable, default from `GPU_F64_RATIO_BY_CLASS`. */
  gpuF64PerF32Ratio: number;
  /** Kernel bandwidth of GPU memory (`gpuMem`, from `gpu.device.gbps`). */
  gpuMemoryBytesPerSecond: number;
  /** Host ↔ device copies (host → device; device → host too unless `readbackBytesPerSecond`). */
  transferBytesPerSecond: number;
  launchOverheadSeconds: number;
  /** Fixed cost of one host → device copy (a queue round trip), s; absent: 0 (the seed's formula). */
  uploadLatencySeconds?: number | undefined;
  /** Device → host bandwidth; absent: `transferBytesPerSecond`. */
  readbackBytesPerSecond?: number | undefined;
  /** Fixed cost of one device → host copy (a `mapAsync`), s; absent: 0. */
  readbackLatencySeconds?: number | undefined;
  /**
   * Fixed cost of one parallel CPU call (waking the worker threads, a NumPy call), s, paid
   * per kernel launch of a workload; absent: 0. A custom task (kernel class `task`) never pays it.
   */
  cpuCallSeconds?: number | undefined;
  /** The same for a kernel too small to split: a call on one core, s; absent: `cpuCallSeconds`. */
  cpuSerialCallSeconds?: number | undefined;
  /** Per kernel class and device: the share of the roof the class's kernels reach and its fixed cost per launch (issue #20). */
  achievable?: AchievableRates | undefined;
  /** Measured ÷ fitted copy times by size, per direction (copy-curve.ts); only while the copy figures are the run's. */
  copyCurves?: CopyCurves | undefined;
}

/** Measured CPU bandwidth by working set (ERT-style cache sweep), ascending. */
export type CpuBandwidthCurve = readonly { workingSetBytes: number; bytesPerSecond: number }[];

/** Rates for one data type: what the roofline divides by. */
export interface DeviceRates {
  cpuFlopsPerSecond: number;
  cpuMemoryBytesPerSecond: number;
  /** Cache curve: kernels whose working set fits run at {@link cpuBandwidthFor}. */
  cpuBandwidthCurve?: CpuBandwidthCurve | undefined;
  gpuFlopsPerSecond: number;
  gpuMemoryBytesPerSecond: number;
  transferBytesPerSecond: number;
  launchOverheadSeconds: number;
  uploadLatencySeconds?: number | undefined;
  readbackBytesPerSecond?: number | undefined;
  readbackLatencySeconds?: number | undefined;
  cpuCallSeconds?: number | undefined;
  cpuSerialCallSeconds?: number | undefined;
  achievable?: AchievableRates | undefined;
  copyCurves?: CopyCurves | undefined;
}

/** Where a rate came from: as given (measured or typed), or derived from another; the page says "derived" next to the latter. */
export type RateSource = 'input' | 'derived';

export interface DtypeRates {
  rates: DeviceRates;
  cpuFlopsSource: RateSource;
  gpuFlopsSource: RateSource;
  /** Sentences for the page: how each derived rate was obtained and which way it errs. */
  notes: string[];
}

/** Broad adapter classes that differ in float64 hardware. */
export type GpuClass = 'datacenter' | 'consumer' | 'integrated' | 'unknown';

/** Default float64 : float32 ratio per class, with the reason the page shows. */
export const GPU_F64_RATIO_BY_CLASS: { readonly [C in GpuClass]: { ratio: number; why: string } } = {
  datacenter: {
    ratio: 1 / 2,
    why: 'Data-centre GPUs (A100, H100, MI250) have full float64 units: half the float32 rate.',
  },
  consumer: {
    ratio: 1 / 64,
    why: 'GeForce GPUs since Ampere run float64 at 1/64 of float32 (Radeon: 1/16 to 1/32).',
  },
  integrated: {
    ratio: 1 / 64,
    why: 'Integrated GPUs have little float64 hardware (Apple and most Intel have none; it is emulated).',
  },
  unknown: {
    ratio: 1 / 32,
    why: 'Unknown GPU: 1/32, between consumer (1/64) and workstation (1/16 or better) parts.',
  },
};

/**
 * Classify an adapter from what WebGPU reports (vendor, architecture, device and
 * description strings, often partly hidden). A guess that only picks a default ratio.
 */
export function gpuClassFromAdapter(info: {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}): GpuClass {
  const text = [info.vendor, info.architecture, info.device, info.description].join(' ').toLowerCase();
  if (/\b(h100|h200|a100|a800|h800|v100|p100|b100|b200|gh200|mi\d{3}|tesla|instinct)\b/.test(text)) {
    return 'datacenter';
  }
  if (/\b(apple|intel|qualcomm|adreno|mali|arm|integrated|uhd|iris)\b/.test(text)) return 'integrated';
  if (/\b(nvidia|geforce|rtx|gtx|amd|radeon|ati)\b/.test(text)) return 'consumer';
  return 'unknown';
}

/**
 * The compute rates the roofline uses for `dtype`. Memory, transfer and launch figures do
 * not depend on it (bytes per element already count the type's size).
 */
export function ratesForDtype(m: MachineRates, dtype: Dtype): DtypeRates {
  const notes: string[] = [];
  let cpu = m.cpuF32FlopsPerSecond;
  let gpu = m.gpuF32FlopsPerSecond;
  let cpuFlopsSource: RateSource = 'input';
  let gpuFlopsSource: RateSource = 'input';
  switch (dtype) {
    case 'f32':
      break;
    case 'f64':
      if (m.cpuF64FlopsPerSecond !== undefined) {
        cpu = m.cpuF64FlopsPerSecond;
      } else {
        // A SIMD register holds half as many float64 values: the usual CPU ratio.
        cpu = m.cpuF32FlopsPerSecond / 2;
        cpuFlopsSource = 'derived';
        notes.push('CPU float64 rate not measured: taken as half the float32 rate.');
      }
      gpu = m.gpuF32FlopsPerSecond * m.gpuF64PerF32Ratio;
      gpuFlopsSource = 'derived';
      notes.push(
        `WebGPU cannot run float64: the GPU rate is the measured float32 rate × ${ratioText(m.gpuF64PerF32Ratio)}.`,
      );
      break;
    case 'f16':
    case 'bf16': {
      const name = dtype === 'f16' ? 'float16' : 'bfloat16';
      // NumPy computes float16 by converting each element to float32 (most CPUs have no
      // half-precision arithmetic); bfloat16 is the same in PyTorch without AMX/AVX-512 BF16.
      cpuFlopsSource = 'derived';
      notes.push(`CPU ${name} is computed in float32: the float32 rate, with half the bytes.`);
      if (m.gpuF16FlopsPerSecond !== undefined) {
        gpu = m.gpuF16FlopsPerSecond;
        if (dtype === 'bf16') {
          gpuFlopsSource = 'derived';
          notes.push('WebGPU has no bfloat16: the GPU rate is the measured float16 rate (the same units run both).');
        }
      } else {
        gpuFlopsSource = 'derived';
        notes.push(
          `GPU ${name} rate not measured: using the float32 rate. Tensor cores can be several times faster, so this errs on the slow side.`,
        );
      }
      break;
    }
  }
  return {
    rates: {
      cpuFlopsPerSecond: cpu,
      cpuMemoryBytesPerSecond: m.cpuMemoryBytesPerSecond,
      cpuBandwidthCurve: m.cpuBandwidthCurve,
      gpuFlopsPerSecond: gpu,
      gpuMemoryBytesPerSecond: m.gpuMemoryBytesPerSecond,
      transferBytesPerSecond: m.transferBytesPerSecond,
      launchOverheadSeconds: m.launchOverheadSeconds,
      uploadLatencySeconds: m.uploadLatencySeconds,
      readbackBytesPerSecond: m.readbackBytesPerSecond,
      readbackLatencySeconds: m.readbackLatencySeconds,
      cpuCallSeconds: m.cpuCallSeconds,
      cpuSerialCallSeconds: m.cpuSerialCallSeconds,
      achievable: m.achievable,
      copyCurves: m.copyCurves,
    },
    cpuFlopsSource,
    gpuFlopsSource,
    notes,
  };
}

/**
 * CPU bandwidth for a working set of `workingSetBytes`: log-log interpolation along the
 * cache curve (the smallest point's figure below it), never below the DRAM figure
 * `cpuMemoryBytesPerSecond`, and exactly that figure without a curve or beyond its largest
 * point.
 */
export function cpuBandwidthFor(
  workingSetBytes: number,
  machine: Pick<MachineRates, 'cpuMemoryBytesPerSecond' | 'cpuBandwidthCurve'>,
): number {
  const dram = machine.cpuMemoryBytesPerSecond;
  const c = machine.cpuBandwidthCurve ?? [];
  const last = c[c.length - 1];
  if (!last || !(workingSetBytes <= last.workingSetBytes)) return dram;
  const i = c.findIndex((p) => p.workingSetBytes >= workingSetBytes);
  const hi = c[i] ?? last;
  const lo = c[i - 1] ?? hi;
  let bw = hi.bytesPerSecond;
  if (lo !== hi) {
    const t = Math.log(workingSetBytes / lo.workingSetBytes) / Math.log(hi.workingSetBytes / lo.workingSetBytes);
    bw = lo.bytesPerSecond * (hi.bytesPerSecond / lo.bytesPerSecond) ** t;
  }
  return Math.max(dram, bw);
}

/**
 * The cache curve from a memory metric's details (`sweepGBps.<bytes>` → GB/s, written by
 * src/bench/cpu/runner.ts), ascending; non-finite or non-positive entries are skipped.
 */
export function cpuBandwidthCurveFromDetails(
  details: Readonly<Record<string, string | number | boolean>> | undefined,
): { workingSetBytes: number; bytesPerSecond: number }[] {
  const out: { workingSetBytes: number; bytesPerSecond: number }[] = [];
  for (const [k, v] of Object.entries(details ?? {})) {
    const bytes = k.startsWith('sweepGBps.') ? Number(k.slice(10)) : NaN;
    if (bytes > 0 && bytes < Infinity && typeof v === 'number' && v > 0 && v < Infinity) {
      out.push({ workingSetBytes: bytes, bytesPerSecond: v * 1e9 });
    }
  }
  return out.sort((a, b) => a.workingSetBytes - b.workingSetBytes);
}

/** "1/64" for reciprocals of whole numbers, else the number. */
export function ratioText(ratio: number): string {
  const inv = 1 / ratio;
  if (ratio > 0 && ratio < 1 && Math.abs(inv - Math.round(inv)) < 1e-9) return `1/${Math.round(inv)}`;
  return String(Number(ratio.toPrecision(3)));
}

/**
 * Machine figures from the estimator's fields (GFLOPS, TFLOPS, GB/s, ms) and the two
 * memory bandwidths (GB/s): the glue between the classic form and the roofline.
 */
export function machineRatesFromFields(
  fields: { cpuGflops: number; gpuTflops: number; transferGBps: number; launchOverheadMs: number },
  memory: { cpuMemGBps: number; gpuMemGBps: number },
  extra: {
    gpuF64PerF32Ratio?: number;
    cpuF64Gflops?: number | undefined;
    gpuF16Tflops?: number | undefined;
    /** The cache sweep of the run that measured `cpuMemGBps`; leave out when it was typed. */
    cpuBandwidthCurve?: CpuBandwidthCurve | undefined;
  } = {},
): MachineRates {
  return {
    cpuF32FlopsPerSecond: fields.cpuGflops * 1e9,
    cpuF64FlopsPerSecond: extra.cpuF64Gflops === undefined ? undefined : extra.cpuF64Gflops * 1e9,
    cpuMemoryBytesPerSecond: memory.cpuMemGBps * 1e9,
    cpuBandwidthCurve: extra.cpuBandwidthCurve,
    gpuF32FlopsPerSecond: fields.gpuTflops * 1e12,
    gpuF16FlopsPerSecond: extra.gpuF16Tflops === undefined ? undefined : extra.gpuF16Tflops * 1e12,
    gpuF64PerF32Ratio: extra.gpuF64PerF32Ratio ?? GPU_F64_RATIO_BY_CLASS.unknown.ratio,
    gpuMemoryBytesPerSecond: memory.gpuMemGBps * 1e9,
    transferBytesPerSecond: fields.transferGBps * 1e9,
    launchOverheadSeconds: fields.launchOverheadMs / 1e3,
  };
}
