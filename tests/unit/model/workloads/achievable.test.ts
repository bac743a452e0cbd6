import { describe, expect, it } from 'vitest';
import { measuredMetric, okMetric, type Metric } from '../../../../src/model/bench/metrics.ts';
import {
  achievableClassOf,
  achievablePointsFromDetails,
  achievablePointsToDetails,
  fitAchievable,
  kernelFigures,
  type AchievablePoint,
} from '../../../../src/model/workloads/achievable.ts';
import { withExtraFields } from '../../../../src/model/workloads/achievable-fields.ts';
import { achievableLadder, rungShape } from '../../../../src/model/workloads/achievable-plan.ts';
import { achievableFromRun, roofSecondsAt } from '../../../../src/model/workloads/achievable-run.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import { estimateWorkload } from '../../../../src/model/workloads/roofline.ts';
import { predictParts } from '../../../../src/model/workloads/verify.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';
import { workloadCounts, type KernelClass, type KernelCount } from '../../../../src/model/workloads/counts.ts';
import { formatDuration } from '../../../../src/model/shared/format.ts';

/** Round figures so each expectation can be checked by hand. */
const machine: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 20e9,
  gpuF32FlopsPerSecond: 10e12,
  gpuF64PerF32Ratio: 1 / 64,
  gpuMemoryBytesPerSecond: 400e9,
  transferBytesPerSecond: 10e9,
  launchOverheadSeconds: 10e-6,
};

const matmul = (n: number): Workload => ({ id: 'matmul', dtype: 'f32', shape: { m: n, n, k: n, batch: 1 } });
const elementwise = (elements: number): Workload => ({
  id: 'elementwise',
  dtype: 'f32',
  shape: { elements, inputs: 3, outputs: 1, flopsPerElement: 2 },
});

describe('kernelFigures', () => {
  const k = (kernelClass: KernelClass, parallelUnits?: number) => ({ kernelClass, parallelUnits });

  it('without class figures: the roof, the launch overhead on the GPU, the call cost on the CPU (none for a task)', () => {
    const r = { launchOverheadSeconds: 1e-5, cpuCallSeconds: 5e-5, cpuSerialCallSeconds: 4e-6 };
    expect(kernelFigures(r, 'gpu', k('matmul'))).toEqual({
      efficiency: 1,
      fixedSeconds: 1e-5,
      fromClass: false,
      factor: 1,
    });
    expect(kernelFigures(r, 'cpu', k('matmul', 64))).toEqual({
      efficiency: 1,
      fixedSeconds: 5e-5,
      fromClass: false,
      factor: 1,
    });
    expect(kernelFigures(r, 'cpu', k('task')).fixedSeconds).toBe(0);
  });

  it('a kernel of one piece runs on one core: the one-core call cost, whatever its class says', () => {
    const r = {
      launchOverheadSeconds: 1e-5,
      cpuCallSeconds: 5e-5,
      cpuSerialCallSeconds: 4e-6,
      achievable: { cpu: { elementwise: { efficiency: 0.5, fixedSeconds: 9e-5 } } },
    };
    expect(kernelFigures(r, 'cpu', k('elementwise', 1))).toEqual({
      efficiency: 0.5,
      fixedSeconds: 4e-6,
      fromClass: true,
      factor: 1,
    });
    expect(kernelFigures(r, 'cpu', k('elementwise', 2)).fixedSeconds).toBe(9e-5);
    // Units unknown (a kind that does not say): as many as there are cores.
    expect(kernelFigures(r, 'cpu', k('elementwise')).fixedSeconds).toBe(9e-5);
  });

  it('a class figure replaces either part, the other keeps its default', () => {
    const r = {
      launchOverheadSeconds: 1e-5,
      achievable: { gpu: { matmul: { efficiency: 0.25 } }, cpu: { reduction: { fixedSeconds: 2e-4 } } },
    };
    expect(kernelFigures(r, 'gpu', k('matmul'))).toEqual({
      efficiency: 0.25,
      fixedSeconds: 1e-5,
      fromClass: true,
      factor: 1,
    });
    expect(kernelFigures(r, 'cpu', k('reduction', 10))).toEqual({
      efficiency: 1,
      fixedSeconds: 2e-4,
      fromClass: true,
      factor: 1,
    });
    // fft has no runnable kernel: never a class figure.
    expect(kernelFigures(r, 'gpu', k('fft')).fromClass).toBe(false);
  });
});

