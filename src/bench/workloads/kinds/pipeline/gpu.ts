/**
 * The pipeline's GPU part: its steps' kernels in sequence, `repeat` times, each step laid
 * out by its own kind (a `GpuStage`: inputs, launches, output, check), with "data stays on
 * the GPU" deciding the copies, as the model counts them:
 *
 * - on: every step's arrays are put on the GPU once; the first step's inputs are the timed
 *   upload, the other steps' inputs go up before it (standing in for the previous step's
 *   output and resident weights: the model takes both as already there); then the steps'
 *   launches back to back, the whole sequence `repeat` times in one compute pass; then the
 *   last step's output is read back, once.
 * - off: every repetition, every step copies its inputs up, runs, and reads its output
 *   back (NumPy between CuPy calls); uploads, kernel times and readbacks are summed.
 *
 * Each step reads its own inputs rather than the previous step's output, so that every
 * step's output can be checked against its own CPU reference; the copies and the launches
 * are the pipeline's. After the timed runs every step's output is read back (not timed)
 * and checked: a wrong step fails the run with its number.
 */
import type { PipelineShape } from '../../../../model/workloads/kinds/pipeline.ts';
import { median } from '../../../../model/shared/stats.ts';
import { GpuBenchError } from '../../../gpu/errors.ts';
import {
  encodeLaunches,
  inputBuffers,
  outputBuffer,
  readOutput,
  readOutputVia,
  readbackBuffer,
  timeRuns,
  uploadInputs,
  writeInputs,
  type Launch,
} from '../../gpu/context.ts';
import { runParts, type GpuKernel, type GpuRun, type GpuRunParts, type GpuStage } from '../../gpu/run.ts';
import { benchStepKind, isBenchStepId } from '../steps.ts';

/** A step's stage with its name for messages ('step 2 (softmax)'). */
interface NamedStage {
  name: string;
  stage: GpuStage;
}

/** Run `check` on a step's output, its mismatch named with the step. */
function checkStep(s: NamedStage, data: Float32Array): number {
  try {
    return s.stage.check(data);
  } catch (e) {
    if (e instanceof GpuBenchError) throw new GpuBenchError(`${s.name}: ${e.message}`, e.kind, e.fatal);
    throw e;
  }
}

/** Data stays on the GPU: one upload, `repeat` × every step's launches, one readback. */
async function resident(r: GpuRun, steps: readonly NamedStage[], repeat: number): Promise<GpuRunParts> {
  const { ctx } = r;
  // The later steps' inputs first, untimed; then the first step's, the timed upload.
  const inputs: GPUBuffer[][] = [];
  for (const [i, s] of steps.entries()) {
    if (i > 0) inputs[i] = (await uploadInputs(ctx, s.stage.inputs, `s${i + 1}.in`)).buffers;
  }
  const first = steps[0] as NamedStage;
  const up = await uploadInputs(ctx, first.stage.inputs, 's1.in');
  inputs[0] = up.buffers;
  const outputs: GPUBuffer[] = [];
  const sequence: Launch[] = [];
  for (const [i, s] of steps.entries()) {
    const output = await outputBuffer(ctx, `s${i + 1}.out`, s.stage.output.bytes);
    outputs.push(output);
    sequence.push(...(await s.stage.launches(inputs[i] ?? [], output)));
  }
  const all: Launch[] = [];
  for (let k = 0; k < repeat; k++) all.push(...sequence);
  const computeSamples = await timeRuns(ctx, all, r.runs);
  const lastIndex = steps.length - 1;
  const last = steps[lastIndex] as NamedStage;
  const back = await readOutput(
    ctx,
    outputs[lastIndex] as GPUBuffer,
    last.stage.output.elements,
    last.stage.output.dtype,
  );
  let samples = checkStep(last, back.data);
  for (const [i, s] of steps.entries()) {
    if (i === lastIndex) continue;
    const out = await readOutput(ctx, outputs[i] as GPUBuffer, s.stage.output.elements, s.stage.output.dtype);
    samples += checkStep(s, out.data);
  }
  return runParts(up, computeSamples, back, { samples, launches: all.length });
}

/** Data goes back after every step: per repetition and step, an upload, the step's launches, a readback. */
async function roundTrips(r: GpuRun, steps: readonly NamedStage[], repeat: number): Promise<GpuRunParts> {
  const { ctx } = r;
  const placed = [];
  for (const [i, s] of steps.entries()) {
    const inputs = await inputBuffers(ctx, s.stage.inputs, `s${i + 1}.in`);
    const output = await outputBuffer(ctx, `s${i + 1}.out`, s.stage.output.bytes);
    const staging = await readbackBuffer(ctx, s.stage.output.elements, s.stage.output.dtype);
    const launches = await s.stage.launches(inputs, output);
    placed.push({ ...s, inputs, output, staging, encode: encodeLaunches(ctx, launches), launches: launches.length });
  }
  const last = new Map<NamedStage, Float32Array>();
  const ups: number[] = [];
  const backs: number[] = [];
  const computeSamples: number[] = [];
  const bytes = { up: 0, back: 0 };
  // One untimed run first (as timeRuns does), then the timed ones.
  for (let run = 0; run <= r.runs; run++) {
    const t = { up: 0, compute: 0, back: 0 };
    bytes.up = 0;
    bytes.back = 0;
    for (let k = 0; k < repeat; k++) {
      ctx.guard.checkAbort();
      for (const p of placed) {
        const w = await writeInputs(ctx, p.inputs, p.stage.inputs);
        t.up += w.seconds;
        bytes.up += w.bytes;
        t.compute += (await ctx.timer.time(p.encode, ctx.label)).ms / 1000;
        const b = await readOutputVia(ctx, p.output, p.staging, p.stage.output.elements, p.stage.output.dtype);
        t.back += b.seconds;
        bytes.back += b.bytes;
        last.set(p, b.data);
      }
    }
    if (run === 0) continue;
    ups.push(t.up);
    computeSamples.push(t.compute);
    backs.push(t.back);
  }
  let samples = 0;
  for (const p of placed) samples += checkStep(p, last.get(p) ?? new Float32Array(0));
  return runParts(
    { seconds: median(ups), bytes: bytes.up },
    computeSamples,
    { seconds: median(backs), bytes: bytes.back },
    {
      samples,
      launches: repeat * placed.reduce((n, p) => n + p.launches, 0),
    },
  );
}

export const pipelineGpu: GpuKernel<PipelineShape> = {
  // Each step's kernels are its own kind's (looked up under that kind).
  shaders: [],
  async run(r, shape) {
    const steps: NamedStage[] = [];
    for (const [i, w] of shape.steps.entries()) {
      const name = `step ${i + 1} (${w.id})`;
      // Every runnable single kind's GPU part is a stage (kinds/steps.ts checks it); a step of another kind has no kernels.
      if (!isBenchStepId(w.id)) throw new GpuBenchError(`${name} has no kernels to run`, 'internal', false);
      steps.push({ name, stage: await benchStepKind(w.id).gpu.stage(r.step(w.id), w.shape) });
    }
    if (steps.length === 0) throw new GpuBenchError('a pipeline needs at least one step', 'internal', false);
    return shape.dataStaysOnGpu ? resident(r, steps, shape.repeat) : roundTrips(r, steps, shape.repeat);
  },
};
