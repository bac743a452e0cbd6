/**
 * Achievable roofs, measured (issue #20): after the peaks, each kernel class's own kernel —
 * the one "Run this workload" runs, through the same runner, its outputs checked against
 * the CPU reference — climbs its ladder of sizes (src/model/workloads/achievable-plan.ts)
 * on one device until a run takes the profile's target time or the class's budget is
 * spent. Every size becomes a point in the class's metric (`gpu.matmul.gflops`, …); the
 * model fits a fixed cost and a share of the roof to them (achievable-run.ts).
 *
 * One device at a time: the caller runs the GPU's classes and the CPU's apart, never
 * together (a software adapter is the CPU). A failed class fails its metric with the
 * reason and the next class runs; a cancel marks the rest cancelled; a lost device ends
 * the GPU's part.
 */
import { failedMetric, measuredMetric, type Metric } from '../../model/bench/metrics.ts';
import { TimelineRecorder } from '../../model/bench/timeline.ts';
import { median } from '../../model/shared/stats.ts';
import {
  ACHIEVABLE_CLASSES,
  ACHIEVABLE_CLASS_LABELS,
  achievablePointsToDetails,
  type AchievableClass,
  type AchievableDevice,
  type AchievablePoint,
} from '../../model/workloads/achievable.ts';
import { ACHIEVABLE_METRICS } from '../../model/workloads/achievable-run.ts';
import { ACHIEVABLE_KINDS, achievableLadder, rungShape } from '../../model/workloads/achievable-plan.ts';
import { workloadCounts } from '../../model/workloads/counts.ts';
import type { Workload } from '../../model/workloads/kinds/index.ts';
import { fitsRunLimits, type RunLimits } from '../../model/workloads/run-fit.ts';
import type { BenchProfile } from '../types.ts';
import type { WorkerEnv } from '../workers/channel.ts';
import { runCpuWorkload } from '../workloads/cpu/run.ts';
import type { WorkloadShaders } from '../workloads/gpu/run.ts';
import { VerifyError, toVerifyError } from '../workloads/errors.ts';
import { runGpuKernels, type CpuRunner, type GpuRunner } from '../workloads/verify.ts';

/** How much one profile measures per class and device. */
export interface AchievablePlan {
  /** Stop climbing once a run's median reaches this, ms. */
  targetMs: number;
  /** Wall time one class may take on one device, ms (setup included). */
  budgetMs: number;
  /** Timed runs per size, after the runner's own untimed warm-up run. */
  runs: number;
}

/**
 * Quick: a GPU run up to 50 ms (a software adapter stops its matmul near n = 128), three
 * timed runs a size, ≈ 2 s a class; the CPU climbs to 20 ms in ≈ 1 s a class. Full:
 * more time, more runs, and its ladders have twice the sizes (achievable-plan.ts).
 */
export const ACHIEVABLE_PLANS: { readonly [P in BenchProfile]: { readonly [D in AchievableDevice]: AchievablePlan } } =
  {
    quick: {
      gpu: { targetMs: 50, budgetMs: 2000, runs: 3 },
      cpu: { targetMs: 20, budgetMs: 1000, runs: 3 },
    },
    full: {
      gpu: { targetMs: 200, budgetMs: 8000, runs: 5 },
      cpu: { targetMs: 80, budgetMs: 3000, runs: 5 },
    },
  };

/** What a device's part needs: its runner (the real kernels, or fakes in tests) and its limits. */
export interface AchievableDeviceEnv {
  device: AchievableDevice;
  /** One run of `w` with `runs` timed runs: the median seconds and every timed sample. */
  run(
    w: Workload,
    runs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ seconds: number; samples: number[]; threads?: number }>;
  /** Sizes beyond these are not tried (the GPU's binding limits; the CPU shares them). */
  limits: RunLimits;
  now: () => number;
}

/** The GPU's part: the workload kernels on `device`, timestamps around their pass. */
export function gpuAchievableEnv(
  device: GPUDevice,
  shaders: WorkloadShaders,
  limits: RunLimits,
  opts: { timeoutMs?: number; runGpu?: GpuRunner; now?: () => number } = {},
): AchievableDeviceEnv {
  const runGpu = opts.runGpu ?? runGpuKernels;
  return {
    device: 'gpu',
    limits,
    now: opts.now ?? (() => performance.now()),
    run: async (w, runs, signal) => {
      const r = await runGpu(device, w, 'f32', {
        shaders,
        runs,
        timeoutMs: opts.timeoutMs ?? 30_000,
        ...(signal ? { signal } : {}),
      });
      return { seconds: r.computeSeconds, samples: r.computeSamples };
    },
  };
}

