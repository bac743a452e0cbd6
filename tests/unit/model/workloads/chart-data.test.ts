import { describe, expect, it } from 'vitest';
import { breakEvenPoint, breakEvenSize, sizeSweep } from '../../../../src/model/workloads/break-even.ts';
import { crossoverChartData, rooflineChartData } from '../../../../src/model/workloads/chart-data.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import { estimateWorkload } from '../../../../src/model/workloads/roofline.ts';
import { defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import { WORKLOAD_IDS } from '../../../../src/model/workloads/types.ts';
import { workloadResultsView } from '../../../../src/model/workloads/view.ts';

const desktop: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 20e9,
  gpuF32FlopsPerSecond: 10e12,
  gpuF64PerF32Ratio: 1 / 64,
  gpuMemoryBytesPerSecond: 360e9,
  transferBytesPerSecond: 16e9,
  launchOverheadSeconds: 50e-6,
};

describe('rooflineChartData', () => {
  it('roofs: bandwidth × intensity up to the peak; the workload at its intensity on each', () => {
    const e = estimateWorkload(defaultWorkload('elementwise'), desktop);
    const d = rooflineChartData(e);
    const [xs, cpu, gpu, cpuPoint, gpuPoint] = d.data;
    // a*b+c: 2 FLOPs per 16 bytes.
    expect(xs[d.pointIndex]).toBeCloseTo(2 / 16, 12);
    expect(cpuPoint[d.pointIndex]).toBeCloseTo((20e9 * 0.125) / 1e9, 9);
    expect(gpuPoint[d.pointIndex]).toBeCloseTo((360e9 * 0.125) / 1e9, 9);
    expect(cpuPoint.filter((v) => v !== null)).toHaveLength(1);
    // Ridges at 5 and 27.8 FLOPs/byte: both inside the range, with the peaks reached.
    expect(d.xMin).toBeLessThan(0.125);
    expect(d.xMax).toBeGreaterThan(10e12 / 360e9);
    expect(Math.max(...cpu)).toBeCloseTo(100, 9);
    expect(Math.max(...gpu)).toBeCloseTo(10000, 9);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1] as number);
    expect(d.description).toMatch(/on its memory roof/);
  });

  it('a workload with no FLOPs has no point but still a chart', () => {
    const w = defaultWorkload('elementwise');
    if (w.id !== 'elementwise') throw new Error('elementwise');
    const d = rooflineChartData(estimateWorkload({ ...w, shape: { ...w.shape, flopsPerElement: 0 } }, desktop));
    expect(d.pointIndex).toBe(-1);
    expect(d.data[3].every((v) => v === null)).toBe(true);
    expect(d.data[0].every((x) => Number.isFinite(x) && x > 0)).toBe(true);
  });

  it('every default workload: finite, positive, log-plottable series', () => {
    for (const id of WORKLOAD_IDS) {
      const d = rooflineChartData(estimateWorkload(defaultWorkload(id), desktop));
      for (const s of d.data) for (const v of s) if (v !== null) expect(v > 0 && Number.isFinite(v)).toBe(true);
      expect(d.yMin).toBeGreaterThan(0);
      expect(d.yMax).toBeGreaterThan(d.yMin);
    }
  });
});

