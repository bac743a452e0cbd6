/**
 * One run of a workload kernel on the GPU (issue 13, "verify the estimate"): what every
 * kind's GPU part does between "here is a device" and "here are the times" is here once —
 * the run's objects and their release, the shader sources, the timer, the FLOPs and bytes
 * (the model's counts, not a second formula), the result. A kind writes only what is its
 * own: its arrays, pipelines, launches and the check of sampled outputs against the CPU
 * reference. A mismatch throws a GpuBenchError('mismatch') naming the first bad output:
 * never a number for a wrong result.
 */
import { workloadCounts } from '../../../model/workloads/counts.ts';
import type { Workload } from '../../../model/workloads/kinds/index.ts';
import { largestArrayBytes } from '../../../model/workloads/run-fit.ts';
import { isAcceptedWorkload } from '../../../model/workloads/url.ts';
import { GpuBenchError } from '../../gpu/errors.ts';
import { createPipeline } from '../../gpu/gpu-helpers.ts';
import { median } from '../../../model/shared/stats.ts';
import type { Check } from '../inputs.ts';
import {
  checkBindable,
  outputBuffer,
  readOutput,
  timeRuns,
  uploadInputs,
  workloadContext,
  type Launch,
  type StoredArray,
  type WorkloadContext,
} from './context.ts';
import { buildShader, type GpuDtype, type UniformLayout, type UniformType } from './shader.ts';

/** WGSL sources of the workload kernels by `<kind>/<file>` (kinds/matmul/matmul.wgsl is 'matmul/matmul'). */
export type WorkloadShaders = Readonly<Record<string, string>>;

export interface GpuWorkloadOptions {
  shaders: WorkloadShaders;
  /** Timed runs after the untimed warm-up (default 5); computeSeconds is their median. */
  runs?: number;
  /** Longest wait for any GPU call, ms (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Clock, ms (default performance.now). */
  now?: () => number;
}

/** What a kind's GPU part measured in one run. */
export interface GpuRunParts {
  /** Every timed run, s. */
  computeSamples: number[];
  /** Host → GPU: writeBuffer of every input array until the queue is done, s (wall clock). */
  uploadSeconds: number;
  /** GPU → host: copy to a mappable buffer, mapAsync and copy out of the output, s (wall clock). */
  readbackSeconds: number;
  /** Kernel launches (dispatches) per run. */
  launches: number;
  /** Distinct outputs compared with the CPU reference (all matched: a mismatch throws). */
  samples: number;
  /** Bytes uploaded and read back (padding to whole vec4 included). */
  uploadBytes: number;
  readbackBytes: number;
  /** Kernel variant, e.g. 'tree' or 'subgroups' for the reduction. */
  variant?: string;
}

export interface GpuWorkloadResult extends GpuRunParts {
  /** Median GPU time of one run of the kernel(s), s. */
  computeSeconds: number;
  /** True: sampled outputs matched the CPU reference (false never returns: it throws). */
  validated: true;
  timer: 'timestamp-query' | 'wall-clock';
  /** The type the kernels stored and read. */
  dtype: GpuDtype;
  /** FLOPs and device bytes of one run, as the workload model counts them. */
  flops: number;
  bytes: number;
  /** flops / computeSeconds / 1e9 and bytes / computeSeconds / 1e9. */
  achievedGflops: number;
  achievedGbps: number;
}

/** What a kind's GPU part gets for one run. */
export interface GpuRun {
  ctx: WorkloadContext;
  dtype: GpuDtype;
  runs: number;
  /** A compute pipeline for `file`'s `entry`, with the storage type and uniform structs in front. */
  pipeline: (
    file: string,
    entry: string,
    opts?: {
      dtype?: GpuDtype;
      uniforms?: readonly UniformLayout<Record<string, UniformType>>[];
      constants?: Record<string, number>;
    },
  ) => Promise<GPUComputePipeline>;
  /** The same run with its shaders looked up under another kind (a pipeline's steps). */
  step(id: string): GpuRun;
}

