import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  breakEven,
  estimate,
  gpuTimeShares,
  sweep,
  verdict,
  type EstimatorInputs,
} from '../../../../src/model/estimator/estimator.ts';
import { FIELDS, PRESETS } from '../../../../src/model/estimator/fields.ts';

const example = (id: string): EstimatorInputs => {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(id);
  return p.inputs;
};

describe('the spec page\u2019s worked examples', () => {
  it('Example 1: CPU 12.5 s, GPU total ≈ 0.129 s, speedup ≈ 96.9', () => {
    const out = estimate(example('example1'));
    expect(out.cpuTime).toBeCloseTo(12.5, 10);
    expect(out.gpuComputeTime).toBeCloseTo(0.0625, 10);
    expect(out.transferTime).toBeCloseTo(0.0625, 10);
    expect(out.kernelOverhead).toBeCloseTo(0.004, 10);
    expect(out.totalOverhead).toBeCloseTo(0.0665, 10);
    expect(out.gpuTotalTime).toBeCloseTo(0.129, 10);
    expect(out.speedup).toBeCloseTo(96.899, 2);
    expect(out.efficiency).toBeCloseTo((0.0625 / 0.129) * 100, 8);
  });

  it('Example 2: CPU ≈ 33.33 s, GPU total ≈ 0.4967 s, speedup ≈ 67.1', () => {
    const out = estimate(example('example2'));
    expect(out.cpuTime).toBeCloseTo(33.3333, 4);
    expect(out.gpuComputeTime).toBeCloseTo(0.13333, 5);
    expect(out.transferTime).toBeCloseTo(0.33333, 5);
    expect(out.kernelOverhead).toBeCloseTo(0.03, 10);
    expect(out.gpuTotalTime).toBeCloseTo(0.49667, 5);
    expect(out.speedup).toBeCloseTo(67.11, 2);
  });
});

describe('estimate edge cases', () => {
  const base = example('example1');
  it('no data and no launch overhead: efficiency is 100 % and speedup is the rate ratio', () => {
    const out = estimate({ ...base, dataGB: 0, launchOverheadMs: 0 });
    expect(out.efficiency).toBeCloseTo(100, 10);
    expect(out.speedup).toBeCloseTo((8 * 1000) / 40, 8);
  });
  it('a tiny task is dominated by overhead and the CPU wins', () => {
    const out = estimate({ ...base, totalGigaOps: 0.001 });
    expect(out.speedup).toBeLessThan(1);
    expect(verdict(out.speedup)).toBe('cpu');
  });
  it('time shares add up to one', () => {
    const s = gpuTimeShares(estimate(base));
    expect(s.compute + s.transfer + s.launches).toBeCloseTo(1, 12);
    expect(s.compute).toBeCloseTo(0.0625 / 0.129, 10);
  });
});

describe('verdict', () => {
  it('uses a ±10 % band for "about even"', () => {
    expect(verdict(1)).toBe('even');
    expect(verdict(1.09)).toBe('even');
    expect(verdict(0.92)).toBe('even');
    expect(verdict(1.2)).toBe('gpu');
    expect(verdict(0.5)).toBe('cpu');
  });
});

describe('break-even task size', () => {
  it('solves speedup = 1 for Example 1', () => {
    const inputs = example('example1');
    const be = breakEven(inputs);
    expect(be.kind).toBe('finite');
    if (be.kind !== 'finite') return;
    // overhead 0.0665 s, c = 40, g = 8000 ⇒ 0.0665 / (1/40 − 1/8000)
    expect(be.gigaOps).toBeCloseTo(0.0665 / (1 / 40 - 1 / 8000), 9);
    expect(estimate({ ...inputs, totalGigaOps: be.gigaOps }).speedup).toBeCloseTo(1, 9);
  });
  it('"always" when there is no overhead and the GPU is faster', () => {
    expect(breakEven({ ...example('example1'), dataGB: 0, launchOverheadMs: 0 })).toEqual({
      kind: 'always',
    });
  });
  it('"never" when the GPU is not faster than the CPU', () => {
    expect(breakEven({ ...example('example1'), cpuGflops: 8000 })).toEqual({ kind: 'never' });
    expect(breakEven({ ...example('example1'), cpuGflops: 9000, dataGB: 0, launchOverheadMs: 0 })).toEqual({
      kind: 'never',
    });
  });
});

