/**
 * Any size the page accepts runs, or is scaled down with a reason (issue #18): every
 * runnable kind at its largest accepted shape, scaled down the way the page does it (the
 * adapter's limits, the memory a run may hold, a time budget at the page's default rates),
 * then its CPU kernel and reference at that size, in-process on one thread. The budget is
 * a tenth of the page's so the compute-bound kinds stay quick on one thread; the
 * memory-bound ones still stop at the adapter's 128 MiB binding, the largest arrays the page
 * runs (softmax and layernorm: one row of 33 554 432 values). The GPU kernels at the page's
 * own scale-down: `npx tsx scripts/verify-gpu-kernels.ts --largest` under Dawn.
 */
import { describe, expect, it } from 'vitest';
import { benchKind } from '../../../../src/bench/workloads/kinds/index.ts';
import { DEFAULT_INPUTS } from '../../../../src/model/estimator/fields.ts';
import type { Workload } from '../../../../src/model/workloads/kinds/index.ts';
import { machineRatesFromFields } from '../../../../src/model/workloads/precision.ts';
import {
  DEFAULT_RUN_LIMITS,
  MAX_RUN_BYTES,
  fitToBudget,
  largestArrayBytes,
  largestWorkload,
  runBytes,
  runnableForm,
  shapeNotRunnableText,
} from '../../../../src/model/workloads/run-fit.ts';
import { RUNNABLE_WORKLOAD_IDS } from '../../../../src/model/workloads/runnable.ts';
import { isAcceptedWorkload } from '../../../../src/model/workloads/url.ts';
import { predictParts } from '../../../../src/model/workloads/verify.ts';

const machine = machineRatesFromFields(DEFAULT_INPUTS, { cpuMemGBps: 20, gpuMemGBps: 360 });
const model = (w: Workload) => {
  const p = predictParts(w, machine);
  return { cpuSeconds: p.cpuSeconds, gpuSeconds: p.gpuTotalSeconds };
};

describe.each(RUNNABLE_WORKLOAD_IDS)('%s at its largest accepted shape', (id) => {
  it(
    'is scaled down with a reason to a shape that fits, and the CPU kernel and reference agree there',
    { timeout: 120_000 },
    async () => {
      const w = largestWorkload(id);
      expect(isAcceptedWorkload(w)).toBe(true);
      expect(shapeNotRunnableText(w)).toBeUndefined();
      // The page gives one run 2 s ÷ (3 timed runs + a warm-up) = 0.5 s per side; a tenth of that here.
      const fit = fitToBudget(runnableForm(w).workload, model, { budgetSeconds: 0.05, limits: DEFAULT_RUN_LIMITS });
      expect(fit.scaledDown).toBe(true);
      expect(fit.reason.length).toBeGreaterThan(10);
      expect(fit.scaled.length).toBeGreaterThan(0);
      expect(isAcceptedWorkload(fit.workload)).toBe(true);
      expect(largestArrayBytes(fit.workload)).toBeLessThanOrEqual(DEFAULT_RUN_LIMITS.maxBindingBytes);
      expect(runBytes(fit.workload)).toBeLessThanOrEqual(MAX_RUN_BYTES);
      expect(shapeNotRunnableText(fit.workload)).toBeUndefined();
      // One slice holding the whole fitted shape, run and checked as a worker would.
      const cpu = benchKind(id).cpu;
      const [slice] = cpu.slices(fit.workload.shape, 1);
      expect(slice).toBeDefined();
      const prepared = await cpu.prepare(slice as never, 'f32', 'mul_add');
      const value = prepared.run();
      const check = prepared.check();
      expect(check, JSON.stringify(fit.workload.shape)).toMatchObject({ ok: true });
      if (cpu.checkTotal && prepared.reference) {
        expect(cpu.checkTotal(value ?? Number.NaN, prepared.reference, fit.workload.shape, 'f32')).toMatchObject({
          ok: true,
        });
      }
    },
  );
});
