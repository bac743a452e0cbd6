/**
 * The softmax CPU kernel and reference, float32 and float64: every element within
 * tolerance, rows sum to 1; the reference handles rows far past the 65 536 values where a
 * spread into Math.max overflows the call stack (issue #18).
 */
import { describe, expect, it } from 'vitest';
import { WorkloadInstance } from '../../../../../src/bench/workloads/cpu/instance.ts';
import { F32, F64 } from '../../../../../src/bench/workloads/cpu/lanes.ts';
import { roundingOf } from '../../../../../src/bench/workloads/inputs.ts';
import { softmaxFunc, softmaxPlan } from '../../../../../src/bench/workloads/kinds/softmax/cpu.ts';
import {
  checkSoftmax,
  softmaxElement,
  softmaxRowStats,
  softmaxTolerance,
} from '../../../../../src/bench/workloads/kinds/softmax/reference.ts';

describe.each([F32, F64])('softmax rows ($dtype)', (L) => {
  const r = roundingOf(L.dtype);
  it.each([
    [1, 1],
    [3, 5],
    [2, 4],
    [7, 33],
    [1, 1000],
    [100, 3],
  ])('%i rows × %i columns: every element within tolerance, rows sum to 1', (rows, cols) => {
    const inst = WorkloadInstance.createSync([softmaxFunc(L)]);
    const r0 = 11;
    const plan = softmaxPlan(inst, L, rows, cols, r0);
    plan.run();
    for (let i = 0; i < rows; i++) {
      const stats = softmaxRowStats(r0 + i, cols, L.dtype);
      let s = 0;
      for (let c = 0; c < cols; c++) {
        const got = plan.get(i, c);
        const want = softmaxElement(r0 + i, c, cols, stats, L.dtype);
        s += got;
        expect(Math.abs(got - want)).toBeLessThanOrEqual(softmaxTolerance(cols, r) * want);
      }
      expect(s).toBeCloseTo(1, 5);
    }
    expect(checkSoftmax((i, c) => plan.get(i - r0, c), r0, rows, cols, L.dtype, r)).toMatchObject({ ok: true });
  });
});

describe('softmax check and reference', () => {
  it('the check rejects a row that is off by one element', () => {
    const cols = 9;
    const want = (i: number, c: number): number => softmaxElement(i, c, cols, softmaxRowStats(i, cols, 'f32'), 'f32');
    const r = roundingOf('f32');
    expect(checkSoftmax(want, 0, 4, cols, 'f32', r).ok).toBe(true);
    expect(checkSoftmax((i, c) => want(i, (c + 1) % cols), 0, 4, cols, 'f32', r).ok).toBe(false);
  });

  it('a row of 128 256 values (Llama 3’s vocabulary): the kernel and the reference agree, no stack overflow', () => {
    const cols = 128_256;
    const inst = WorkloadInstance.createSync([softmaxFunc(F32)]);
    const plan = softmaxPlan(inst, F32, 1, cols, 0);
    plan.run();
    expect(checkSoftmax(plan.get, 0, 1, cols, 'f32', roundingOf('f32'))).toMatchObject({ ok: true, checked: 64 });
  });
});
