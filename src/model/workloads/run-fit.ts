/**
 * What "Run this workload" runs (issue #13): the shape the kernels run for a request (each
 * kind's run spec, kinds/runs.ts), which data type each device runs, and how far to scale a size down so
 * a run fits the adapter's limits and a time budget. Any size the page accepts either runs
 * or is scaled down with a reason. Pure: the runs themselves are src/bench/workloads/.
 */
import { DTYPE_BYTES, DTYPE_LABELS, type Dtype } from './dtype.ts';
import { kindOf, workloadOf, type Workload, type WorkloadId } from './kinds/index.ts';
import { RUNNABLE_WORKLOAD_IDS, isRunnableWorkloadId } from './runnable.ts';
import { runOf } from './kinds/runs.ts';
import { sizeAxis, type SizeAxis } from './break-even.ts';
import type { AnyShape, KindSizeAxis } from './kinds/define.ts';
import { workloadCounts } from './counts.ts';

/** The sentence shown instead of a result for workloads without kernels. */
export function notRunnableText(id: WorkloadId): string {
  const names = RUNNABLE_WORKLOAD_IDS.join(', ');
  return `${kindOf(id).label} is not runnable here yet: only ${names} have kernels on both devices.`;
}

/** One device's part of a run: the data type it runs, or why it cannot run the one asked for. */
export type SidePlan = { run: true; dtype: Dtype } | { run: false; reason: string };

export interface RunSides {
  gpu: SidePlan;
  cpu: SidePlan;
}

/**
 * Which device runs the data type asked for. The kernels run exactly that type or not at
 * all, and say why not: float16 on the GPU where the adapter has `shader-f16` (the CPU's
 * WebAssembly has no float16 arithmetic), float64 on the CPU (WGSL has no float64),
 * bfloat16 nowhere (neither has it); and where the kind `id`'s kernels cannot run a type
 * the device runs (its `run.cannotRunType`), that too.
 */
export function runSides(dtype: Dtype, gpu: { shaderF16: boolean }, id?: WorkloadId): RunSides {
  const sides = deviceSides(dtype, gpu);
  const own = id === undefined ? {} : (runOf(id)?.cannotRunType?.(dtype) ?? {});
  return {
    gpu: sides.gpu.run && own.gpu ? { run: false, reason: own.gpu } : sides.gpu,
    cpu: sides.cpu.run && own.cpu ? { run: false, reason: own.cpu } : sides.cpu,
  };
}

/** What the devices themselves run, whatever the kind. */
function deviceSides(dtype: Dtype, gpu: { shaderF16: boolean }): RunSides {
  const name = DTYPE_LABELS[dtype];
  switch (dtype) {
    case 'f32':
      return { gpu: { run: true, dtype }, cpu: { run: true, dtype } };
    case 'f16':
      return {
        gpu: gpu.shaderF16
          ? { run: true, dtype }
          : { run: false, reason: `This GPU adapter has no shader-f16, so WebGPU cannot run ${name} kernels on it.` },
        cpu: {
          run: false,
          reason: `WebAssembly has no ${name} arithmetic, so the CPU kernels cannot run ${name} (NumPy converts each value to float32 in software).`,
        },
      };
    case 'bf16':
      return {
        gpu: { run: false, reason: `WebGPU has no ${name}, so the GPU kernels cannot run it.` },
        cpu: { run: false, reason: `WebAssembly has no ${name}, so the CPU kernels cannot run it.` },
      };
    case 'f64':
      return {
        gpu: {
          run: false,
          reason: `WebGPU has no ${name}, so the GPU kernels cannot run it; the estimate derives the GPU's ${name} rate from float32.`,
        },
        cpu: { run: true, dtype },
      };
  }
}

/**
 * Why a workload cannot run at all here, before any adapter is known: no kernels, or a data
 * type neither device runs. Undefined when at least one side may run.
 */
export function cannotRunText(w: Workload): string | undefined {
  if (!isRunnableWorkloadId(w.id)) return notRunnableText(w.id);
  const shape = shapeNotRunnableText(w);
  if (shape !== undefined) return shape;
  const sides = runSides(w.dtype, { shaderF16: true }, w.id);
  if (!sides.gpu.run && !sides.cpu.run) {
    return `${DTYPE_LABELS[w.dtype]} cannot run here: neither WebGPU nor WebAssembly has ${DTYPE_LABELS[w.dtype]} arithmetic. Pick float32, float16 or float64 to run it.`;
  }
  return undefined;
}

