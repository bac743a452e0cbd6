/**
 * The CPU workload runner: how a range splits among workers, and real runs of every
 * runnable kind in Node worker threads at small sizes, in float32 and float64 (validated,
 * finite, positive, counts from the model, true numbers of outputs checked; a bad size and a
 * type the CPU cannot run refused). Timing is not asserted.
 */
import { describe, expect, it } from 'vitest';
import { nodeCpuTierEnv } from '../../../../../src/bench/cpu/node.ts';
import { splitRange } from '../../../../../src/bench/workloads/cpu/kernel.ts';
import { runCpuWorkload } from '../../../../../src/bench/workloads/cpu/run.ts';
import { MAX_SAMPLES, MORE_SAMPLES_UNDER_MS } from '../../../../../src/bench/workloads/samples.ts';
import { workloadCounts } from '../../../../../src/model/workloads/counts.ts';
import type { Workload } from '../../../../../src/model/workloads/types.ts';

const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);

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

describe('runCpuWorkload in Node worker threads', () => {
  const env = nodeCpuTierEnv();
  const cases: Workload[] = [
    { id: 'matmul', dtype: 'f32', shape: { m: 1, n: 1, k: 1, batch: 1 } },
    { id: 'matmul', dtype: 'f32', shape: { m: 67, n: 33, k: 129, batch: 1 } },
    { id: 'matmul', dtype: 'f64', shape: { m: 513, n: 2, k: 9, batch: 1 } },
    { id: 'matvec', dtype: 'f32', shape: { m: 301, n: 257, batch: 1 } },
    { id: 'matvec', dtype: 'f64', shape: { m: 40, n: 33, batch: 3 } },
    { id: 'elementwise', dtype: 'f32', shape: { elements: 100_003, inputs: 3, outputs: 1, flopsPerElement: 2 } },
    { id: 'elementwise', dtype: 'f64', shape: { elements: 100_003, inputs: 3, outputs: 1, flopsPerElement: 2 } },
    { id: 'reduction', dtype: 'f32', shape: { elements: 100_003 } },
    { id: 'reduction', dtype: 'f64', shape: { elements: 100_003 } },
    { id: 'softmax', dtype: 'f32', shape: { rows: 37, cols: 129 } },
    { id: 'softmax', dtype: 'f64', shape: { rows: 5, cols: 1000 } },
    { id: 'layernorm', dtype: 'f32', shape: { rows: 37, cols: 129 } },
    { id: 'layernorm', dtype: 'f64', shape: { rows: 5, cols: 1000 } },
    {
      id: 'conv2d',
      dtype: 'f32',
      shape: { batch: 2, cin: 3, cout: 17, h: 15, w: 11, kh: 3, kw: 3, stride: 2, pad: 1 },
    },
    { id: 'conv2d', dtype: 'f64', shape: { batch: 1, cin: 2, cout: 5, h: 8, w: 8, kh: 5, kw: 5, stride: 1, pad: 2 } },
    {
      id: 'attention',
      dtype: 'f32',
      shape: { batch: 2, heads: 2, sq: 33, sk: 40, d: 20, causal: true, fused: false },
    },
    { id: 'attention', dtype: 'f64', shape: { batch: 1, heads: 1, sq: 9, sk: 9, d: 8, causal: false, fused: false } },
    { id: 'fft', dtype: 'f32', shape: { length: 2048, batch: 3, complex: true } },
    { id: 'fft', dtype: 'f64', shape: { length: 64, batch: 5, complex: true } },
    {
      id: 'pipeline',
      dtype: 'f32',
      shape: {
        steps: [
          { id: 'matmul', dtype: 'f32', shape: { m: 33, n: 17, k: 9, batch: 1 } },
          { id: 'reduction', dtype: 'f32', shape: { elements: 10_001 } },
          { id: 'fft', dtype: 'f32', shape: { length: 256, batch: 1, complex: true } },
        ],
        repeat: 3,
        dataStaysOnGpu: false,
      },
    },
    // Expressions: cut by elements, by rows (x's), a whole sum added from the workers' parts, a max of parts, one worker.
    { id: 'expression', dtype: 'f32', shape: { expr: 'a*b + c', arrays: 'a:100003,b:100003,c:100003', mode: 'eager' } },
    { id: 'expression', dtype: 'f32', shape: { expr: 'a*b + c', arrays: 'a:100003,b:100003,c:100003', mode: 'fused' } },
    { id: 'expression', dtype: 'f32', shape: { expr: 'x @ w + b', arrays: 'x:67x33,w:33x9,b:9', mode: 'eager' } },
    { id: 'expression', dtype: 'f32', shape: { expr: 'np.exp(x).sum()', arrays: 'x:100003', mode: 'fused' } },
    { id: 'expression', dtype: 'f32', shape: { expr: '(x * 2).max()', arrays: 'x:50001', mode: 'eager' } },
    { id: 'expression', dtype: 'f32', shape: { expr: 'x.mean(axis=0)', arrays: 'x:301x47', mode: 'fused' } },
    { id: 'expression', dtype: 'f32', shape: { expr: 'x - x.mean()', arrays: 'x:5001', mode: 'eager' } },
    // …and in float64: its generated f64x2 kernels, the math of float64, sums and maxima from parts.
    {
      id: 'expression',
      dtype: 'f64',
      shape: { expr: 'np.sin(a) * np.tanh(b) + np.abs(c) ** 1.5', arrays: 'a:100003,b:100003,c:100003', mode: 'eager' },
    },
    { id: 'expression', dtype: 'f64', shape: { expr: 'x @ w + b', arrays: 'x:67x33,w:33x9,b:9', mode: 'fused' } },
    { id: 'expression', dtype: 'f64', shape: { expr: 'np.exp(x).sum()', arrays: 'x:100003', mode: 'fused' } },
    { id: 'expression', dtype: 'f64', shape: { expr: '(x * 2).max()', arrays: 'x:50001', mode: 'eager' } },
  ];
  it.each(cases)('$id $dtype $shape: validated, finite times on every thread', { timeout: 60_000 }, async (w) => {
    const r = await runCpuWorkload(env, w, { runs: 2, threads: 2 });
    expect(r.validated).toBe(true);
    expect(r.dtype).toBe(w.dtype);
    // The 2 asked for, then more while they total under 10 ms (samples.ts).
    expect(r.samples.length).toBeGreaterThanOrEqual(2);
    expect(r.samples.length).toBeLessThanOrEqual(MAX_SAMPLES);
    if (r.samples.length > 2) expect(sum(r.samples.slice(0, -1)) * 1000).toBeLessThan(MORE_SAMPLES_UNDER_MS);
    expect(r.checked).toBeGreaterThan(0);
    // Every run is checked: the timed ones and the warm-ups (1, up to 5 while they stay under 10 ms).
    expect(r.checkedRuns).toBeGreaterThanOrEqual(r.samples.length + 1);
    expect(r.checkedRuns).toBeLessThanOrEqual(r.samples.length + 5);
    for (const t of r.samples) expect(Number.isFinite(t) && t > 0).toBe(true);
    expect(r.flops).toBe(workloadCounts(w).flops);
    expect(r.achievedGflops).toBeGreaterThan(0);
    expect(r.threads).toBeLessThanOrEqual(2);
    expect(r.startSync).toBe(r.threads > 1 ? 'barrier' : 'none');
  });
  it('a 1×1×1 matmul says it checked 1 output, not one per sample and run', { timeout: 60_000 }, async () => {
    const r = await runCpuWorkload(env, cases[0] as Workload, { runs: 3 });
    expect(r.checked).toBe(1);
    // Five warm-ups, and more timed runs than the 3 asked for: tiny runs stay far under the
    // 10 ms that ends the warm-up, and the timed ones go on while they total under 10 ms (samples.ts).
    expect(r.samples.length).toBeGreaterThan(3);
    expect(r.checkedRuns).toBe(r.samples.length + 5);
  });
  it('refuses a size the page would not accept, and types the CPU kernels do not have', async () => {
    await expect(
      runCpuWorkload(env, {
        id: 'elementwise',
        dtype: 'f32',
        shape: { elements: 0, inputs: 3, outputs: 1, flopsPerElement: 2 },
      }),
    ).rejects.toThrow(/invalid workload size/);
    await expect(
      runCpuWorkload(env, { id: 'matmul', dtype: 'f32', shape: { m: 2.5, n: 1, k: 1, batch: 1 } }),
    ).rejects.toThrow(/invalid workload size/);
    await expect(runCpuWorkload(env, { id: 'reduction', dtype: 'f16', shape: { elements: 10 } })).rejects.toThrow(
      /float32 and float64, not f16/,
    );
  });
});
