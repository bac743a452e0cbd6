/**
 * Measuring one CPU tier (split out of runner.ts): start its workers, warm up while
 * calibrating the chunk size, take the samples (overlap window of all workers, rounds
 * retaken when they did not run together), and for the memory tiers the cache sweep.
 */
import { overlapRound, type OverlapResult } from './overlap.ts';
import { TierError, cancelled, makeBarrier, replyError, startWorkers } from '../workers/channel.ts';
import type { FlavorRequest, InitBody, KernelInfo, SampleReply } from '../workers/protocol.ts';
import {
  CHUNK_MS,
  MIN_OVERLAP,
  memWorkingSet,
  type CpuTierEnv,
  type Tier,
  type TierPlan,
  type TierTimeouts,
} from './tier-plan.ts';

/** First reps tried, small enough to finish in well under a millisecond even in a baseline tier. */
const INITIAL_REPS = { js: 10_000, simd: 1_000, mem: 1 } as const;
/** Largest reps value: the Wasm `run` takes an i32. */
const MAX_REPS = 2 ** 31 - 1;
/** Per-call growth is capped at 8× so a too-short first call cannot overshoot wildly. */
const MAX_GROWTH = 8;

/** One timed sample of a tier. */
export interface RoundFigures {
  /** Work per ms of all workers (overlap window, or span for the 'span' method). */
  rate: number;
  perWorkerRate: number[];
  startSkewMs: number;
  overlapFraction: number;
  spanRate: number;
  barrier: SampleReply['barrier'][];
}

/** What one tier measured. */
export interface TierOutcome {
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

export interface TierContext {
  env: CpuTierEnv;
  plan: TierPlan;
  timeouts: TierTimeouts;
  signal: AbortSignal | undefined;
  /** Reports progress within the tier, 0..1. */
  progress: (within: number) => void;
}

export async function measureTier(
  ctx: TierContext,
  tier: Tier,
  flavor: FlavorRequest,
  threads: number,
): Promise<TierOutcome> {
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
