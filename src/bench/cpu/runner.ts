/**
 * The CPU tier runner: drives workers through init → warm-up/calibration → samples for
 * each tier, and turns the results into metrics. Independent of the worker API: the browser
 * (index.ts) and Node (node.ts) entries pass a {@link CpuTierEnv} that creates workers, and
 * the unit tests pass fake ones. Never runs a kernel itself, so the calling thread (the
 * page's UI thread) stays free.
 *
 * Failure model: each tier stands alone. A worker that cannot start, reports an error,
 * produces a wrong result, or stops answering (timeout → terminated) fails its tier with a
 * plain-words message and a warning; the other tiers still run. An aborted signal ends the
 * current tier as 'cancelled' (its workers terminated) and marks the tiers not yet run
 * 'cancelled'; completed tiers are kept.
 */
import { errorMessage } from '../../model/errors.ts';
import {
  failedMetric,
  measuredMetric,
  metricLabel,
  type Metric,
  type MetricFailed,
  type MetricId,
} from '../../model/metrics.ts';
import type { BenchProfile, BenchRunOptions, CpuTiersResult } from '../types.ts';
import type { FlavorRequest, InitBody, KernelInfo, WorkerErrorCode, WorkerReply, WorkerRequest } from './protocol.ts';

/** A worker as the runner sees it; adapters wrap Web Workers and worker_threads. */
export interface TierWorker {
  postMessage(req: WorkerRequest): void;
  /**
   * Register the reply handler and the failure handler (script failed to load, uncaught
   * error, unexpected exit), once, right after creation.
   */
  listen(onReply: (reply: WorkerReply) => void, onFailure: (message: string) => void): void;
  terminate(): void;
}

/** Time limits (ms). A hung worker is terminated when one runs out. */
export interface TierTimeouts {
  /** For a worker to start, emit/compile its kernel and validate it. */
  initMs: number;
  /** Lower bound for one run request; the actual limit grows with the expected duration. */
  runMinMs: number;
  /** A run may take this many times its expected duration before it counts as hung. */
  runFactor: number;
}

/** Where the tiers run. */
export interface CpuTierEnv {
  /** Creates a started worker; may throw (e.g. workers unsupported or blocked). */
  createWorker(): TierWorker;
  /** Logical cores: the all-cores tier starts this many workers. */
  logicalCores: number;
  /** Main-thread monotonic clock in ms, for time budgets only (samples are timed in workers). */
  now(): number;
  /** 'browser' or 'node', recorded in the details. */
  platform: string;
  /** Facts recorded in every metric's details (e.g. crossOriginIsolated). */
  extraDetails?: Record<string, string | number | boolean>;
  timeouts?: Partial<TierTimeouts>;
  /** Overrides the profile's plan (tests use tiny plans). */
  plan?: Partial<TierPlan>;
  /** Forces a SIMD flavour (comparisons); default 'auto': relaxed_madd where supported. */
  flavor?: FlavorRequest;
}

/** How much measuring one tier does. */
export interface TierPlan {
  /** Minimum warm-up time per tier: lets the engine tier the kernel up to optimized code. */
  warmupMs: number;
  /** Minimum warm-up calls, whatever the time. */
  warmupCalls: number;
  /** Target duration of one sample (10–50 ms: well above timer resolution, short enough not to stall). */
  targetSampleMs: number;
  /** Timed samples per tier. */
  samples: number;
}

/**
 * quick: all three tiers in ≈ 2–3 s (warm-up shortened to 300 ms, recorded in details;
 * V8 tiers Wasm and hot JS up within tens of ms). full: METHODS.md's ≥ 0.5 s warm-up,
 * 30 samples of 40 ms.
 */
export const TIER_PLANS: Record<BenchProfile, TierPlan> = {
  quick: { warmupMs: 300, warmupCalls: 3, targetSampleMs: 20, samples: 10 },
  full: { warmupMs: 1000, warmupCalls: 5, targetSampleMs: 40, samples: 30 },
};

/** Default limits: generous for real engines (a worker starts and compiles in < 1 s). */
export const DEFAULT_TIMEOUTS: TierTimeouts = { initMs: 15_000, runMinMs: 5_000, runFactor: 20 };

/** Cap on all-cores workers, so a 256-thread server does not get 256 Wasm instances at once. */
export const MAX_THREADS = 64;

