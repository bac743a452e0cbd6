/** The sum kernel, float32 and float64: within the block tolerance of the f64 sum; a dropped block is caught. */
import { describe, expect, it } from 'vitest';
import { WorkloadInstance } from '../../../../../src/bench/workloads/cpu/instance.ts';
import { F32, F64 } from '../../../../../src/bench/workloads/cpu/lanes.ts';
import {
  reductionCpu,
  sumFunc,
  sumPlan,
  sumTolerance,
} from '../../../../../src/bench/workloads/kinds/reduction/cpu.ts';
import { sumReference } from '../../../../../src/bench/workloads/kinds/reduction/reference.ts';

describe.each([F32, F64])('sum reduction ($dtype)', (L) => {
  it.each([1, 5, 255, 256, 257, 511, 512, 513, 5000, 100_003])(
    'n = %i: within the block tolerance of the f64 sum',
    (n) => {
      const inst = WorkloadInstance.createSync([sumFunc(L)]);
      const first = 777;
      const got = sumPlan(inst, L, n, first).run();
      const want = sumReference(first, n, L.dtype);
      expect(Math.abs(got - want.value)).toBeLessThanOrEqual(sumTolerance(want.absSum, n, L.dtype));
    },
  );
});

describe('reduction check of the total', () => {
  it('a dropped block would be caught by the tolerance', () => {
    const want = sumReference(0, 100_000, 'f32');
    const oneBlock = sumReference(0, 512, 'f32').value;
    expect(Math.abs(oneBlock)).toBeGreaterThan(sumTolerance(want.absSum, 100_000, 'f32'));
    const shape = { elements: 100_000 };
    expect(reductionCpu.checkTotal?.(want.value, want, shape, 'f32')).toEqual({ ok: true, checked: 1 });
    expect(reductionCpu.checkTotal?.(want.value - oneBlock, want, shape, 'f32').ok).toBe(false);
  });
});
