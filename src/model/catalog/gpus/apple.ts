/**
 * Apple M-series GPUs. Apple publishes core counts, memory size and bandwidth, but no GPU
 * TFLOPS, clocks, caches or power; FP32 is estimated as ALUs × 2 FLOPs × clock (128 FP32
 * ALUs per GPU core, clocks as measured by third parties). Apple GPUs have no tensor units
 * (FP16 runs at the FP32 rate) and no FP64 hardware; PyTorch's MPS backend refuses float64.
 * Memory is shared with the CPU: no copy, but also less than the full amount for the GPU.
 * Pure data.
 */
import type { SourceId } from '../sources.ts';
import type { GpuEntry } from '../types.ts';
import { estimated, fig, none } from './figures.ts';

const ALUS_PER_CORE = 128;

interface AppleChip {
  id: string;
  name: string;
  gpuCores: number;
  /** GPU clock in GHz as measured by third parties (Apple publishes none). */
  clockGHz: number;
  /** Largest memory configuration and its bandwidth, from Apple's announcement. */
  memoryGB: number;
  memoryGBps: number;
  year: number;
  source: SourceId;
  note?: string;
}

function appleGpu(c: AppleChip): GpuEntry {
  const tflops = Number(((c.gpuCores * ALUS_PER_CORE * 2 * c.clockGHz) / 1000).toPrecision(3));
  const entry: GpuEntry = {
    id: c.id,
    name: c.name,
    vendor: 'apple',
    segment: 'soc',
    architecture: 'Apple GPU',
    efficiency: 'apple',
    fp32: estimated(
      tflops,
      'apple-gpu-clocks',
      `${c.gpuCores} GPU cores × ${ALUS_PER_CORE} FP32 ALUs (metal-benchmarks) × 2 FLOPs × ${c.clockGHz} GHz (third-party clock); Apple publishes no TFLOPS or clock.${c.note ? ` ${c.note}` : ''}`,
    ),
    tf32: none('No tensor units.'),
    fp16: none('No tensor units: FP16 runs at the FP32 rate.', 'metal-benchmarks'),
    bf16: none('No tensor units: bfloat16 runs at or below the FP32 rate.'),
    fp64: none('No FP64 hardware; PyTorch’s MPS backend refuses float64.', 'pytorch-mps'),
    memoryGB: fig(c.memoryGB, c.source, 'Largest configuration; shared with the CPU and the system.'),
    memoryGBps: fig(c.memoryGBps, c.source),
    l2MB: none('Apple publishes no GPU cache sizes.'),
    hostLink: { kind: 'unified', source: 'apple-metal-storage' },
    boardPowerW: none('Apple publishes no GPU power.'),
    year: fig(c.year, c.source),
  };
  return entry;
}

export const M1_MAX = appleGpu({
  id: 'm1-max',
  name: 'Apple M1 Max (32-core GPU)',
  gpuCores: 32,
  clockGHz: 1.296,
  memoryGB: 64,
  memoryGBps: 400,
  year: 2021,
  source: 'apple-m1-pro-max',
  note: 'Notebookcheck estimated 10.4 TFLOPS from Apple’s launch charts.',
});

export const M2_MAX = appleGpu({
  id: 'm2-max',
  name: 'Apple M2 Max (38-core GPU)',
  gpuCores: 38,
  clockGHz: 1.398,
  memoryGB: 96,
  memoryGBps: 400,
  year: 2023,
  source: 'apple-m2-pro-max',
});

export const M3_MAX = appleGpu({
  id: 'm3-max',
  name: 'Apple M3 Max (40-core GPU)',
  gpuCores: 40,
  clockGHz: 1.398,
  memoryGB: 128,
  memoryGBps: 400,
  year: 2023,
  source: 'apple-m3',
});

export const M3_PRO = appleGpu({
  id: 'm3-pro',
  name: 'Apple M3 Pro (18-core GPU)',
  gpuCores: 18,
  clockGHz: 1.398,
  memoryGB: 36,
  memoryGBps: 150,
  year: 2023,
  source: 'apple-m3',
});

export const M4_MAX = appleGpu({
  id: 'm4-max',
  name: 'Apple M4 Max (40-core GPU)',
  gpuCores: 40,
  clockGHz: 1.678,
  memoryGB: 128,
  memoryGBps: 546,
  year: 2024,
  source: 'apple-m4-pro-max',
});

export const M4_PRO = appleGpu({
  id: 'm4-pro',
  name: 'Apple M4 Pro (20-core GPU)',
  gpuCores: 20,
  clockGHz: 1.678,
  note: 'Clock assumed equal to the M4 Max’s.',
  memoryGB: 64,
  memoryGBps: 273,
  year: 2024,
  source: 'apple-m4-pro-max',
});

export const M4 = appleGpu({
  id: 'm4',
  name: 'Apple M4 (10-core GPU)',
  gpuCores: 10,
  clockGHz: 1.47,
  memoryGB: 32,
  memoryGBps: 120,
  year: 2024,
  source: 'apple-m4',
});
