import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLine, percentileSorted, summarize } from '../../../../src/model/shared/stats.ts';
import { headlineValue, okMetric } from '../../../../src/model/bench/metrics.ts';

describe('summarize', () => {
  it('closed-form case: 1..10', () => {
    const s = summarize([3, 1, 2, 10, 9, 8, 7, 6, 5, 4], 'higher');
    expect(s).toMatchObject({ n: 10, best: 10, median: 5.5, mean: 5.5 });
    expect(s.p10).toBeCloseTo(1.9, 12); // 1 + 0.9 · (2 − 1)
    expect(s.p90).toBeCloseTo(9.1, 12);
    expect(s.stdev).toBeCloseTo(Math.sqrt(55 / 6), 12);
  });

  it('best is the minimum for latencies', () => {
    expect(summarize([5, 2, 9], 'lower').best).toBe(2);
  });

  it('a single sample has zero spread', () => {
    expect(summarize([4], 'lower')).toMatchObject({ n: 1, best: 4, median: 4, p10: 4, p90: 4, stdev: 0 });
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => summarize([], 'higher')).toThrow(RangeError);
    expect(() => summarize([1, Number.NaN], 'higher')).toThrow(RangeError);
    expect(() => percentileSorted([1], 1.5)).toThrow(RangeError);
  });

  it('p10 ≤ median ≤ p90 and min ≤ mean ≤ max for any sample', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const s = summarize(xs, 'higher');
        expect(s.p10).toBeLessThanOrEqual(s.median + 1e-9);
        expect(s.median).toBeLessThanOrEqual(s.p90 + 1e-9);
        expect(s.best).toBe(Math.max(...xs));
        expect(s.mean).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-6);
        expect(s.mean).toBeLessThanOrEqual(Math.max(...xs) + 1e-6);
      }),
    );
  });

  it('the headline is best for ceilings and median for latencies', () => {
    expect(headlineValue(okMetric('gpu.f32.gflops', 'GFLOPS', 'higher', [1, 5, 3]))).toBe(5);
    expect(headlineValue(okMetric('gpu.roundtrip.ms', 'ms', 'lower', [1, 5, 3]))).toBe(3);
  });
});

describe('fitLine', () => {
  it('goes through two points exactly: the intercept is the fixed part, the slope the rate', () => {
    // 2 ms fixed, then 1 ms per unit: (1, 3 ms) and (100, 102 ms).
    const f = fitLine([
      { x: 1, y: 3e-3 },
      { x: 100, y: 102e-3 },
    ]);
    expect(f?.intercept).toBeCloseTo(2e-3, 12);
    expect(f?.slope).toBeCloseTo(1e-3, 12);
    expect(f?.r2).toBeCloseTo(1, 12);
    expect(f?.clamped).toBe(false);
  });

  it('weights relative residuals: a 1 % error at the top does not swamp the intercept', () => {
    const pts = [1, 10, 100, 1000, 10000].map((x) => ({ x, y: 5 + x * (x === 10000 ? 1.01 : 1) }));
    const f = fitLine(pts);
    expect(f?.intercept).toBeGreaterThan(4.5);
    expect(f?.intercept).toBeLessThan(5.5);
  });

  it('clamps a negative intercept to zero and refits through the origin', () => {
    const f = fitLine([
      { x: 10, y: 0.5 },
      { x: 20, y: 2 },
    ]);
    expect(f?.clamped).toBe(true);
    expect(f?.intercept).toBe(0);
    expect(f?.slope).toBeGreaterThan(0);
  });

  it('undefined without two distinct x, or when bigger work is not slower', () => {
    expect(fitLine([{ x: 1, y: 1 }])).toBeUndefined();
    expect(
      fitLine([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toBeUndefined();
    expect(
      fitLine([
        { x: 1, y: 2 },
        { x: 10, y: 1 },
      ]),
    ).toBeUndefined();
    expect(
      fitLine([
        { x: 1, y: Number.NaN },
        { x: 2, y: 1 },
      ]),
    ).toBeUndefined();
  });
});
