import { describe, expect, it } from 'vitest';
import { assembleBenchRun, runBenchmarkWith, type BenchHost } from '../../../src/bench/run-common.ts';
import { BENCH_RUN_SCHEMA_VERSION, type GpuSuiteResult } from '../../../src/model/bench/bench-run.ts';
import { failedMetric, okMetric } from '../../../src/model/bench/metrics.ts';
import { timelineOverlaps } from '../../../src/model/bench/timeline.ts';
import type { CpuWorkloadResult } from '../../../src/bench/workloads/cpu/run.ts';
import type { GpuWorkloadResult } from '../../../src/bench/workloads/gpu/run.ts';
import type { GpuDtype } from '../../../src/bench/workloads/gpu/shader.ts';
import { createFakeDevice, installGpuGlobals } from './gpu/fake-device.ts';

const gpu: GpuSuiteResult = {
  metrics: [
    okMetric('gpu.f32.gflops', 'GFLOPS', 'higher', [10, 12]),
    failedMetric('gpu.device.gbps', 'failed', 'wrong data'),
  ],
  adapter: {
    vendor: 'google',
    architecture: 'swiftshader',
    device: '',
    description: '',
    isFallbackAdapter: true,
    features: [],
  },
  limits: {},
  timer: 'timestamp-query',
  crossOriginIsolated: true,
  userAgent: 'test',
  profile: 'quick',
  warmupMs: 100,
  transfers: [],
  references: [],
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 5,
  warnings: [],
  cancelled: false,
};

describe('assembleBenchRun', () => {
  it('joins GPU and CPU metrics, flags software adapters and lists failures', () => {
    const run = assembleBenchRun({
      profile: 'quick',
      startedAt: gpu.startedAt,
      durationMs: 9,
      environment: { host: 'browser', userAgent: 'test', crossOriginIsolated: true },
      gpu,
      cpu: {
        metrics: [okMetric('cpu.js.gflops', 'GFLOPS', 'higher', [3])],
        logicalCores: 2,
        threads: 2,
        simdFlavor: 'relaxed_madd',
        warnings: [],
      },
      cancelled: false,
    });
    expect(run.schemaVersion).toBe(BENCH_RUN_SCHEMA_VERSION);
    expect(run.metrics.map((m) => m.id)).toEqual(['gpu.f32.gflops', 'gpu.device.gbps', 'cpu.js.gflops']);
    expect(run.software).toBe(true);
    expect(run.errors).toEqual(['gpu.device.gbps: wrong data']);
    expect(run.gpu && 'metrics' in run.gpu).toBe(false);
    expect(run.cpu?.threads).toBe(2);
  });

  it('records why there is no GPU', () => {
    const run = assembleBenchRun({
      profile: 'full',
      startedAt: gpu.startedAt,
      durationMs: 1,
      environment: { host: 'browser', userAgent: 'test', crossOriginIsolated: false },
      gpuUnavailable: 'no WebGPU',
      gpuUnavailableReason: 'no-webgpu',
      cancelled: false,
    });
    expect(run.gpu).toBeUndefined();
    expect(run.software).toBe(false);
    expect(run.gpuUnavailableReason).toBe('no-webgpu');
    expect(run.errors).toEqual(['GPU: no WebGPU']);
  });
});

