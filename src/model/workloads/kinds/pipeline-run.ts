/**
 * How a pipeline runs for real ("Run this workload"): each step as its own kind runs it
 * (one product of a batch, an FFT of real data as complex, …, each change said with its
 * step's number), its arrays those of its steps held together once (a repetition reuses
 * them), and a run that does not fit shrinks first its repeat count (the size axis), then
 * every step at once, to a share of its own size, then each step along its own kind's
 * axes. Pure: the runs are
 * src/bench/workloads/kinds/pipeline/.
 */
import type { AnyShape, KindSizeAxis, RunSpec } from './define.ts';
import type { PipelineShape } from './pipeline.ts';
import { stepRun } from './step-runs.ts';
import { kernelWorkload, stepKind, type KernelWorkload } from './steps.ts';

/** Step `i` (from 0) as the notes name it: 'Step 2 (softmax)'. */
function stepName(i: number, w: KernelWorkload): string {
  return `Step ${i + 1} (${w.id})`;
}

/** A step with every axis the run of its kind shrinks along — its size axis, then the further ones — at `fraction` of its own size. */
export function scaledStep(w: KernelWorkload, fraction: number): KernelWorkload {
  if (fraction >= 1) return w;
  const kind = stepKind(w.id);
  const run = stepRun(w.id);
  const shrink = (axis: KindSizeAxis<AnyShape>, snap?: (size: number) => number) => {
    const target = Math.max(axis.min, Math.min(axis.current, Math.round(axis.current * fraction)));
    return axis.at(snap ? snap(target) : target);
  };
  let shape: AnyShape = w.shape;
  // Each axis is taken at the shape so far: its limits follow the earlier changes (conv2d's kernel must fit).
  const first = run?.shrinkFirst?.(shape).length ?? 0;
  for (let i = 0; i < first; i++) {
    const axis = run?.shrinkFirst?.(shape)[i];
    if (axis) shape = shrink({ ...axis, min: 1 });
  }
  shape = shrink(kind.sizeAxis(shape), run?.snapSize);
  const further = run?.fitAxes?.(shape).length ?? 0;
  for (let i = 0; i < further; i++) {
    const axis = run?.fitAxes?.(shape)[i];
    if (axis) shape = shrink(axis);
  }
  return kernelWorkload(w.id, w.dtype, shape);
}

/**
 * The share of every step's size that runs, in percent (continuous, down to a billionth):
 * the pipeline's second fit axis, which keeps the steps in proportion.
 */
function stepSizeAxis(s: PipelineShape): KindSizeAxis<PipelineShape> {
  return {
    label: 'size of every step, % of its own',
    unit: '% of every step’s size',
    integer: false,
    min: 1e-7,
    max: 100,
    current: 100,
    at: (percent) => ({ ...s, steps: s.steps.map((w) => scaledStep(w, percent / 100)) }),
  };
}

/**
 * Every axis step `i`'s own kind shrinks a run along — its size axis (on sizes its kernels
 * take), then its further ones — acting on that step of the pipeline: what a fit shrinks
 * when every step at 1 % of its size still does not fit.
 */
function stepAxes(s: PipelineShape, i: number): KindSizeAxis<PipelineShape>[] {
  const w = s.steps[i];
  if (!w) return [];
  const kind = stepKind(w.id);
  const run = stepRun(w.id);
  const snap = run?.snapSize;
  const size = kind.sizeAxis(w.shape);
  const own = [
    ...(run?.shrinkFirst?.(w.shape) ?? []),
    snap ? { ...size, at: (v: number) => size.at(snap(v)) } : size,
    ...(run?.fitAxes?.(w.shape) ?? []),
  ];
  return own.map((axis) => ({
    ...axis,
    label: `${axis.label} of step ${i + 1}`,
    unit: `${axis.unit} in step ${i + 1}`,
    at: (v: number) => ({
      ...s,
      steps: s.steps.map((x, j) => (j === i ? kernelWorkload(x.id, x.dtype, axis.at(v)) : x)),
    }),
  }));
}

const maxOver = (s: PipelineShape, f: (w: KernelWorkload) => number): number =>
  s.steps.reduce((m, w) => Math.max(m, f(w)), 0);

export const pipelineRun: RunSpec<PipelineShape> = {
  runnable: (s) => {
    const notes: string[] = [];
    const steps = s.steps.map((w, i) => {
      const r = stepRun(w.id)?.runnable(w.shape, w.dtype);
      if (!r) return w;
      for (const n of r.notes) notes.push(`${stepName(i, w)}: ${n}`);
      return kernelWorkload(w.id, w.dtype, r.shape);
    });
    return { shape: { ...s, steps }, notes };
  },
  ranNotes: (s) => [
    s.dataStaysOnGpu
      ? 'With the data on the GPU, the first step’s inputs were the timed upload and the last step’s output the one readback, as the model counts; the other steps’ inputs went up before the timing (standing in for the previous step’s output and resident weights). Each step read its own inputs, so that each output could be checked against its own reference.'
      : 'Every step copied its inputs up and its output back, every repetition, as the model counts. Each step read its own inputs, so that each output could be checked against its own reference.',
    ...s.steps.flatMap((w, i) => (stepRun(w.id)?.ranNotes?.(w.shape) ?? []).map((n) => `${stepName(i, w)}: ${n}`)),
  ],
  cannotRun: (s) => {
    for (const [i, w] of s.steps.entries()) {
      const run = stepRun(w.id);
      if (!run) return `${stepName(i, w)}: ${stepKind(w.id).label} has no kernels to run.`;
      const why = run.cannotRun?.(w.shape);
      if (why !== undefined) return `${stepName(i, w)}: ${why}`;
    }
    return undefined;
  },
  largestArrayElements: (s) => maxOver(s, (w) => stepRun(w.id)?.largestArrayElements(w.shape) ?? 0),
  workgroupsPerDimension: (s) => maxOver(s, (w) => stepRun(w.id)?.workgroupsPerDimension?.(w.shape) ?? 0),
  // Every step's inputs and results, once: a repetition reuses them.
  runBytes: (s) => s.steps.reduce((sum, w) => sum + stepKind(w.id).counts(w.shape, w.dtype).hostBytes, 0),
  fitAxes: (s) => [stepSizeAxis(s), ...s.steps.flatMap((_, i) => stepAxes(s, i))],
  // Repetitions cost the same each: two decades from the run's count down, two points a decade.
  sweep: { decades: 2, perDecade: 2 },
};
