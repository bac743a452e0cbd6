/**
 * The CPU's cache levels, read off the bandwidth sweep (issue #20, "CPU cache roofs"): the
 * sweep (`cpu.mem*.gbps` details, `cpuBandwidthCurveFromDetails`) measures bandwidth at
 * growing working sets; it stays flat while the set fits a level and drops when it spills
 * to the next. Each flat stretch is a level — L1, L2, L3 from the smallest, then DRAM at
 * the memory figure — with the largest working set measured in it and its bandwidth. The
 * roofline draws each as a roof under the CPU's peak; the model bounds a kernel whose
 * working set fits a level by it (`cpuBandwidthFor` interpolates between the measured
 * points, so a set at a level's edge gets the bandwidth in between). Pure.
 */
import type { CpuBandwidthCurve } from './precision.ts';

export interface CacheLevel {
  /** 'L1', 'L2', 'L3', 'L4' or 'DRAM'. */
  name: string;
  /** Largest working set measured at this level's bandwidth, bytes (DRAM: the largest measured). */
  maxWorkingSetBytes: number;
  bytesPerSecond: number;
}

/** A drop by more than this between neighbouring sweep points starts a new level. */
const LEVEL_STEP = 1.4;
/** The memory figure's level: within this factor of it counts as DRAM. */
const DRAM_MATCH = 1.5;
/** Cache levels named at most (L1–L3, plus an L4 where one shows). */
const MAX_CACHES = 4;

/**
 * Cache levels from the sweep, fastest first, ending with DRAM at `dramBytesPerSecond`.
 * Without a sweep: DRAM alone.
 */
export function cpuCacheLevels(curve: CpuBandwidthCurve | undefined, dramBytesPerSecond: number): CacheLevel[] {
  const pts = (curve ?? []).filter((p) => p.bytesPerSecond > 0 && p.workingSetBytes > 0);
  const groups: { maxWorkingSetBytes: number; bytesPerSecond: number }[] = [];
  for (const p of pts) {
    const last = groups[groups.length - 1];
    // A drop from the level's own bandwidth starts the next level; a rise (small sets still
    // paying the loop's start-up) stays in it and raises its figure.
    if (!last || last.bytesPerSecond / p.bytesPerSecond > LEVEL_STEP) {
      groups.push({ maxWorkingSetBytes: p.workingSetBytes, bytesPerSecond: p.bytesPerSecond });
    } else {
      last.maxWorkingSetBytes = p.workingSetBytes;
      last.bytesPerSecond = Math.max(last.bytesPerSecond, p.bytesPerSecond);
    }
  }
  // The slowest stretch that matches the memory figure is DRAM, not a cache.
  const tail = groups[groups.length - 1];
  const dramMax = tail && tail.bytesPerSecond <= dramBytesPerSecond * DRAM_MATCH ? groups.pop() : undefined;
  // More stretches than caches (a noisy sweep): merge the neighbours closest in bandwidth.
  while (groups.length > MAX_CACHES) {
    let at = 0;
    let best = Infinity;
    for (let i = 0; i + 1 < groups.length; i++) {
      const a = groups[i] as CacheLevel;
      const b = groups[i + 1] as CacheLevel;
      const r = a.bytesPerSecond / b.bytesPerSecond;
      if (r < best) [best, at] = [r, i];
    }
    const [a, b] = [groups[at] as CacheLevel, groups[at + 1] as CacheLevel];
    groups.splice(at, 2, { maxWorkingSetBytes: b.maxWorkingSetBytes, bytesPerSecond: a.bytesPerSecond });
  }
  const levels: CacheLevel[] = groups
    .filter((g) => g.bytesPerSecond > dramBytesPerSecond)
    .map((g, i) => ({ name: `L${i + 1}`, maxWorkingSetBytes: g.maxWorkingSetBytes, bytesPerSecond: g.bytesPerSecond }));
  const lastCache = levels[levels.length - 1];
  levels.push({
    name: 'DRAM',
    maxWorkingSetBytes: dramMax?.maxWorkingSetBytes ?? Math.max(lastCache?.maxWorkingSetBytes ?? 0, 0),
    bytesPerSecond: dramBytesPerSecond,
  });
  return levels;
}

/** The level a working set fits in: the first whose largest measured set holds it; DRAM beyond. */
export function cacheLevelFor(levels: readonly CacheLevel[], workingSetBytes: number): CacheLevel | undefined {
  return levels.find((l) => l.name !== 'DRAM' && workingSetBytes <= l.maxWorkingSetBytes) ?? levels[levels.length - 1];
}
