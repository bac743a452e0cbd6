import { beforeAll, describe, expect, it } from 'vitest';
import { padRows } from '../../../../../src/bench/workloads/kinds/matmul/gpu.ts';
import { randomArray, sampleIndices } from '../../../../../src/bench/workloads/gpu/common.ts';
import {
  runElementwiseGpu,
  runMatmulGpu,
  runReductionGpu,
  runSoftmaxGpu,
} from '../../../../../src/bench/workloads/gpu/index.ts';
import { createFakeDevice, installGpuGlobals } from '../../gpu/fake-device.ts';

beforeAll(installGpuGlobals);

/** The fake looks only at entry point names. */
const shaders = {
  matmul: '// matmul',
  elementwise: '// axpb',
  reduce: '// reduce_sum',
  reduceSubgroups: 'enable subgroups; // reduce_sum',
  softmax: '// softmax_rows',
};

describe('GPU workload kernels: control flow (fake device)', () => {
  it('elementwise: uploads, runs, reads back, validates and reports times', async () => {
    const { device, state } = createFakeDevice();
    const r = await runElementwiseGpu(device, { elements: 1003 }, { shaders, runs: 3 });
    expect(r.validated).toBe(true);
    expect(r.launches).toBe(1);
    expect(r.computeSamples).toHaveLength(3);
    expect(r.timer).toBe('wall-clock');
    expect(r.samples).toBeGreaterThan(100);
    for (const v of [r.computeSeconds, r.uploadSeconds, r.readbackSeconds]) expect(v).toBeGreaterThan(0);
    expect(r.flops).toBe(2 * 1003);
    expect(r.bytes).toBe(16 * 1003);
    // upload, warm-up + 3 timed runs, readback
    expect(state.submits).toBeGreaterThanOrEqual(5);
  });

  it('a kernel whose output is wrong fails with a clear mismatch, never a number', async () => {
    // The fake runs no matmul: C stays zero.
    const { device } = createFakeDevice();
    await expect(runMatmulGpu(device, { m: 17, n: 33, k: 9 }, { shaders })).rejects.toThrow(
      /matmul.*differs from the CPU reference at C\[0\]\[0\]/,
    );
    await expect(runReductionGpu(device, { elements: 5000 }, { shaders })).rejects.toThrow(/the sum/);
    await expect(runSoftmaxGpu(device, { rows: 3, cols: 7 }, { shaders })).rejects.toThrow(/y\[0\]\[0\]/);
  });

  it('a GPU that never answers ends with a timeout error', async () => {
    const { device } = createFakeDevice({ hangOnSubmittedWorkDone: true });
    await expect(runElementwiseGpu(device, { elements: 10 }, { shaders, timeoutMs: 200 })).rejects.toThrow(
      /did not finish within/,
    );
  });

  it('refuses arrays larger than the adapter can bind, and bad sizes', async () => {
    const { device } = createFakeDevice();
    // The fake binds 128 MiB at most: 2^26 floats per input is 256 MiB.
    await expect(runElementwiseGpu(device, { elements: 2 ** 26 }, { shaders })).rejects.toThrow(/binds at most/);
    await expect(runMatmulGpu(device, { m: 0, n: 1, k: 1 }, { shaders })).rejects.toThrow(/bad size/);
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

  it('random inputs are deterministic per seed and within range', () => {
    const a = randomArray(1000, 7, 0, 1);
    expect(randomArray(1000, 7, 0, 1)).toEqual(a);
    expect(randomArray(1000, 8, 0, 1)).not.toEqual(a);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
  });
});
