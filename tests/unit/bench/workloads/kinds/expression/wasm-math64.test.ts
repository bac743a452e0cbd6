/**
 * The float64 math of the generated Wasm kernels (wasm-math64.ts, wasm-trig64.ts): against
 * V8's Math.* over wide ranges (Math.* is itself within about 1 ulp), against correctly
 * rounded values computed with mpmath at 300 bits (where Math.* is the less accurate one,
 * or the case is hard), and NumPy's special values.
 */
import { describe, expect, it } from 'vitest';
import { F64 } from '../../../../../../src/bench/workloads/cpu/lanes.ts';
import { runWasmPlan } from '../../../../../../src/bench/workloads/kinds/expression/wasm-host.ts';
import { TRIG64 } from '../../../../../../src/bench/workloads/kinds/expression/wasm-trig64.ts';
import { buildPlan } from '../../../../../../src/model/workloads/expression/index.ts';
import { parse } from './helpers.ts';

/** Run `fn(a)` as a generated float64 Wasm kernel over `xs`. */
function runFn(fn: string, xs: readonly number[]): Float64Array {
  const p = parse(`${fn}(a)`, `a:${xs.length}`);
  return runWasmPlan(buildPlan(p.root, 'fused', 8), new Map([['a', Float64Array.from(xs)]]), F64) as Float64Array;
}

/** `a ** b` elementwise in float64. */
function runPow(xs: readonly number[], ys: readonly number[]): Float64Array {
  const p = parse('a ** b', `a:${xs.length},b:${xs.length}`);
  const arrays = new Map([
    ['a', Float64Array.from(xs)],
    ['b', Float64Array.from(ys)],
  ]);
  return runWasmPlan(buildPlan(p.root, 'fused', 8), arrays, F64) as Float64Array;
}

/** Spacing of doubles at `x` (subnormals: the smallest step). */
function ulp(x: number): number {
  const a = Math.abs(x);
  return a < 2 ** -1022 ? 2 ** -1074 : 2 ** (Math.floor(Math.log2(a)) - 52);
}

/** n doubles evenly over [lo, hi], every bit of their mantissas in use (not a coarse grid). */
function grid(lo: number, hi: number, n = 1 << 15): number[] {
  return Array.from({ length: n }, (_, i) => lo + (hi - lo) * ((i + 0.5 + 0.37 * Math.sin(i)) / n));
}

/** n doubles spread evenly in log scale over [lo, hi] (positive). */
function logGrid(lo: number, hi: number, n = 1 << 15): number[] {
  return Array.from({ length: n }, (_, i) => Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * (i / (n - 1))));
}

/** Largest error in ulps of `exact`'s value, and the largest absolute error. */
function errors(xs: readonly number[], got: Float64Array, exact: (x: number) => number) {
  let ulps = 0;
  let abs = 0;
  xs.forEach((x, i) => {
    const diff = Math.abs((got[i] as number) - exact(x));
    ulps = Math.max(ulps, diff / ulp(exact(x)));
    abs = Math.max(abs, diff);
  });
  return { ulps, abs };
}