describe('the roofline with achievable figures, by hand', () => {
  it('matmul 1000³: GPU kernel = roof ÷ share, launches = the class fixed cost; CPU adds its call cost', () => {
    const m: MachineRates = {
      ...machine,
      cpuCallSeconds: 100e-6,
      achievable: {
        gpu: { matmul: { efficiency: 0.5, fixedSeconds: 2e-3 } },
        cpu: { matmul: { efficiency: 0.2 } },
      },
    };
    const r = estimateWorkload(matmul(1000), m).roofline;
    // GPU: 2e9 FLOPs / 10e12 = 0.2 ms at the peak; half of it reached → 0.4 ms; one launch at 2 ms.
    expect(r.gpu.kernelSeconds).toBeCloseTo(4e-4, 12);
    expect(r.gpu.launchSeconds).toBeCloseTo(2e-3, 12);
    // Copies: 8 MB up at 10 GB/s, 4 MB back at the same rate.
    expect(r.gpu.uploadSeconds).toBeCloseTo(8e-4, 12);
    expect(r.gpu.readbackSeconds).toBeCloseTo(4e-4, 12);
    expect(r.gpu.totalSeconds).toBeCloseTo(4e-4 + 2e-3 + 1.2e-3, 12);
    // CPU: 2e9 / 100e9 = 20 ms at the peak, 20 % reached → 100 ms, plus one 100 µs call.
    expect(r.cpu.kernelSeconds).toBeCloseTo(0.1, 12);
    expect(r.cpu.fixedSeconds).toBeCloseTo(1e-4, 12);
    expect(r.cpu.totalSeconds).toBeCloseTo(0.1001, 12);
    expect(r.speedup).toBeCloseTo(0.1001 / 3.6e-3, 9);
    // The point on the chart sits on the achieved roof: FLOPs over the work part only.
    expect(r.gpu.achievedFlopsPerSecond).toBeCloseTo(5e12, 0);
    // The page says which figures the estimate used, per device.
    const words = estimateWorkload(matmul(1000), m).explanation;
    expect(words).toContain(
      `On the GPU, matmul kernels reach 50 % of the roof, plus ${formatDuration(2e-3)} per launch (achievable figures, under this machine's numbers): the estimate uses them, not the peak.`,
    );
    expect(words.some((w) => w.startsWith('On the CPU, matmul kernels reach 20 % of the roof'))).toBe(true);
  });

  it('copies pay a latency per direction that moves bytes, and the readback its own rate', () => {
    const m: MachineRates = {
      ...machine,
      uploadLatencySeconds: 1e-4,
      readbackLatencySeconds: 3e-4,
      readbackBytesPerSecond: 2e9,
    };
    const p = predictParts(elementwise(1e6), m);
    // 12 MB up: 0.1 ms + 1.2 ms; 4 MB back at 2 GB/s: 0.3 ms + 2 ms.
    expect(p.uploadSeconds).toBeCloseTo(1.3e-3, 12);
    expect(p.readbackSeconds).toBeCloseTo(2.3e-3, 12);
    const r = estimateWorkload(elementwise(1e6), m).roofline;
    expect(r.gpu.transferSeconds).toBeCloseTo(3.6e-3, 12);
    expect(p.gpuTotalSeconds).toBeCloseTo(r.gpu.totalSeconds, 15);
  });

  it('a tiny workload is its fixed costs: 1×1×1 matmul takes the class fixed cost, not 2 FLOPs ÷ peak', () => {
    const m: MachineRates = {
      ...machine,
      cpuCallSeconds: 150e-6,
      cpuSerialCallSeconds: 40e-6,
      achievable: { gpu: { matmul: { efficiency: 0.01, fixedSeconds: 2e-3 } } },
    };
    // One row: one piece, one core, the one-core call cost.
    const r = estimateWorkload(matmul(1), m).roofline;
    expect(r.gpu.launchSeconds).toBe(2e-3);
    expect(r.gpu.kernelSeconds).toBeCloseTo(12 / 400e9 / 0.01, 15);
    expect(r.cpu.totalSeconds).toBeCloseTo(40e-6 + 12 / 20e9, 15);
  });
});