/** Why the kernels cannot run this shape (an FFT of a length that is not a power of two); undefined when they can. */
export function shapeNotRunnableText(w: Workload): string | undefined {
  return runOf(w.id)?.cannotRun?.(w.shape);
}

/** The limits a run must fit: the adapter's, and the memory one run may hold. */
export interface RunLimits {
  /** min(maxStorageBufferBindingSize, maxBufferSize), bytes. */
  maxBindingBytes: number;
  /** maxComputeWorkgroupsPerDimension (matmul uses one workgroup per 64 rows in y). */
  maxWorkgroupsPerDimension: number;
  /**
   * Every array of one run together (its host bytes: inputs and results), bytes. The page
   * builds them in JavaScript for the GPU and again in the workers' WebAssembly memory,
   * which browsers cap at a few GiB; default {@link MAX_RUN_BYTES}.
   */
  maxRunBytes?: number;
}

/** 1 GiB: what one run may hold on each side, whatever the adapter binds. */
export const MAX_RUN_BYTES = 2 ** 30;

/** WebGPU's guaranteed minimums: what every adapter binds. */
export const DEFAULT_RUN_LIMITS: RunLimits = { maxBindingBytes: 128 * 2 ** 20, maxWorkgroupsPerDimension: 65_535 };

/** Default time budget per side for one run on the page, seconds (issue #13). */
export const DEFAULT_BUDGET_SECONDS = 2;

/**
 * The largest array one run of `w` binds, bytes, at the type it runs. The GPU's binding
 * limit also bounds the CPU side's arrays: WebAssembly memory is smaller than RAM (4 GiB
 * at most, often 1–2 GiB in a browser) and every worker holds its slice.
 */
export function largestArrayBytes(w: Workload): number {
  const run = runOf(w.id);
  return run ? run.largestArrayElements(w.shape) * DTYPE_BYTES[w.dtype] : 0;
}

/** Bytes every array of one run of `w` holds together: its host bytes, unless the kind says otherwise (a pipeline). */
export function runBytes(w: Workload): number {
  return runOf(w.id)?.runBytes?.(w.shape) ?? workloadCounts(w).hostBytes;
}

/** True when `w` runs as it is within `limits` (binding, memory per run, workgroups per dimension). */
export function fitsRunLimits(w: Workload, limits: RunLimits): boolean {
  return fitsLimits(w, limits);
}

function fitsLimits(w: Workload, limits: RunLimits): boolean {
  if (largestArrayBytes(w) > limits.maxBindingBytes) return false;
  if (runBytes(w) > (limits.maxRunBytes ?? MAX_RUN_BYTES)) return false;
  const wg = runOf(w.id)?.workgroupsPerDimension?.(w.shape) ?? 0;
  return wg <= limits.maxWorkgroupsPerDimension;
}

/**
 * The largest workload of kind `id` the page accepts and the kernels run: every number at
 * its maximum, every other field as the kind starts (a pipeline's steps each at their own
 * largest), the size axis landed on a size the kernels take (the FFT's largest power of
 * two). What a run must scale down from with a reason (the tests and
 * `scripts/verify-gpu-kernels.ts --largest` start here).
 */
export function largestWorkload(id: WorkloadId, dtype: Dtype = 'f32'): Workload {
  const kind = kindOf(id);
  const shape: Record<string, unknown> = kind.defaultShape
    ? { ...kind.defaultShape(dtype) }
    : Object.fromEntries(kind.params.map((p) => [p.key, p.defaultValue]));
  for (const p of kind.params) if (p.kind === 'number') shape[p.key] = p.max;
  // A composite kind's steps: each at its own largest.
  for (const [key, value] of Object.entries(shape)) {
    if (Array.isArray(value)) shape[key] = (value as Workload[]).map((step) => largestWorkload(step.id, dtype));
  }
  const w = workloadOf(id, dtype, shape);
  const snap = runOf(id)?.snapSize;
  if (!snap) return w;
  const axis = sizeAxis(w);
  return axis.at(snap(axis.current));
}

