import { beforeAll, describe, expect, it } from 'vitest';
import type { CpuWorkloadResult } from '../../../../src/bench/workloads/cpu/run.ts';
import type { GpuWorkloadResult } from '../../../../src/bench/workloads/gpu/run.ts';
import type { GpuDtype } from '../../../../src/bench/workloads/gpu/shader.ts';
import type { WorkerEnv } from '../../../../src/bench/workers/channel.ts';
import {
  VerifyError,
  verifyWorkload,
  type CpuRunner,
  type GpuRunner,
  type VerifyEnv,
  type VerifyProgress,
} from '../../../../src/bench/workloads/verify.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';
import { createFakeDevice, installGpuGlobals } from '../gpu/fake-device.ts';

beforeAll(installGpuGlobals);

/** The fake device looks only at entry point names (it really computes axpb, nothing else). */
const shaders = {
  'matmul/matmul': '// matmul',
  'elementwise/elementwise': '// axpb',
  'reduction/reduce': '// reduce_sum',
  'reduction/reduce-subgroups': 'enable subgroups; // reduce_sum',
  'softmax/softmax': '// softmax_rows',
};

const machine: MachineRates = {
  cpuF32FlopsPerSecond: 20e9,
  cpuMemoryBytesPerSecond: 4e9,
  gpuF32FlopsPerSecond: 5e9,
  gpuF64PerF32Ratio: 1 / 32,
  gpuMemoryBytesPerSecond: 1e9,
  transferBytesPerSecond: 1e9,
  launchOverheadSeconds: 20e-6,
};

const elements = (n: number): Workload => ({
  id: 'elementwise',
  dtype: 'f32',
  shape: { elements: n, inputs: 3, outputs: 1, flopsPerElement: 2 },
});

const work = (w: Workload): number =>
  w.id === 'matmul'
    ? 2 * w.shape.m * w.shape.n * w.shape.k
    : w.id === 'softmax'
      ? w.shape.rows * w.shape.cols
      : w.id === 'elementwise' || w.id === 'reduction'
        ? w.shape.elements
        : 1;

/** A CPU runner whose time is `secondsPer` × work; records the workloads it ran. */
function fakeCpu(secondsPer: number, seen: Workload[] = []): CpuRunner {
  return (_env, w) => {
    seen.push(w);
    const seconds = work(w) * secondsPer;
    const r: CpuWorkloadResult = {
      seconds,
      samples: [seconds],
      bestSeconds: seconds,
      flops: 0,
      bytes: 0,
      achievedGflops: 0,
      achievedGbps: 0,
      threads: 2,
      flavor: 'mul_add',
      dtype: w.dtype === 'f64' ? 'f64' : 'f32',
      validated: true,
      checked: 10,
      checkedRuns: 2,
      startSync: 'barrier',
    };
    return Promise.resolve(r);
  };
}

/** A GPU runner with a fixed cost plus `secondsPer` × work, split into upload, compute and readback. */
function fakeGpu(fixed: number, secondsPer: number, dtypes: GpuDtype[] = []): GpuRunner {
  return (_device, w, dtype) => {
    dtypes.push(dtype);
    const compute = fixed + work(w) * secondsPer;
    const r: GpuWorkloadResult = {
      computeSeconds: compute,
      uploadSeconds: fixed,
      readbackSeconds: fixed,
      launches: 1,
      validated: true,
      samples: 5,
      computeSamples: [compute],
      timer: 'timestamp-query',
      dtype,
      flops: 0,
      bytes: 0,
      achievedGflops: 0,
      achievedGbps: 0,
      uploadBytes: 0,
      readbackBytes: 0,
    };
    return Promise.resolve(r);
  };
}

function env(device: GPUDevice, extra: Partial<VerifyEnv> = {}): VerifyEnv {
  return { device, shaders, cpu: {} as WorkerEnv, runCpu: fakeCpu(1e-9), ...extra };
}

