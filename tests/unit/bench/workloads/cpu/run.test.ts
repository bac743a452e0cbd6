/**
 * The CPU workload runner: how a workload is split among workers (whole tiles, whole cache
 * lines, nothing lost or doubled), the counts, and real runs in Node worker threads at small
 * sizes (validated, finite, positive; a bad size refused). Timing is not asserted.
 */
import { describe, expect, it } from 'vitest';
import { nodeCpuTierEnv } from '../../../../../src/bench/cpu/node.ts';
import { MR } from '../../../../../src/bench/workloads/cpu/kernels.ts';
import {
  runCpuWorkload,
  splitRange,
  workloadCounts,
  workloadSlices,
  type CpuWorkload,
} from '../../../../../src/bench/workloads/cpu/run.ts';

describe('splitRange', () => {
  it.each([
    [1, 2, 4],
    [7, 2, 4],
    [100, 3, 16],
    [1_000_003, 16, 16],
    [5, 8, 1],
  ])('covers 0..%i in %i parts of multiples of %i, in order, without overlap', (total, parts, unit) => {
    const r = splitRange(total, parts, unit);
    expect(r.length).toBeLessThanOrEqual(parts);
    let next = 0;
    for (const [i, p] of r.entries()) {
      expect(p.start).toBe(next);
      expect(p.count).toBeGreaterThan(0);
      if (i < r.length - 1) expect(p.count % unit).toBe(0);
      next += p.count;
    }
    expect(next).toBe(total);
  });
});

describe('workloadSlices and counts', () => {
  it('splits matmul by whole micro-kernel row blocks and softmax by rows', () => {
    const s = workloadSlices({ kind: 'matmul', m: 30, n: 5, k: 7 }, 4);
    expect(s.every((x) => x.kind === 'matmul' && x.r0 % MR === 0)).toBe(true);
    expect(s.reduce((a, x) => a + (x.kind === 'matmul' ? x.rows : 0), 0)).toBe(30);
    expect(workloadSlices({ kind: 'matmul', m: 1, n: 1, k: 1 }, 8)).toHaveLength(1);
    expect(workloadSlices({ kind: 'softmax', rows: 3, cols: 10 }, 8)).toHaveLength(3);
  });
  it('counts FLOPs and bytes as the workload model does (f32)', () => {
    expect(workloadCounts({ kind: 'matmul', m: 2, n: 3, k: 4 })).toEqual({ flops: 48, bytes: 4 * (8 + 12 + 6) });
    expect(workloadCounts({ kind: 'elementwise', elements: 10 })).toEqual({ flops: 20, bytes: 160 });
    expect(workloadCounts({ kind: 'reduction', elements: 10 })).toEqual({ flops: 10, bytes: 40 });
    expect(workloadCounts({ kind: 'softmax', rows: 2, cols: 5 })).toEqual({ flops: 50, bytes: 80 });
  });
});

describe('runCpuWorkload in Node worker threads', () => {
  const env = nodeCpuTierEnv();
  const cases: CpuWorkload[] = [
    { kind: 'matmul', m: 1, n: 1, k: 1 },
    { kind: 'matmul', m: 67, n: 33, k: 129 },
    { kind: 'matmul', m: 513, n: 2, k: 9 },
    { kind: 'elementwise', elements: 100_003 },
    { kind: 'reduction', elements: 100_003 },
    { kind: 'softmax', rows: 37, cols: 129 },
  ];
  it.each(cases)('%j: validated, finite times on every thread', { timeout: 60_000 }, async (w) => {
    const r = await runCpuWorkload(env, w, { runs: 2, threads: 2 });
    expect(r.validated).toBe(true);
    expect(r.samples).toHaveLength(2);
    expect(r.checked).toBeGreaterThan(0);
    for (const t of r.samples) expect(Number.isFinite(t) && t > 0).toBe(true);
    expect(r.achievedGflops).toBeGreaterThan(0);
    expect(r.threads).toBeLessThanOrEqual(2);
    expect(r.startSync).toBe(r.threads > 1 ? 'barrier' : 'none');
  });
  it('refuses a size that is not a positive integer', async () => {
    await expect(runCpuWorkload(env, { kind: 'elementwise', elements: 0 })).rejects.toThrow(/invalid workload size/);
    await expect(runCpuWorkload(env, { kind: 'matmul', m: 2.5, n: 1, k: 1 })).rejects.toThrow(/invalid workload size/);
  });
});