describe('fitAchievable and the points in a metric', () => {
  const pts: AchievablePoint[] = [
    { size: 2, shape: 'n=2', flops: 16, deviceBytes: 48, seconds: 2e-3 },
    { size: 512, shape: 'n=512', flops: 2 * 512 ** 3, deviceBytes: 12 * 512 * 512, seconds: 0.2 },
  ];

  it('two points: the tiny one sets the fixed cost, the large one the share', () => {
    const roof = (p: AchievablePoint) => p.flops / 1e10; // a 10 GFLOPS peak, compute-bound
    const f = fitAchievable(pts, roof);
    const x2 = (2 * 512 ** 3) / 1e10;
    const x1 = 16 / 1e10;
    const slope = (0.2 - 2e-3) / (x2 - x1);
    expect(f?.efficiency).toBeCloseTo(1 / slope, 9);
    expect(f?.fixedSeconds).toBeCloseTo(2e-3 - x1 * slope, 12);
  });

  it('the fixed cost is per launch: a run of three kernels pays it three times', () => {
    const roof = (p: AchievablePoint) => p.flops / 1e10;
    // Fixed 1 ms per launch, share 10 %: one-kernel and three-kernel runs of the same work.
    const at = (size: number, flops: number, launches: number): AchievablePoint => ({
      size,
      shape: String(size),
      flops,
      deviceBytes: 0,
      seconds: launches * 1e-3 + flops / 1e10 / 0.1,
      launches,
    });
    const f = fitAchievable([at(1, 10, 3), at(1, 10, 1), at(64, 1e9, 3), at(64, 1e9, 1)], roof);
    expect(f?.fixedSeconds).toBeCloseTo(1e-3, 9);
    expect(f?.efficiency).toBeCloseTo(0.1, 6);
    expect(f?.r2).toBeCloseTo(1, 6);
    const back = achievablePointsFromDetails(achievablePointsToDetails([at(64, 1e9, 3)]));
    expect(back[0]?.launches).toBe(3);
  });

  it('a kernel runs at the class it was measured as: conv2d at conv2d’s, attention’s three at attention’s', () => {
    expect(achievableClassOf({ kernelClass: 'matmul' })).toBe('matmul');
    expect(achievableClassOf({ kernelClass: 'matmul', measuredAs: 'conv2d' })).toBe('conv2d');
    expect(achievableClassOf({ kernelClass: 'task' })).toBeUndefined();
    const conv: Workload = {
      id: 'conv2d',
      dtype: 'f32',
      shape: { batch: 1, cin: 3, cout: 8, h: 32, w: 32, kh: 3, kw: 3, stride: 1, pad: 1 },
    };
    const rates = {
      launchOverheadSeconds: 1e-5,
      achievable: { gpu: { conv2d: { efficiency: 0.02, fixedSeconds: 3e-3 }, matmul: { efficiency: 0.5 } } },
    };
    const [k] = workloadCounts(conv).kernels;
    expect(kernelFigures(rates, 'gpu', k as KernelCount)).toMatchObject({ efficiency: 0.02, fixedSeconds: 3e-3 });
    const attention = workloadCounts({
      id: 'attention',
      dtype: 'f32',
      shape: { batch: 1, heads: 2, sq: 64, sk: 64, d: 32, causal: false, fused: false },
    });
    expect(attention.kernels.map((x) => achievableClassOf(x))).toEqual(['attention', 'attention', 'attention']);
  });

  it('round-trips through a metric’s details, sorted by size, skipping broken entries', () => {
    const d = { ...achievablePointsToDetails([pts[1] as AchievablePoint, pts[0] as AchievablePoint]), 'p7.s': -1 };
    expect(achievablePointsFromDetails(d)).toEqual(pts);
    expect(achievablePointsFromDetails(undefined)).toEqual([]);
  });
});

