/**
 * A CPU tier's details (split out of runner.ts): how it was measured, per-worker figures,
 * the cache sweep, in the flat keys a metric's details hold.
 */
import { median } from '../../model/shared/stats.ts';
import type { MetricId } from '../../model/bench/metrics.ts';
import type { BenchRunOptions } from '../types.ts';
import { SWEEP_KEY } from './mem-kernel.ts';
import type { TierOutcome } from './measure-tier.ts';
import { CHUNK_MS, CPU_TIERS, type CpuTierEnv, type Tier, type TierPlan } from './tier-plan.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Plain-words description of a tier, for warnings. */
export function tierLabel(id: MetricId): string {
  return CPU_TIERS.find((t) => t.id === id)?.step ?? id;
}

/** Rounded for the details table (3 significant digits is plenty for a timing). */
export function r3(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(3)) : 0;
}

/** "16 KiB", "256 MiB". */
export function bytesLabel(bytes: number): string {
  return bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MiB` : `${+(bytes / KiB).toFixed(1)} KiB`;
}

/** The tier's details: how it was measured, per-worker figures, the cache sweep. */
export function tierDetails(
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