/** The three tiers, in run order; labels and units come from the metric registry. */
export const CPU_TIERS = [
  { id: 'cpu.js.gflops', step: metricLabel('cpu.js.gflops'), kernel: 'js', allCores: false },
  { id: 'cpu.simd1.gflops', step: metricLabel('cpu.simd1.gflops'), kernel: 'simd', allCores: false },
  { id: 'cpu.simdAll.gflops', step: metricLabel('cpu.simdAll.gflops'), kernel: 'simd', allCores: true },
] as const satisfies readonly { id: MetricId; step: string; kernel: 'js' | 'simd'; allCores: boolean }[];

/** First reps tried, small enough to finish in well under a millisecond even in a baseline tier. */
const INITIAL_REPS = { js: 10_000, simd: 1_000 } as const;
/** Largest reps value: the Wasm `run` takes an i32. */
const MAX_REPS = 2 ** 31 - 1;
/** Per-call growth is capped at 8× so a too-short first call cannot overshoot wildly. */
const MAX_GROWTH = 8;

type TierErrorKind = 'cancelled' | 'timeout' | 'start' | 'worker' | WorkerErrorCode;

/** Why a tier stopped; `message` is plain words for the results table. */
export class TierError extends Error {
  constructor(
    readonly kind: TierErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TierError';
  }
}

type RequestBody = InitBody | { type: 'run'; reps: number };

/** One worker with at most one request in flight, a timeout per request, and abort support. */
class Channel {
  private seq = 0;
  private pending:
    | {
        seq: number;
        resolve: (r: WorkerReply) => void;
        reject: (e: TierError) => void;
        timer: ReturnType<typeof setTimeout>;
      }
    | undefined;
  private dead: TierError | undefined;
  private terminated = false;

  constructor(private readonly worker: TierWorker) {
    worker.listen(
      (reply) => {
        const p = this.pending;
        if (!p || reply.seq !== p.seq) return; // a late reply to a request that already timed out
        this.pending = undefined;
        clearTimeout(p.timer);
        p.resolve(reply);
      },
      (message) => this.fail(new TierError('worker', message)),
    );
  }