/**
 * A kind's GPU work for one shape, laid out so that a runner can place it: the arrays its
 * upload copies, its launches on buffers the runner gives, the output those write and the
 * check of that output. A single run uploads, launches, reads back and checks it
 * ({@link runStage}); a pipeline puts several on the device together and chooses which
 * copies to make.
 */
export interface GpuStage {
  /** The input arrays, in the order `launches` receives their buffers (host → device). */
  inputs: StoredArray[];
  /** The output buffer's bytes, and the elements read back (in `dtype`) for the check. */
  output: { bytes: number; elements: number; dtype: GpuDtype };
  /** The launches of one run on the uploaded inputs and the output (makes its uniforms, scratch buffers and bind groups). */
  launches(inputs: GPUBuffer[], output: GPUBuffer): Promise<Launch[]>;
  /** Check the read-back output against the CPU reference: distinct outputs compared; a mismatch throws. */
  check(output: Float32Array): number;
  /** Kernel variant, e.g. 'tree' or 'subgroups'. */
  variant?: string;
}

/** Upload a stage's inputs, time its launches, read back its output and check it. */
export async function runStage(r: Pick<GpuRun, 'ctx' | 'runs'>, stage: GpuStage): Promise<GpuRunParts> {
  const { ctx } = r;
  const up = await uploadInputs(ctx, stage.inputs);
  const out = await outputBuffer(ctx, 'out', stage.output.bytes);
  const launches = await stage.launches(up.buffers, out);
  const computeSamples = await timeRuns(ctx, launches, r.runs);
  const back = await readOutput(ctx, out, stage.output.elements, stage.output.dtype);
  const samples = stage.check(back.data);
  return runParts(up, computeSamples, back, {
    samples,
    launches: launches.length,
    ...(stage.variant === undefined ? {} : { variant: stage.variant }),
  });
}

/** A GPU part that is a stage: it runs alone ({@link runStage}) and as a step of a pipeline. */
export type StagedKernel<S> = GpuKernel<S> & { stage(r: GpuRun, shape: S): Promise<GpuStage> };

/** A GPU part written as a stage: it runs alone ({@link runStage}) and as a step of a pipeline. */
export function stagedKernel<S>(
  shaders: readonly string[],
  stage: (r: GpuRun, shape: S) => Promise<GpuStage>,
): StagedKernel<S> {
  return { shaders, stage, run: async (r, shape) => runStage(r, await stage(r, shape)) };
}

/** A run's parts from its upload, timed launches and readback. */
export function runParts(
  up: { seconds: number; bytes: number },
  computeSamples: number[],
  back: { seconds: number; bytes: number },
  checked: { samples: number; launches?: number; variant?: string },
): GpuRunParts {
  return {
    computeSamples,
    uploadSeconds: up.seconds,
    readbackSeconds: back.seconds,
    launches: checked.launches ?? 1,
    samples: checked.samples,
    uploadBytes: up.bytes,
    readbackBytes: back.bytes,
    ...(checked.variant === undefined ? {} : { variant: checked.variant }),
  };
}

/** A kind's GPU part: its shader files (kinds/<kind>/<file>.wgsl) and one run at a shape. */
export interface GpuKernel<S> {
  readonly shaders: readonly string[];
  run(r: GpuRun, shape: S): Promise<GpuRunParts>;
  /** The run as a stage (see {@link stagedKernel}); absent, the kind cannot be a pipeline step on the GPU. */
  stage?(r: GpuRun, shape: S): Promise<GpuStage>;
}

/**
 * Compiled pipelines per device, by source, entry point and constants: a kernel compiles
 * once per device, not once per run. A software adapter spends up to a second compiling
 * the tiled matmul, which a size sweep (issue #20's ladders, "Also sweep sizes") would
 * otherwise pay at every size. A failed compile is not kept.
 */
const PIPELINES = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

