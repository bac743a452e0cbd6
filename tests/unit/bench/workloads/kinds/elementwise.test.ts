/** The elementwise CPU kernel, float32 and float64: every element exact, from any global offset; the check rejects a wrong one. */
import { describe, expect, it } from 'vitest';
import { WorkloadInstance } from '../../../../../src/bench/workloads/cpu/instance.ts';
import { axpbFunc, axpbPlan, elementwiseCpu } from '../../../../../src/bench/workloads/kinds/elementwise/cpu.ts';
import { axpbElement, checkAxpb } from '../../../../../src/bench/workloads/kinds/elementwise/reference.ts';
import { F32, F64 } from '../../../../../src/bench/workloads/cpu/lanes.ts';

describe.each([F32, F64])('elementwise a·b + c ($dtype)', (L) => {
  it.each([1, 3, 7, 8, 15, 16, 17, 1000, 4099])('n = %i: every element exact, from any global offset', (n) => {
    const inst = WorkloadInstance.createSync([axpbFunc(L)]);
    for (const first of [0, 12345]) {
      const plan = axpbPlan(inst, L, n, first);
      plan.run();
      const out = plan.out();
      for (let i = 0; i < n; i++) expect(out[i]).toBe(axpbElement(first + i, L.dtype).unfused);
      expect(checkAxpb(out, first, L.dtype)).toMatchObject({ ok: true });
    }
  });
  it('the check rejects a wrong element', () => {
    const values = Array.from({ length: 100 }, (_, i) => axpbElement(i, L.dtype).unfused);
    const out = L.dtype === 'f64' ? Float64Array.from(values) : Float32Array.from(values);
    out[99] = 0;
    expect(checkAxpb(out, 0, L.dtype).ok).toBe(false);
  });
});

describe('elementwise slices', () => {
  it('whole 64-byte lines per worker, covering every element once', () => {
    const s = elementwiseCpu.slices({ elements: 1_000_003, inputs: 3, outputs: 1, flopsPerElement: 2 }, 16);
    expect(s.slice(0, -1).every((x) => x.count % 16 === 0)).toBe(true);
    expect(s.reduce((a, x) => a + x.count, 0)).toBe(1_000_003);
  });
});
