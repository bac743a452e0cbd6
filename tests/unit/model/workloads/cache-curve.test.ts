import { describe, expect, it } from 'vitest';
import { estimate } from '../../../../src/model/estimator/estimator.ts';
import { PRESETS } from '../../../../src/model/estimator/fields.ts';
import { okMetric } from '../../../../src/model/bench/metrics.ts';
import { measuredMachineFields } from '../../../../src/model/workloads/machine.ts';
import { calibratedRates } from '../../../../src/model/workloads/calibrated.ts';
import {
  cpuBandwidthCurveFromDetails,
  cpuBandwidthFor,
  machineRatesFromFields,
  type MachineRates,
} from '../../../../src/model/workloads/precision.ts';
import { estimateWorkload } from '../../../../src/model/workloads/roofline.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A sweep like src/bench/cpu/runner.ts writes: L1/L2 fast, L3 slower, DRAM last. */
const curve = [
  { workingSetBytes: 16 * KiB, bytesPerSecond: 100e9 },
  { workingSetBytes: 1 * MiB, bytesPerSecond: 60e9 },
  { workingSetBytes: 4 * MiB, bytesPerSecond: 45e9 },
  { workingSetBytes: 256 * MiB, bytesPerSecond: 18e9 },
] as const;

const fields = { cpuGflops: 50, gpuTflops: 10, transferGBps: 16, launchOverheadMs: 0.05 };
const memory = { cpuMemGBps: 17, gpuMemGBps: 360 };
const plain: MachineRates = machineRatesFromFields(fields, memory, { gpuF64PerF32Ratio: 1 / 64 });
const cached: MachineRates = machineRatesFromFields(fields, memory, {
  gpuF64PerF32Ratio: 1 / 64,
  cpuBandwidthCurve: curve,
});

describe('cpuBandwidthFor', () => {
  it('is the DRAM figure without a curve or with an empty one', () => {
    expect(cpuBandwidthFor(1 * KiB, plain)).toBe(17e9);
    expect(cpuBandwidthFor(1 * KiB, { ...plain, cpuBandwidthCurve: [] })).toBe(17e9);
  });

  it('hits the measured points exactly', () => {
    for (const p of curve.slice(0, 3))
      expect(cpuBandwidthFor(p.workingSetBytes, cached)).toBeCloseTo(p.bytesPerSecond, 0);
  });

  it('interpolates log-log between points', () => {
    // 2 MiB is halfway between 1 MiB and 4 MiB on a log axis: the geometric mean of 60 and 45.
    expect(cpuBandwidthFor(2 * MiB, cached)).toBeCloseTo(Math.sqrt(60e9 * 45e9), 0);
    const a = cpuBandwidthFor(1.5 * MiB, cached);
    expect(a).toBeLessThan(60e9);
    expect(a).toBeGreaterThan(45e9);
  });

  it('takes the smallest point below the curve', () => {
    expect(cpuBandwidthFor(1, cached)).toBe(100e9);
    expect(cpuBandwidthFor(0, cached)).toBe(100e9);
  });

  it('is exactly the DRAM figure beyond the largest point, and never below it', () => {
    expect(cpuBandwidthFor(257 * MiB, cached)).toBe(17e9);
    expect(cpuBandwidthFor(1e12, cached)).toBe(17e9);
    const slow = { ...cached, cpuMemoryBytesPerSecond: 50e9 };
    expect(cpuBandwidthFor(4 * MiB, slow)).toBe(50e9);
    expect(cpuBandwidthFor(128 * MiB, cached)).toBeGreaterThanOrEqual(17e9);
  });
});

describe('cpuBandwidthCurveFromDetails', () => {
  it('reads sweepGBps.<bytes> keys in GB/s, ascending, skipping bad entries', () => {
    const got = cpuBandwidthCurveFromDetails({
      method: 'wasm',
      'sweepGBps.1048576': 60,
      'sweepGBps.16384': 100,
      'sweepGBps.65536': 0,
      'sweepGBps.262144': -3,
      'sweepGBps.4194304': Number.NaN,
      'sweepGBps.8388608': Number.POSITIVE_INFINITY,
      'sweepGBps.abc': 40,
      'sweepGBps.0': 40,
      'sweepGBps.33554432': '30',
      gbps: 17,
    });
    expect(got).toEqual([
      { workingSetBytes: 16384, bytesPerSecond: 100e9 },
      { workingSetBytes: 1048576, bytesPerSecond: 60e9 },
    ]);
  });

  it('is empty without details', () => {
    expect(cpuBandwidthCurveFromDetails(undefined)).toEqual([]);
    expect(cpuBandwidthCurveFromDetails({})).toEqual([]);
  });
});