/** The workload the kernels actually run for `w` (one product of a batch, a*b+c), each change with a sentence. */
export function runnableForm(w: Workload): { workload: Workload; notes: string[] } {
  const run = runOf(w.id);
  if (!run) return { workload: w, notes: [] };
  const r = run.runnable(w.shape, w.dtype);
  return { workload: workloadOf(w.id, w.dtype, r.shape), notes: r.notes };
}

/** How the kernels ran `w` (the shape that ran), in sentences; none for most kinds. */
export function ranNotesFor(w: Workload): string[] {
  return runOf(w.id)?.ranNotes?.(w.shape) ?? [];
}

/** One axis a fit shrank: its unit, the size asked for and the size that runs. */
export interface ScaledAxis {
  unit: string;
  requested: number;
  size: number;
}

export interface FitResult {
  workload: Workload;
  /** The size on the workload's axis that runs. */
  size: number;
  /** The user's size on that axis. */
  requestedSize: number;
  scaledDown: boolean;
  /** Why, in a sentence, when scaled down. */
  reason: string;
  /** Every axis that shrank, in the order they shrank (a row length after the rows). */
  scaled: ScaledAxis[];
}

/** One axis a fit shrinks along; `isSize` for the size axis (its sizes snap to those the kernels run). */
type FitAxis = SizeAxis & { isSize: boolean };

/**
 * The axes a fit shrinks along, in order, each taken at the shape before it: the kind's
 * axes to shrink first (an FFT's batch), the size axis (landing on sizes the kernels run:
 * the FFT's powers of two), then the kind's further axes (a row's length).
 */
function fitAxisAt(w: Workload, index: number): FitAxis | undefined {
  const run = runOf(w.id);
  const first = run?.shrinkFirst?.(w.shape) ?? [];
  const wrap = (a: KindSizeAxis<AnyShape>): FitAxis => ({
    ...a,
    at: (size) => workloadOf(w.id, w.dtype, a.at(size)),
    isSize: false,
  });
  if (index < first.length) return wrap(first[index] as KindSizeAxis<AnyShape>);
  if (index === first.length) {
    const axis = sizeAxis(w);
    const snap = run?.snapSize;
    return { ...axis, at: (size) => axis.at(snap ? snap(size) : size), isSize: true };
  }
  const extra = run?.fitAxes?.(w.shape)[index - first.length - 1];
  return extra ? wrap(extra) : undefined;
}

/**
 * Scale `w` down until one run fits the adapter's limits and each running side's predicted
 * time is within `budgetSeconds`. `secondsAt` predicts (CPU, GPU) seconds of one run; pass
 * the model, or the model times a probe's measured/predicted ratio so a model that misses
 * does not blow the budget. Sizes only ever shrink, one axis at a time: the kind's axes to
 * shrink first (an FFT's batch, down to a floor), the size axis, then the kind's further
 * axes; an axis is bisected only when at its smallest the run fits, otherwise taken there.
 */
