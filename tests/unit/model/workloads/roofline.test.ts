import { describe, expect, it } from 'vitest';
import { estimate } from '../../../../src/model/estimator/estimator.ts';
import { PRESETS } from '../../../../src/model/estimator/fields.ts';
import type { WorkloadCounts } from '../../../../src/model/workloads/counts.ts';
import { elementwiseCounts } from '../../../../src/model/workloads/kinds/elementwise.ts';
import { matmulCounts } from '../../../../src/model/workloads/kinds/matmul.ts';
import { reductionCounts } from '../../../../src/model/workloads/kinds/reduction.ts';
import type { DeviceRates, MachineRates } from '../../../../src/model/workloads/precision.ts';
import { machineRatesFromFields } from '../../../../src/model/workloads/precision.ts';
import {
  attainableFlopsPerSecond,
  deviceRoofline,
  estimateWorkload,
  explainRoofline,
  ridgePoint,
  roofCurve,
  roofline,
} from '../../../../src/model/workloads/roofline.ts';

/** A desktop: 56 GFLOPS / 18 GB/s CPU, 20 TFLOPS / 540 GB/s GPU (30× the bandwidth), PCIe 4. */
const desktop: DeviceRates = {
  cpuFlopsPerSecond: 56e9,
  cpuMemoryBytesPerSecond: 18e9,
  gpuFlopsPerSecond: 20e12,
  gpuMemoryBytesPerSecond: 540e9,
  transferBytesPerSecond: 25e9,
  launchOverheadSeconds: 10e-6,
};

describe("the seed's worked examples still give exactly the seed's numbers", () => {
  // Classic mode is estimator.ts, untouched; these pin it next to the roofline.
  it('Example 1: 12.5 s, 0.129 s, 96.9×', () => {
    const out = estimate(PRESETS[0]!.inputs);
    expect(out.cpuTime).toBeCloseTo(12.5, 10);
    expect(out.gpuTotalTime).toBeCloseTo(0.129, 10);
    expect(out.speedup).toBeCloseTo(96.899, 2);
  });

  it('Example 2: 33.3 s, 0.4967 s, 67.1×', () => {
    const out = estimate(PRESETS[1]!.inputs);
    expect(out.cpuTime).toBeCloseTo(33.3333, 4);
    expect(out.gpuTotalTime).toBeCloseTo(0.49667, 5);
    expect(out.speedup).toBeCloseTo(67.11, 2);
  });

  it.each(PRESETS)('$id: with unlimited memory bandwidth the roofline is the seed model', (preset) => {
    const i = preset.inputs;
    // The seed's task as one kernel launched launchCount times, all compute-bound.
    const counts: WorkloadCounts = {
      flops: i.totalGigaOps * 1e9,
      deviceBytes: 0,
      hostToDeviceBytes: i.dataGB * 1e9,
      deviceToHostBytes: 0,
      hostBytes: i.dataGB * 1e9,
      launches: i.launchCount,
      kernels: [
        {
          label: 'task',
          kernelClass: 'task',
          flops: (i.totalGigaOps * 1e9) / i.launchCount,
          deviceBytes: 0,
          count: i.launchCount,
        },
      ],
      formulas: { flops: '', deviceBytes: '', hostBytes: '', launches: '' },
      convention: '',
    };
    const m = machineRatesFromFields(i, { cpuMemGBps: 1, gpuMemGBps: 1 });
    const r = roofline(counts, {
      ...m,
      cpuFlopsPerSecond: m.cpuF32FlopsPerSecond,
      gpuFlopsPerSecond: m.gpuF32FlopsPerSecond,
    });
    const seed = estimate(i);
    expect(r.cpu.totalSeconds).toBeCloseTo(seed.cpuTime, 9);
    expect(r.gpu.kernelSeconds).toBeCloseTo(seed.gpuComputeTime, 9);
    expect(r.gpu.transferSeconds).toBeCloseTo(seed.transferTime, 9);
    expect(r.gpu.launchSeconds).toBeCloseTo(seed.kernelOverhead, 9);
    expect(r.gpu.totalSeconds).toBeCloseTo(seed.gpuTotalTime, 9);
    expect(r.speedup).toBeCloseTo(seed.speedup, 6);
  });
});

