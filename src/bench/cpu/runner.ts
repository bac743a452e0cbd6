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
import {
  failedMetric,
  measuredMetric,
  type Metric,
  type MetricFailed,
  type MetricId,
  type MetricOk,
} from '../../model/bench/metrics.ts';
import type { BenchRunOptions, CpuTiersResult } from '../types.ts';
import { TierError } from '../workers/channel.ts';
import type { FlavorRequest } from '../workers/protocol.ts';
import { measureTier } from './measure-tier.ts';
import { r3, tierDetails, tierLabel } from './tier-details.ts';
import {
  CPU_TIERS,
  DEFAULT_TIMEOUTS,
  MAX_THREADS,
  TIER_PLANS,
  type CpuTierEnv,
  type Tier,
  type TierPlan,
  type TierTimeouts,
} from './tier-plan.ts';

export {
  Channel,
  TierError,
  cancelled,
  makeBarrier,
  replyError,
  startWorkers,
  type TierWorker,
} from '../workers/channel.ts';
export {
  CHUNK_MS,
  CPU_TIERS,
  DEFAULT_TIMEOUTS,
  MAX_THREADS,
  TIER_PLANS,
  memWorkingSet,
  type CpuTierEnv,
  type TierPlan,
  type TierTimeouts,
} from './tier-plan.ts';
export { bytesLabel } from './tier-details.ts';

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
    const tierStart = env.now();
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
    } finally {
      // The tier's workers are closed by now: its step of the run's timeline ends here.
      opts.onStep?.(tier.step, tierStart, env.now());
    }
  }
  return { metrics, logicalCores, threads: allThreads, simdFlavor, warnings };
}

/**
 * Every core should add a core's worth (issue #20): all-core throughput below this share
 * of cores × one core means something else ran on a core during the all-core tier's
 * samples (on a first visit, the page itself rendering), not that the cores do not scale.
 */
export const SCALING_GOAL = 0.9;

/**
 * The all-cores f32 tier when it fell short of {@link SCALING_GOAL} against its one-thread
 * tier, in the same set of metrics; undefined when it did not, or either is missing.
 */
export function lowScaling(metrics: readonly Metric[]): MetricOk | undefined {
  const all = metrics.find((m) => m.id === 'cpu.simdAll.gflops');
  const one = metrics.find((m) => m.id === 'cpu.simd1.gflops');
  if (all?.status !== 'ok' || one?.status !== 'ok') return undefined;
  const threads = Number(all.details?.['threads']) || 1;
  return all.best < SCALING_GOAL * threads * one.best ? all : undefined;
}

/**
 * A tier measured twice, as one metric: every sample of both (a ceiling is quoted by its
 * best), the details of the run with the better best, and both bests said. Its scaling is
 * left for `addMissingScaling` to work out again.
 */
export function combineTierRuns(first: MetricOk, again: MetricOk, why: string): MetricOk {
  const better = again.best > first.best ? again : first;
  const { scalingVsOneThread: _old, ...details } = better.details ?? {};
  void _old;
  return measuredMetric(first.id, [...first.samples, ...again.samples], {
    ...details,
    remeasured: why,
    'firstRun.best': r3(first.best),
    'secondRun.best': r3(again.best),
  });
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