function cachedPipeline(
  device: GPUDevice,
  source: string,
  entry: string,
  constants: Record<string, number> | undefined,
  create: () => Promise<GPUComputePipeline>,
): Promise<GPUComputePipeline> {
  let byKey = PIPELINES.get(device);
  if (!byKey) PIPELINES.set(device, (byKey = new Map<string, Promise<GPUComputePipeline>>()));
  const key = `${entry}\u0000${JSON.stringify(constants ?? {})}\u0000${source}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const made = create();
  byKey.set(key, made);
  made.catch(() => byKey.delete(key));
  return made;
}

/** Run `kernel` for `w` once (after a warm-up), on `device`, in `dtype`. */
export async function runGpuKernel<S>(
  device: GPUDevice,
  id: string,
  kernel: GpuKernel<S>,
  w: Workload,
  dtype: GpuDtype,
  opts: GpuWorkloadOptions,
): Promise<GpuWorkloadResult> {
  if (dtype === 'f16' && !device.features.has('shader-f16')) {
    throw new GpuBenchError('float16 needs the shader-f16 feature, which this device lacks', 'internal', false);
  }
  if (!isAcceptedWorkload(w))
    throw new GpuBenchError(`${id}: ${JSON.stringify(w.shape)} is not a shape this page accepts`, 'internal', false);
  const dims = Object.values(w.shape).filter((v): v is number => typeof v === 'number');
  const label = `workload.${id}.${dims.join('x')}.${dtype}`;
  // Before any array is built: the largest one must fit one binding.
  checkBindable(device, label, largestArrayBytes({ ...w, dtype }));
  const ctx = workloadContext(device, label, opts);
  const runFor = (kind: string): GpuRun => ({
    ctx,
    dtype,
    runs: opts.runs ?? 5,
    pipeline: (file, entry, o = {}) => {
      const code = opts.shaders[`${kind}/${file}`];
      if (code === undefined) throw new GpuBenchError(`no shader ${kind}/${file}.wgsl was loaded`, 'internal', false);
      const source = buildShader(code, { dtype: o.dtype ?? dtype, uniforms: o.uniforms ?? [] });
      return cachedPipeline(device, source, entry, o.constants, () =>
        createPipeline(ctx, source, entry, `${label}.${kind}.${entry}`, o.constants),
      );
    },
    step: runFor,
  });
  const run = runFor(id);
  try {
    const parts = await kernel.run(run, w.shape as S);
    const computeSeconds = median(parts.computeSamples);
    const c = workloadCounts(w);
    return {
      ...parts,
      computeSeconds,
      validated: true,
      timer: ctx.timer.useTimestamps ? 'timestamp-query' : 'wall-clock',
      dtype,
      flops: c.flops,
      bytes: c.deviceBytes,
      achievedGflops: c.flops / computeSeconds / 1e9,
      achievedGbps: c.deviceBytes / computeSeconds / 1e9,
    };
  } finally {
    ctx.destroy();
  }
}

/** |got − want| within `absTol`, or NaN/∞ anywhere: throws a mismatch naming the output. */
export function expectClose(label: string, where: string, got: number, want: number, absTol: number): void {
  if (!Number.isFinite(got) || !(Math.abs(got - want) <= absTol)) {
    throw new GpuBenchError(
      `${label}: output differs from the CPU reference at ${where} (got ${got}, expected ${want} ± ${absTol.toPrecision(3)})`,
      'mismatch',
      false,
    );
  }
}

/** The outputs a check compared, or a mismatch thrown with its message (never a number for a wrong result). */
export function checkedOrThrow(label: string, check: Check): number {
  if (!check.ok)
    throw new GpuBenchError(`${label}: output differs from the CPU reference: ${check.error}`, 'mismatch', false);
  return check.checked;
}

/** Sample indices in [0, count): the first, the last, and evenly spread ones between, at most `max`, distinct. */
export function sampleIndices(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const out = new Set<number>([0, count - 1]);
  // A fixed odd stride visits scattered positions (not only row starts).
  const step = count / (max - 2);
  for (let i = 1; out.size < max && i < max * 2; i++)
    out.add(Math.min(count - 1, Math.floor(i * step + ((i * 7919) % Math.max(1, Math.floor(step))))));
  return [...out].sort((a, b) => a - b);
}