describe('roofline', () => {
  it('memory-bound elementwise: the kernel speedup is the bandwidth ratio, not the FLOPS ratio', () => {
    const c = elementwiseCounts({ elements: 1e8, inputs: 3, outputs: 1, flopsPerElement: 2 }, 'f32');
    const r = roofline(c, desktop);
    expect(r.cpu.bound).toBe('memory');
    expect(r.gpu.bound).toBe('memory');
    expect(r.cpu.totalSeconds).toBeCloseTo(1.6e9 / 18e9, 12);
    expect(r.gpu.kernelSeconds).toBeCloseTo(1.6e9 / 540e9, 12);
    expect(r.kernelSpeedup).toBeCloseTo(30, 9);
    expect(r.bandwidthRatio).toBeCloseTo(30, 9);
    expect(r.flopsRatio).toBeCloseTo(357.14, 1);
    expect(r.intensityFlopsPerByte).toBe(0.125);
    // Copies: 1.6 GB at 25 GB/s = 64 ms, which is what really decides it.
    expect(r.gpu.transferSeconds).toBeCloseTo(0.064, 12);
    expect(r.gpu.launchSeconds).toBeCloseTo(10e-6, 15);
    expect(r.gpu.totalSeconds).toBeCloseTo(1.6e9 / 540e9 + 0.064 + 10e-6, 12);
    expect(r.speedup).toBeCloseTo(r.cpu.totalSeconds / r.gpu.totalSeconds, 12);
    const words = explainRoofline(r, c);
    expect(words[0]).toBe('Memory-bound on both: the speedup is the bandwidth ratio, 30×, not the FLOPS ratio (357×).');
    expect(words[1]).toMatch(/^Copying .* between host and GPU takes 64 ms, more than the GPU's kernels/);
    // The verdict itself is the answer's sentence, not repeated here.
    expect(words).toHaveLength(2);
  });

  it('compute-bound matmul: the FLOPS ratio', () => {
    const c = matmulCounts({ m: 4096, n: 4096, k: 4096, batch: 1 }, 'f32');
    const r = roofline(c, { ...desktop, transferBytesPerSecond: 1e15, launchOverheadSeconds: 0 });
    expect(r.cpu.bound).toBe('compute');
    expect(r.gpu.bound).toBe('compute');
    expect(r.cpu.totalSeconds).toBeCloseTo((2 * 4096 ** 3) / 56e9, 9);
    expect(r.kernelSpeedup).toBeCloseTo(20e12 / 56e9, 6);
    expect(explainRoofline(r, c)[0]).toBe('Compute-bound on both: the speedup is the FLOPS ratio, 357×.');
  });

  it('mixed bounds are said per device', () => {
    // Intensity 4: above the CPU's ridge (56/18 ≈ 3.1), below the GPU's (20000/540 ≈ 37).
    const c = elementwiseCounts({ elements: 1e6, inputs: 1, outputs: 1, flopsPerElement: 32 }, 'f32');
    const r = roofline(c, desktop);
    expect(r.cpu.bound).toBe('compute');
    expect(r.gpu.bound).toBe('memory');
    expect(explainRoofline(r, c)[0]).toMatch(/^Compute-bound on the CPU, memory-bound on the GPU/);
  });

  it('launch-dominated work says so, and a losing GPU says the CPU is faster', () => {
    const c = reductionCounts({ elements: 1000 }, 'f32');
    const r = roofline(c, { ...desktop, transferBytesPerSecond: 1e15, launchOverheadSeconds: 1e-3 });
    expect(r.speedup).toBeLessThan(1);
    const words = explainRoofline(r, c);
    expect(words[1]).toMatch(/^Starting 1 kernel takes 1 ms/);
    expect(words.some((w) => /Overall/.test(w))).toBe(false);
  });

  it('per kernel, not per workload: two kernels on different roofs add their own maxima', () => {
    const kernels = [
      { label: 'a', kernelClass: 'matmul' as const, flops: 100, deviceBytes: 1, count: 2 }, // compute: 100/10 = 10 s each
      { label: 'b', kernelClass: 'elementwise' as const, flops: 1, deviceBytes: 100, count: 1 }, // memory: 100/20 = 5 s
    ];
    const d = deviceRoofline(kernels, 10, 20);
    expect(d.kernelSeconds).toBe(25);
    expect(d.kernels.map((k) => k.bound)).toEqual(['compute', 'memory']);
    expect(d.bound).toBe('compute'); // 20 s of the 25 are under the compute roof
    expect(d.achievedFlopsPerSecond).toBeCloseTo(201 / 25, 12);
    // A whole-workload max would say max(201/10, 102/20) = 20.1 s: less than the truth.
    expect(d.kernelSeconds).toBeGreaterThan(Math.max(201 / 10, 102 / 20));
  });

  it('ridge points and the roof', () => {
    expect(ridgePoint(20e12, 540e9)).toBeCloseTo(37.037, 3);
    expect(attainableFlopsPerSecond(20e12, 540e9, 1)).toBe(540e9);
    expect(attainableFlopsPerSecond(20e12, 540e9, 1000)).toBe(20e12);
    const curve = roofCurve(56e9, 18e9, { minIntensity: 0.01, maxIntensity: 100, perDecade: 1 });
    expect(curve.map((p) => p.intensityFlopsPerByte)).toContain(56 / 18);
    expect(curve).toHaveLength(6);
    for (let i = 1; i < curve.length; i++)
      expect(curve[i]!.flopsPerSecond).toBeGreaterThanOrEqual(curve[i - 1]!.flopsPerSecond);
    expect(curve.at(-1)!.flopsPerSecond).toBe(56e9);
    expect(() => roofCurve(1, 1, { minIntensity: 0 })).toThrow(RangeError);
  });
});

describe('against NumPy on this machine (issue #12: within 2×)', () => {
  // The page's measured CPU rate (56 GFLOPS, all cores) and NumPy's x.sum() streaming rate
  // (4e8 bytes in 22 ms ≈ 18 GB/s) as the CPU memory bandwidth.
  //
  // Byte convention: the model counts a fused pass (a, b, c read once, the result written
  // once: 4 arrays = 1.6 GB → 89 ms). NumPy really makes 6 array passes for a*b+c (a*b
  // into a temporary, then temporary + c), yet measures 55 ms: its multi-array streaming
  // runs faster than x.sum()'s 18 GB/s. Counting 6 passes at 18 GB/s would predict
  // 133 ms, 2.4× off; counting 4 gives 1.6×, and is what a GPU kernel moves, so the two
  // devices are compared on the same bytes. A proper streaming figure (`cpu.mem.gbps`)
  // will bring both closer.
  const machine: MachineRates = machineRatesFromFields(
    { cpuGflops: 56, gpuTflops: 10, transferGBps: 16, launchOverheadMs: 0.05 },
    { cpuMemGBps: 18, gpuMemGBps: 360 },
  );

  it('a*b+c, 1e8 float32: ≈ 89 ms predicted against 55 ms measured', () => {
    const e = estimateWorkload(
      { id: 'elementwise', dtype: 'f32', shape: { elements: 1e8, inputs: 3, outputs: 1, flopsPerElement: 2 } },
      machine,
    );
    const t = e.roofline.cpu.totalSeconds;
    expect(t).toBeCloseTo(0.0889, 4);
    expect(t / 0.055).toBeLessThan(2);
    expect(0.055 / t).toBeLessThan(2);
    expect(e.roofline.cpu.bound).toBe('memory');
  });

  it('x.sum(), 1e8 float32: ≈ 22 ms predicted against 22 ms measured', () => {
    const e = estimateWorkload({ id: 'reduction', dtype: 'f32', shape: { elements: 1e8 } }, machine);
    const t = e.roofline.cpu.totalSeconds;
    expect(t).toBeCloseTo(0.0222, 4);
    expect(Math.max(t / 0.022, 0.022 / t)).toBeLessThan(2);
  });

  it('the old model (operations / GFLOPS) was 15–25× too fast for both', () => {
    expect(0.055 / (2e8 / 56e9)).toBeGreaterThan(15);
    expect(0.022 / (1e8 / 56e9)).toBeGreaterThan(12);
  });
});

describe('estimateWorkload', () => {
  const machine: MachineRates = machineRatesFromFields(
    { cpuGflops: 50, gpuTflops: 10, transferGBps: 16, launchOverheadMs: 0.05 },
    { cpuMemGBps: 20, gpuMemGBps: 360 },
    { gpuF64PerF32Ratio: 1 / 64 },
  );

  it('float64 matmul uses the derived GPU rate and says so', () => {
    const w = { id: 'matmul' as const, dtype: 'f64' as const, shape: { m: 2048, n: 2048, k: 2048, batch: 1 } };
    const e = estimateWorkload(w, machine);
    expect(e.dtypeRates.rates.gpuFlopsPerSecond).toBeCloseTo(10e12 / 64, 3);
    expect(e.dtypeRates.rates.cpuFlopsPerSecond).toBe(25e9);
    expect(e.roofline.gpu.kernelSeconds).toBeCloseTo((2 * 2048 ** 3) / (10e12 / 64), 9);
    expect(e.explanation.join(' ')).toContain('1/64');
    expect(e.explanation.join(' ')).toContain('CPU float64 rate not measured');
  });

  it('float16 halves the bytes at the float32 rates', () => {
    const shape = { elements: 1e8, inputs: 1, outputs: 1, flopsPerElement: 1 };
    const f32 = estimateWorkload({ id: 'elementwise', dtype: 'f32', shape }, machine);
    const f16 = estimateWorkload({ id: 'elementwise', dtype: 'f16', shape }, machine);
    expect(f16.counts.deviceBytes).toBe(f32.counts.deviceBytes / 2);
    expect(f16.roofline.cpu.totalSeconds).toBeCloseTo(f32.roofline.cpu.totalSeconds / 2, 12);
    expect(f16.dtypeRates.notes.length).toBeGreaterThan(0);
  });
});
