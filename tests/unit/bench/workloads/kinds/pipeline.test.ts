/**
 * The pipeline's runnable parts: on the GPU (a fake device that runs only a·b + c) the
 * copies follow "data stays on the GPU" as the model counts them, an expression step runs
 * as its plan's kernels, and a wrong step fails the run with its number; on the CPU every
 * worker gets its slice of every step (expressions included), runs them `repeat` times
 * and checks each, a wrong plan refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pipelineCpu } from '../../../../../src/bench/workloads/kinds/pipeline/cpu.ts';
import { runGpuKernels } from '../../../../../src/bench/workloads/verify.ts';
import { workloadCounts } from '../../../../../src/model/workloads/counts.ts';
import type { PipelineShape } from '../../../../../src/model/workloads/kinds/pipeline.ts';
import type { KernelWorkload } from '../../../../../src/model/workloads/kinds/steps.ts';
import type { Workload } from '../../../../../src/model/workloads/types.ts';
import { createFakeDevice, installGpuGlobals } from '../../gpu/fake-device.ts';

beforeAll(installGpuGlobals);

const shaders = { 'elementwise/elementwise': '// axpb', 'matmul/matmul': '// matmul' };
const axpb = (elements: number): KernelWorkload => ({
  id: 'elementwise',
  dtype: 'f32',
  shape: { elements, inputs: 3, outputs: 1, flopsPerElement: 2 },
});
const expression = (expr: string, arrays: string, mode: 'eager' | 'fused'): KernelWorkload => ({
  id: 'expression',
  dtype: 'f32',
  shape: { expr, arrays, mode },
});
const pipeline = (steps: KernelWorkload[], repeat: number, dataStaysOnGpu: boolean): Workload => ({
  id: 'pipeline',
  dtype: 'f32',
  shape: { steps, repeat, dataStaysOnGpu },
});

describe('pipeline GPU part (fake device)', () => {
  it('data on the GPU: the first step’s inputs up once, every launch repeated, the last step’s output back once', async () => {
    const { device } = createFakeDevice();
    const w = pipeline([axpb(1000), axpb(500)], 3, true);
    const r = await runGpuKernels(device, w, 'f32', { shaders, runs: 2 });
    const c = workloadCounts(w);
    expect(r.validated).toBe(true);
    expect(r.launches).toBe(c.launches);
    expect(r.launches).toBe(6);
    expect(r.uploadBytes).toBe(c.hostToDeviceBytes);
    expect(r.readbackBytes).toBe(c.deviceToHostBytes);
    // Every step's output checked, not only the one read back in the timed path.
    expect(r.samples).toBeGreaterThan(256);
  });
  it('data back after every step: each step’s copies every repetition', async () => {
    const { device } = createFakeDevice();
    const w = pipeline([axpb(1000), axpb(500)], 3, false);
    const r = await runGpuKernels(device, w, 'f32', { shaders, runs: 2 });
    const c = workloadCounts(w);
    expect(r.uploadBytes).toBe(c.hostToDeviceBytes);
    expect(r.readbackBytes).toBe(c.deviceToHostBytes);
    expect(r.computeSamples).toHaveLength(2);
    for (const t of [r.uploadSeconds, r.readbackSeconds, r.computeSeconds]) expect(t).toBeGreaterThan(0);
  });
  it.each([true, false])(
    'an expression step runs as its plan’s kernel, its output checked (data on the GPU: %s)',
    async (stay) => {
      // The generated kernel of a fused a*b + c binds params, a, b, c, out as axpb does: the fake runs it as axpb.
      const { device } = createFakeDevice({ runAs: { main: 'axpb' } });
      const w = pipeline([axpb(1000), expression('a * b + c', 'a:1000,b:1000,c:1000', 'fused')], 3, stay);
      const r = await runGpuKernels(device, w, 'f32', { shaders, runs: 2 });
      const c = workloadCounts(w);
      expect(r.validated).toBe(true);
      expect(r.launches).toBe(c.launches);
      expect(r.launches).toBe(6);
      expect(r.uploadBytes).toBe(c.hostToDeviceBytes);
      expect(r.readbackBytes).toBe(c.deviceToHostBytes);
      // Both steps' outputs checked: the elementwise's samples alone are at most 256.
      expect(r.samples).toBeGreaterThan(256);
      expect(r.computeSeconds).toBeGreaterThan(0);
    },
  );
  it('an eager expression step launches every operator, its sum in two passes, each repetition', async () => {
    // The fake runs no generated kernel: a result of zeros is right for these.
    const { device } = createFakeDevice();
    const w = pipeline([expression('(a * 0).sum() + b * 0', 'a:100000,b:1000', 'eager'), axpb(1000)], 2, true);
    const r = await runGpuKernels(device, w, 'f32', { shaders, runs: 2 });
    expect(r.validated).toBe(true);
    // a*0, the sum's two passes, b*0, the add; then axpb: 6 a repetition.
    expect(r.launches).toBe(12);
    expect(r.uploadBytes).toBe(workloadCounts(w).hostToDeviceBytes);
  });
  it.each([true, false])('a wrong step fails the run with its number (data on the GPU: %s)', async (stay) => {
    const { device } = createFakeDevice();
    const matmul: KernelWorkload = { id: 'matmul', dtype: 'f32', shape: { m: 9, n: 9, k: 9, batch: 1 } };
    await expect(runGpuKernels(device, pipeline([axpb(100), matmul], 2, stay), 'f32', { shaders })).rejects.toThrow(
      /^step 2 \(matmul\): .*differs from the CPU reference/,
    );
    // The fake computes none of a + 1: the expression's output is zeros, which its check refuses.
    const wrong = pipeline([axpb(100), expression('a + 1', 'a:99', 'fused')], 2, stay);
    await expect(runGpuKernels(createFakeDevice().device, wrong, 'f32', { shaders })).rejects.toThrow(
      /^step 2 \(expression\): .*differs from the CPU reference: WGSL: out\[0\] = 0/,
    );
  });
});

describe('pipeline CPU part', () => {
  const shape: PipelineShape = {
    steps: [
      { id: 'reduction', dtype: 'f32', shape: { elements: 10_000 } },
      { id: 'softmax', dtype: 'f32', shape: { rows: 3, cols: 70 } },
    ],
    repeat: 4,
    dataStaysOnGpu: true,
  };
  it('gives each worker its slice of every step (none where a step has fewer slices), and checks them all', async () => {
    const slices = pipelineCpu.slices(shape, 4);
    // The reduction splits four ways, the softmax's three rows three ways.
    expect(slices).toHaveLength(4);
    const plans = slices.map((s) => JSON.parse(s.plan) as { slice: unknown }[]);
    expect(plans.map((p) => p[1]?.slice === null)).toEqual([false, false, false, true]);
    let checked = 0;
    for (const s of slices) {
      const prepared = await pipelineCpu.prepare(s, 'f32', 'mul_add');
      expect(prepared.run()).toBeUndefined();
      const c = prepared.check();
      expect(c).toMatchObject({ ok: true });
      checked += c.ok ? c.checked : 0;
    }
    // Each worker's part of the sum, and sampled softmax outputs.
    expect(checked).toBeGreaterThan(4);
  });
  it('runs expression steps in every worker: a cut chain checked in each slab, a cut sum checked part by part', async () => {
    const withExpressions: PipelineShape = {
      steps: [
        expression('a * b + c', 'a:10000,b:10000,c:10000', 'eager'),
        expression('(np.exp(x) * 2).sum()', 'x:4096', 'fused'),
      ],
      repeat: 2,
      dataStaysOnGpu: false,
    };
    const slices = pipelineCpu.slices(withExpressions, 2);
    expect(slices).toHaveLength(2);
    // Each worker has a slab of each step: the chain's elements and the sum's values, split in two.
    for (const s of slices) {
      const plan = JSON.parse(s.plan) as { slice: { rows: number } | null }[];
      expect(plan.map((p) => p.slice?.rows)).toEqual([expect.any(Number), expect.any(Number)]);
      const prepared = await pipelineCpu.prepare(s, 'f32', 'mul_add');
      prepared.run();
      const c = prepared.check();
      expect(c).toMatchObject({ ok: true });
      // The chain's sampled outputs, and this worker's part of the sum against its own reference.
      expect(c.ok && c.checked).toBeGreaterThan(1);
    }
  });
  it('refuses a plan whose step is not a runnable kind or whose slice is not whole', async () => {
    const bad = (plan: unknown) =>
      pipelineCpu.prepare({ kind: 'pipeline', repeat: 1, plan: JSON.stringify(plan) }, 'f32', 'mul_add');
    await expect(bad([{ id: 'qr', shape: {}, slice: null }])).rejects.toThrow(/not a runnable step/);
    await expect(
      bad([{ id: 'reduction', shape: { elements: 4 }, slice: { kind: 'reduction', first: 0.5, count: 4 } }]),
    ).rejects.toThrow(/invalid slice/);
  });
});