/** The CPU's part: the Wasm SIMD kernels on every core, timed from the workers' start barrier to the last end. */
export function cpuAchievableEnv(
  cpu: WorkerEnv,
  limits: RunLimits,
  opts: { timeoutMs?: number; runCpu?: CpuRunner } = {},
): AchievableDeviceEnv {
  const runCpu = opts.runCpu ?? runCpuWorkload;
  return {
    device: 'cpu',
    limits,
    now: () => cpu.now(),
    run: async (w, runs, signal) => {
      const r = await runCpu(cpu, w, { runs, timeoutMs: opts.timeoutMs ?? 60_000, ...(signal ? { signal } : {}) });
      return { seconds: r.seconds, samples: r.samples, threads: r.threads };
    },
  };
}

export interface AchievableRunOptions {
  profile: BenchProfile;
  signal?: AbortSignal | undefined;
  /** Fraction 0…1 of this device's part, and the step in words. */
  onProgress?: (fraction: number, step: string) => void;
  onMetric?: (m: Metric) => void;
  /** Each class becomes one step of the run's timeline. */
  timeline?: TimelineRecorder | undefined;
  /** Overrides the profile's plan (tests). */
  plan?: Partial<AchievablePlan>;
  /** Only these classes (tests, the CLI). */
  classes?: readonly AchievableClass[];
}

/** The step's words: 'GPU matmul kernel'. */
export function classStep(device: AchievableDevice, c: AchievableClass): string {
  return `${device === 'gpu' ? 'GPU' : 'CPU'} ${ACHIEVABLE_CLASS_LABELS[c]} kernel`;
}

/**
 * Climb every class's ladder on one device. Never rejects: each class's metric is ok,
 * failed (with the reason), skipped (after a lost device) or cancelled.
 */
export async function measureAchievable(env: AchievableDeviceEnv, opts: AchievableRunOptions): Promise<Metric[]> {
  const plan: AchievablePlan = { ...ACHIEVABLE_PLANS[opts.profile][env.device], ...opts.plan };
  const classes = ACHIEVABLE_CLASSES.filter((c) => !opts.classes || opts.classes.includes(c));
  const out: Metric[] = [];
  const push = (m: Metric) => {
    out.push(m);
    opts.onMetric?.(m);
  };
  let fatal: string | undefined;
  for (const [i, kernelClass] of classes.entries()) {
    const id = ACHIEVABLE_METRICS[env.device][kernelClass];
    if (opts.signal?.aborted) {
      push(failedMetric(id, 'cancelled', 'cancelled before this class ran'));
      continue;
    }
    if (fatal) {
      push(failedMetric(id, 'skipped', `not run: the run ended early (${fatal})`));
      continue;
    }
    const step = classStep(env.device, kernelClass);
    opts.onProgress?.(i / classes.length, step);
    const work = () =>
      climb(env, kernelClass, plan, opts, (within) => opts.onProgress?.((i + within) / classes.length, step));
    try {
      push(await (opts.timeline ? opts.timeline.timed(step, env.device, work) : work()));
    } catch (e) {
      const err = toVerifyError(e, env.device === 'gpu' ? 'GPU' : 'CPU');
      if (err.kind === 'cancelled') push(failedMetric(id, 'cancelled', 'cancelled while measuring'));
      else {
        push(failedMetric(id, 'failed', err.message));
        if (err.kind === 'device-lost') fatal = err.message;
      }
    }
  }
  opts.onProgress?.(1, env.device === 'gpu' ? 'GPU kernels' : 'CPU kernels');
  return out;
}

/** A kernel expected under this gets three times the timed runs. */
const SHORT_RUN_MS = 5;

/** Sum of FLOPs and bytes: how much bigger the next rung's work is than this one's. */
function workOf(w: Workload): number {
  const c = workloadCounts(w);
  return c.flops + c.deviceBytes;
}

