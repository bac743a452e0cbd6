/** The matvec CPU kernel, float32 and float64, both flavours: every output of small shapes and batches; the check rejects a wrong one. */
import { describe, expect, it } from 'vitest';
import { WorkloadInstance } from '../../../../../src/bench/workloads/cpu/instance.ts';
import { roundingOf } from '../../../../../src/bench/workloads/inputs.ts';
import { matvecCpu, matvecFunc, matvecPlan } from '../../../../../src/bench/workloads/kinds/matvec/cpu.ts';
import { checkMatvec, matvecElement } from '../../../../../src/bench/workloads/kinds/matvec/reference.ts';
import { dotTolerance } from '../../../../../src/bench/workloads/kinds/matmul/reference.ts';
import { CASES } from './flavors.ts';

describe.each(CASES)('matvec %s (%s)', (dtype, flavor, L) => {
  const r = roundingOf(dtype);
  it.each([
    [1, 1, 1],
    [5, 3, 1],
    [17, 33, 1],
    [8, 16, 4],
    [3, 300, 3],
    [64, 1, 2],
  ])('m = %i, n = %i, batch %i: every output matches the f64 reference', (m, n, batch) => {
    const inst = WorkloadInstance.createSync([matvecFunc(L, flavor)]);
    const r0 = 2;
    const plan = matvecPlan(inst, L, { n, batch, r0, rows: m });
    plan.run();
    for (let i = 0; i < m; i++) {
      for (let b = 0; b < batch; b++) {
        const want = matvecElement(r0 + i, b, n, dtype);
        expect(Math.abs(plan.get(i, b) - want.value)).toBeLessThanOrEqual(dotTolerance(n, want.absSum, want.value, r));
      }
    }
    expect(checkMatvec((i, b) => plan.get(i - r0, b), r0, m, n, batch, dtype, r)).toMatchObject({ ok: true });
  });
});

describe('matvec check and slices', () => {
  it('rejects a wrong output; counts distinct outputs', () => {
    const r = roundingOf('f32');
    const good = (i: number, b: number) => matvecElement(i, b, 50, 'f32').value;
    expect(checkMatvec(good, 0, 10, 50, 2, 'f32', r)).toEqual({ ok: true, checked: 20 });
    expect(checkMatvec((i, b) => good(i, b) + (i === 9 && b === 1 ? 0.01 : 0), 0, 10, 50, 2, 'f32', r).ok).toBe(false);
  });
  it('splits the rows of A among the workers, each with the whole batch', () => {
    const s = matvecCpu.slices({ m: 10, n: 7, batch: 3 }, 4);
    expect(s.reduce((a, x) => a + x.rows, 0)).toBe(10);
    expect(s.every((x) => x.batch === 3 && x.n === 7)).toBe(true);
  });
});
