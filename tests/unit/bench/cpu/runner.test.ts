/**
 * The CPU tier runner's control flow against fake workers: success, cancellation, a worker
 * that never answers (timeout → terminated → failed tier), a worker that cannot start, a
 * worker error, a validation mismatch, and missing SIMD. Plus the real worker handler
 * in-process (no threads), so the runner is also exercised with the real kernels.
 */
import { describe, expect, it } from 'vitest';
import type { MetricOk } from '../../../../src/model/metrics.ts';
import type { BenchProgress } from '../../../../src/bench/types.ts';
import type { KernelInfo, WorkerReply, WorkerRequest } from '../../../../src/bench/cpu/protocol.ts';
import { runCpuTiersWith, type CpuTierEnv, type TierPlan, type TierWorker } from '../../../../src/bench/cpu/runner.ts';
import { createWorkerHandler } from '../../../../src/bench/cpu/worker-core.ts';

/** What a fake worker does with a request: reply, or return undefined to stay silent. */
type Behaviour = (req: WorkerRequest, worker: FakeWorker) => WorkerReply | undefined | Promise<WorkerReply | undefined>;

const JS_INFO: KernelInfo = {
  kernel: 'js',
  flavor: 'f64-mul-add',
  chains: 12,
  unroll: 1,
  lanes: 1,
  flopsPerRep: 24,
  simdSupported: false,
  relaxedSupported: false,
  validatedAs: 'exact',
};
const SIMD_INFO: KernelInfo = {
  kernel: 'simd',
  flavor: 'relaxed_madd',
  chains: 12,
  unroll: 4,
  lanes: 4,
  flopsPerRep: 384,
  simdSupported: true,
  relaxedSupported: true,
  validatedAs: 'fused',
};

/** Fake time line for samples: each rep takes `nsPerRep` nanoseconds. */
let clockMs = 0;

