/**
 * The Node runner for real: worker_threads running the real kernels, quick profile. Checks
 * plausibility only (a benchmark, not a timed test): finite, validated, positive values,
 * and the SIMD tier faster than plain JavaScript (f32x4 vs scalar f64: ≈ 4× on any x86-64
 * or Arm core with 128-bit SIMD).
 */
import { describe, expect, it } from 'vitest';
import { runCpuTiersNode } from '../../../../src/bench/cpu/node.ts';
import type { MetricOk } from '../../../../src/model/bench/metrics.ts';
import { cpuBandwidthCurveFromDetails } from '../../../../src/model/workloads/precision.ts';
import { CPU_TIERS } from '../../../../src/bench/cpu/runner.ts';

describe('runCpuTiersNode', () => {
  it('measures all tiers in worker threads (quick profile)', { timeout: 120_000 }, async () => {
    const fractions: number[] = [];
    const r = await runCpuTiersNode({ profile: 'quick', onProgress: (p) => fractions.push(p.fraction) });
    expect(r.warnings).toEqual([]);
    expect(r.metrics.map((m) => m.id)).toEqual(CPU_TIERS.map((t) => t.id));
    expect(r.metrics.map((m) => m.status)).toEqual(CPU_TIERS.map(() => 'ok'));
    const [js, simd1, all] = r.metrics as MetricOk[];
    for (const m of r.metrics as MetricOk[]) {
      expect(m?.validated).toBe(true);
      expect(Number.isFinite(m?.best)).toBe(true);
      expect(m?.best).toBeGreaterThan(0);
      expect(m?.samples.length).toBe(m?.n);
    }
    expect(simd1?.best).toBeGreaterThan(js?.best ?? Infinity);
    expect(all?.details?.['threads']).toBe(r.threads);
    // Node has SharedArrayBuffer: the all-cores workers start at the barrier.
    if (r.threads > 1) expect(all?.details?.['startSync']).toMatch(/Atomics/);
    const mem1 = r.metrics.find((m) => m.id === 'cpu.mem1.gbps') as MetricOk;
    expect(cpuBandwidthCurveFromDetails(mem1.details).length).toBeGreaterThanOrEqual(4);
    expect(r.threads).toBe(r.logicalCores);
    expect(r.simdFlavor).toBe('relaxed_madd'); // node.ts turns on Node 20's relaxed SIMD flag
    expect(fractions.at(-1)).toBe(1);
  });
});
