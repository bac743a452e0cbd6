import { beforeAll, describe, expect, it } from 'vitest';
import { padRows } from '../../../../../src/bench/workloads/kinds/matmul/gpu.ts';
import { sampleIndices } from '../../../../../src/bench/workloads/gpu/run.ts';
import { runGpuKernels } from '../../../../../src/bench/workloads/verify.ts';
import type { Workload } from '../../../../../src/model/workloads/types.ts';
import { createFakeDevice, installGpuGlobals } from '../../gpu/fake-device.ts';

beforeAll(installGpuGlobals);

/** The fake looks only at entry point names. */
const shaders = {
  'matmul/matmul': '// matmul',
  'elementwise/elementwise': '// axpb',
  'reduction/reduce': '// reduce_sum',
  'reduction/reduce-subgroups': 'enable subgroups; // reduce_sum',
  'softmax/softmax': '// softmax_rows',
  'matvec/matvec': '// matvec',
  'layernorm/layernorm': '// layernorm_rows',
};

const elementwise = (elements: number): Workload => ({
  id: 'elementwise',
  dtype: 'f32',
  shape: { elements, inputs: 3, outputs: 1, flopsPerElement: 2 },
});

describe('GPU workload kernels: control flow (fake device)', () => {
  it('elementwise: uploads, runs, reads back, validates and reports times', async () => {
    const { device, state } = createFakeDevice();
    const r = await runGpuKernels(device, elementwise(1003), 'f32', { shaders, runs: 3 });
    expect(r.validated).toBe(true);
    expect(r.launches).toBe(1);
    // The 3 asked for, then more while they total under 10 ms (samples.ts).
    expect(r.computeSamples.length).toBeGreaterThanOrEqual(3);
    expect(r.timer).toBe('wall-clock');
    expect(r.samples).toBeGreaterThan(200);
    expect(r.samples).toBeLessThanOrEqual(256);
    for (const v of [r.computeSeconds, r.uploadSeconds, r.readbackSeconds]) expect(v).toBeGreaterThan(0);
    // FLOPs and bytes are the model's counts.
    expect(r.flops).toBe(2 * 1003);
    expect(r.bytes).toBe(16 * 1003);
    expect(r.dtype).toBe('f32');
    // upload, warm-up + 3 timed runs, readback
    expect(state.submits).toBeGreaterThanOrEqual(5);
  });

  it('a 1-element run checks exactly one output, and says so', async () => {
    const { device } = createFakeDevice();
    const r = await runGpuKernels(device, elementwise(1), 'f32', { shaders, runs: 1 });
    expect(r.samples).toBe(1);
  });

  it('a kernel whose output is wrong fails with a clear mismatch, never a number', async () => {
    // The fake runs only axpb: every other kernel's output stays zero.
    const { device } = createFakeDevice();
    const f32 = { shaders };
    await expect(
      runGpuKernels(device, { id: 'matmul', dtype: 'f32', shape: { m: 17, n: 33, k: 9, batch: 1 } }, 'f32', f32),
    ).rejects.toThrow(/matmul.*differs from the CPU reference at C\[0\]\[0\]/);
    await expect(
      runGpuKernels(device, { id: 'reduction', dtype: 'f32', shape: { elements: 5000 } }, 'f32', f32),
    ).rejects.toThrow(/the sum/);
    await expect(
      runGpuKernels(device, { id: 'softmax', dtype: 'f32', shape: { rows: 3, cols: 7 } }, 'f32', f32),
    ).rejects.toThrow(/softmax row 0, column 0/);
    await expect(
      runGpuKernels(device, { id: 'matvec', dtype: 'f32', shape: { m: 5, n: 9, batch: 2 } }, 'f32', f32),
    ).rejects.toThrow(/y\[0\]\[0\]/);
    await expect(
      runGpuKernels(device, { id: 'layernorm', dtype: 'f32', shape: { rows: 3, cols: 10 } }, 'f32', f32),
    ).rejects.toThrow(/layernorm row 0, column 0/);
  });

  it('expression: chains, reductions and products upload, launch in order, read back and validate', async () => {
    // The fake runs no generated kernel, so every buffer it writes stays zero: these expressions' results are zero.
    const expr = (text: string, arrays: string, mode: 'eager' | 'fused'): Workload => ({
      id: 'expression',
      dtype: 'f32',
      shape: { expr: text, arrays, mode },
    });
    const cases: [Workload, number][] = [
      [expr('a * 0', 'a:1003', 'eager'), 1],
      [expr('(a * 0 + b * 0) * 2', 'a:1003,b:1003', 'eager'), 4],
      [expr('(a * 0 + b * 0) * 2', 'a:1003,b:1003', 'fused'), 1],
      // Eager: a*0, then the sum's two passes (chunks, then their total).
      [expr('(a * 0).sum()', 'a:100003', 'eager'), 3],
      [expr('(x * 0).mean(axis=1)', 'x:9x33', 'fused'), 1],
      [expr('(x * 0) @ w', 'x:9x33,w:33x5', 'fused'), 2],
    ];
    for (const [w, launches] of cases) {
      const { device } = createFakeDevice();
      const r = await runGpuKernels(device, w, 'f32', { shaders, runs: 2 });
      expect(r.validated).toBe(true);
      expect(r.launches).toBe(launches);
      expect(r.computeSamples.length).toBeGreaterThanOrEqual(2);
      expect(r.samples).toBeGreaterThan(0);
      expect(r.flops).toBeGreaterThan(0);
    }
    // A result the kernels never wrote is a mismatch, never a number.
    const { device } = createFakeDevice();
    await expect(runGpuKernels(device, expr('a + 1', 'a:99', 'fused'), 'f32', { shaders })).rejects.toThrow(
      /differs from the CPU reference: WGSL: out\[0\] = 0, expected/,
    );
  });

  it('a GPU that never answers ends with a timeout error', async () => {
    const { device } = createFakeDevice({ hangOnSubmittedWorkDone: true });
    await expect(runGpuKernels(device, elementwise(10), 'f32', { shaders, timeoutMs: 200 })).rejects.toThrow(
      /did not finish within/,
    );
  });

  it('refuses arrays larger than the adapter can bind, shapes the page would not accept, and float16 without shader-f16', async () => {
    const { device } = createFakeDevice();
    // The fake binds 128 MiB at most: 2^26 floats per input is 256 MiB.
    await expect(runGpuKernels(device, elementwise(2 ** 26), 'f32', { shaders })).rejects.toThrow(/binds at most/);
    await expect(
      runGpuKernels(device, { id: 'matmul', dtype: 'f32', shape: { m: 0, n: 1, k: 1, batch: 1 } }, 'f32', { shaders }),
    ).rejects.toThrow(/not a shape this page accepts/);
    await expect(runGpuKernels(device, elementwise(10), 'f16', { shaders })).rejects.toThrow(/shader-f16/);
  });
});

describe('GPU workload helpers', () => {
  it('pads matrix rows to whole vec4 with zeros', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]);
    expect([...padRows(a, 2, 3, 4)]).toEqual([1, 2, 3, 0, 4, 5, 6, 0]);
    expect(padRows(a, 3, 2, 2)).toBe(a);
  });

  it('samples include the first and last output, sorted and distinct', () => {
    const s = sampleIndices(10_000, 64);
    expect(s[0]).toBe(0);
    expect(s[s.length - 1]).toBe(9999);
    expect(new Set(s).size).toBe(s.length);
    expect(s.length).toBeLessThanOrEqual(64);
    expect(sampleIndices(3, 64)).toEqual([0, 1, 2]);
  });
});