describe('achievableFromRun', () => {
  const peaks: Metric[] = [
    okMetric('gpu.f32.gflops', 'GFLOPS', 'higher', [10]),
    okMetric('gpu.device.gbps', 'GB/s', 'higher', [2]),
    okMetric('cpu.simdAll.gflops', 'GFLOPS', 'higher', [50]),
    okMetric('cpu.mem.gbps', 'GB/s', 'higher', [5]),
  ];
  // GPU matmul: 1 ms fixed, then 10 % of a 10 GFLOPS peak (compute-bound at both sizes).
  const gpuPts: AchievablePoint[] = [64, 512].map((n) => {
    const flops = 2 * n ** 3;
    return { size: n, shape: `m=${n},n=${n},k=${n}`, flops, deviceBytes: 12 * n * n, seconds: 1e-3 + flops / 1e9 };
  });

  it('the share is of the same run’s peak, the fixed cost per launch, with the sentence', () => {
    const metrics = [
      ...peaks,
      measuredMetric('gpu.matmul.gflops', [(2 * 512 ** 3) / (1e-3 + (2 * 512 ** 3) / 1e9) / 1e9], {
        ...achievablePointsToDetails(gpuPts),
      }),
    ];
    const [c] = achievableFromRun(metrics);
    expect(c?.device).toBe('gpu');
    expect(c?.kernelClass).toBe('matmul');
    expect(c?.efficiency).toBeCloseTo(0.1, 6);
    expect(c?.fixedSeconds).toBeCloseTo(1e-3, 9);
    expect(c?.note).toMatch(
      /^achievable: the GPU matmul kernel at m=512,n=512,k=512 reached 996 MFLOPS, 10 % of the measured peak FLOPS/,
    );
    expect(c?.note).toMatch(/two sizes \(m=64,n=64,k=64 … m=512,n=512,k=512\)/);
  });

  it('nothing for a device whose peaks the run lacks, or points that do not rise', () => {
    const flat = gpuPts.map((p) => ({ ...p, seconds: 1e-3 }));
    const m = (pts: AchievablePoint[]) => measuredMetric('gpu.matmul.gflops', [1], achievablePointsToDetails(pts));
    expect(achievableFromRun([m(gpuPts)])).toEqual([]);
    expect(achievableFromRun([...peaks, m(flat)])).toEqual([]);
  });

  it('the CPU roof of a small working set is its cache’s bandwidth', () => {
    const roof = roofSecondsAt(
      { flops: 0, deviceBytes: 1e6 },
      {
        flopsPerSecond: 50e9,
        bytesPerSecond: 5e9,
        curve: [
          { workingSetBytes: 1e5, bytesPerSecond: 100e9 },
          { workingSetBytes: 1e7, bytesPerSecond: 5e9 },
        ],
      },
    );
    // Half way along log(working set): √(100 · 5) GB/s.
    expect(roof).toBeCloseTo(1e6 / Math.sqrt(100e9 * 5e9), 12);
  });
});

describe('withExtraFields', () => {
  it('field units to base units; blank figures stay absent', () => {
    const m = withExtraFields(machine, {
      cpuCallUs: 80,
      cpuCall1Us: 6,
      uploadLatencyMs: 0.2,
      readbackLatencyMs: 0.5,
      readbackGBps: 3,
      'gpu.matmul.eff': 2,
      'gpu.matmul.us': 1500,
      'cpu.rowwise.us': 120,
    });
    expect(m.cpuCallSeconds).toBeCloseTo(80e-6, 15);
    expect(m.cpuSerialCallSeconds).toBeCloseTo(6e-6, 15);
    expect(m.uploadLatencySeconds).toBeCloseTo(2e-4, 15);
    expect(m.readbackLatencySeconds).toBeCloseTo(5e-4, 15);
    expect(m.readbackBytesPerSecond).toBe(3e9);
    expect(m.achievable).toEqual({
      cpu: { rowwise: { fixedSeconds: 120e-6 } },
      gpu: { matmul: { efficiency: 0.02, fixedSeconds: 1.5e-3 } },
    });
    const none = withExtraFields(machine, { cpuCallUs: 0, cpuCall1Us: 0, uploadLatencyMs: 0, readbackLatencyMs: 0 });
    expect(none.achievable).toBeUndefined();
    expect(none.readbackBytesPerSecond).toBeUndefined();
    // With nothing set the roofline is the one before issue #20.
    expect(estimateWorkload(matmul(100), none).roofline.gpu.totalSeconds).toBeCloseTo(
      estimateWorkload(matmul(100), machine).roofline.gpu.totalSeconds,
      15,
    );
  });
});

describe('achievableLadder', () => {
  it('from fixed-cost sizes up by the profile’s step; the full profile has twice the sizes', () => {
    expect(achievableLadder('matmul', 'quick').map((r) => r.size)).toEqual([2, 8, 32, 128, 512, 2048]);
    expect(achievableLadder('matmul', 'full').length).toBe(12);
    expect(achievableLadder('elementwise', 'quick')[0]?.workloads).toEqual([
      { id: 'elementwise', dtype: 'f32', shape: { elements: 16, inputs: 3, outputs: 1, flopsPerElement: 2 } },
    ]);
  });

  it('row-wise rungs add rows of one length, softmax and layernorm at each; shapes in words', () => {
    const rung = achievableLadder('rowwise', 'quick')[2];
    expect(rung?.workloads.map((w) => [w.id, w.shape])).toEqual([
      ['softmax', { rows: 16, cols: 1024 }],
      ['layernorm', { rows: 16, cols: 1024 }],
    ]);
    expect(rungShape(rung?.workloads[1] as Workload, 'rowwise')).toBe('layernorm rows=16,cols=1024');
    expect(rungShape(matmul(64), 'matmul')).toBe('m=64,n=64,k=64');
  });
});