class FakeWorker implements TierWorker {
  terminated = false;
  kernel: 'js' | 'simd' | undefined;
  received: WorkerRequest[] = [];
  private onReply: ((r: WorkerReply) => void) | undefined;
  onFailure: ((m: string) => void) | undefined;
  constructor(private readonly behaviour: Behaviour) {}
  listen(onReply: (r: WorkerReply) => void, onFailure: (m: string) => void): void {
    this.onReply = onReply;
    this.onFailure = onFailure;
  }
  postMessage(req: WorkerRequest): void {
    this.received.push(req);
    if (req.type === 'init') this.kernel = req.kernel;
    void Promise.resolve(this.behaviour(req, this)).then((reply) => {
      if (reply && !this.terminated) setTimeout(() => this.onReply?.(reply), 0);
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** Replies like a healthy worker: JS at 10 GFLOPS, SIMD at 50 GFLOPS per worker. */
const healthy: Behaviour = (req, w) => {
  if (req.type === 'init') return { seq: req.seq, type: 'ready', info: req.kernel === 'js' ? JS_INFO : SIMD_INFO };
  const info = w.kernel === 'js' ? JS_INFO : SIMD_INFO;
  const gflops = w.kernel === 'js' ? 10 : 50;
  const flops = req.reps * info.flopsPerRep;
  const startMs = clockMs;
  const ms = flops / gflops / 1e6;
  return { seq: req.seq, type: 'sample', startMs, endMs: startMs + ms, flops };
};

/** Tiny plan so tests run in milliseconds. */
const PLAN: TierPlan = { warmupMs: 0, warmupCalls: 2, targetSampleMs: 20, samples: 4 };

function makeEnv(
  factory: (index: number) => TierWorker,
  extra: Partial<CpuTierEnv> = {},
): CpuTierEnv & { workers: TierWorker[] } {
  const workers: TierWorker[] = [];
  let n = 0;
  return {
    workers,
    createWorker: () => {
      const w = factory(n++);
      workers.push(w);
      return w;
    },
    logicalCores: 3,
    now: () => clockMs++,
    platform: 'test',
    plan: PLAN,
    timeouts: { initMs: 200, runMinMs: 200, runFactor: 1 },
    ...extra,
  };
}

function ok(m: unknown): MetricOk {
  const metric = m as MetricOk;
  expect(metric.status).toBe('ok');
  return metric;
}

describe('runCpuTiersWith', () => {
  it('measures all three tiers with healthy workers', async () => {
    const env = makeEnv(() => new FakeWorker(healthy));
    const progress: BenchProgress[] = [];
    const r = await runCpuTiersWith(env, { profile: 'quick', onProgress: (p) => progress.push(p) });
    expect(r.metrics.map((m) => m.id)).toEqual(['cpu.js.gflops', 'cpu.simd1.gflops', 'cpu.simdAll.gflops']);
    const [js, simd1, all] = r.metrics.map(ok);
    expect(js?.n).toBe(4);
    expect(js?.best).toBeCloseTo(10, 6);
    expect(simd1?.best).toBeCloseTo(50, 6);
    // 3 workers started together (same fake start time): 3 × 50 GFLOPS.
    expect(all?.best).toBeCloseTo(150, 6);
    expect(all?.details?.['threads']).toBe(3);
    expect(simd1?.details?.['flavor']).toBe('relaxed_madd');
    expect(js?.details?.['precision']).toBe('f64');
    expect(r).toMatchObject({ logicalCores: 3, threads: 3, simdFlavor: 'relaxed_madd', warnings: [] });
    // 1 + 1 + 3 workers, all terminated at the end.
    expect(env.workers).toHaveLength(5);
    expect(env.workers.every((w) => (w as FakeWorker).terminated)).toBe(true);
    // The all-cores tier asks for the flavour the single-thread tier found.
    const simdAllInit = (env.workers[2] as FakeWorker).received[0];
    expect(simdAllInit).toMatchObject({ type: 'init', kernel: 'simd', flavor: 'relaxed_madd' });
    // Progress: named steps, non-decreasing fraction, ending at 1.
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(new Set(progress.map((p) => p.step)).size).toBe(3);
  });

  it('calibrates samples to the target duration', async () => {
    const env = makeEnv(() => new FakeWorker(healthy));
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    const js = ok(r.metrics[0]);
    const reps = js.details?.['iterations'] as number;
    const sampleMs = (reps * JS_INFO.flopsPerRep) / 10 / 1e6;
    expect(sampleMs).toBeGreaterThan(PLAN.targetSampleMs / 2);
    expect(sampleMs).toBeLessThan(PLAN.targetSampleMs * 2);
  });

  it('keeps completed tiers and marks the rest cancelled when aborted between samples', async () => {
    const controller = new AbortController();
    const env = makeEnv(() => new FakeWorker(healthy));
    const r = await runCpuTiersWith(env, {
      profile: 'quick',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step.includes('SIMD, 1 thread') && p.fraction > 0.45) controller.abort();
      },
    });
    expect(r.metrics.map((m) => m.status)).toEqual(['ok', 'cancelled', 'cancelled']);
    expect(env.workers).toHaveLength(2); // the all-cores tier never started workers
    expect(env.workers.every((w) => (w as FakeWorker).terminated)).toBe(true);
  });

  it('cancels at once while a request is pending and terminates the worker', async () => {
    const controller = new AbortController();
    const env = makeEnv(
      () => new FakeWorker((req) => (req.type === 'init' ? healthy(req, new FakeWorker(healthy)) : undefined)),
      {
        timeouts: { initMs: 60_000, runMinMs: 60_000, runFactor: 1 },
      },
    );
    setTimeout(() => controller.abort(), 30);
    const t0 = Date.now();
    const r = await runCpuTiersWith(env, { profile: 'quick', signal: controller.signal });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r.metrics.map((m) => m.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((env.workers[0] as FakeWorker).terminated).toBe(true);
  });

  it('returns all tiers cancelled when the signal is already aborted', async () => {
    const env = makeEnv(() => new FakeWorker(healthy));
    const r = await runCpuTiersWith(env, { profile: 'quick', signal: AbortSignal.abort() });
    expect(r.metrics.map((m) => m.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(env.workers).toHaveLength(0);
  });

  it('fails a tier whose worker never answers (timeout), terminates it, and runs the others', async () => {
    // The first worker (JS tier) hangs on its first run request.
    const env = makeEnv(
      (i) => new FakeWorker((req, w) => (i === 0 && req.type === 'run' ? undefined : healthy(req, w))),
    );
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    expect(r.metrics.map((m) => m.status)).toEqual(['failed', 'ok', 'ok']);
    const failed = r.metrics[0];
    expect(failed && 'error' in failed ? failed.error : '').toMatch(/stopped answering.*200 ms/);
    expect((env.workers[0] as FakeWorker).terminated).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/plain JavaScript.*stopped answering/);
  });

  it('fails a tier whose worker cannot start', async () => {
    const env = makeEnv((i) => {
      if (i === 1) throw new Error('Workers are blocked by policy');
      return new FakeWorker(healthy);
    });
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    expect(r.metrics.map((m) => m.status)).toEqual(['ok', 'failed', 'ok']);
    expect(r.metrics[1]).toMatchObject({ error: 'The worker could not be started: Workers are blocked by policy.' });
    expect(r.warnings[0]).toMatch(/SIMD, 1 thread failed/);
  });

  it('fails the all-cores tier when one of its workers cannot start, and terminates the others', async () => {
    const env = makeEnv((i) => {
      if (i === 3) throw new Error('out of memory');
      return new FakeWorker(healthy);
    });
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    expect(r.metrics.map((m) => m.status)).toEqual(['ok', 'ok', 'failed']);
    expect(r.metrics[2]).toMatchObject({
      error: expect.stringMatching(/^Worker 2 of 3 could not be started: out of memory/),
    });
    expect((env.workers[2] as FakeWorker).terminated).toBe(true);
  });

  it('fails a tier whose worker reports an error event (e.g. the script failed to load)', async () => {
    const env = makeEnv(
      (i) =>
        new FakeWorker((req, w) => {
          if (i === 0) {
            setTimeout(() => w.onFailure?.('the worker script failed to load or start'), 1);
            return undefined;
          }
          return healthy(req, w);
        }),
    );
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    expect(r.metrics.map((m) => m.status)).toEqual(['failed', 'ok', 'ok']);
    expect(r.metrics[0]).toMatchObject({ error: 'The worker script failed to load or start.' });
  });

  it('fails a tier whose kernel output does not match the reference', async () => {
    const env = makeEnv(
      (i) =>
        new FakeWorker((req, w) =>
          i === 1 && req.type === 'init'
            ? { seq: req.seq, type: 'error', code: 'invalid', message: "the kernel's output is wrong: lane 3 gave 0.5" }
            : healthy(req, w),
        ),
    );
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    expect(r.metrics.map((m) => m.status)).toEqual(['ok', 'failed', 'ok']);
    expect(r.metrics[1]).toMatchObject({ error: "The kernel's output is wrong: lane 3 gave 0.5." });
  });

  it('fails both SIMD tiers without starting more workers when Wasm SIMD is missing', async () => {
    const env = makeEnv(
      () =>
        new FakeWorker((req, w) =>
          req.type === 'init' && req.kernel === 'simd'
            ? { seq: req.seq, type: 'error', code: 'no-simd', message: 'this engine has no WebAssembly SIMD support' }
            : healthy(req, w),
        ),
    );
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    expect(r.metrics.map((m) => m.status)).toEqual(['ok', 'failed', 'failed']);
    expect(r.metrics[2]).toMatchObject({ error: 'Not measured: this engine has no WebAssembly SIMD support.' });
    expect(env.workers).toHaveLength(2);
    expect(r.simdFlavor).toBe('none');
    expect(r.warnings).toHaveLength(2);
  });

  it('runs the real kernels through the real worker handler (in-process)', async () => {
    const clock = (): number => performance.timeOrigin + performance.now();
    const inProcess = (): TierWorker => {
      const handle = createWorkerHandler(clock);
      let onReply: ((r: WorkerReply) => void) | undefined;
      return {
        listen: (r) => {
          onReply = r;
        },
        postMessage: (req) => {
          void handle(req).then((reply) => setTimeout(() => onReply?.(reply), 0));
        },
        terminate: () => undefined,
      };
    };
    const env: CpuTierEnv = {
      createWorker: inProcess,
      logicalCores: 1,
      now: () => performance.now(),
      platform: 'in-process',
      plan: { warmupMs: 20, warmupCalls: 2, targetSampleMs: 5, samples: 3 },
    };
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    for (const m of r.metrics) {
      const metric = ok(m);
      expect(metric.validated).toBe(true);
      expect(metric.best).toBeGreaterThan(0);
      expect(Number.isFinite(metric.best)).toBe(true);
    }
    expect(['relaxed_madd', 'mul_add']).toContain(r.simdFlavor);
  });
});
