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
import { errorMessage } from '../../model/shared/errors.ts';
import { median } from '../../model/shared/stats.ts';
import {
  failedMetric,
  measuredMetric,
  metricLabel,
  type Metric,
  type MetricFailed,
  type MetricId,
} from '../../model/bench/metrics.ts';
import type { BenchProfile, BenchRunOptions, CpuTiersResult } from '../types.ts';
import { SWEEP_KEY } from './mem-kernel.ts';
import { overlapRound, type OverlapResult } from './overlap.ts';
import { TierError, cancelled, makeBarrier, replyError, startWorkers, type WorkerEnv } from '../workers/channel.ts';
import type { FlavorRequest, InitBody, KernelInfo, SampleReply } from '../workers/protocol.ts';

export {
  Channel,
  TierError,
  cancelled,
  makeBarrier,
  replyError,
  startWorkers,
  type TierWorker,
} from '../workers/channel.ts';
import type { Precision } from './wasm-kernel.ts';

/** Time limits (ms). A hung worker is terminated when one runs out. */
export interface TierTimeouts {
  /** For a worker to start, emit/compile its kernel and validate it. */
  initMs: number;
  /** Lower bound for one run request; the actual limit grows with the expected duration. */
  runMinMs: number;
  /** A run may take this many times its expected duration before it counts as hung. */
  runFactor: number;
}

