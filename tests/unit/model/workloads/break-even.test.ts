import { describe, expect, it } from 'vitest';
import {
  breakEvenAlong,
  breakEvenSize,
  sizeAxis,
  sizeRange,
  sizeSweep,
  SIZE_UNITS,
} from '../../../../src/model/workloads/break-even.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import { estimateWorkload } from '../../../../src/model/workloads/roofline.ts';
import { defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import { WORKLOAD_IDS, type Workload } from '../../../../src/model/workloads/types.ts';

const desktop: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 20e9,
  gpuF32FlopsPerSecond: 10e12,
  gpuF64PerF32Ratio: 1 / 64,
  gpuMemoryBytesPerSecond: 360e9,
  transferBytesPerSecond: 16e9,
  launchOverheadSeconds: 50e-6,
};

const gpuWins = (w: Workload, m: MachineRates): boolean => {
  const r = estimateWorkload(w, m).roofline;
  return r.gpu.totalSeconds < r.cpu.totalSeconds;
};

describe('breakEvenSize', () => {
  it('matmul: a finite square n, the smallest where the GPU wins', () => {
    const w = defaultWorkload('matmul');
    const b = breakEvenSize(w, desktop);
    expect(b.kind).toBe('finite');
    if (b.kind !== 'finite') return;
    expect(b.unit).toBe('n');
    expect(Number.isInteger(b.size)).toBe(true);
    const axis = sizeAxis(w);
    expect(gpuWins(axis.at(b.size), desktop)).toBe(true);
    expect(gpuWins(axis.at(b.size - 1), desktop)).toBe(false);
    // By hand, near n ≈ 150: the CPU is compute-bound (n > 30: 2n³/1e11 > 12n²/20e9), the
    // GPU memory-bound (n < 167), so 2n³/1e11 = 12n²/360e9 + 12n²/16e9 + 5e-5, root ≈ 150.6.
    const f = (n: number): number => (2 * n ** 3) / 1e11 - (12 * n * n) / 360e9 - (12 * n * n) / 16e9 - 5e-5;
    expect(f(150)).toBeLessThan(0);
    expect(f(151)).toBeGreaterThan(0);
    expect(b.size).toBe(151);
  });

  it('agrees with a brute-force scan on a small range', () => {
    const w = defaultWorkload('matmul');
    const axis = sizeAxis(w);
    let first = -1;
    for (let n = 1; n <= 500; n++) {
      if (gpuWins(axis.at(n), desktop)) {
        first = n;
        break;
      }
    }
    expect(breakEvenSize(w, desktop, { maxSize: 500 })).toEqual({ kind: 'finite', size: first, unit: 'n' });
  });

  it('elementwise with copies slower than CPU memory: the GPU never wins', () => {
    // Every byte the CPU streams at 20 GB/s, the GPU must first receive at 16 GB/s.
    const b = breakEvenSize(defaultWorkload('elementwise'), desktop);
    expect(b).toEqual({ kind: 'never', maxSize: 1e11, unit: 'elements' });
  });

  it('elementwise with a fast link: finite, in elements', () => {
    const m = { ...desktop, transferBytesPerSecond: 1e15 };
    const b = breakEvenSize(defaultWorkload('elementwise'), m);
    expect(b.kind).toBe('finite');
    if (b.kind !== 'finite') return;
    // 16n/20e9 > 16n/360e9 + 16n/1e15 + 5e-5  ⇒  n > 5e-5 / (16/20e9 − 16/360e9 − 16/1e15) ≈ 66,227
    const exact = 5e-5 / (16 / 20e9 - 16 / 360e9 - 16 / 1e15);
    expect(b.size).toBe(Math.floor(exact) + 1);
  });

  it('no overhead and a faster GPU: the GPU always wins', () => {
    const m = { ...desktop, transferBytesPerSecond: 1e300, launchOverheadSeconds: 0 };
    expect(breakEvenSize(defaultWorkload('reduction'), m)).toEqual({ kind: 'always', minSize: 1, unit: 'elements' });
  });

  it('pipeline: with data on the GPU, repetitions pay the copies back', () => {
    const p = defaultWorkload('pipeline');
    if (p.id !== 'pipeline') throw new Error('default pipeline');
    const slowLink = { ...desktop, transferBytesPerSecond: 1e8 };
    const stay = breakEvenSize({ ...p, shape: { ...p.shape, dataStaysOnGpu: true } }, slowLink);
    expect(stay.kind).toBe('finite');
    expect(stay.kind === 'finite' && stay.size).toBeGreaterThan(1);
    // Copying every step every time scales with the repeats like the CPU does: no break-even.
    const back = breakEvenSize({ ...p, shape: { ...p.shape, dataStaysOnGpu: false } }, slowLink);
    expect(back.kind).toBe('never');
  });

  it('rejects an empty range', () => {
    expect(() => breakEvenSize(defaultWorkload('fft'), desktop, { minSize: 10, maxSize: 1 })).toThrow(RangeError);
  });
});