describe('sweep', () => {
  it('covers 0.001 … 10 000 Giga-ops by decades plus the current value, sorted', () => {
    const pts = sweep(example('example1'));
    const sizes = pts.map((p) => p.totalGigaOps);
    expect(sizes).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 500, 1000, 10000]);
    expect(pts.filter((p) => p.isCurrent).map((p) => p.totalGigaOps)).toEqual([500]);
  });
  it('merges the current size with a grid size instead of duplicating it', () => {
    const pts = sweep({ ...example('example1'), totalGigaOps: 100 });
    expect(pts.map((p) => p.totalGigaOps)).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000]);
    expect(pts.find((p) => p.totalGigaOps === 100)?.isCurrent).toBe(true);
  });
  it('denser sweeps for charts', () => {
    const pts = sweep(example('example1'), { perDecade: 10 });
    expect(pts.length).toBe(72);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]!.totalGigaOps).toBeGreaterThan(pts[i - 1]!.totalGigaOps);
    }
  });
  it('rejects a nonsense range', () => {
    expect(() => sweep(example('example1'), { minGigaOps: 0 })).toThrow(RangeError);
  });
});

/** Random inputs within every field's accepted range. */
const validInputs = fc.record(
  Object.fromEntries(
    FIELDS.map((f) => {
      // Subnormal inputs (5e-323 GB) carry a bit or two of precision; no one types them.
      const positive = fc.double({ min: f.floor, max: f.max, noNaN: true, noDefaultInfinity: true });
      const arb = f.integer
        ? fc.integer({ min: f.min, max: 1e9 })
        : f.minExclusive
          ? positive
          : fc.oneof(fc.constant(0), positive);
      return [f.key, arb];
    }),
  ) as { [K in keyof EstimatorInputs]: fc.Arbitrary<number> },
);

describe('properties over random valid inputs', () => {
  it('outputs are finite and non-negative; efficiency ≤ 100 %', () => {
    fc.assert(
      fc.property(validInputs, (inputs) => {
        const out = estimate(inputs);
        for (const v of Object.values(out)) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(out.efficiency).toBeLessThanOrEqual(100 + 1e-9);
      }),
      { numRuns: 500 },
    );
  });

  it('speedup grows with the CPU being slower (monotone in CPU rate)', () => {
    fc.assert(
      fc.property(validInputs, fc.double({ min: 1.001, max: 1000, noNaN: true }), (inputs, factor) => {
        const fast = estimate(inputs).speedup;
        const slowerCpu = estimate({ ...inputs, cpuGflops: inputs.cpuGflops / factor }).speedup;
        expect(slowerCpu).toBeGreaterThanOrEqual(fast * (1 - 1e-12));
      }),
      { numRuns: 300 },
    );
  });

  it('speedup never falls when the GPU gets faster', () => {
    fc.assert(
      fc.property(validInputs, fc.double({ min: 1.001, max: 1000, noNaN: true }), (inputs, factor) => {
        const a = estimate(inputs).speedup;
        const b = estimate({ ...inputs, gpuTflops: Math.min(inputs.gpuTflops * factor, 1e6) }).speedup;
        expect(b).toBeGreaterThanOrEqual(a * (1 - 1e-12));
      }),
      { numRuns: 300 },
    );
  });

  it('at a finite break-even the speedup is 1', () => {
    fc.assert(
      fc.property(validInputs, (inputs) => {
        const be = breakEven(inputs);
        if (be.kind !== 'finite' || !(be.gigaOps > 0) || be.gigaOps > 1e300) return;
        const out = estimate({ ...inputs, totalGigaOps: be.gigaOps });
        // Where the overhead is below float precision of the compute time the sum cannot
        // represent it; the break-even is still right but speedup = 1 is unobservable.
        if (out.totalOverhead < out.gpuComputeTime * 1e-9) return;
        const s = out.speedup;
        expect(s).toBeCloseTo(1, 6);
      }),
      { numRuns: 300 },
    );
  });
});
