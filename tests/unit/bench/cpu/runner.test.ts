/**
 * The CPU tier runner's control flow against fake workers: success, cancellation, a worker
 * that never answers (timeout → terminated → failed tier), a worker that cannot start, a
 * worker error, a validation mismatch, and missing SIMD. Plus the real worker handler
 * in-process (no threads), so the runner is also exercised with the real kernels.
 */
import { describe, expect, it } from 'vitest';
import type { MetricOk } from '../../../../src/model/bench/metrics.ts';
import type { BenchProgress } from '../../../../src/bench/types.ts';
import type { KernelInfo, WorkerReply, WorkerRequest } from '../../../../src/bench/workers/protocol.ts';
import {
  CHUNK_MS,
  CPU_TIERS,
  runCpuTiersWith,
  type CpuTierEnv,
  type TierPlan,
  type TierWorker,
} from '../../../../src/bench/cpu/runner.ts';
import { cpuBandwidthCurveFromDetails } from '../../../../src/model/workloads/precision.ts';
import { createWorkerHandler } from '../../../../src/bench/worker-handler.ts';

/** What a fake worker does with a request: reply, or return undefined to stay silent. */
type Behaviour = (req: WorkerRequest, worker: FakeWorker) => WorkerReply | undefined | Promise<WorkerReply | undefined>;

const JS_INFO: KernelInfo = {
  kernel: 'js',
  flavor: 'f64-mul-add',
  precision: 'f64',
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
  precision: 'f32',
  chains: 12,
  unroll: 4,
  lanes: 4,
  flopsPerRep: 384,
  simdSupported: true,
  relaxedSupported: true,
  validatedAs: 'fused',
};

const F64_INFO: KernelInfo = { ...SIMD_INFO, precision: 'f64', lanes: 2, flopsPerRep: 192, validatedAs: 'exact' };
const MEM_INFO: KernelInfo = {
  kernel: 'mem',
  flavor: 'triad',
  precision: 'f32',
  chains: 0,
  unroll: 4,
  lanes: 4,
  flopsPerRep: 0,
  simdSupported: true,
  relaxedSupported: false,
  validatedAs: 'exact',
  maxWorkingSetBytes: 2 ** 30,
};

/** The three FLOP tiers the older tests were written for. */
const F32_TIERS = ['cpu.js.gflops', 'cpu.simd1.gflops', 'cpu.simdAll.gflops'] as const;

/** Fake time line for samples (ms); advanced by the env's clock and by every fake run. */
let clockMs = 0;

