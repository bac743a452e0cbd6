/**
 * The pipeline's runnable parts: on the GPU (a fake device that runs only a·b + c) the
 * copies follow "data stays on the GPU" as the model counts them and a wrong step fails
 * the run with its number; on the CPU every worker gets its slice of every step, runs them
 * `repeat` times and checks each, a wrong plan refused.
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
  it.each([true, false])('a wrong step fails the run with its number (data on the GPU: %s)', async (stay) => {
    const { device } = createFakeDevice();
    const matmul: KernelWorkload = { id: 'matmul', dtype: 'f32', shape: { m: 9, n: 9, k: 9, batch: 1 } };
    await expect(runGpuKernels(device, pipeline([axpb(100), matmul], 2, stay), 'f32', { shaders })).rejects.toThrow(
      /^step 2 \(matmul\): .*differs from the CPU reference/,
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
  it('refuses a plan whose step is not a runnable kind or whose slice is not whole', async () => {
    const bad = (plan: unknown) =>
      pipelineCpu.prepare({ kind: 'pipeline', repeat: 1, plan: JSON.stringify(plan) }, 'f32', 'mul_add');
    await expect(bad([{ id: 'qr', shape: {}, slice: null }])).rejects.toThrow(/not a runnable step/);
    await expect(
      bad([{ id: 'reduction', shape: { elements: 4 }, slice: { kind: 'reduction', first: 0.5, count: 4 } }]),
    ).rejects.toThrow(/invalid slice/);
  });
});