  request(body: RequestBody, timeoutMs: number, signal: AbortSignal | undefined): Promise<WorkerReply> {
    if (this.dead) return Promise.reject(this.dead);
    if (signal?.aborted) return Promise.reject(cancelled());
    const seq = ++this.seq;
    return new Promise<WorkerReply>((resolve, reject) => {
      const onAbort = (): void => this.fail(cancelled());
      const timer = setTimeout(() => {
        this.fail(
          new TierError(
            'timeout',
            `the worker stopped answering (no reply within ${formatSeconds(timeoutMs)}), so it was stopped`,
          ),
        );
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        seq,
        timer,
        resolve: (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      try {
        this.worker.postMessage({ ...body, seq } as WorkerRequest);
      } catch (err) {
        this.fail(new TierError('worker', `could not send to the worker: ${errorMessage(err)}`));
      }
    });
  }

  /** Marks the channel dead, rejects the pending request and terminates the worker. */
  fail(error: TierError): void {
    if (!this.dead) this.dead = error;
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(this.dead);
    }
    this.close();
  }

  close(): void {
    if (this.terminated) return;
    this.terminated = true;
    try {
      this.worker.terminate();
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function cancelled(): TierError {
  return new TierError('cancelled', 'cancelled while measuring');
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** What one tier measured. */
interface TierOutcome {
  samplesGflops: number[];
  info: KernelInfo;
  threads: number;
  repsPerSample: number;
  warmupMs: number;
  warmupCalls: number;
}

interface TierContext {
  env: CpuTierEnv;
  plan: TierPlan;
  timeouts: TierTimeouts;
  signal: AbortSignal | undefined;
  /** Reports progress within the tier, 0..1. */
  progress: (within: number) => void;
}

/** Start `threads` workers; on any failure terminate those started and throw. */
function startWorkers(env: CpuTierEnv, threads: number): Channel[] {
  const channels: Channel[] = [];
  try {
    for (let i = 0; i < threads; i++) channels.push(new Channel(env.createWorker()));
  } catch (err) {
    for (const c of channels) c.close();
    const which = threads > 1 ? `worker ${channels.length + 1} of ${threads}` : 'the worker';
    throw new TierError('start', `${which} could not be started: ${errorMessage(err)}`);
  }
  return channels;
}

function replyError(reply: WorkerReply, expected: string): TierError {
  if (reply.type === 'error') return new TierError(reply.code, reply.message);
  return new TierError('worker', `the worker answered '${reply.type}' where '${expected}' was expected`);
}

async function measureTier(
  ctx: TierContext,
  kernel: 'js' | 'simd',
  flavor: FlavorRequest,
  threads: number,
): Promise<TierOutcome> {
  const { env, plan, timeouts, signal } = ctx;
  if (signal?.aborted) throw cancelled();
  const channels = startWorkers(env, threads);
  try {
    const init: InitBody = kernel === 'js' ? { type: 'init', kernel: 'js' } : { type: 'init', kernel: 'simd', flavor };
    const readies = await Promise.all(channels.map((c) => c.request(init, timeouts.initMs, signal)));
    let info: KernelInfo | undefined;
    for (const r of readies) {
      if (r.type !== 'ready') throw replyError(r, 'ready');
      info ??= r.info;
    }
    if (!info) throw new TierError('worker', 'no worker reported ready');
    const kernelInfo = info;

    /** One step for all workers at once; returns wall time and total FLOPs. */
    let expectedMs = 1; // a first call of INITIAL_REPS is well under 1 ms on any real CPU
    const runAll = async (reps: number): Promise<{ ms: number; flops: number }> => {
      const limit = Math.max(timeouts.runMinMs, timeouts.runFactor * expectedMs);
      const replies = await Promise.all(channels.map((c) => c.request({ type: 'run', reps }, limit, signal)));
      let start = Infinity;
      let end = -Infinity;
      let flops = 0;
      for (const r of replies) {
        if (r.type !== 'sample') throw replyError(r, 'sample');
        start = Math.min(start, r.startMs);
        end = Math.max(end, r.endMs);
        flops += r.flops;
      }
      // Wall time of the slowest worker, measured from the earliest start: all threads' work
      // over the time they took together.
      return { ms: end - start, flops };
    };
    const rescale = (reps: number, ms: number): number => {
      const factor = ms > 0 ? Math.min(MAX_GROWTH, Math.max(1 / MAX_GROWTH, plan.targetSampleMs / ms)) : MAX_GROWTH;
      return Math.min(MAX_REPS, Math.max(1, Math.round(reps * factor)));
    };

    // Warm-up and calibration in one: run, rescale toward the target sample duration, until
    // both the warm-up time and call count are spent and the last call was near the target.
    let reps: number = INITIAL_REPS[kernel];
    const warmStart = env.now();
    let calls = 0;
    for (;;) {
      const { ms } = await runAll(reps);
      calls++;
      const elapsed = env.now() - warmStart;
      const nearTarget = ms >= plan.targetSampleMs / 2 && ms <= plan.targetSampleMs * 2;
      const next = rescale(reps, ms);
      expectedMs = ms > 0 ? (ms * next) / reps : expectedMs;
      reps = next;
      ctx.progress(0.3 * Math.min(1, elapsed / Math.max(1, plan.warmupMs)));
      if (elapsed >= plan.warmupMs && calls >= plan.warmupCalls && nearTarget) break;
      // Safety net for a jittery machine that never lands near the target: stop anyway.
      if (elapsed >= 4 * plan.warmupMs + 10 * plan.targetSampleMs && calls >= plan.warmupCalls) break;
      if (signal?.aborted) throw cancelled();
    }
    const warmupMs = env.now() - warmStart;

    const samplesGflops: number[] = [];
    for (let s = 0; s < plan.samples; s++) {
      if (signal?.aborted) throw cancelled();
      const { ms, flops } = await runAll(reps);
      if (!(ms > 0))
        throw new TierError('worker', `a sample took no measurable time (${ms} ms); the timer is too coarse`);
      samplesGflops.push(flops / ms / 1e6); // FLOPs per ms ÷ 1e6 = GFLOPS
      ctx.progress(0.3 + (0.7 * (s + 1)) / plan.samples);
    }
    return { samplesGflops, info: kernelInfo, threads, repsPerSample: reps, warmupMs, warmupCalls: calls };
  } finally {
    for (const c of channels) c.close();
  }
}

/** Plain-words description of a tier, for warnings. */
function tierLabel(id: MetricId): string {
  return CPU_TIERS.find((t) => t.id === id)?.step ?? id;
}

/**
 * Run the three CPU tiers in order with the given environment. Never rejects for a tier's
 * failure or cancellation: every tier appears in `metrics`, ok or with a reason.
 */
export async function runCpuTiersWith(env: CpuTierEnv, opts: BenchRunOptions): Promise<CpuTiersResult> {
  const plan: TierPlan = { ...TIER_PLANS[opts.profile], ...env.plan };
  const timeouts: TierTimeouts = { ...DEFAULT_TIMEOUTS, ...env.timeouts };
  const logicalCores = Math.max(1, Math.floor(env.logicalCores) || 1);
  const allThreads = Math.min(MAX_THREADS, logicalCores);
  const warnings: string[] = [];
  const metrics: Metric[] = [];
  /** Keep a finished tier and hand it to the caller at once. */
  const push = (m: Metric): void => {
    metrics.push(m);
    opts.onMetric?.(m);
  };
  let simdFlavor: CpuTiersResult['simdFlavor'] = 'none';
  let noSimdReason: string | undefined;
  let cancelledRun = false;
  const signal = opts.signal;
  if (allThreads < logicalCores) {
    warnings.push(`The all-cores tier used ${allThreads} workers, not all ${logicalCores} logical cores (capped).`);
  }

  for (const [index, tier] of CPU_TIERS.entries()) {
    const failed = (status: MetricFailed['status'], error: string): MetricFailed =>
      failedMetric(tier.id, status, error);
    if (cancelledRun || signal?.aborted) {
      cancelledRun = true;
      push(failed('cancelled', 'Cancelled before this tier ran.'));
      continue;
    }
    const progress = (within: number): void =>
      opts.onProgress?.({ fraction: (index + Math.min(1, Math.max(0, within))) / CPU_TIERS.length, step: tier.step });
    progress(0);
    if (tier.kernel === 'simd' && noSimdReason) {
      push(failed('failed', noSimdReason));
      warnings.push(`${tierLabel(tier.id)}: ${noSimdReason}`);
      continue;
    }
    const threads = tier.allCores ? allThreads : 1;
    const flavor: FlavorRequest = simdFlavor === 'none' ? (env.flavor ?? 'auto') : simdFlavor;
    try {
      const outcome = await measureTier({ env, plan, timeouts, signal, progress }, tier.kernel, flavor, threads);
      const info = outcome.info;
      if (info.kernel === 'simd' && info.flavor !== 'f64-mul-add') simdFlavor = info.flavor;
      const details: Record<string, string | number | boolean> = {
        platform: env.platform,
        profile: opts.profile,
        kernel: info.kernel === 'js' ? 'plain JavaScript' : 'WebAssembly SIMD',
        flavor: info.flavor,
        precision: info.kernel === 'js' ? 'f64' : 'f32',
        chains: info.chains,
        lanes: info.lanes,
        unroll: info.unroll,
        threads: outcome.threads,
        logicalCores,
        iterations: outcome.repsPerSample,
        flopsPerSample: outcome.repsPerSample * info.flopsPerRep * outcome.threads,
        flopCounting: info.kernel === 'js' ? 'f64 multiply + add = 2 FLOPs' : 'multiply-add = 2 FLOPs × 4 lanes',
        targetSampleMs: plan.targetSampleMs,
        warmupMs: Math.round(outcome.warmupMs),
        warmupCalls: outcome.warmupCalls,
        timer: 'performance.now() in the worker (timeOrigin-based, shared across workers)',
        validation:
          info.kernel === 'js'
            ? 'exact match with an f64 reference (256 steps), closed form on every sample'
            : 'Math.fround reference, fused or unfused (256 steps), closed form on every sample',
        // How the (first, possibly baseline-compiled) validation run rounded: exact, fused, unfused.
        validationRunRounding: info.validatedAs,
        ...(info.kernel === 'simd' ? { relaxedSupported: info.relaxedSupported } : {}),
        ...env.extraDetails,
      };
      push(measuredMetric(tier.id, outcome.samplesGflops, details));
      progress(1);
    } catch (err) {
      const e = err instanceof TierError ? err : new TierError('worker', errorMessage(err));
      if (e.kind === 'cancelled') {
        cancelledRun = true;
        push(failed('cancelled', 'Cancelled while measuring.'));
        continue;
      }
      const message = capitalize(e.message) + '.';
      if (e.kind === 'no-simd') {
        noSimdReason = `Not measured: ${e.message}.`;
        push(failed('failed', noSimdReason));
      } else {
        push(failed('failed', message));
      }
      warnings.push(`${tierLabel(tier.id)} failed: ${e.message}.`);
    }
  }
  return { metrics, logicalCores, threads: allThreads, simdFlavor, warnings };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