/** Where the tiers run: the workers' environment and what the tiers add. */
export interface CpuTierEnv extends WorkerEnv {
  timeouts?: Partial<TierTimeouts>;
  /** Overrides the profile's plan (tests use tiny plans). */
  plan?: Partial<TierPlan>;
  /** Forces a SIMD flavour (comparisons); default 'auto': relaxed_madd where supported. */
  flavor?: FlavorRequest;
  /** Only these tiers (tests, comparisons); default all of {@link CPU_TIERS}. */
  tiers?: readonly MetricId[];
  /**
   * How a multi-worker round is timed. 'overlap' (default): workers start at a shared
   * barrier where SharedArrayBuffer exists, and only the window in which all of them ran
   * counts. 'span': the earlier method (no barrier, one fixed-size call per worker, earliest
   * start to latest end), kept so comparisons can measure both in one session.
   */
  window?: 'overlap' | 'span';
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
  /** Memory tiers: total working sets (bytes, all workers together) of the cache sweep. */
  sweepBytes: readonly number[];
  /** Memory tiers: samples and sample duration (ms) per sweep point. */
  sweepSamples: number;
  sweepSampleMs: number;
  /** Memory tiers: headline working set of all workers together (default {@link memWorkingSet}). */
  memBytes?: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** 16 KiB … 256 MiB in steps of `factor`. */
function sweepSizes(factor: number): number[] {
  const out: number[] = [];
  for (let b = 16 * KiB; b <= 256 * MiB; b *= factor) out.push(b);
  return out;
}

/**
 * quick: all three tiers in ≈ 2–3 s (warm-up shortened to 300 ms, recorded in details;
 * V8 tiers Wasm and hot JS up within tens of ms). full: METHODS.md's ≥ 0.5 s warm-up,
 * 30 samples of 40 ms.
 */
export const TIER_PLANS: Record<BenchProfile, TierPlan> = {
  quick: {
    warmupMs: 300,
    warmupCalls: 3,
    targetSampleMs: 20,
    samples: 10,
    sweepBytes: sweepSizes(4),
    sweepSamples: 3,
    sweepSampleMs: 10,
  },
  full: {
    warmupMs: 1000,
    warmupCalls: 5,
    targetSampleMs: 40,
    samples: 30,
    sweepBytes: sweepSizes(2),
    sweepSamples: 5,
    sweepSampleMs: 20,
  },
};

/** Target duration of one chunk inside a sample: ≥ 200× the 5 µs timer, ≤ 1/20 of a sample. */
export const CHUNK_MS = 1;

/** A round counts only when the workers overlapped for at least this share of a sample. */
const MIN_OVERLAP = 0.5;

/**
 * Working set of the memory tiers' headline figure, all workers together: ≥ 256 MiB (8× the
 * 32 MiB L3 of the CI machine; METHODS.md asks for ≥ 4× the last-level cache), and at least
 * 32 MiB per worker where that stays within 1 GiB in total (browsers cap Wasm memory; the
 * worker halves its request when refused, and says so).
 */
export function memWorkingSet(threads: number, totalBytes?: number): { total: number; perWorker: number } {
  const perWorker =
    totalBytes !== undefined
      ? totalBytes / threads
      : Math.max((256 * MiB) / threads, Math.min(32 * MiB, (1024 * MiB) / threads));
  const rounded = Math.floor(perWorker / 192) * 192; // whole 64-byte lines in each of 3 arrays
  return { total: rounded * threads, perWorker: rounded };
}

/** Default limits: generous for real engines (a worker starts and compiles in < 1 s). */
export const DEFAULT_TIMEOUTS: TierTimeouts = { initMs: 15_000, runMinMs: 5_000, runFactor: 20 };

/** Cap on all-cores workers, so a 256-thread server does not get 256 Wasm instances at once. */
export const MAX_THREADS = 64;

/** The tiers, in run order: the estimator's inputs (f32 rates, bandwidth) first, f64 last. */
export const CPU_TIERS = [
  { id: 'cpu.js.gflops', step: metricLabel('cpu.js.gflops'), kernel: 'js', allCores: false },
  { id: 'cpu.simd1.gflops', step: metricLabel('cpu.simd1.gflops'), kernel: 'simd', allCores: false },
  { id: 'cpu.simdAll.gflops', step: metricLabel('cpu.simdAll.gflops'), kernel: 'simd', allCores: true },
  { id: 'cpu.mem1.gbps', step: metricLabel('cpu.mem1.gbps'), kernel: 'mem', allCores: false },
  { id: 'cpu.mem.gbps', step: metricLabel('cpu.mem.gbps'), kernel: 'mem', allCores: true },
  {
    id: 'cpu.simd1.f64.gflops',
    step: metricLabel('cpu.simd1.f64.gflops'),
    kernel: 'simd',
    precision: 'f64',
    allCores: false,
  },
  {
    id: 'cpu.simdAll.f64.gflops',
    step: metricLabel('cpu.simdAll.f64.gflops'),
    kernel: 'simd',
    precision: 'f64',
    allCores: true,
  },
] as const satisfies readonly {
  id: MetricId;
  step: string;
  kernel: 'js' | 'simd' | 'mem';
  precision?: Precision;
  allCores: boolean;
}[];

type Tier = (typeof CPU_TIERS)[number];

/** First reps tried, small enough to finish in well under a millisecond even in a baseline tier. */
const INITIAL_REPS = { js: 10_000, simd: 1_000, mem: 1 } as const;
/** Largest reps value: the Wasm `run` takes an i32. */
const MAX_REPS = 2 ** 31 - 1;
/** Per-call growth is capped at 8× so a too-short first call cannot overshoot wildly. */
const MAX_GROWTH = 8;

/** One timed sample of a tier. */
interface RoundFigures {
  /** Work per ms of all workers (overlap window, or span for the 'span' method). */
  rate: number;
  perWorkerRate: number[];
  startSkewMs: number;
  overlapFraction: number;
  spanRate: number;
  barrier: SampleReply['barrier'][];
}

/** What one tier measured. */
interface TierOutcome {
  /** Headline samples in the metric's unit (GFLOPS or GB/s). */
  samples: number[];
  rounds: RoundFigures[];
  /** Rounds retaken because the workers did not run together. */
  retaken: number;
  info: KernelInfo;
  threads: number;
  repsPerChunk: number;
  warmupMs: number;
  warmupCalls: number;
  /** mem tiers: working set per worker and in total (bytes). */
  workingSet?: { perWorker: number; total: number };
  /** mem tiers: sweep point (nominal total bytes, all workers) → best GB/s. */
  sweep?: { bytes: number; gbps: number }[];
  barrierUsed: boolean;
}

interface TierContext {
  env: CpuTierEnv;
  plan: TierPlan;
  timeouts: TierTimeouts;
  signal: AbortSignal | undefined;
  /** Reports progress within the tier, 0..1. */
  progress: (within: number) => void;
}

async function measureTier(ctx: TierContext, tier: Tier, flavor: FlavorRequest, threads: number): Promise<TierOutcome> {
  const { env, plan, timeouts, signal } = ctx;
  if (signal?.aborted) throw cancelled();
  const spanMethod = env.window === 'span';
  const barrier = spanMethod ? undefined : makeBarrier(threads);
  const mem = tier.kernel === 'mem' ? memWorkingSet(threads, plan.memBytes) : undefined;
  const channels = startWorkers(env, threads);
  try {
    const init: InitBody =
      tier.kernel === 'js'
        ? { type: 'init', kernel: 'js' }
        : tier.kernel === 'mem'
          ? { type: 'init', kernel: 'mem', maxWorkingSetBytes: mem?.perWorker ?? 0 }
          : { type: 'init', kernel: 'simd', flavor, precision: 'precision' in tier ? tier.precision : 'f32' };
    const readies = await Promise.all(
      channels.map((c) => c.request(barrier ? { ...init, barrier } : init, timeouts.initMs, signal)),
    );
    let info: KernelInfo | undefined;
    let perWorkerBytes = mem?.perWorker ?? 0;
    for (const r of readies) {
      if (r.type !== 'ready') throw replyError(r, 'ready');
      info ??= r.info;
      // A worker that could not allocate the full working set caps everyone's.
      if (r.info.maxWorkingSetBytes !== undefined) perWorkerBytes = Math.min(perWorkerBytes, r.info.maxWorkingSetBytes);
    }
    if (!info) throw new TierError('worker', 'no worker reported ready');
    const kernelInfo = info;

    /** One round for all workers at once. */
    let expectedMs = 1; // a first call of INITIAL_REPS is well under 1 ms on any real CPU
    const runAll = async (
      reps: number,
      durationMs: number,
      workingSetBytes?: number,
    ): Promise<{ figures: RoundFigures | undefined; msPerChunk: number }> => {
      const limit = Math.max(timeouts.runMinMs, timeouts.runFactor * (expectedMs + durationMs));
      if (barrier) Atomics.store(new Int32Array(barrier.buffer), 0, 0); // all workers idle: reset arrivals
      const body = {
        type: 'run' as const,
        reps,
        ...(durationMs > 0 ? { durationMs } : {}),
        ...(barrier ? { sync: true } : {}),
        ...(workingSetBytes !== undefined ? { workingSetBytes } : {}),
      };
      const replies = await Promise.all(channels.map((c) => c.request(body, limit, signal)));
      const samples: SampleReply[] = [];
      for (const r of replies) {
        if (r.type !== 'sample') throw replyError(r, 'sample');
        samples.push(r);
      }
      const chunks = samples.reduce((a, s) => a + s.chunkEnds.length, 0);
      const busy = samples.reduce((a, s) => a + (s.endMs - s.startMs), 0);
      const msPerChunk = chunks > 0 ? busy / chunks : 0;
      const o: OverlapResult | undefined = overlapRound(samples);
      const spanRate = o?.spanRate ?? spanOf(samples);
      const figures: RoundFigures | undefined = spanMethod
        ? {
            rate: spanRate,
            perWorkerRate: samples.map((s) => (s.endMs > s.startMs ? s.work / (s.endMs - s.startMs) : 0)),
            startSkewMs:
              o?.startSkewMs ?? Math.max(...samples.map((s) => s.startMs)) - Math.min(...samples.map((s) => s.startMs)),
            overlapFraction: o?.overlapFraction ?? 0,
            spanRate,
            barrier: samples.map((s) => s.barrier),
          }
        : o && o.overlapFraction >= MIN_OVERLAP
          ? { ...o, barrier: samples.map((s) => s.barrier) }
          : undefined;
      return { figures, msPerChunk };
    };
    const chunkTarget = spanMethod ? plan.targetSampleMs : CHUNK_MS;
    const rescale = (reps: number, ms: number, target: number): number => {
      const factor = ms > 0 ? Math.min(MAX_GROWTH, Math.max(1 / MAX_GROWTH, target / ms)) : MAX_GROWTH;
      return Math.min(MAX_REPS, Math.max(1, Math.round(reps * factor)));
    };
    const sampleDuration = spanMethod ? 0 : plan.targetSampleMs;

    // Warm-up and calibration in one: run, rescale the chunk toward its target duration,
    // until both the warm-up time and call count are spent and the last chunk was near it.
    let reps: number = INITIAL_REPS[tier.kernel];
    const warmStart = env.now();
    let calls = 0;
    const ws = mem ? perWorkerBytes : undefined;
    for (;;) {
      // The first calls are single chunks: an uncalibrated chunk may be far off its target.
      const { msPerChunk } = await runAll(reps, calls < 2 ? 0 : sampleDuration, ws);
      calls++;
      const elapsed = env.now() - warmStart;
      const nearTarget = msPerChunk >= chunkTarget / 2 && msPerChunk <= chunkTarget * 2;
      const next = rescale(reps, msPerChunk, chunkTarget);
      expectedMs = msPerChunk > 0 ? (msPerChunk * next) / reps : expectedMs;
      // One pass over a large working set may exceed the chunk target: reps stays ≥ 1.
      const floorReached = next === 1 && reps === 1 && msPerChunk >= chunkTarget;
      reps = next;
      ctx.progress(0.3 * Math.min(1, elapsed / Math.max(1, plan.warmupMs)));
      if (elapsed >= plan.warmupMs && calls >= plan.warmupCalls && (nearTarget || floorReached)) break;
      // Safety net for a jittery machine that never lands near the target: stop anyway.
      if (elapsed >= 4 * plan.warmupMs + 10 * plan.targetSampleMs && calls >= plan.warmupCalls) break;
      if (signal?.aborted) throw cancelled();
    }
    const warmupMs = env.now() - warmStart;

    // Samples: rounds where the workers did not overlap for half a sample are retaken (up
    // to as many extra rounds as samples), then the tier fails rather than report a guess.
    const sampleRounds = async (
      n: number,
      r: number,
      duration: number,
      wsBytes: number | undefined,
      onSample?: (done: number) => void,
    ): Promise<{ rounds: RoundFigures[]; retaken: number }> => {
      const rounds: RoundFigures[] = [];
      let retaken = 0;
      while (rounds.length < n) {
        if (signal?.aborted) throw cancelled();
        const { figures } = await runAll(r, duration, wsBytes);
        if (!figures || !(figures.rate > 0)) {
          if (++retaken > n) {
            throw new TierError(
              'worker',
              figures
                ? 'a sample took no measurable time; the timer is too coarse'
                : 'the workers never ran at the same time (the machine is too busy to measure all cores)',
            );
          }
          continue;
        }
        rounds.push(figures);
        onSample?.(rounds.length);
      }
      return { rounds, retaken };
    };
    const sweepPoints = mem ? plan.sweepBytes : [];
    const mainShare = sweepPoints.length > 0 ? 0.5 : 0.7;
    const { rounds, retaken } = await sampleRounds(plan.samples, reps, sampleDuration, ws, (done) =>
      ctx.progress(0.3 + (mainShare * done) / plan.samples),
    );
    const toUnit = (rate: number): number => rate / 1e6; // work per ms ÷ 1e6 = G per second
    const outcome: TierOutcome = {
      samples: rounds.map((r) => toUnit(r.rate)),
      rounds,
      retaken,
      info: kernelInfo,
      threads,
      repsPerChunk: reps,
      warmupMs,
      warmupCalls: calls,
      barrierUsed: barrier !== undefined,
    };
    if (mem) {
      outcome.workingSet = { perWorker: perWorkerBytes, total: perWorkerBytes * threads };
      // The cache sweep: total working set split evenly; a short calibration per point.
      outcome.sweep = [];
      for (const [i, total] of sweepPoints.entries()) {
        const nominal = total / threads;
        if (nominal > perWorkerBytes * 1.01) continue; // the worker could not allocate this much
        const per = Math.min(perWorkerBytes, Math.max(192, Math.floor(nominal / 192) * 192));
        let r = 1;
        for (let c = 0; c < 3; c++) {
          const { msPerChunk } = await runAll(r, 0, per);
          r = rescale(r, msPerChunk, CHUNK_MS);
        }
        const point = await sampleRounds(plan.sweepSamples, r, spanMethod ? 0 : plan.sweepSampleMs, per);
        outcome.sweep.push({ bytes: total, gbps: Math.max(...point.rounds.map((x) => toUnit(x.rate))) });
        ctx.progress(0.3 + mainShare + ((1 - 0.3 - mainShare) * (i + 1)) / sweepPoints.length);
      }
    }
    return outcome;
  } finally {
    for (const c of channels) c.close();
  }
}

/** All work ÷ (latest end − earliest start), work per ms. */
function spanOf(samples: readonly SampleReply[]): number {
  const first = Math.min(...samples.map((s) => s.startMs));
  const last = Math.max(...samples.map((s) => s.endMs));
  const work = samples.reduce((a, s) => a + s.work, 0);
  return last > first ? work / (last - first) : Number.NaN;
}

/** Plain-words description of a tier, for warnings. */
function tierLabel(id: MetricId): string {
  return CPU_TIERS.find((t) => t.id === id)?.step ?? id;
}

/** Rounded for the details table (3 significant digits is plenty for a timing). */
function r3(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(3)) : 0;
}