// Measured on this machine (V8, x86-64); a regression past these fails.
describe('float64 Wasm SIMD math against Math.* (in ulps of float64)', () => {
  it('exp: ≤ 1 ulp on [−708, 709.7] and near 0; subnormal results within one step', () => {
    for (const xs of [grid(-708, 709.7), grid(-1, 1), grid(-1e-9, 1e-9)])
      expect(errors(xs, runFn('np.exp', xs), Math.exp).ulps).toBeLessThanOrEqual(1);
    const sub = grid(-745, -708.5);
    expect(errors(sub, runFn('np.exp', sub), Math.exp).abs).toBeLessThanOrEqual(2 ** -1074);
  });

  it('log: ≤ 1 ulp from the smallest subnormal to the largest double, and next to 1', () => {
    for (const xs of [logGrid(5e-324, 1.7e308), grid(0.5, 2), grid(1 - 1e-6, 1 + 1e-6)])
      expect(errors(xs, runFn('np.log', xs), Math.log).ulps).toBeLessThanOrEqual(1);
  });

  it('sin, cos: ≤ 1 ulp to |x| = 8.4·10⁸ (the exact reduction), ≤ 2⁻⁵³·|x| absolute to 2⁵⁰', () => {
    for (const [fn, exact] of [
      ['np.sin', Math.sin],
      ['np.cos', Math.cos],
    ] as const) {
      for (const xs of [grid(-10, 10), grid(-1e5, 1e5), grid(-TRIG64.exactBelow, TRIG64.exactBelow)])
        expect(errors(xs, runFn(fn, xs), exact).ulps, `${fn} to ${xs.at(-1)}`).toBeLessThanOrEqual(1);
      const big = logGrid(TRIG64.exactBelow, 2 ** 50);
      const got = runFn(fn, big);
      big.forEach((x, i) => expect(Math.abs((got[i] as number) - exact(x))).toBeLessThanOrEqual(2 ** -53 * x));
    }
  });

  it('tanh: ≤ 2 ulp of Math.tanh on [−25, 25] and near 0 (both branches, around the switch at 0.625)', () => {
    for (const xs of [grid(-25, 25), grid(-0.7, 0.7), logGrid(1e-300, 0.6)])
      expect(errors(xs, runFn('np.tanh', xs), Math.tanh).ulps).toBeLessThanOrEqual(2);
  });

  it('pow: ≤ 1 ulp of Math.pow, also where |y·ln x| is large (e^(y·log x) done plainly loses |y·ln x| ulps)', () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cases: [() => number, () => number][] = [
      [() => rnd() * 3, () => rnd() * 8 - 4],
      [() => 1.3 + rnd() * 0.12, () => 1900 + rnd() * 100],
      [() => 0.5 + rnd() * 1.5, () => rnd() * 2000 - 1000],
      [() => Math.exp((rnd() * 2 - 1) * 690), () => rnd() * 2 - 1],
      [() => -rnd() * 3, () => Math.round(rnd() * 60 - 30)],
    ];
    for (const [gx, gy] of cases) {
      const xs = Array.from({ length: 1 << 13 }, gx);
      const ys = Array.from({ length: 1 << 13 }, gy);
      const got = runPow(xs, ys);
      xs.forEach((x, i) => {
        const want = x ** (ys[i] as number);
        if (Number.isFinite(want)) expect(Math.abs((got[i] as number) - want) / ulp(want)).toBeLessThanOrEqual(1);
      });
    }
  });

  it('sqrt is correctly rounded', () => {
    const xs = logGrid(1e-300, 1e300);
    expect(errors(xs, runFn('np.sqrt', xs), Math.sqrt).ulps).toBeLessThanOrEqual(0.5);
  });
});

/** Correctly rounded values (mpmath, 300 bits): the kernels within 1 ulp of the true value. */
const TRUE_VALUES: Record<string, [number, number][]> = {
  // The doubles nearest n·π/2 for n ≤ 2²⁹ whose reduced argument is smallest (to 5·10⁻¹⁸), then ordinary points.
  'np.sin': [
    [45.553093477052, 1.0],
    [364.424747816416, 4.951845092706862e-18],
    [2915.397982531328, 3.9614760741654893e-17],
    [92133.48775182787, -2.7186140786377673e-16],
    [23323.183860250625, 3.1691808593323915e-16],
    [1e-300, 1e-300],
    [3.0, 0.1411200080598672],
    [830000000.7, -0.6950929587235443],
    [123456.789, -0.9986640823432246],
  ],
  'np.cos': [
    [45.553093477052, -6.189806365883577e-19],
    [1.5707963267948966, 6.123233995736766e-17],
    [92133.48775182787, -1.0],
    [100000.3, -0.9652903373115773],
    [830000000.7, 0.7189198694798671],
    [123456.789, 0.05167253271870138],
  ],
  'np.exp': [
    [-745.0, 5e-324],
    [-708.4, 2.217119081664265e-308],
    [1e-10, 1.0000000001],
    [0.3465735902799727, 1.4142135623730951],
    [700.5, 1.6721859620674984e304],
    [709.78, 1.7928227943945155e308],
  ],
  'np.log': [
    [5e-324, -744.4400719213812],
    [1e-310, -713.8013788281542],
    [0.9999999999999999, -1.1102230246251565e-16],
    [1.0000000000000002, 2.2204460492503128e-16],
    [0.7071067811865476, -0.3465735902799726],
    [1.7976931348623157e308, 709.782712893384],
  ],
  // Where V8's Math.tanh is 1.3–1.6 ulp off; the kernel is within 1.
  'np.tanh': [
    [-0.9787136644541086, -0.7525085212055191],
    [-0.8639658197872898, -0.6982953260736268],
    [-0.9182879377425806, -0.725086477492496],
    [0.6249999999999999, 0.5545997223493823],
    [0.625, 0.5545997223493823],
    [5.0, 0.9999092042625951],
  ],
};

