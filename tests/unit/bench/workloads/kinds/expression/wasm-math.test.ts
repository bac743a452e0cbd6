import { describe, expect, it } from 'vitest';
import { runWasmPlan } from '../../../../../../src/bench/workloads/kinds/expression/wasm-host.ts';
import { buildPlan } from '../../../../../../src/model/workloads/expression/index.ts';
import { parse } from './helpers.ts';

/** Run `fn(a)` as a generated Wasm kernel over `xs`. */
function runFn(fn: string, xs: readonly number[]): Float32Array {
  const p = parse(`${fn}(a)`, `a:${xs.length}`);
  return runWasmPlan(buildPlan(p.root, 'fused', 4), new Map([['a', Float32Array.from(xs)]])) as Float32Array;
}

/** Evenly spaced float32 values over [lo, hi]. */
function grid(lo: number, hi: number, n = 1 << 16): number[] {
  return Array.from({ length: n }, (_, i) => Math.fround(lo + ((hi - lo) * i) / (n - 1)));
}

function logGrid(lo: number, hi: number, n = 1 << 16): number[] {
  return Array.from({ length: n }, (_, i) =>
    Math.fround(Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (n - 1))),
  );
}

/** Largest error in ulps of the true value (f64 Math.*), and the largest absolute error. */
function errors(xs: readonly number[], got: Float32Array, exact: (x: number) => number): { ulps: number; abs: number } {
  let ulps = 0;
  let abs = 0;
  xs.forEach((x, i) => {
    const want = exact(x);
    const diff = Math.abs((got[i] as number) - want);
    const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(want), 2 ** -126))) - 23);
    ulps = Math.max(ulps, diff / ulp);
    abs = Math.max(abs, diff);
  });
  return { ulps, abs };
}

// Measured on this machine (V8, x86-64) over 2¹⁶ points per range; a regression past these fails.
describe('Wasm SIMD math against Math.* (accuracy in f32 ulps)', () => {
  it('exp: ≤ 1 ulp on [−87, 88.7]; denormal results within one denormal step', () => {
    expect(errors(grid(-87, 88.7), runFn('np.exp', grid(-87, 88.7)), Math.exp).ulps).toBeLessThan(1);
    expect(errors(grid(-1, 1), runFn('np.exp', grid(-1, 1)), Math.exp).ulps).toBeLessThan(1);
    expect(errors(grid(-103.9, -87.5), runFn('np.exp', grid(-103.9, -87.5)), Math.exp).abs).toBeLessThanOrEqual(
      2 ** -149,
    );
  });

  it('log: ≤ 1 ulp from denormals to 3e38, and near 1', () => {
    for (const xs of [logGrid(1e-44, 3e38), grid(0.5, 2)])
      expect(errors(xs, runFn('np.log', xs), Math.log).ulps).toBeLessThan(1);
  });

  it('sin, cos: ≤ 1.5 ulp on [−100, 100]; absolute error ≤ 1e-7 to |x| = 8192 and ≤ 1e-6 to 10⁵', () => {
    for (const [fn, exact] of [
      ['np.sin', Math.sin],
      ['np.cos', Math.cos],
    ] as const) {
      expect(errors(grid(-100, 100), runFn(fn, grid(-100, 100)), exact).ulps).toBeLessThan(1.5);
      expect(errors(grid(-8192, 8192), runFn(fn, grid(-8192, 8192)), exact).abs).toBeLessThan(1e-7);
      expect(errors(grid(-1e5, 1e5), runFn(fn, grid(-1e5, 1e5)), exact).abs).toBeLessThan(1e-6);
    }
  });

  it('tanh: ≤ 1.5 ulp on [−10, 10] (both branches, around the switch at 0.625)', () => {
    for (const xs of [grid(-10, 10), grid(-0.7, 0.7)])
      expect(errors(xs, runFn('np.tanh', xs), Math.tanh).ulps).toBeLessThan(1.5);
  });

  it('sqrt is exact (correctly rounded)', () => {
    const xs = logGrid(1e-30, 1e30);
    expect(errors(xs, runFn('np.sqrt', xs), Math.sqrt).ulps).toBeLessThanOrEqual(0.5);
  });
});

describe('Wasm SIMD math: special values as NumPy gives them', () => {
  const { NaN: nan } = Number;
  it.each([
    [
      'np.exp',
      [Infinity, -Infinity, nan, 89, 88.7, -104, 0],
      [Infinity, 0, nan, Infinity, Math.fround(Math.exp(Math.fround(88.7))), 0, 1],
    ],
    ['np.log', [0, -0, -1, Infinity, nan, 1, -Infinity], [-Infinity, -Infinity, nan, Infinity, nan, 0, nan]],
    ['np.sin', [Infinity, -Infinity, nan, 0], [nan, nan, nan, 0]],
    ['np.cos', [Infinity, nan, 0], [nan, nan, 1]],
    ['np.tanh', [Infinity, -Infinity, nan, 0, 50, -50], [1, -1, nan, 0, 1, -1]],
    ['np.sqrt', [-1, 0, Infinity, nan], [nan, 0, Infinity, nan]],
    ['np.abs', [-0, -Infinity, nan], [0, Infinity, nan]],
  ])('%s', (fn, xs, want) => {
    const got = runFn(fn, xs);
    want.forEach((w, i) => {
      if (Number.isNaN(w)) expect(got[i], `${fn}(${xs[i]})`).toBeNaN();
      else expect(got[i], `${fn}(${xs[i]})`).toBeCloseTo(w, 6);
    });
  });

  it('powers: whole exponents keep the sign of negative bases; fractional ones give NaN', () => {
    const p = parse('a ** b', 'a:7,b:7');
    const a = Float32Array.from([-2, -2, -2, 0, 0, 2, 3]);
    const b = Float32Array.from([3, 2, 0.5, 0, -1, -2, 0]);
    const got = runWasmPlan(
      buildPlan(p.root, 'fused', 4),
      new Map([
        ['a', a],
        ['b', b],
      ]),
    );
    const want = [-8, 4, NaN, 1, Infinity, 0.25, 1];
    want.forEach((w, i) => {
      if (Number.isNaN(w)) expect(got[i]).toBeNaN();
      else if (Number.isFinite(w)) expect(got[i]).toBeCloseTo(w, 5);
      else expect(got[i]).toBe(w);
    });
  });
});