describe('runBenchmarkWith', () => {
  /** A host with no GPU and failing CPU workers, recording what the runner asked of it. */
  function failingHost(calls: string[]): BenchHost {
    return {
      environment: { host: 'node', userAgent: 'test', crossOriginIsolated: false },
      acquireGpu: async () => {
        calls.push('acquire');
        return { ok: false, reason: 'no-adapter', message: 'no adapter' };
      },
      releaseGpu: () => calls.push('release'),
      describeUnavailable: (failure) => `${failure.message}: install a Vulkan driver`,
      shaders: () => {
        throw new Error('shaders are read only once there is a device');
      },
      runCpuTiers: async () => {
        calls.push('cpu');
        throw new Error('workers did not start');
      },
    };
  }

  it("puts the host's words for a missing GPU and a CPU failure in the run, and lets go of the GPU", async () => {
    const calls: string[] = [];
    const progress: number[] = [];
    const run = await runBenchmarkWith(failingHost(calls), {
      profile: 'quick',
      onProgress: (p) => progress.push(p.fraction),
    });
    // The estimator's CPU tier first, then the GPU, then the other tiers (issue #11).
    expect(calls).toEqual(['cpu', 'acquire', 'release', 'cpu']);
    expect(run.environment.host).toBe('node');
    expect(run.gpuUnavailableReason).toBe('no-adapter');
    expect(run.errors).toEqual(['GPU: no adapter: install a Vulkan driver', 'CPU: workers did not start']);
    expect(run.cpu).toBeUndefined();
    expect(run.cancelled).toBe(false);
    // Only 'Starting the GPU', just after the first tier's share of the bar.
    expect(progress).toHaveLength(1);
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress[0]).toBeLessThan(0.1);
  });

  it('skips what it is told to skip, and the CPU tiers once the run is cancelled', async () => {
    const calls: string[] = [];
    await runBenchmarkWith(failingHost(calls), { profile: 'quick', noGpu: true, noCpu: true });
    expect(calls).toEqual([]);
    const controller = new AbortController();
    controller.abort();
    const run = await runBenchmarkWith(failingHost(calls), { profile: 'quick', signal: controller.signal });
    expect(calls).toEqual(['acquire', 'release']);
    expect(run.cancelled).toBe(true);
  });

  it('hands each CPU metric to onMetric as it finishes, so the page can fill a field at once', async () => {
    const seen: string[] = [];
    const host: BenchHost = {
      environment: { host: 'node', userAgent: 'test', crossOriginIsolated: false },
      acquireGpu: async () => ({ ok: false, reason: 'no-adapter', message: 'no adapter' }),
      shaders: () => {
        throw new Error('no device');
      },
      runCpuTiers: async (opts) => {
        // One metric per call, the first tier asked for.
        const m = okMetric(opts.tiers?.[0] ?? 'cpu.js.gflops', 'GFLOPS', 'higher', [3]);
        opts.onMetric?.(m);
        seen.push('tier returned');
        return { metrics: [m], logicalCores: 2, threads: 2, simdFlavor: 'none', warnings: [] };
      },
    };
    await runBenchmarkWith(host, { profile: 'quick', onMetric: (m) => seen.push(m.id) });
    expect(seen).toEqual(['cpu.simdAll.gflops', 'tier returned', 'cpu.js.gflops', 'tier returned']);
  });

  it("measures the estimator's CPU tier before the GPU suite and the rest after, and lists them in tier order", async () => {
    const order: string[] = [];
    const host: BenchHost = {
      environment: { host: 'node', userAgent: 'test', crossOriginIsolated: false },
      acquireGpu: async () => {
        order.push('gpu');
        return { ok: false, reason: 'no-adapter', message: 'no adapter' };
      },
      shaders: () => {
        throw new Error('no device');
      },
      runCpuTiers: async (opts) => {
        const ids = opts.tiers ?? [];
        order.push(ids.join(','));
        // The all-cores tier's scaling needs the one-thread tier, which runs later.
        const metrics = ids.map((id) =>
          okMetric(id, 'GFLOPS', 'higher', id === 'cpu.simdAll.gflops' ? [30] : [10], { threads: 2 }),
        );
        return { metrics, logicalCores: 2, threads: 2, simdFlavor: 'mul_add', warnings: ['once'] };
      },
    };
    const run = await runBenchmarkWith(host, { profile: 'quick' });
    expect(order[0]).toBe('cpu.simdAll.gflops');
    expect(order[1]).toBe('gpu');
    expect(order[2]?.split(',')).not.toContain('cpu.simdAll.gflops');
    expect(run.metrics.map((m) => m.id).slice(0, 3)).toEqual([
      'cpu.js.gflops',
      'cpu.simd1.gflops',
      'cpu.simdAll.gflops',
    ]);
    const all = run.metrics.find((m) => m.id === 'cpu.simdAll.gflops');
    expect(all?.status === 'ok' && all.details?.['scalingVsOneThread']).toBe(1.5);
    expect(run.cpu?.warnings).toEqual(['once']);
    // null keeps the old order: every tier after the suite, in one call.
    order.length = 0;
    await runBenchmarkWith(host, { profile: 'quick', firstCpuTier: null });
    expect(order[0]).toBe('gpu');
    expect(order).toHaveLength(2);
  });
});