describe('float64 Wasm SIMD math against correctly rounded values', () => {
  it.each(Object.entries(TRUE_VALUES))('%s', (fn, pairs) => {
    const got = runFn(
      fn,
      pairs.map(([x]) => x),
    );
    pairs.forEach(([x, want], i) =>
      expect(Math.abs((got[i] as number) - want) / ulp(want), `${fn}(${x})`).toBeLessThanOrEqual(1),
    );
  });

  it('pow, including |y·ln x| ≈ 670 and results at both ends of the range', () => {
    const cases: [number, number, number][] = [
      [1.4002674531936645, 1994.7138726711273, 4.4575792120523784e291],
      [0.9030528664588928, 678.0047416687012, 9.404224593425265e-31],
      [1.0000001, 7.0e9, 1.0141969717459648e304],
      [7.0, -3.3, 0.0016262094032164613],
      [123.456, 0.000123, 1.0005925293087037],
      [0.5, 1074.0, 5e-324],
      [1e-300, 1.01, 9.99999999999994e-304],
    ];
    const got = runPow(
      cases.map((c) => c[0]),
      cases.map((c) => c[1]),
    );
    cases.forEach(([x, y, want], i) =>
      expect(Math.abs((got[i] as number) - want) / ulp(want), `${x}**${y}`).toBeLessThanOrEqual(1),
    );
  });
});

describe('float64 Wasm SIMD math: special values as NumPy gives them', () => {
  const { NaN: nan } = Number;
  it.each([
    ['np.exp', [Infinity, -Infinity, nan, 710, -746, 0, -0], [Infinity, 0, nan, Infinity, 0, 1, 1]],
    ['np.log', [0, -0, -1, Infinity, nan, 1, -Infinity], [-Infinity, -Infinity, nan, Infinity, nan, 0, nan]],
    ['np.sin', [Infinity, -Infinity, nan, 0, -0], [nan, nan, nan, 0, -0]],
    ['np.cos', [Infinity, nan, 0], [nan, nan, 1]],
    ['np.tanh', [Infinity, -Infinity, nan, 0, -0, 50, -50, 1e-310], [1, -1, nan, 0, -0, 1, -1, 1e-310]],
    ['np.sqrt', [-1, 0, Infinity, nan], [nan, 0, Infinity, nan]],
    ['np.abs', [-0, -Infinity, nan], [0, Infinity, nan]],
  ])('%s', (fn, xs, want) => {
    const got = runFn(fn, xs);
    want.forEach((w, i) => expect(got[i], `${fn}(${xs[i]})`).toBe(w));
  });

  it('powers: zeros, infinities and NaN as NumPy; whole exponents keep the sign of negative bases (−0 too)', () => {
    const cases: [number, number, number][] = [
      [0, 2, 0],
      [0, -1, Infinity],
      [-0, 3, -0],
      [-0, 0.5, 0],
      [Infinity, -2, 0],
      [-Infinity, 3, -Infinity],
      [nan, 0, 1],
      [0, 0, 1],
      [2, Infinity, Infinity],
      [0.5, Infinity, 0],
      [-2, 0.5, nan],
      [-2, 3, -8],
      [-2, 2, 4],
      [2, 1024, Infinity],
      [2, -1074, 5e-324],
      [2, -1075, 0],
      [nan, 2, nan],
    ];
    const got = runPow(
      cases.map((c) => c[0]),
      cases.map((c) => c[1]),
    );
    cases.forEach(([x, y, want], i) => expect(got[i], `${x}**${y}`).toBe(want));
  });
});
