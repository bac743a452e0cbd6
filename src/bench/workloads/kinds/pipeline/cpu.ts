/**
 * The pipeline's CPU part: each worker takes its slice of every step (the step kinds' own
 * slicing for the same number of workers) and runs them in sequence, the whole sequence
 * `repeat` times; the run's time is from the shared start to the last worker's end. The
 * CPU has no copies to make, so "data stays on the GPU" changes nothing here. Workers do
 * not wait for each other between steps, as the steps read their own inputs (each output
 * is checked against its own reference, as on the GPU): with even slices the difference
 * is one step's imbalance, not the pipeline's.
 *
 * A slice carries its steps as text (`plan`: JSON of each step's kind, shape and slice),
 * since a slice is a flat record; `prepare` checks every step slice before using it.
 */
import type { PipelineShape } from '../../../../model/workloads/kinds/pipeline.ts';
import type { WorkloadSlice } from '../../../workers/protocol.ts';
import { validSlice, type CpuKernel, type PreparedSlice } from '../../cpu/kernel.ts';
import type { Check } from '../../inputs.ts';
import { benchStepKind, isBenchStepId } from '../steps.ts';

/** One worker's part of a pipeline. */
export type PipelineSlice = { kind: 'pipeline'; repeat: number; plan: string };

/** One step of a slice's plan: its kind and shape, and this worker's slice of it (null: none left for this worker). */
interface PlannedStep {
  id: string;
  shape: Record<string, unknown>;
  slice: WorkloadSlice | null;
}

function parsePlan(text: string): PlannedStep[] {
  const plan: unknown = JSON.parse(text);
  if (!Array.isArray(plan)) throw new Error('a pipeline slice needs a list of steps');
  return plan.map((step: unknown, i) => {
    const s = step as Partial<PlannedStep> | null;
    if (!s || typeof s.id !== 'string' || !isBenchStepId(s.id) || typeof s.shape !== 'object' || s.shape === null)
      throw new Error(`step ${i + 1} of the pipeline slice is not a runnable step`);
    if (s.slice !== null && (typeof s.slice !== 'object' || s.slice === undefined || !validSlice(s.slice)))
      throw new Error(`step ${i + 1} of the pipeline slice has an invalid slice`);
    return { id: s.id, shape: s.shape, slice: s.slice };
  });
}

export const pipelineCpu: CpuKernel<PipelineShape, PipelineSlice> = {
  slices(shape, threads) {
    const perStep = shape.steps.map((w) => {
      if (!isBenchStepId(w.id)) throw new Error(`${String(w.id)} has no CPU kernel to run in a pipeline`);
      return benchStepKind(w.id).cpu.slices(w.shape, threads);
    });
    const workers = perStep.reduce((n, s) => Math.max(n, s.length), 0);
    return Array.from({ length: workers }, (_, i) => ({
      kind: 'pipeline',
      repeat: shape.repeat,
      plan: JSON.stringify(
        shape.steps.map((w, j): PlannedStep => ({ id: w.id, shape: w.shape, slice: perStep[j]?.[i] ?? null })),
      ),
    }));
  },
  async prepare(slice, dtype, flavor) {
    const steps: { name: string; id: string; shape: Record<string, unknown>; prepared: PreparedSlice }[] = [];
    for (const [i, s] of parsePlan(slice.plan).entries()) {
      if (s.slice === null || !isBenchStepId(s.id)) continue;
      const prepared = await benchStepKind(s.id).cpu.prepare(s.slice, dtype, flavor);
      steps.push({ name: `step ${i + 1} (${s.id})`, id: s.id, shape: s.shape, prepared });
    }
    const values: (number | undefined)[] = steps.map(() => undefined);
    return {
      run: () => {
        for (let k = 0; k < slice.repeat; k++) {
          for (const [j, s] of steps.entries()) values[j] = s.prepared.run();
        }
        return undefined;
      },
      check: (): Check => {
        let checked = 0;
        for (const [j, s] of steps.entries()) {
          const c = s.prepared.check();
          if (!c.ok) return { ok: false, error: `${s.name}: ${c.error}` };
          checked += c.checked;
          // A step whose slices add up to one result (a sum): this slice's part against its own reference.
          const cpu = isBenchStepId(s.id) ? benchStepKind(s.id).cpu : undefined;
          if (cpu?.checkTotal && s.prepared.reference) {
            const t = cpu.checkTotal(values[j] ?? Number.NaN, s.prepared.reference, s.shape, dtype);
            if (!t.ok) return { ok: false, error: `${s.name}: ${t.error}` };
            checked += t.checked;
          }
        }
        return { ok: true, checked };
      },
    };
  },
};
