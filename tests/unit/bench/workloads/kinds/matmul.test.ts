/**
 * The matmul's CPU kernel against the reference: odd sizes, sizes that are not multiples of
 * the MR × NR tile or of the SIMD width, 1×1, tall-skinny and short-wide, several k blocks;
 * float32 and float64, both SIMD flavours. Every element is compared for small shapes; the
 * check must reject wrong output and counts distinct outputs.
 */
import { describe, expect, it } from 'vitest';
import { WorkloadInstance } from '../../../../../src/bench/workloads/cpu/instance.ts';
import { SEED, fillInputs, roundingOf } from '../../../../../src/bench/workloads/inputs.ts';
import { KC, MR, matmulCpu, matmulPanel, matmulPlan } from '../../../../../src/bench/workloads/kinds/matmul/cpu.ts';
import { checkMatmul, dotTolerance, matmulElement } from '../../../../../src/bench/workloads/kinds/matmul/reference.ts';
import { CASES } from './flavors.ts';

describe.each(CASES)('matmul %s (%s)', (dtype, flavor, L) => {
  const r = roundingOf(dtype);
  const inputs = (m: number, n: number, k: number) => {
    const make = (len: number) => (dtype === 'f64' ? new Float64Array(len) : new Float32Array(len));
    const a = make(m * k);
    const b = make(k * n);
    fillInputs(a, SEED.a, 0, dtype);
    fillInputs(b, SEED.b, 0, dtype);
    return { a, b };
  };
  it.each([
    ['1×1×1', 1, 1, 1],
    ['odd 7×5×3', 7, 5, 3],
    ['tile multiples 8×16×8', 8, 16, 8],
    ['non-multiples 13×19×29', 13, 19, 29],
    ['tall-skinny 301×3×17', 301, 3, 17],
    ['short-wide 2×77×5', 2, 77, 5],
    ['several k blocks 9×10×(2·KC+3)', 9, 10, 2 * KC + 3],
    ['column vector result 33×1×64', 33, 1, 64],
  ])('%s: every element matches the f64 reference', (_, m, n, k) => {
    const inst = WorkloadInstance.createSync([matmulPanel(L, flavor)]);
    const plan = matmulPlan(inst, L, m, n, k);
    const { a, b } = inputs(m, n, k);
    plan.run(a, b);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const want = matmulElement(i, j, n, k, dtype);
        expect(Math.abs(plan.get(i, j) - want.value)).toBeLessThanOrEqual(dotTolerance(k, want.absSum, want.value, r));
      }
    }
    // Running again gives the same result (C is zeroed, not accumulated across runs).
    const first = plan.get(m - 1, n - 1);
    plan.run(a, b);
    expect(plan.get(m - 1, n - 1)).toBe(first);
    expect(checkMatmul(plan.get, 0, m, n, k, dtype, r)).toMatchObject({ ok: true });
  });
});

describe('matmul check', () => {
  const r = roundingOf('f32');
  it('rejects a wrong element and a missing term', () => {
    const [m, n, k] = [16, 16, 300];
    const good = (i: number, j: number): number => matmulElement(i, j, n, k, 'f32').value;
    expect(checkMatmul(good, 0, m, n, k, 'f32', r)).toMatchObject({ ok: true });
    expect(checkMatmul((i, j) => good(i, j) + (i === 0 && j === 0 ? 0.01 : 0), 0, m, n, k, 'f32', r).ok).toBe(false);
    // Leave out the last term of every dot product.
    const missing = (i: number, j: number): number => {
      const a = new Float32Array(1);
      const b = new Float32Array(1);
      fillInputs(a, SEED.a, i * k + k - 1);
      fillInputs(b, SEED.b, (k - 1) * n + j);
      return good(i, j) - (a[0] as number) * (b[0] as number);
    };
    expect(checkMatmul(missing, 0, m, n, k, 'f32', r).ok).toBe(false);
  });

  it('counts distinct outputs: a 1×1 product checks one output, not one per sample', () => {
    expect(checkMatmul(() => matmulElement(0, 0, 1, 1, 'f32').value, 0, 1, 1, 1, 'f32', r)).toEqual({
      ok: true,
      checked: 1,
    });
    const c = checkMatmul((i, j) => matmulElement(i, j, 40, 3, 'f32').value, 0, 30, 40, 3, 'f32', r);
    expect(c.ok && c.checked).toBeLessThanOrEqual(32);
    expect(c.ok && c.checked).toBeGreaterThanOrEqual(28);
  });

  it('slices are whole MR-row blocks covering every row once', () => {
    const s = matmulCpu.slices({ m: 30, n: 5, k: 7, batch: 1 }, 4);
    expect(s.every((x) => x.r0 % MR === 0)).toBe(true);
    expect(s.reduce((a, x) => a + x.rows, 0)).toBe(30);
    expect(matmulCpu.slices({ m: 1, n: 1, k: 1, batch: 1 }, 8)).toHaveLength(1);
  });
});
