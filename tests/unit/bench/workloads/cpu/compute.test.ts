/**
 * The CPU workload kernels in one Wasm instance against the JavaScript references: odd sizes,
 * sizes that are not multiples of the 4 × 8 tile or of the SIMD width, 1×1, tall-skinny and
 * short-wide, several k blocks; both SIMD flavours where the engine has relaxed SIMD. Every
 * element is compared for small shapes; the checks must reject wrong output.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { detectSimdSupport } from '../../../../../src/bench/cpu/wasm-kernel.ts';
import { KC, WorkloadInstance } from '../../../../../src/bench/workloads/cpu/compute.ts';
import {
  SEED,
  axpbElement,
  checkAxpb,
  checkMatmul,
  checkSoftmax,
  dotTolerance,
  fillInputs,
  matmulElement,
  softmaxRowReference,
  softmaxTolerance,
  sumReference,
  sumTolerance,
} from '../../../../../src/bench/workloads/cpu/reference.ts';

setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20; on by default in Chromium and Node 22
const FLAVORS = detectSimdSupport().relaxed ? (['mul_add', 'relaxed_madd'] as const) : (['mul_add'] as const);

function inputs(m: number, n: number, k: number): { a: Float32Array; b: Float32Array } {
  const a = new Float32Array(m * k);
  const b = new Float32Array(k * n);
  fillInputs(a, SEED.a, 0);
  fillInputs(b, SEED.b, 0);
  return { a, b };
}

describe.each(FLAVORS)('matmul (%s)', (flavor) => {
  const shapes: [string, number, number, number][] = [
    ['1×1×1', 1, 1, 1],
    ['odd 7×5×3', 7, 5, 3],
    ['tile multiples 8×16×8', 8, 16, 8],
    ['non-multiples 13×19×29', 13, 19, 29],
    ['tall-skinny 301×3×17', 301, 3, 17],
    ['short-wide 2×77×5', 2, 77, 5],
    ['several k blocks 9×10×(2·KC+3)', 9, 10, 2 * KC + 3],
    ['column vector result 33×1×64', 33, 1, 64],
  ];
  it.each(shapes)('%s: every element matches the f64 reference', (_, m, n, k) => {
    const inst = WorkloadInstance.createSync(flavor);
    const plan = inst.matmul(m, n, k);
    const { a, b } = inputs(m, n, k);
    plan.run(a, b);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const want = matmulElement(i, j, n, k);
        expect(Math.abs(plan.get(i, j) - want.value)).toBeLessThanOrEqual(dotTolerance(k, want.absSum));
      }
    }
    // Running again gives the same result (C is zeroed, not accumulated across runs).
    const first = plan.get(m - 1, n - 1);
    plan.run(a, b);
    expect(plan.get(m - 1, n - 1)).toBe(first);
    expect(checkMatmul(plan.get, 0, m, n, k)).toMatchObject({ ok: true });
  });

  it('a plan reuses one instance for several shapes (memory grows on demand)', () => {
    const inst = WorkloadInstance.createSync(flavor);
    for (const [m, n, k] of [
      [4, 8, 4],
      [64, 40, 200],
      [3, 3, 3],
    ] as const) {
      const plan = inst.matmul(m, n, k);
      const { a, b } = inputs(m, n, k);
      plan.run(a, b);
      expect(checkMatmul(plan.get, 0, m, n, k, 50)).toMatchObject({ ok: true });
    }
  });
});

describe('matmul check', () => {
  it('rejects a wrong element and a missing term', () => {
    const [m, n, k] = [16, 16, 300];
    const good = (i: number, j: number): number => matmulElement(i, j, n, k).value;
    expect(checkMatmul(good, 0, m, n, k)).toMatchObject({ ok: true });
    expect(checkMatmul((i, j) => good(i, j) + (i === 0 && j === 0 ? 0.01 : 0), 0, m, n, k).ok).toBe(false);
    // Leave out the last term of every dot product.
    const missing = (i: number, j: number): number => good(i, j) - inputValue2(i, j, n, k);
    expect(checkMatmul(missing, 0, m, n, k).ok).toBe(false);
  });
});

function inputValue2(i: number, j: number, n: number, k: number): number {
  const a = new Float32Array(1);
  const b = new Float32Array(1);
  fillInputs(a, SEED.a, i * k + k - 1);
  fillInputs(b, SEED.b, (k - 1) * n + j);
  return (a[0] as number) * (b[0] as number);
}

describe('elementwise a·b + c', () => {
  it.each([1, 3, 15, 16, 17, 1000, 4099])('n = %i: every element exact, from any global offset', (n) => {
    const inst = WorkloadInstance.createSync('mul_add');
    for (const first of [0, 12345]) {
      const plan = inst.axpb(n, first);
      plan.run();
      const out = plan.out();
      for (let i = 0; i < n; i++) expect(out[i]).toBe(axpbElement(first + i));
      expect(checkAxpb(out, first)).toMatchObject({ ok: true });
    }
  });
  it('the check rejects a wrong element', () => {
    const out = Float32Array.from({ length: 100 }, (_, i) => axpbElement(i));
    out[99] = 0;
    expect(checkAxpb(out, 0).ok).toBe(false);
  });
});

describe('sum reduction', () => {
  it.each([1, 5, 511, 512, 513, 5000, 100_003])('n = %i: within the f32-block tolerance of the f64 sum', (n) => {
    const inst = WorkloadInstance.createSync('mul_add');
    const first = 777;
    const got = inst.sum(n, first).run();
    const want = sumReference(first, n);
    expect(Math.abs(got - want.value)).toBeLessThanOrEqual(sumTolerance(want.absSum));
  });
  it('a dropped block would be caught by the tolerance', () => {
    const want = sumReference(0, 100_000);
    const oneBlock = sumReference(0, 512).value;
    expect(Math.abs(oneBlock)).toBeGreaterThan(sumTolerance(want.absSum));
  });
});

describe('softmax rows', () => {
  it.each([
    [1, 1],
    [3, 5],
    [2, 4],
    [7, 33],
    [1, 1000],
    [100, 3],
  ])('%i rows × %i columns: every element within tolerance, rows sum to 1', (rows, cols) => {
    const inst = WorkloadInstance.createSync('mul_add');
    const r0 = 11;
    const plan = inst.softmax(rows, cols, r0);
    plan.run();
    for (let r = 0; r < rows; r++) {
      const want = softmaxRowReference(r0 + r, cols);
      let s = 0;
      for (let c = 0; c < cols; c++) {
        const got = plan.get(r, c);
        s += got;
        expect(Math.abs(got - (want[c] as number))).toBeLessThanOrEqual(softmaxTolerance(cols) * (want[c] as number));
      }
      expect(s).toBeCloseTo(1, 5);
    }
    expect(checkSoftmax((r, c) => plan.get(r - r0, c), r0, rows, cols)).toMatchObject({ ok: true });
  });
  it('the check rejects a row that is off by one element', () => {
    const cols = 9;
    const want = (r: number, c: number): number => softmaxRowReference(r, cols)[c] as number;
    expect(checkSoftmax(want, 0, 4, cols).ok).toBe(true);
    expect(checkSoftmax((r, c) => want(r, (c + 1) % cols), 0, 4, cols).ok).toBe(false);
  });
});