describe('rooflineChartData: cache levels and achieved roofs (issue #20)', () => {
  it('the CPU’s cache levels are roofs above DRAM; each class under its peak is drawn at its share', () => {
    const m: MachineRates = {
      ...desktop,
      cpuBandwidthCurve: [
        { workingSetBytes: 32e3, bytesPerSecond: 200e9 },
        { workingSetBytes: 1e6, bytesPerSecond: 80e9 },
        { workingSetBytes: 256e6, bytesPerSecond: 20e9 },
      ],
      achievable: { gpu: { matmul: { efficiency: 0.25 } }, cpu: { matmul: { efficiency: 0.5 } } },
    };
    const d = rooflineChartData(estimateWorkload(defaultWorkload('matmul'), m));
    expect(d.extraRoofs.map((r) => r.label)).toEqual([
      'CPU cache 1 (sets ≤ 32 kB)',
      'CPU cache 2 (sets ≤ 1 MB)',
      'CPU matmul kernels, achieved',
      'GPU matmul kernels, achieved',
    ]);
    expect(d.data).toHaveLength(5 + 4);
    const xs = d.data[0];
    const at = (col: number, x: number) => d.data[col]?.[xs.findIndex((v) => v >= x)] as number;
    // At the highest intensity every roof is its compute ceiling: peaks × share for the achieved ones.
    const last = xs.length - 1;
    expect(d.data[5]?.[last]).toBeCloseTo(100, 9);
    expect(d.data[7]?.[last]).toBeCloseTo(50, 9);
    expect(d.data[8]?.[last]).toBeCloseTo(2500, 9);
    // Low intensity: the L1 roof is 200 GB/s × intensity, ten times DRAM's.
    expect(at(5, xs[0] as number) / (d.data[1]?.[0] as number)).toBeCloseTo(10, 9);
    // The workload's point sits on the achieved roof, not on the peak.
    expect(d.data[4][d.pointIndex]).toBeCloseTo(2500, 6);
    expect(d.description).toMatch(/cache levels are roofs of their own: cache 1 \(sets ≤ 32 kB\)/);
    expect(d.description).toMatch(/GPU matmul kernels, achieved/);
  });
});

describe('crossoverChartData: fixed costs at small sizes (issue #20)', () => {
  it('the CPU line starts at its call cost, the GPU line at its launch and copy latencies, and the chart says so', () => {
    const m: MachineRates = {
      ...desktop,
      cpuCallSeconds: 100e-6,
      cpuSerialCallSeconds: 5e-6,
      uploadLatencySeconds: 40e-6,
      readbackLatencySeconds: 150e-6,
    };
    const w = defaultWorkload('elementwise');
    const sweep = sizeSweep(w, m);
    const small = sweep[0];
    // One element: one piece of work, so the one-core call; the GPU pays its launch and both latencies.
    expect(small?.size).toBe(1);
    expect(small?.cpuFixedSeconds).toBeCloseTo(5e-6, 15);
    expect(small?.gpuFixedSeconds).toBeCloseTo(50e-6 + 40e-6 + 150e-6, 15);
    expect(small?.cpuSeconds).toBeGreaterThanOrEqual(5e-6);
    const d = crossoverChartData(sweep, breakEvenSize(w, m), undefined, 'elements');
    expect(d.description).toMatch(
      /^Log-log chart .* At 1 both lines are flat with fixed costs: the CPU's calls take 5/,
    );
    // Without a CPU call cost only the GPU's line is flat at the left end (its launch).
    const plain = crossoverChartData(sizeSweep(w, desktop), breakEvenSize(w, desktop), undefined, 'elements');
    expect(plain.description).toMatch(
      /At 1 the GPU line is flat with fixed costs: its launches and copy latencies 50 µs/,
    );
    expect(plain.description).not.toMatch(/CPU's calls/);
  });
});

describe('crossoverChartData', () => {
  it('marks your size and the break-even, where the lines cross', () => {
    const w = defaultWorkload('matmul');
    const be = breakEvenSize(w, desktop);
    const point = breakEvenPoint(w, desktop, be);
    expect(be.kind).toBe('finite');
    expect(point?.size).toBe(151);
    expect(point && point.gpuSeconds < point.cpuSeconds).toBe(true);
    const d = crossoverChartData(sizeSweep(w, desktop), be, point, 'n');
    const [xs, , , mine, mark] = d.data;
    expect(xs[d.currentIndex]).toBe(2048);
    expect(mine.filter((v) => v !== null)).toHaveLength(1);
    expect(xs[mark.findIndex((v) => v !== null)]).toBe(151);
    expect(d.description).toMatch(/cross at 151\./);
  });

  it('workloadResultsView ties it together for every workload', () => {
    for (const id of WORKLOAD_IDS) {
      const v = workloadResultsView(defaultWorkload(id), desktop);
      expect(v.sweep.length).toBeGreaterThan(5);
      expect(Number.isFinite(v.estimate.roofline.speedup)).toBe(true);
      if (v.breakEven.kind === 'finite') expect(v.breakEvenPoint?.size).toBe(v.breakEven.size);
      else expect(v.breakEvenPoint).toBeUndefined();
    }
  });
});