/** "16 KiB", "256 MiB". */
export function bytesLabel(bytes: number): string {
  return bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MiB` : `${+(bytes / KiB).toFixed(1)} KiB`;
}

/** The tier's details: how it was measured, per-worker figures, the cache sweep. */
function tierDetails(
  tier: Tier,
  outcome: TierOutcome,
  env: CpuTierEnv,
  opts: BenchRunOptions,
  plan: TierPlan,
  logicalCores: number,
): Record<string, string | number | boolean> {
  const info = outcome.info;
  const unit = tier.kernel === 'mem' ? 'gbps' : 'gflops';
  const d: Record<string, string | number | boolean> = {
    platform: env.platform,
    profile: opts.profile,
    kernel:
      info.kernel === 'js'
        ? 'plain JavaScript'
        : info.kernel === 'mem'
          ? 'WebAssembly SIMD triad c = a·s + b (f32x4, 64 B per array per iteration)'
          : 'WebAssembly SIMD',
    flavor: info.flavor,
    precision: info.precision,
    threads: outcome.threads,
    logicalCores,
    targetSampleMs: plan.targetSampleMs,
    chunkMs: env.window === 'span' ? plan.targetSampleMs : CHUNK_MS,
    repsPerChunk: outcome.repsPerChunk,
    warmupMs: Math.round(outcome.warmupMs),
    warmupCalls: outcome.warmupCalls,
    timer: 'performance.now() in the worker (timeOrigin-based, shared across workers)',
  };
  if (info.kernel === 'mem') {
    d['byteCounting'] = 'counted bytes = 2 reads + 1 write per element (STREAM; write-allocate not counted)';
    d['workingSetPerWorker'] = bytesLabel(outcome.workingSet?.perWorker ?? 0);
    d['workingSetBytes'] = outcome.workingSet?.total ?? 0;
    d['validation'] = 'every probed output element equals fround(fround(a·s) + b) exactly, after every chunk';
    // The cache sweep, one key per working set (all workers together): `sweepGBps.<bytes>`.
    for (const p of outcome.sweep ?? []) d[`${SWEEP_KEY}${p.bytes}`] = r3(p.gbps);
  } else {
    d['chains'] = info.chains;
    d['lanes'] = info.lanes;
    d['unroll'] = info.unroll;
    d['flopsPerChunk'] = outcome.repsPerChunk * info.flopsPerRep;
    d['flopCounting'] =
      info.kernel === 'js' ? 'f64 multiply + add = 2 FLOPs' : `multiply-add = 2 FLOPs × ${info.lanes} lanes`;
    d['validation'] =
      info.kernel === 'js'
        ? 'exact match with an f64 reference (256 steps), closed form after every chunk'
        : info.precision === 'f64'
          ? 'f64 reference within 1e-9 (256 steps), closed form after every chunk'
          : 'Math.fround reference, fused or unfused (256 steps), closed form after every chunk';
    // How the (first, possibly baseline-compiled) validation run rounded: exact, fused, unfused.
    d['validationRunRounding'] = info.validatedAs;
    if (info.kernel === 'simd') d['relaxedSupported'] = info.relaxedSupported;
  }
  if (outcome.threads > 1) {
    d['window'] =
      env.window === 'span'
        ? 'earliest start to latest end (no barrier)'
        : 'only work done while every worker ran (overlap of all workers)';
    d['startSync'] = outcome.barrierUsed
      ? 'SharedArrayBuffer + Atomics.wait barrier'
      : env.window === 'span'
        ? 'none'
        : 'none (no SharedArrayBuffer here): overlap window only';
    const rounds = outcome.rounds;
    d['startSkewMs.median'] = r3(median(rounds.map((r) => r.startSkewMs)));
    d['startSkewMs.max'] = r3(Math.max(...rounds.map((r) => r.startSkewMs)));
    d['overlapFraction.median'] = r3(median(rounds.map((r) => r.overlapFraction)));
    d[`span.${unit}.best`] = r3(Math.max(...rounds.map((r) => r.spanRate / 1e6)));
    d['barrierTimeouts'] = rounds.reduce((a, r) => a + r.barrier.filter((b) => b === 'timeout').length, 0);
    d['samplesRetaken'] = outcome.retaken;
    // Per-worker figures: the median over samples of each worker's own rate.
    for (let w = 0; w < outcome.threads; w++) {
      d[`worker${w}.${unit}`] = r3(median(rounds.map((r) => (r.perWorkerRate[w] ?? 0) / 1e6)));
    }
  }
  return { ...d, ...env.extraDetails };
}

/** What one call of the tiers may ask besides the run's options. */
export interface CpuTierRunOptions extends BenchRunOptions {
  /** Only these tiers, still in {@link CPU_TIERS} order (run-common.ts runs the estimator's first). */
  tiers?: readonly MetricId[] | undefined;
}

/**
 * Run the CPU tiers in order with the given environment. Never rejects for a tier's
 * failure or cancellation: every tier appears in `metrics`, ok or with a reason.
 */
export async function runCpuTiersWith(env: CpuTierEnv, opts: CpuTierRunOptions): Promise<CpuTiersResult> {
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
    warnings.push(`The all-cores tiers used ${allThreads} workers, not all ${logicalCores} logical cores (capped).`);
  }
  const only = opts.tiers ?? env.tiers;
  const tiers = only ? CPU_TIERS.filter((t) => only.includes(t.id)) : CPU_TIERS;

  for (const [index, tier] of tiers.entries()) {
    const failed = (status: MetricFailed['status'], error: string): MetricFailed =>
      failedMetric(tier.id, status, error);
    if (cancelledRun || signal?.aborted) {
      cancelledRun = true;
      push(failed('cancelled', 'Cancelled before this tier ran.'));
      continue;
    }
    const progress = (within: number): void =>
      opts.onProgress?.({ fraction: (index + Math.min(1, Math.max(0, within))) / tiers.length, step: tier.step });
    progress(0);
    if (tier.kernel !== 'js' && noSimdReason) {
      push(failed('failed', noSimdReason));
      warnings.push(`${tierLabel(tier.id)}: ${noSimdReason}`);
      continue;
    }
    const threads = tier.allCores ? allThreads : 1;
    const flavor: FlavorRequest = simdFlavor === 'none' ? (env.flavor ?? 'auto') : simdFlavor;
    try {
      const outcome = await measureTier({ env, plan, timeouts, signal, progress }, tier, flavor, threads);
      const info = outcome.info;
      if (info.kernel === 'simd' && (info.flavor === 'relaxed_madd' || info.flavor === 'mul_add')) {
        simdFlavor = info.flavor;
      }
      const details = tierDetails(tier, outcome, env, opts, plan, logicalCores);
      // The all-cores figure's scaling against one thread, once both are known.
      addScaling(details, tier, outcome.samples, metrics);
      push(measuredMetric(tier.id, outcome.samples, details));
      progress(1);
    } catch (err) {
      const e = err instanceof TierError ? err : new TierError('worker', errorMessage(err));
      if (e.kind === 'cancelled') {
        cancelledRun = true;
        push(failed('cancelled', 'Cancelled while measuring.'));
        continue;
      }
      const message = capitalize(e.message) + '.';
      if (e.kind === 'no-simd' && tier.kernel !== 'js' && !('precision' in tier)) {
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

/** The one-thread tier each all-cores tier is compared with. */
const ONE_THREAD_OF: Partial<Record<MetricId, MetricId>> = {
  'cpu.simdAll.gflops': 'cpu.simd1.gflops',
  'cpu.simdAll.f64.gflops': 'cpu.simd1.f64.gflops',
  'cpu.mem.gbps': 'cpu.mem1.gbps',
};

/**
 * Add `scalingVsOneThread` to the all-cores tiers that were measured before their one-thread
 * tier (a run split in two, run-common.ts), once both are in `metrics`. Mutates the details.
 */
export function addMissingScaling(metrics: readonly Metric[]): void {
  for (const m of metrics) {
    const tier = CPU_TIERS.find((t) => t.id === m.id);
    if (!tier || m.status !== 'ok' || m.details?.['scalingVsOneThread'] !== undefined) continue;
    m.details ??= {};
    addScaling(m.details, tier, m.samples, metrics);
  }
}

/** Record best all-cores ÷ (threads × best one-thread) in an all-cores tier's details. */
function addScaling(
  details: Record<string, string | number | boolean>,
  tier: Tier,
  samples: readonly number[],
  metrics: readonly Metric[],
): void {
  const oneId = ONE_THREAD_OF[tier.id];
  const one = metrics.find((m) => m.id === oneId);
  if (!tier.allCores || one?.status !== 'ok' || samples.length === 0) return;
  const threads = Number(details['threads']) || 1;
  details['scalingVsOneThread'] = r3(Math.max(...samples) / (threads * one.best));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