describe('verifyWorkload: control flow (fake device)', () => {
  it('elementwise through the real GPU runner on a fake device: validated, finite, compared', async () => {
    const { device } = createFakeDevice();
    const progress: VerifyProgress[] = [];
    const r = await verifyWorkload(env(device), elements(5000), {
      machine,
      runs: 2,
      onProgress: (p) => progress.push(p),
    });
    expect(r.gpu.validated).toBe(true);
    expect(r.gpu.samples).toBeGreaterThan(100);
    expect(r.fit.scaledDown).toBe(false);
    for (const v of [
      r.measured.cpuSeconds,
      r.measured.gpuComputeSeconds,
      r.measured.uploadSeconds,
      r.measured.readbackSeconds,
      r.comparison.predictionError,
      r.comparison.speedup.measured,
      r.comparison.achieved.gpuGbps,
    ]) {
      expect(Number.isFinite(v)).toBe(true);
    }
    expect(r.comparison.cpu.measured).toBeCloseTo(5000e-9, 15);
    expect(progress.at(-1)).toEqual({ fraction: 1, step: 'done' });
    const fractions = progress.map((p) => p.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('a kernel whose output is wrong ends with a mismatch, no result', async () => {
    // The fake device runs no matmul: C stays zero.
    const { device } = createFakeDevice();
    const w: Workload = { id: 'matmul', dtype: 'f32', shape: { m: 16, n: 16, k: 16, batch: 1 } };
    await expect(verifyWorkload(env(device), w, { machine, noProbe: true })).rejects.toMatchObject({
      kind: 'mismatch',
      message: expect.stringMatching(/^GPU: .*differs from the CPU reference/),
    });
  });

  it('a lost device ends with device-lost', async () => {
    const { device } = createFakeDevice({ loseAtSubmit: 2 });
    await expect(verifyWorkload(env(device), elements(1000), { machine, noProbe: true })).rejects.toMatchObject({
      kind: 'device-lost',
    });
  });

  it('a GPU that never answers ends with a timeout', async () => {
    const { device } = createFakeDevice({ hangOnSubmittedWorkDone: true });
    await expect(
      verifyWorkload(env(device), elements(1000), { machine, noProbe: true, timeoutMs: 30 }),
    ).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('cancel: an aborted signal ends with cancelled, before the CPU side runs', async () => {
    const { device } = createFakeDevice();
    const controller = new AbortController();
    const seen: Workload[] = [];
    const p = verifyWorkload(env(device, { runCpu: fakeCpu(1e-9, seen) }), elements(1000), {
      machine,
      noProbe: true,
      signal: controller.signal,
      onProgress: (s) => {
        if (s.step.startsWith('GPU')) controller.abort();
      },
    });
    await expect(p).rejects.toBeInstanceOf(VerifyError);
    await expect(p).rejects.toMatchObject({ kind: 'cancelled' });
    expect(seen).toEqual([]);
  });

  it('a CPU validation failure ends with mismatch', async () => {
    const { device } = createFakeDevice();
    const { TierError } = await import('../../../../src/bench/workers/channel.ts');
    const runCpu: CpuRunner = () => Promise.reject(new TierError('invalid', "the workload's output is wrong"));
    await expect(
      verifyWorkload(env(device, { runCpu, runGpu: fakeGpu(1e-4, 1e-9) }), elements(1000), { machine, noProbe: true }),
    ).rejects.toMatchObject({ kind: 'mismatch', message: expect.stringMatching(/^CPU:/) });
  });

  it('a shape the kernels cannot run (an FFT of 1 000 points) is refused as not runnable, with the reason', async () => {
    const { device } = createFakeDevice();
    const w: Workload = { id: 'fft', dtype: 'f32', shape: { length: 1000, batch: 1, complex: true } };
    await expect(verifyWorkload(env(device), w, { machine })).rejects.toMatchObject({
      kind: 'not-runnable',
      message: expect.stringMatching(/radix-2 kernel needs a power of two length; N = 1,000 is not/),
    });
  });

  it('an FFT scaled down runs a power of two, and its notes describe the transform that ran', async () => {
    const { device } = createFakeDevice();
    const fft: Workload = { id: 'fft', dtype: 'f32', shape: { length: 2 ** 24, batch: 64, complex: false } };
    const r = await verifyWorkload(env(device, { runCpu: fakeCpu(1e-9), runGpu: fakeGpu(1e-5, 1e-12) }), fft, {
      machine,
      budgetSeconds: 2,
      runs: 1,
      noProbe: true,
    });
    const length = r.ran.id === 'fft' ? r.ran.shape.length : 0;
    expect(Math.log2(length) % 1).toBe(0);
    expect(length).toBeLessThan(2 ** 24);
    expect(r.ran.shape).toMatchObject({ complex: true, batch: 64 });
    const notes = r.notes.join(' ');
    expect(notes).toMatch(/complex FFT of the real data/);
    expect(notes).toContain(`${length.toLocaleString('en-US')} points (asked for 16,777,216)`);
    // The passes note, when there is one, is about the length that ran.
    if (length > 1024) expect(notes).toContain(`A transform of ${length.toLocaleString('en-US')} points ran as`);
    expect(notes).not.toContain('16,777,216 points ran as');
  });

  it('the probe catches a model that is 100× optimistic and scales the size down, saying so', async () => {
    const { device } = createFakeDevice();
    const seen: Workload[] = [];
    // The model says 4 GB/s → 16 B / 4e9 = 4 ns per element; this CPU takes 400 ns.
    const r = await verifyWorkload(
      env(device, { runCpu: fakeCpu(400e-9, seen), runGpu: fakeGpu(1e-5, 1e-12) }),
      elements(10_000_000),
      { machine, budgetSeconds: 2, runs: 3 },
    );
    expect(r.fit.scaledDown).toBe(true);
    // One run ≤ 2 s / 4 runs = 0.5 s at 400 ns per element: ≤ 1.25 M elements.
    const ran = r.ran.id === 'elementwise' ? r.ran.shape.elements : 0;
    expect(ran).toBeLessThanOrEqual(1_250_000);
    expect(ran).toBeGreaterThan(300_000);
    expect(r.measured.cpuSeconds).toBeLessThanOrEqual(0.5);
    expect(r.notes.join(' ')).toMatch(/Scaled down to .* elements \(asked for 10,000,000\)/);
    // The probe ran first and small.
    expect(seen[0]?.id === 'elementwise' && seen[0].shape.elements).toBeLessThan(ran);
  });

  it('sweep: log-spaced sizes up to the run, the measured break-even between them', async () => {
    const { device } = createFakeDevice();
    // CPU 1 ns per element; GPU 0.1 ms fixed ×3 (upload, compute, readback) + 0.1 ns per element:
    // equal where 1e-9·n = 3e-4 + 1e-10·n → n ≈ 333 333.
    const r = await verifyWorkload(
      env(device, { runCpu: fakeCpu(1e-9), runGpu: fakeGpu(1e-4, 1e-10) }),
      elements(10_000_000),
      { machine, sweep: true, budgetSeconds: 100, sweepBudgetSeconds: 100, noProbe: true },
    );
    const s = r.sweep;
    expect(s).toBeDefined();
    if (!s) return;
    expect(s.points.length).toBeGreaterThanOrEqual(6);
    expect(s.points.at(-1)?.size).toBe(10_000_000);
    const sizes = s.points.map((p) => p.size);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
    expect(s.measuredBreakEven?.kind).toBe('finite');
    if (s.measuredBreakEven?.kind === 'finite') {
      expect(s.measuredBreakEven.size).toBeGreaterThan(100_000);
      expect(s.measuredBreakEven.size).toBeLessThan(1_000_000);
    }
    expect(['finite', 'always', 'never']).toContain(s.predictedBreakEven.kind);
    for (const p of s.points) expect(p.predictedCpuSeconds).toBeGreaterThan(0);
  });

  it('the sweep stays within its budget', async () => {
    const { device } = createFakeDevice();
    const seen: Workload[] = [];
    const r = await verifyWorkload(
      env(device, { runCpu: fakeCpu(1e-7, seen), runGpu: fakeGpu(1e-4, 1e-10) }),
      elements(10_000_000),
      { machine, sweep: true, budgetSeconds: 100, sweepBudgetSeconds: 0.05, noProbe: true },
    );
    // Main run 1 s per CPU run; sweep points after it only while 3 runs of each fit 0.05 s.
    const sweepCpu = seen.slice(1).reduce((t, w) => t + 3 * work(w) * 1e-7, 0);
    expect(sweepCpu).toBeLessThanOrEqual(0.05);
    expect(r.sweep?.points.length).toBeGreaterThanOrEqual(2);
  });

  it('float64 runs on the CPU in float64 and says plainly that WebGPU cannot; nothing is kept as a GPU time', async () => {
    const { device } = createFakeDevice();
    const seen: Workload[] = [];
    const dtypes: GpuDtype[] = [];
    const w: Workload = { ...elements(1000), dtype: 'f64' };
    const r = await verifyWorkload(env(device, { runCpu: fakeCpu(1e-9, seen), runGpu: fakeGpu(1e-4, 0, dtypes) }), w, {
      machine,
      noProbe: true,
      sweep: true,
    });
    expect(seen.map((x) => x.dtype)).toEqual(['f64']);
    expect(dtypes).toEqual([]);
    expect(r.ran.dtype).toBe('f64');
    expect(r.sides.gpu.run).toBe(false);
    expect(r.gpu.ran).toBe(false);
    expect(Number.isNaN(r.measured.gpuComputeSeconds)).toBe(true);
    expect(r.notes.join(' ')).toMatch(/WebGPU has no float64/);
    expect(r.notes.join(' ')).toMatch(/sweep needs both devices/);
    expect(r.sweep).toBeUndefined();
  });

  it('float16 runs on a GPU with shader-f16 in float16; the CPU says plainly it cannot', async () => {
    const { device } = createFakeDevice({ features: ['shader-f16'] });
    const seen: Workload[] = [];
    const dtypes: GpuDtype[] = [];
    const r = await verifyWorkload(
      env(device, { runCpu: fakeCpu(1e-9, seen), runGpu: fakeGpu(1e-4, 0, dtypes) }),
      { ...elements(1000), dtype: 'f16' },
      { machine, noProbe: true },
    );
    expect(dtypes).toEqual(['f16']);
    expect(seen).toEqual([]);
    expect(r.cpu.ran).toBe(false);
    expect(r.notes.join(' ')).toMatch(/WebAssembly has no float16/);
  });

  it('float16 without shader-f16, and bfloat16 anywhere: refused as not runnable, with both reasons', async () => {
    const { device } = createFakeDevice();
    await expect(verifyWorkload(env(device), { ...elements(1000), dtype: 'f16' }, { machine })).rejects.toMatchObject({
      kind: 'not-runnable',
      message: expect.stringMatching(/no shader-f16.*WebAssembly has no float16/),
    });
    await expect(verifyWorkload(env(device), { ...elements(1000), dtype: 'bf16' }, { machine })).rejects.toMatchObject({
      kind: 'not-runnable',
      message: expect.stringMatching(/WebGPU has no bfloat16.*WebAssembly has no bfloat16/),
    });
  });
});
