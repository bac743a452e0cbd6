/** The layer-norm CPU kernel and reference, float32 and float64: every element within tolerance; normalised rows; the check rejects wrong output. */
import { describe, expect, it } from 'vitest';
import { WorkloadInstance } from '../../../../../src/bench/workloads/cpu/instance.ts';
import { F32, F64 } from '../../../../../src/bench/workloads/cpu/lanes.ts';
import { roundingOf } from '../../../../../src/bench/workloads/inputs.ts';
import { layernormCpu, layernormFunc, layernormPlan } from '../../../../../src/bench/workloads/kinds/layernorm/cpu.ts';
import {
  checkLayernorm,
  layernormBeta,
  layernormElement,
  layernormGamma,
  layernormRowStats,
} from '../../../../../src/bench/workloads/kinds/layernorm/reference.ts';

describe.each([F32, F64])('layernorm rows ($dtype)', (L) => {
  const r = roundingOf(L.dtype);
  it.each([
    [1, 1],
    [1, 2],
    [3, 5],
    [2, 4],
    [7, 33],
    [1, 1000],
    [50, 3],
  ])('%i rows × %i columns: every element within tolerance', (rows, cols) => {
    const inst = WorkloadInstance.createSync([layernormFunc(L)]);
    const r0 = 5;
    const plan = layernormPlan(inst, L, rows, cols, r0);
    plan.run();
    for (let i = 0; i < rows; i++) {
      const stats = layernormRowStats(r0 + i, cols, L.dtype);
      for (let c = 0; c < cols; c++) {
        const want = layernormElement(r0 + i, c, cols, stats, L.dtype, r);
        expect(Math.abs(plan.get(i, c) - want.value)).toBeLessThanOrEqual(want.tol);
      }
    }
    expect(checkLayernorm((i, c) => plan.get(i - r0, c), r0, rows, cols, L.dtype, r)).toMatchObject({ ok: true });
  });

  it('undoing γ and β leaves rows of mean 0 and variance 1', () => {
    const cols = 257;
    const inst = WorkloadInstance.createSync([layernormFunc(L)]);
    const plan = layernormPlan(inst, L, 1, cols, 0);
    plan.run();
    const z = Array.from(
      { length: cols },
      (_, c) => (plan.get(0, c) - layernormBeta(c, L.dtype)) / layernormGamma(c, L.dtype),
    );
    const mean = z.reduce((a, b) => a + b, 0) / cols;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / cols;
    expect(Math.abs(mean)).toBeLessThan(1e-5);
    expect(variance).toBeCloseTo(1, 3);
  });
});

describe('layernorm check and slices', () => {
  it('rejects a row normalised with the wrong mean', () => {
    const cols = 20;
    const r = roundingOf('f32');
    const good = (i: number, c: number) =>
      layernormElement(i, c, cols, layernormRowStats(i, cols, 'f32'), 'f32', r).value;
    expect(checkLayernorm(good, 0, 3, cols, 'f32', r).ok).toBe(true);
    expect(checkLayernorm((i, c) => good(i, c) + 0.01, 0, 3, cols, 'f32', r).ok).toBe(false);
  });
  it('whole rows per worker', () => {
    const s = layernormCpu.slices({ rows: 10, cols: 64 }, 3);
    expect(s.reduce((a, x) => a + x.rows, 0)).toBe(10);
  });
});