describe('runBenchmarkWith: achievable roofs and the timeline (issue #20)', () => {
  const adapter = gpu.adapter;

  /** A host with the fake device, no suite steps, fake kernel runners and tiers that report their steps. */
  function achievableHost(order: string[]): BenchHost {
    return {
      environment: { host: 'node', userAgent: 'test', crossOriginIsolated: false },
      acquireGpu: async () => {
        installGpuGlobals();
        const { device } = createFakeDevice({ workMs: 0 });
        return { ok: true, device, adapter: {} as GPUAdapter, info: adapter, limits: {} };
      },
      shaders: () => ({ fma: '', fmaF16: '', copy: '', dispatch: '' }),
      runCpuTiers: async (opts) => {
        const ids = opts.tiers ?? [];
        const start = performance.now();
        order.push(`cpu tiers ${ids.length}`);
        await new Promise((r) => setTimeout(r, 2));
        for (const id of ids) opts.onStep?.(id, start, performance.now());
        return {
          metrics: ids.map((id) => okMetric(id, 'GFLOPS', 'higher', [10])),
          logicalCores: 2,
          threads: 2,
          simdFlavor: 'mul_add',
          warnings: [],
        };
      },
      achievable: async () => ({
        shaders: {},
        cpu: { createWorker: () => ({}) as never, logicalCores: 2, now: () => performance.now(), platform: 'test' },
        runGpu: async (_d, w, dtype) => {
          order.push(`gpu ${w.id}`);
          await new Promise((r) => setTimeout(r, 1));
          return fakeGpuResult(dtype);
        },
        runCpu: async (_e, w) => {
          order.push(`cpu ${w.id}`);
          await new Promise((r) => setTimeout(r, 1));
          return fakeCpuResult();
        },
      }),
    };
  }

  it('GPU kernels after the suite on its device, CPU kernels after the tiers; no step overlaps another device’s', async () => {
    const order: string[] = [];
    const run = await runBenchmarkWith(achievableHost(order), { profile: 'quick', steps: [] });
    const firstCpuKernel = order.findIndex((o) => o.startsWith('cpu ') && !o.startsWith('cpu tiers'));
    const lastGpu = order.map((o) => o.startsWith('gpu ')).lastIndexOf(true);
    expect(order[0]).toBe('cpu tiers 1');
    expect(lastGpu).toBeLessThan(order.indexOf('cpu tiers 6'));
    expect(order.indexOf('cpu tiers 6')).toBeLessThan(firstCpuKernel);
    const ids = run.metrics.map((m) => m.id);
    for (const id of ['gpu.matmul.gflops', 'gpu.copy.upload.gbps', 'cpu.rowwise.gbps', 'cpu.call.us'] as const) {
      expect(ids).toContain(id);
    }
    const steps = run.timeline ?? [];
    expect(steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(['Starting the GPU', 'GPU matmul kernel', 'CPU cost per call', 'CPU matmul kernel']),
    );
    expect(timelineOverlaps(steps)).toEqual([]);
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i]?.startMs).toBeGreaterThanOrEqual(steps[i - 1]?.startMs as number);
    }
  });

  it('noAchievable skips them; the timeline still covers the rest', async () => {
    const order: string[] = [];
    const run = await runBenchmarkWith(achievableHost(order), { profile: 'quick', steps: [], noAchievable: true });
    expect(order.some((o) => o.startsWith('gpu '))).toBe(false);
    expect(run.metrics.some((m) => m.id === 'gpu.matmul.gflops')).toBe(false);
    expect(run.timeline?.some((s) => s.step === 'Starting the GPU')).toBe(true);
  });
});