class FakeWorker implements TierWorker {
  terminated = false;
  kernel: 'js' | 'simd' | 'mem' | undefined;
  precision: 'f32' | 'f64' = 'f32';
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
    if (req.type === 'init') {
      this.kernel = req.kernel;
      if (req.kernel === 'simd') this.precision = req.precision ?? 'f32';
    }
    void Promise.resolve(this.behaviour(req, this)).then((reply) => {
      if (reply && !this.terminated) setTimeout(() => this.onReply?.(reply), 0);
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** A worker's sample: `work` done at `rate` (work per ms) in chunks of `reps`, from `startMs`. */
function fakeSample(
  seq: number,
  req: Extract<WorkerRequest, { type: 'run' }>,
  workPerRep: number,
  ratePerMs: number,
  startMs: number,
): WorkerReply {
  const chunkWork = req.reps * workPerRep;
  const chunkMs = chunkWork / ratePerMs;
  const chunks = Math.max(1, Math.ceil((req.durationMs ?? 0) / chunkMs));
  const chunkEnds = Array.from({ length: chunks }, (_, k) => startMs + (k + 1) * chunkMs);
  return {
    seq,
    type: 'sample',
    startMs,
    endMs: startMs + chunks * chunkMs,
    work: chunks * chunkWork,
    chunkEnds,
    barrier: req.sync ? 'barrier' : 'none',
  };
}

/** Replies like a healthy worker: JS 10, SIMD 50 (f64: 25) GFLOPS, memory 20 GB/s per worker. */
const healthy: Behaviour = (req, w) => {
  if (req.type === 'init') {
    const info =
      req.kernel === 'js' ? JS_INFO : req.kernel === 'mem' ? MEM_INFO : req.precision === 'f64' ? F64_INFO : SIMD_INFO;
    return { seq: req.seq, type: 'ready', info };
  }
  if (req.type !== 'run') return { seq: req.seq, type: 'error', code: 'exception', message: 'not a tier request' };
  if (w.kernel === 'mem') return fakeSample(req.seq, req, req.workingSetBytes ?? 2 ** 28, 20e6, clockMs);
  const info = w.kernel === 'js' ? JS_INFO : w.precision === 'f64' ? F64_INFO : SIMD_INFO;
  const gflops = w.kernel === 'js' ? 10 : w.precision === 'f64' ? 25 : 50;
  return fakeSample(req.seq, req, info.flopsPerRep, gflops * 1e6, clockMs);
};

/** Tiny plan so tests run in milliseconds. */
const PLAN: TierPlan = {
  warmupMs: 0,
  warmupCalls: 2,
  targetSampleMs: 20,
  samples: 4,
  sweepBytes: [16 * 1024, 1024 * 1024, 256 * 1024 * 1024],
  sweepSamples: 2,
  sweepSampleMs: 5,
};

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
    tiers: F32_TIERS,
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

  it('calibrates chunks to CHUNK_MS and samples to the target duration', async () => {
    const env = makeEnv(() => new FakeWorker(healthy));
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    const js = ok(r.metrics[0]);
    const reps = js.details?.['repsPerChunk'] as number;
    const chunkMs = (reps * JS_INFO.flopsPerRep) / 10 / 1e6;
    expect(chunkMs).toBeGreaterThan(CHUNK_MS / 2);
    expect(chunkMs).toBeLessThan(CHUNK_MS * 2);
    // Every sample of a run lasted the target duration (whole chunks, at least the target).
    const last = (env.workers[0] as FakeWorker).received.at(-1);
    expect(last).toMatchObject({ type: 'run', durationMs: PLAN.targetSampleMs });
  });

  it('measures every tier (f32, memory with its cache sweep, f64) with per-worker figures', async () => {
    const env = makeEnv(() => new FakeWorker(healthy), { tiers: CPU_TIERS.map((t) => t.id) });
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    expect(r.metrics.map((m) => m.id)).toEqual(CPU_TIERS.map((t) => t.id));
    const byId = Object.fromEntries(r.metrics.map((m) => [m.id, ok(m)]));
    expect(byId['cpu.mem1.gbps']?.best).toBeCloseTo(20, 6);
    expect(byId['cpu.mem.gbps']?.best).toBeCloseTo(60, 6);
    expect(byId['cpu.simd1.f64.gflops']?.best).toBeCloseTo(25, 6);
    expect(byId['cpu.simdAll.f64.gflops']?.best).toBeCloseTo(75, 6);
    const memAll = byId['cpu.mem.gbps']?.details ?? {};
    expect(memAll['worker0.gbps']).toBeCloseTo(20, 6);
    expect(memAll['worker2.gbps']).toBeCloseTo(20, 6);
    expect(memAll['scalingVsOneThread']).toBeCloseTo(1, 6);
    // The sweep covers the plan's sizes, by total working set.
    const sweep = cpuBandwidthCurveFromDetails(byId['cpu.mem1.gbps']?.details);
    expect(sweep.map((p) => p.workingSetBytes)).toEqual(PLAN.sweepBytes);
    for (const p of sweep) expect(p.bytesPerSecond).toBeCloseTo(20e9, -3);
    // f64 workers were asked for f64.
    const f64Init = env.workers
      .map((w) => (w as FakeWorker).received[0])
      .find((q) => q?.type === 'init' && q.kernel === 'simd' && q.precision === 'f64');
    expect(f64Init).toBeDefined();
  });

  it('counts only the window in which every worker ran: a late start does not lower the figure', async () => {
    // Worker 1 of the all-cores tier starts 8 ms after the others (a busy posting thread).
    const late: Behaviour = (req, w) => {
      if (req.type === 'run' && w === lateWorker) {
        return fakeSample(req.seq, req, SIMD_INFO.flopsPerRep, 50e6, clockMs + 8);
      }
      return healthy(req, w);
    };
    let lateWorker: FakeWorker | undefined;
    const factory = (i: number): FakeWorker => {
      const w = new FakeWorker(late);
      if (i === 3) lateWorker = w;
      return w;
    };
    const overlap = await runCpuTiersWith(makeEnv(factory), { profile: 'quick' });
    const all = ok(overlap.metrics[2]);
    expect(all.best).toBeCloseTo(150, 6);
    expect(all.details?.['startSkewMs.median']).toBeCloseTo(8, 6);
    expect(all.details?.['worker1.gflops']).toBeCloseTo(50, 6);
    // The earlier method charges the whole round for the late start: 150 × 20 / 28.
    expect(all.details?.['span.gflops.best'] as number).toBeLessThan(0.8 * 150);
    const span = await runCpuTiersWith(makeEnv(factory, { window: 'span' }), { profile: 'quick' });
    expect(ok(span.metrics[2]).best).toBeLessThan(0.8 * 150);
  });

  it('sends a shared start barrier to the all-cores workers and asks them to wait at it', async () => {
    const env = makeEnv(() => new FakeWorker(healthy));
    await runCpuTiersWith(env, { profile: 'quick' });
    const allCore = env.workers.slice(2) as FakeWorker[];
    for (const w of allCore) {
      const init = w.received[0];
      expect(init?.type === 'init' && init.barrier?.parties).toBe(3);
      expect(w.received.filter((q) => q.type === 'run').every((q) => q.type === 'run' && q.sync === true)).toBe(true);
    }
    // One-thread tiers get no barrier.
    const one = env.workers[1] as FakeWorker;
    expect(one.received[0]).not.toHaveProperty('barrier');
  });

  it('retakes rounds in which the workers never ran together, then fails the tier in plain words', async () => {
    // Worker 1 always starts after the others have finished.
    const disjoint: Behaviour = (req, w) =>
      req.type === 'run' && w === lonely
        ? fakeSample(req.seq, req, SIMD_INFO.flopsPerRep, 50e6, clockMs + 1e6)
        : healthy(req, w);
    let lonely: FakeWorker | undefined;
    const env = makeEnv((i) => {
      const w = new FakeWorker(disjoint);
      if (i === 3) lonely = w;
      return w;
    });
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    expect(r.metrics.map((m) => m.status)).toEqual(['ok', 'ok', 'failed']);
    expect(r.metrics[2]).toMatchObject({ error: expect.stringMatching(/never ran at the same time/) });
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
      plan: {
        warmupMs: 20,
        warmupCalls: 2,
        targetSampleMs: 5,
        samples: 3,
        sweepBytes: [16 * 1024, 4 * 1024 * 1024],
        sweepSamples: 2,
        sweepSampleMs: 3,
        memBytes: 24 * 1024 * 1024,
      },
    };
    const r = await runCpuTiersWith(env, { profile: 'quick' });
    expect(r.metrics).toHaveLength(CPU_TIERS.length);
    for (const m of r.metrics) {
      const metric = ok(m);
      expect(metric.validated).toBe(true);
      expect(metric.best).toBeGreaterThan(0);
      expect(Number.isFinite(metric.best)).toBe(true);
    }
    expect(['relaxed_madd', 'mul_add']).toContain(r.simdFlavor);
  });
});