/** One class's ladder on one device: the points, then the metric. Throws what the kernels throw. */
async function climb(
  env: AchievableDeviceEnv,
  kernelClass: AchievableClass,
  plan: AchievablePlan,
  opts: AchievableRunOptions,
  progress: (within: number) => void,
): Promise<Metric> {
  const id = ACHIEVABLE_METRICS[env.device][kernelClass];
  const started = env.now();
  const ladder = achievableLadder(kernelClass, opts.profile).filter((r) =>
    r.workloads.every((w) => fitsRunLimits(w, env.limits)),
  );
  const points: AchievablePoint[] = [];
  let top: { samples: number[]; flops: number; bytes: number }[] = [];
  let stopped = 'the ladder’s last size';
  /** Per workload of a rung: the kernel time expected there (from the rung before), s. */
  let expected: number[] = [];
  /** The least set-up a rung has cost (arrays, upload, checks; a first compile is not typical). */
  let setupMs = Infinity;
  /** Per workload, the smallest rung's time: its fixed cost. */
  let first: number[] = [];
  /** Per workload, the time of the rung before this one. */
  let previous: number[] = [];
  for (const [r, rung] of ladder.entries()) {
    const rungStart = env.now();
    const results: { w: Workload; seconds: number; samples: number[]; runs: number }[] = [];
    for (const [k, w] of rung.workloads.entries()) {
      if (opts.signal?.aborted) throw new VerifyError('cancelled', 'Cancelled.');
      // Short kernels get three times the runs: cheap, and their medians are the noisiest.
      const runs = (expected[k] ?? 0) * 1000 < SHORT_RUN_MS ? 3 * plan.runs : plan.runs;
      const res = await env.run(w, runs, opts.signal);
      results.push({ w, runs, ...res });
      const c = workloadCounts(w);
      points.push({
        size: rung.size,
        shape: rungShape(w, kernelClass),
        flops: c.flops,
        deviceBytes: c.deviceBytes,
        seconds: res.seconds,
        launches: c.kernels.reduce((n, k) => n + k.count, 0),
        ...(res.threads !== undefined ? { threads: res.threads } : {}),
      });
    }
    top = results.map((x) => ({ samples: x.samples, ...countsOf(x.w) }));
    progress(Math.min(1, (env.now() - started) / plan.budgetMs));
    const slowest = Math.max(...results.map((x) => x.seconds)) * 1000;
    if (slowest >= plan.targetMs) {
      stopped = `a run reached the ${plan.targetMs} ms target`;
      break;
    }
    const next = ladder[r + 1];
    if (!next) break;
    // The next rung: set-up as cheap as the cheapest so far, plus its runs scaled by how much more work it holds.
    const kernelMs = results.reduce((a, x) => a + (x.runs + 1) * x.seconds * 1000, 0);
    setupMs = Math.min(setupMs, Math.max(0, env.now() - rungStart - kernelMs));
    // The smallest size is all fixed cost: only the rest grows with the work. Where the last
    // step grew by less than the work did (a matrix-vector kernel on a software adapter gets
    // faster per byte as rows fill its threads), the next one likely does too: the smaller
    // of the two guesses.
    expected = results.map((x, k) => {
      const fixed = Math.min(x.seconds, first[k] ?? x.seconds);
      const linear = fixed + (x.seconds - fixed) * (workOf(next.workloads[k] as Workload) / workOf(x.w));
      const before = previous[k];
      const trend =
        before !== undefined && before > fixed
          ? fixed + (x.seconds - fixed) * Math.max(1, (x.seconds - fixed) / (before - fixed))
          : Infinity;
      return Math.min(linear, trend);
    });
    if (r === 0) first = results.map((x) => x.seconds);
    previous = results.map((x) => x.seconds);
    const nextMs = setupMs + expected.reduce((a, t) => a + (plan.runs + 1) * t * 1000, 0);
    // Two sizes at least (a fixed cost and a rate need two), within twice the budget.
    const allowance = r === 0 ? 2 * plan.budgetMs : plan.budgetMs;
    if (env.now() - started + nextMs > allowance) {
      stopped = `the next size would pass the ${plan.budgetMs} ms budget`;
      break;
    }
  }
  const sizes = new Set(points.map((p) => p.size));
  if (sizes.size < 2) {
    return failedMetric(
      id,
      'failed',
      `only one size fitted the ${plan.budgetMs} ms budget: no fixed cost and rate to fit`,
    );
  }
  const flopsUnit = id.endsWith('.gflops');
  const rates = top.flatMap((t) => t.samples.map((s) => (flopsUnit ? t.flops : t.bytes) / s / 1e9));
  return measuredMetric(id, rates, {
    ...achievablePointsToDetails(points),
    kinds: ACHIEVABLE_KINDS[kernelClass].join(', '),
    method:
      'the kernels of "Run this workload", outputs checked against the CPU reference; ' +
      `median of ${plan.runs} timed runs per size (${3 * plan.runs} under ${SHORT_RUN_MS} ms) after one untimed run`,
    timer:
      env.device === 'gpu'
        ? 'GPU timestamps around the kernels’ pass (wall clock without them)'
        : 'workers’ start barrier to the last end',
    stoppedAt: stopped,
    targetMs: plan.targetMs,
    budgetMs: plan.budgetMs,
    spentMs: Math.round(env.now() - started),
    profile: opts.profile,
    medianTopSeconds: median(top.flatMap((t) => t.samples)),
  });
}

function countsOf(w: Workload): { flops: number; bytes: number } {
  const c = workloadCounts(w);
  return { flops: c.flops, bytes: c.deviceBytes };
}
