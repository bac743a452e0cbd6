import { describe, expect, it } from 'vitest';
import { BenchSession, type BenchRunner } from '../../../src/bench/session.ts';
import { BENCH_RUN_SCHEMA_VERSION, type BenchRun } from '../../../src/model/bench/bench-run.ts';
import { failedMetric, measuredMetric, type Metric } from '../../../src/model/bench/metrics.ts';

function benchRun(metrics: Metric[], cancelled = false): BenchRun {
  return {
    schemaVersion: BENCH_RUN_SCHEMA_VERSION,
    metrics,
    profile: 'quick',
    startedAt: '2026-11-25T00:00:00.000Z',
    durationMs: 1,
    environment: { host: 'node', userAgent: 'test', crossOriginIsolated: false },
    software: false,
    errors: [],
    cancelled,
  };
}

/** A runner that reports two metrics, then waits for `release` (or the abort) to finish. */
function fakeRunner(): { runner: BenchRunner; release: () => void; calls: number } {
  let release = () => {};
  const state = {
    calls: 0,
    release: () => release(),
    runner: (async (opts) => {
      state.calls += 1;
      const f32 = measuredMetric('gpu.f32.gflops', [10, 12]);
      opts.onProgress?.({ fraction: 0.5, step: 'GPU f32 throughput' });
      opts.onMetric?.(f32);
      await new Promise<void>((resolve) => {
        release = resolve;
        opts.signal?.addEventListener('abort', () => resolve());
      });
      const rest = opts.signal?.aborted
        ? failedMetric('gpu.upload.gbps', 'cancelled', 'cancelled')
        : measuredMetric('gpu.upload.gbps', [5]);
      opts.onMetric?.(rest);
      return benchRun([f32, rest], opts.signal?.aborted);
    }) as BenchRunner,
  };
  return state;
}

describe('BenchSession', () => {
  it('owns a run from start to finish: state, each metric as it finishes, the finished run', async () => {
    const fake = fakeRunner();
    const session = new BenchSession(fake.runner);
    const seen: string[] = [];
    session.on('start', (e) => seen.push(`start ${e.profile}`));
    session.on('metric', (e) => seen.push(`metric ${e.metric.id}`));
    session.on('complete', (e) => seen.push(`complete ${e.run.metrics.length}`));
    expect(session.state.status).toBe('initial');

    const done = session.run('full');
    expect(session.running).toBe(true);
    expect(session.state.profile).toBe('full');
    expect(session.run()).toBe(done); // a second call joins the running one
    await Promise.resolve();
    expect(session.state.metrics.map((m) => m.id)).toEqual(['gpu.f32.gflops']);
    expect(session.state.progress.step).toBe('GPU f32 throughput');

    fake.release();
    const run = await done;
    expect(fake.calls).toBe(1);
    expect(session.state).toMatchObject({ status: 'complete', run });
    expect(seen).toEqual(['start full', 'metric gpu.f32.gflops', 'metric gpu.upload.gbps', 'complete 2']);
  });

  it('cancel keeps finished metrics and ends the run', async () => {
    const session = new BenchSession(fakeRunner().runner);
    const done = session.run('quick');
    session.cancel();
    expect(session.state.progress.step).toMatch(/Cancelling/);
    const run = await done;
    expect(run.cancelled).toBe(true);
    expect(run.metrics.map((m) => m.status)).toEqual(['ok', 'cancelled']);
    expect(session.running).toBe(false);
  });

  it('restore shows an earlier run without measuring; setProfile picks the next run’s profile', () => {
    const fake = fakeRunner();
    const session = new BenchSession(fake.runner);
    let changes = 0;
    session.on('change', () => (changes += 1));
    const earlier = benchRun([measuredMetric('cpu.js.gflops', [1])]);
    session.restore(earlier);
    session.setProfile('full');
    expect(session.state).toMatchObject({ status: 'complete', run: earlier, profile: 'full' });
    expect(changes).toBe(2);
    expect(fake.calls).toBe(0);
  });
});