describe('breakEvenAlong: the same search for any time model', () => {
  const axis = sizeAxis(defaultWorkload('matmul'));

  it('a threshold: the first winning size exactly', () => {
    expect(breakEvenAlong(axis, (n) => n >= 1234)).toEqual({ kind: 'finite', size: 1234, unit: 'n' });
  });

  it('wins everywhere: always, from the smallest size; nowhere: never, up to the largest', () => {
    expect(breakEvenAlong(axis, () => true)).toEqual({ kind: 'always', minSize: 1, unit: 'n' });
    expect(breakEvenAlong(axis, () => false)).toEqual({ kind: 'never', maxSize: 65536, unit: 'n' });
  });

  it('a window the GPU loses again beyond (out of memory): the window’s start, never past it', () => {
    expect(breakEvenAlong(axis, (n) => n >= 300 && n < 40000)).toEqual({ kind: 'finite', size: 300, unit: 'n' });
  });

  it('agrees with breakEvenSize on the roofline', () => {
    const w = defaultWorkload('matmul');
    expect(breakEvenAlong(axis, (n) => gpuWins(axis.at(n), desktop))).toEqual(breakEvenSize(w, desktop));
  });

  it('sizeRange: the axis range, raised to the current size, or the options’', () => {
    expect(sizeRange(axis)).toEqual({ min: 1, max: 65536 });
    const big = sizeAxis({ id: 'matmul', dtype: 'f32', shape: { m: 100000, n: 100000, k: 100000, batch: 1 } });
    expect(sizeRange(big).max).toBeCloseTo(100000, 6);
    expect(sizeRange(axis, { minSize: 8, maxSize: 16 })).toEqual({ min: 8, max: 16 });
  });
});

describe('sizeAxis', () => {
  it.each(WORKLOAD_IDS)('%s: resizing to the current size keeps the same FLOPs; units match SIZE_UNITS', (id) => {
    const w = defaultWorkload(id);
    const axis = sizeAxis(w);
    expect(axis.unit).toBe(SIZE_UNITS[id]);
    const same = estimateWorkload(axis.at(axis.current), desktop).counts.flops;
    expect(same).toBeCloseTo(estimateWorkload(w, desktop).counts.flops, -3);
  });

  it('a non-square matmul sits at the n with its FLOPs', () => {
    const w: Workload = { id: 'matmul', dtype: 'f32', shape: { m: 1000, n: 8000, k: 1000, batch: 1 } };
    expect(sizeAxis(w).current).toBeCloseTo(2000, 9);
  });
});

describe('sizeSweep', () => {
  it('log-spaced whole sizes plus the current one, in order, times from the model', () => {
    const w = defaultWorkload('elementwise'); // 1e8 elements
    const pts = sizeSweep(w, desktop, { minSize: 1, maxSize: 1e9, perDecade: 1 });
    expect(pts.map((p) => p.size)).toEqual([1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]);
    expect(pts.filter((p) => p.isCurrent).map((p) => p.size)).toEqual([1e8]);
    for (const p of pts) {
      expect(p.speedup).toBeCloseTo(p.cpuSeconds / p.gpuSeconds, 12);
      expect(Number.isFinite(p.cpuSeconds) && Number.isFinite(p.gpuSeconds)).toBe(true);
    }
    for (let i = 1; i < pts.length; i++) expect(pts[i]!.cpuSeconds).toBeGreaterThan(pts[i - 1]!.cpuSeconds);
  });

  it('keeps a non-square current shape as the user set it', () => {
    const w: Workload = { id: 'matmul', dtype: 'f32', shape: { m: 1000, n: 8000, k: 1000, batch: 1 } };
    const pts = sizeSweep(w, desktop, { perDecade: 2 });
    const cur = pts.find((p) => p.isCurrent)!;
    expect(cur.size).toBeCloseTo(2000, 9);
    expect(cur.cpuSeconds).toBe(estimateWorkload(w, desktop).roofline.cpu.totalSeconds);
  });
});
