/**
 * Copies between the rungs (issue #20): the copy path is fitted as latency + bytes ÷
 * bandwidth over 4 KiB … 16 MiB, and that line misses at the ends of a machine's caches. On
 * this VM a 1 MB readback ran at 5.5 GB/s and a 12 MB one at 2 GB/s (each copy in and out
 * of the staging buffer spills the last-level cache), so the line, weighted by the many
 * small sizes, put 12 MB at a fifth of its time. As for a kernel class (achievable-curve.ts),
 * each measured size keeps measured ÷ line, and a copy takes the factor interpolated
 * log–log at its bytes; beyond the measured sizes, the nearest end's. Pure.
 */
import { median } from '../shared/stats.ts';
import { classCurve, type ClassCurve } from './achievable-curve.ts';
import type { AchievablePoint } from './achievable.ts';

/** Per direction, measured ÷ fitted at each size the copy path measured. */
export interface CopyCurves {
  up?: ClassCurve | undefined;
  back?: ClassCurve | undefined;
}

/** A copy-path metric's rounds (details `r<i>.<bytes>.ms`, src/bench/achievable/copies.ts): per size, the median over rounds, ms. */
export function copyTimesFromDetails(
  details: Readonly<Record<string, string | number | boolean>> | undefined,
): { bytes: number; ms: number }[] {
  const bySize = new Map<number, number[]>();
  for (const [k, v] of Object.entries(details ?? {})) {
    const m = /^r\d+\.(\d+)\.ms$/.exec(k);
    if (!m || typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) continue;
    const bytes = Number(m[1]);
    bySize.set(bytes, [...(bySize.get(bytes) ?? []), v]);
  }
  return [...bySize.entries()].map(([bytes, ms]) => ({ bytes, ms: median(ms) })).sort((a, b) => a.bytes - b.bytes);
}

/** The curve of one direction: measured ÷ (latency + bytes ÷ bandwidth) at each size, x in bytes. */
export function copyCurve(
  times: readonly { bytes: number; ms: number }[],
  latencySeconds: number,
  bytesPerSecond: number,
): ClassCurve {
  if (!(bytesPerSecond > 0) || !(latencySeconds >= 0)) return [];
  const points: AchievablePoint[] = times.map((t) => ({
    size: t.bytes,
    shape: '',
    flops: 0,
    deviceBytes: t.bytes,
    seconds: t.ms / 1000,
  }));
  const curve = classCurve(
    points,
    (p) => p.deviceBytes,
    (p) => latencySeconds + p.deviceBytes / bytesPerSecond,
  );
  // Below the smallest size the line holds: its latency is fitted over every size, while the
  // smallest size alone also carries each round's first use of a new queue. A one-byte copy
  // takes the line (factor 1), and sizes up to the smallest measured one lean toward its factor.
  const first = curve[0];
  return first && first.x > 1 ? [{ x: 1, factor: 1 }, ...curve] : curve;
}