export function fitToBudget(
  w: Workload,
  secondsAt: (w: Workload) => { cpuSeconds: number; gpuSeconds: number },
  options: { budgetSeconds?: number; limits?: RunLimits; sides?: { cpu: boolean; gpu: boolean } } = {},
): FitResult {
  const budget = options.budgetSeconds ?? DEFAULT_BUDGET_SECONDS;
  const limits = options.limits ?? DEFAULT_RUN_LIMITS;
  const sides = options.sides ?? { cpu: true, gpu: true };
  const main = sizeAxis(w);
  const ok = (x: Workload): 'ok' | 'limits' | 'budget' => {
    if (!fitsLimits(x, limits)) return 'limits';
    const t = secondsAt(x);
    const worst = Math.max(sides.cpu ? t.cpuSeconds : 0, sides.gpu ? t.gpuSeconds : 0);
    return worst <= budget ? 'ok' : 'budget';
  };
  const done = (x: Workload, scaled: ScaledAxis[], binding: 'ok' | 'limits' | 'budget' | 'smallest'): FitResult => ({
    workload: x,
    size: sizeAxis(x).current,
    requestedSize: main.current,
    scaledDown: scaled.length > 0,
    reason:
      binding === 'limits'
        ? "the requested size does not fit this adapter's buffer limits or the 1 GiB one run may hold"
        : binding === 'budget'
          ? `the requested size would take more than ${budget} s per side`
          : binding === 'smallest'
            ? 'even the smallest size exceeds the budget'
            : '',
    scaled,
  });
  const first = ok(w);
  if (first === 'ok') return done(w, [], 'ok');
  let cur = w;
  const scaled: ScaledAxis[] = [];
  let binding: 'limits' | 'budget' = first;
  for (let i = 0; ; i++) {
    const axis = fitAxisAt(cur, i);
    if (!axis) return done(cur, scaled, 'smallest');
    const requested = axis.current;
    // The size axis reports the size that runs (a snapped one), the others the value bisection kept.
    const sizeOf = (x: Workload, value: number) => (axis.isSize ? sizeAxis(x).current : value);
    const smallest = axis.at(axis.min);
    if (ok(smallest) !== 'ok') {
      // Even this axis at its smallest does not fit: take it there and shrink the next one.
      if (axis.min < requested) scaled.push({ unit: axis.unit, requested, size: sizeOf(smallest, axis.min) });
      cur = smallest;
      continue;
    }
    // Bisection on a log scale: the largest size on this axis that fits (whole sizes, or a
    // continuous one to a part in 10⁶).
    let lo = axis.min;
    let hi = Math.max(lo, axis.integer ? Math.floor(requested) : requested);
    const close = (a: number, b: number) => (axis.integer ? b - a <= 1 : b <= a * (1 + 1e-6));
    while (!close(lo, hi)) {
      let mid = Math.sqrt(lo * hi);
      if (axis.integer) mid = Math.min(hi - 1, Math.max(lo + 1, Math.round(mid)));
      const r = ok(axis.at(mid));
      if (r === 'ok') lo = mid;
      else {
        hi = mid;
        binding = r;
      }
    }
    const result = axis.at(lo);
    scaled.push({ unit: axis.unit, requested, size: sizeOf(result, lo) });
    return done(result, scaled, binding);
  }
}

/**
 * Log-spaced sizes for a sweep from `minSize` to `maxSize` (both included), `perDecade`
 * per factor of ten, whole numbers, deduplicated.
 */
export function sweepSizes(minSize: number, maxSize: number, perDecade = 2): number[] {
  if (!(minSize >= 1 && maxSize >= minSize && perDecade >= 1)) return [];
  const steps = Math.max(1, Math.round(Math.log10(maxSize / minSize) * perDecade));
  const out = new Set<number>();
  for (let i = 0; i <= steps; i++) out.add(Math.round(minSize * (maxSize / minSize) ** (i / steps)));
  return [...out].sort((a, b) => a - b);
}

/** Sizes a measured sweep below a run at `top` visits: the kind's span, or three decades at two points each. */
export function sweepSizesFor(w: Workload, top: number): number[] {
  const spec = runOf(w.id)?.sweep ?? { decades: 3, perDecade: 2 };
  const bottom = Math.max(spec.min ?? 1, Math.round(top / 10 ** spec.decades));
  const snap = runOf(w.id)?.snapSize ?? ((s: number) => s);
  return [...new Set(sweepSizes(bottom, top, spec.perDecade).map(snap))].filter((s) => s >= 1 && s < top);
}

const outputs = (n: number): string => `${n.toLocaleString('en-US')} sampled ${n === 1 ? 'output' : 'outputs'}`;

/** What was checked against the reference, counted as it was: distinct outputs, on each device that ran. */
export function validatedText(r: {
  gpu: { ran: boolean; samples: number; timer: string };
  cpu: { ran: boolean; checked: number; checkedRuns: number; threads: number };
}): string {
  const parts: string[] = [];
  if (r.gpu.ran) parts.push(`${outputs(r.gpu.samples)} on the GPU`);
  if (r.cpu.ran) parts.push(`${outputs(r.cpu.checked)} on the CPU after each of its ${r.cpu.checkedRuns} runs`);
  const how = [
    r.gpu.ran ? `GPU timer: ${r.gpu.timer}` : 'GPU: not run',
    r.cpu.ran ? `CPU: ${r.cpu.threads} workers` : 'CPU: not run',
  ].join('; ');
  return `Validated: ${parts.join(' and ')} matched the reference. ${how}.`;
}