describe('measuredMachineFields carries the cache sweep of the metric it reads', () => {
  const metrics = [
    okMetric('cpu.mem.gbps', 'GB/s', 'higher', [40], { 'sweepGBps.16384': 300, 'sweepGBps.268435456': 41 }),
    okMetric('cpu.mem1.gbps', 'GB/s', 'higher', [15], { 'sweepGBps.16384': 90 }),
  ];

  it('all cores: cpu.mem.gbps; one core: cpu.mem1.gbps', () => {
    expect(measuredMachineFields(metrics, 'simdAll').cpuMemGBps?.curve).toEqual([
      { workingSetBytes: 16384, bytesPerSecond: 300e9 },
      { workingSetBytes: 268435456, bytesPerSecond: 41e9 },
    ]);
    expect(measuredMachineFields(metrics, 'simd1').cpuMemGBps?.curve).toEqual([
      { workingSetBytes: 16384, bytesPerSecond: 90e9 },
    ]);
  });
});

describe('the roofline with a cache curve', () => {
  // 1e5 float32 elements, two inputs and one output: 1.2 MB, fits in a 4 MiB cache.
  const small: Workload = {
    id: 'elementwise',
    dtype: 'f32',
    shape: { elements: 1e5, inputs: 2, outputs: 1, flopsPerElement: 1 },
  };

  it('estimates a small elementwise against cache bandwidth and says so', () => {
    const e = estimateWorkload(small, cached);
    const k = e.roofline.cpu.kernels[0]!;
    const bw = cpuBandwidthFor(1.2e6, cached);
    expect(bw).toBeGreaterThan(45e9);
    expect(k.cache).toEqual({ workingSetBytes: 1.2e6, bytesPerSecond: bw });
    expect(k.memorySeconds).toBeCloseTo(1.2e6 / bw, 15);
    expect(e.roofline.cpu.totalSeconds).toBeLessThan(estimateWorkload(small, plain).roofline.cpu.totalSeconds);
    const words = e.explanation.join(' ');
    expect(words).toContain("fits in the CPU's cache: 1.2 MB at");
    expect(words).toContain('not 17 GB/s from DRAM');
    // The GPU side does not change.
    expect(e.roofline.gpu).toEqual(estimateWorkload(small, plain).roofline.gpu);
  });

  it('leaves a large workload at the DRAM figure, with no cache sentence', () => {
    const big: Workload = { ...small, shape: { elements: 1e8, inputs: 2, outputs: 1, flopsPerElement: 1 } };
    const e = estimateWorkload(big, cached);
    expect(e.roofline.cpu.kernels[0]!.cache).toBeUndefined();
    expect(e.roofline).toEqual(estimateWorkload(big, plain).roofline);
    expect(e.explanation.join(' ')).not.toContain('cache');
  });

  it('without a curve gives the old results exactly', () => {
    const noCurve = estimateWorkload(small, plain);
    const undefCurve = estimateWorkload(small, { ...plain, cpuBandwidthCurve: undefined });
    expect(noCurve.roofline.cpu.kernels[0]!.cache).toBeUndefined();
    expect(noCurve.roofline.cpu.totalSeconds).toBe(1.2e6 / 17e9);
    expect(undefCurve).toEqual(noCurve);
    expect(noCurve.explanation.join(' ')).not.toContain('cache');
  });

  it("keeps the seed's classic numbers: one compute-bound kernel, curve or not", () => {
    for (const preset of PRESETS) {
      const i = preset.inputs;
      const seed = estimate(i);
      const m = machineRatesFromFields(i, { cpuMemGBps: 1, gpuMemGBps: 1 }, { cpuBandwidthCurve: curve });
      // Zero device bytes: the cache cannot make a compute-bound kernel faster.
      const w: Workload = {
        id: 'elementwise',
        dtype: 'f32',
        shape: { elements: i.totalGigaOps * 1e9, inputs: 0, outputs: 0, flopsPerElement: 1 },
      };
      expect(estimateWorkload(w, m).roofline.cpu.totalSeconds).toBeCloseTo(seed.cpuTime, 9);
    }
  });

  it('calibration scales the curve with the DRAM figure', () => {
    const c = calibratedRates(cached, {
      workload: 'elementwise',
      cpuEfficiency: 0.5,
      gpuEfficiency: 1,
      runs: 1,
    }).rates;
    expect(cpuBandwidthFor(1 * MiB, c)).toBeCloseTo(30e9, 0);
    expect(cpuBandwidthFor(1e12, c)).toBe(8.5e9);
  });
});