function fakeGpuResult(dtype: GpuDtype): GpuWorkloadResult {
  return {
    computeSamples: [1e-3, 1e-3, 1e-3],
    computeSeconds: 1e-3,
    uploadSeconds: 1e-4,
    readbackSeconds: 1e-4,
    launches: 1,
    samples: 1,
    uploadBytes: 16,
    readbackBytes: 16,
    validated: true,
    timer: 'timestamp-query',
    dtype,
    flops: 1,
    bytes: 1,
    achievedGflops: 1,
    achievedGbps: 1,
  };
}

function fakeCpuResult(): CpuWorkloadResult {
  return {
    seconds: 1e-4,
    samples: [1e-4, 1e-4, 1e-4],
    bestSeconds: 1e-4,
    flops: 1,
    bytes: 1,
    achievedGflops: 1,
    achievedGbps: 1,
    threads: 2,
    flavor: 'mul_add',
    dtype: 'f32',
    validated: true,
    checked: 1,
    checkedRuns: 1,
    startSync: 'barrier',
  };
}

describe('runBenchmarkWith: all cores at the limit (issue #20)', () => {
  it('retakes the all-cores tier once when it fell below 0.9 × cores × one core, keeping both runs’ samples', async () => {
    const calls: string[][] = [];
    let allCoreRuns = 0;
    const host: BenchHost = {
      environment: { host: 'node', userAgent: 'test', crossOriginIsolated: false },
      acquireGpu: async () => ({ ok: false, reason: 'no-adapter', message: 'no adapter' }),
      shaders: () => {
        throw new Error('no device');
      },
      runCpuTiers: async (opts) => {
        const ids = opts.tiers ?? [];
        calls.push([...ids]);
        const value = (id: string) =>
          id === 'cpu.simdAll.gflops'
            ? allCoreRuns++ === 0
              ? [48, 50]
              : [77, 78]
            : id === 'cpu.simd1.gflops'
              ? [40]
              : [5];
        const metrics = ids.map((id) => okMetric(id, 'GFLOPS', 'higher', value(id), { threads: 2 }));
        for (const m of metrics) {
          opts.onMetric?.(m);
          opts.onStep?.(m.id, performance.now(), performance.now());
        }
        return { metrics, logicalCores: 2, threads: 2, simdFlavor: 'mul_add', warnings: [] };
      },
    };
    const seen: number[] = [];
    const run = await runBenchmarkWith(host, {
      profile: 'quick',
      onMetric: (m) => {
        if (m.id === 'cpu.simdAll.gflops' && m.status === 'ok') seen.push(m.best);
      },
    });
    expect(calls.map((c) => c.join(','))).toContain('cpu.simdAll.gflops');
    expect(calls.filter((c) => c.length === 1 && c[0] === 'cpu.simdAll.gflops')).toHaveLength(2);
    const all = run.metrics.find((m) => m.id === 'cpu.simdAll.gflops');
    expect(all?.status === 'ok' && all.samples).toEqual([48, 50, 77, 78]);
    expect(all?.status === 'ok' && all.best).toBe(78);
    expect(all?.status === 'ok' && all.details?.['scalingVsOneThread']).toBe(0.975);
    expect(all?.status === 'ok' && all.details?.['remeasured']).toMatch(/below 0.9/);
    expect(run.timeline?.map((s) => s.step)).toContain('cpu.simdAll.gflops (again)');
    // The page fills its field from the first run, then from both together.
    expect(seen).toEqual([50, 78]);
  });
});
