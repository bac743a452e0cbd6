import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS } from '../../../../src/model/estimator/fields.ts';
import { machineRatesFromFields } from '../../../../src/model/workloads/precision.ts';
import { estimateWorkload } from '../../../../src/model/workloads/roofline.ts';
import { defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';
import { workloadVariants } from '../../../../src/model/workloads/variants.ts';

const machine = machineRatesFromFields(DEFAULT_INPUTS, { cpuMemGBps: 20, gpuMemGBps: 360 });
const abc: Workload = {
  id: 'expression',
  dtype: 'f32',
  shape: { expr: 'a*b+c', arrays: 'a:100000000,b:100000000,c:100000000', mode: 'fused' },
};

describe('the same code run each way, side by side', () => {
  it('an expression: eager and fused, each with its kernels, totals and the model’s times; the form’s choice marked', () => {
    const v = workloadVariants(abc, machine);
    expect(v?.label).toBe('How it runs');
    const [eager, fused] = v?.variants ?? [];
    expect([eager?.value, fused?.value]).toEqual(['eager', 'fused']);
    expect([eager?.chosen, fused?.chosen]).toEqual([false, true]);
    expect(eager?.counts.kernels.map((k) => k.label)).toEqual(['t1 = a * b', 'out = t1 + c']);
    expect([eager?.counts.deviceBytes, fused?.counts.deviceBytes]).toEqual([2.4e9, 1.6e9]);
    // Each side is the model's own answer for that way.
    for (const x of [eager, fused]) {
      const e = estimateWorkload(x?.workload as Workload, machine).roofline;
      expect(x?.cpuSeconds).toBe(e.cpu.totalSeconds);
      expect(x?.gpuSeconds).toBe(e.gpu.totalSeconds);
      expect(x?.kernelSeconds.reduce((s, k) => s + k.cpu, 0)).toBeCloseTo(e.cpu.kernelSeconds, 12);
    }
    // Memory-bound on the CPU at 20 GB/s: eager moves 1.5× the bytes, so takes 1.5× the time.
    expect((eager?.cpuSeconds ?? 0) / (fused?.cpuSeconds ?? 1)).toBeCloseTo(1.5, 6);
  });

  it('kinds with one way of running have no variants', () => {
    expect(workloadVariants(defaultWorkload('matmul'), machine)).toBeUndefined();
    expect(workloadVariants(defaultWorkload('pipeline'), machine)).toBeUndefined();
  });
});
