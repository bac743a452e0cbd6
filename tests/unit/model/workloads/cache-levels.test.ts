import { describe, expect, it } from 'vitest';
import { cacheLevelFor, cpuCacheLevels } from '../../../../src/model/workloads/cache-levels.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GB = 1e9;

/** A sweep like this machine's: two workers, L1 48 KiB, L2 2 MiB per core, 32 MiB L3, then DRAM. */
const sweep = [
  { workingSetBytes: 16 * KiB, bytesPerSecond: 180 * GB },
  { workingSetBytes: 64 * KiB, bytesPerSecond: 200 * GB },
  { workingSetBytes: 256 * KiB, bytesPerSecond: 90 * GB },
  { workingSetBytes: 1 * MiB, bytesPerSecond: 85 * GB },
  { workingSetBytes: 4 * MiB, bytesPerSecond: 40 * GB },
  { workingSetBytes: 16 * MiB, bytesPerSecond: 36 * GB },
  { workingSetBytes: 64 * MiB, bytesPerSecond: 12 * GB },
  { workingSetBytes: 256 * MiB, bytesPerSecond: 10 * GB },
];

describe('cpuCacheLevels', () => {
  it('flat stretches of the sweep are levels: L1, L2, L3, then DRAM at the memory figure', () => {
    const levels = cpuCacheLevels(sweep, 10 * GB);
    expect(levels.map((l) => l.name)).toEqual(['L1', 'L2', 'L3', 'DRAM']);
    expect(levels[0]).toEqual({ name: 'L1', maxWorkingSetBytes: 64 * KiB, bytesPerSecond: 200 * GB });
    expect(levels[1]).toEqual({ name: 'L2', maxWorkingSetBytes: 1 * MiB, bytesPerSecond: 90 * GB });
    expect(levels[2]).toEqual({ name: 'L3', maxWorkingSetBytes: 16 * MiB, bytesPerSecond: 40 * GB });
    expect(levels[3]).toEqual({ name: 'DRAM', maxWorkingSetBytes: 256 * MiB, bytesPerSecond: 10 * GB });
  });

  it('a working set is bounded by the level it fits in', () => {
    const levels = cpuCacheLevels(sweep, 10 * GB);
    expect(cacheLevelFor(levels, 32 * KiB)?.name).toBe('L1');
    expect(cacheLevelFor(levels, 512 * KiB)?.name).toBe('L2');
    expect(cacheLevelFor(levels, 10 * MiB)?.name).toBe('L3');
    expect(cacheLevelFor(levels, 1e9)?.name).toBe('DRAM');
  });

  it('no sweep: DRAM alone; a noisy sweep of many steps keeps at most four caches', () => {
    expect(cpuCacheLevels(undefined, 5 * GB)).toEqual([
      { name: 'DRAM', maxWorkingSetBytes: 0, bytesPerSecond: 5 * GB },
    ]);
    const steps = Array.from({ length: 8 }, (_, i) => ({
      workingSetBytes: 16 * KiB * 4 ** i,
      bytesPerSecond: 500 * GB * 0.5 ** i,
    }));
    const levels = cpuCacheLevels(steps, 1 * GB);
    expect(levels.length).toBeLessThanOrEqual(5);
    expect(levels[levels.length - 1]?.name).toBe('DRAM');
    for (let i = 1; i < levels.length; i++) {
      expect(levels[i]?.bytesPerSecond).toBeLessThan(levels[i - 1]?.bytesPerSecond as number);
    }
  });
});
