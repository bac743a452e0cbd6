import { describe, expect, it } from 'vitest';
import { TimelineRecorder, timelineOverlaps, type TimelineStep } from '../../../../src/model/bench/timeline.ts';
import { validateBenchRun, type Json } from '../../../../src/model/history/validate.ts';
import { BENCH_RUN_SCHEMA_VERSION, type BenchRun } from '../../../../src/model/bench/bench-run.ts';

const step = (device: 'cpu' | 'gpu', startMs: number, endMs: number, name = `${device} ${startMs}`): TimelineStep => ({
  step: name,
  device,
  startMs,
  endMs,
});

describe('timelineOverlaps', () => {
  it('back to back steps do not overlap; a CPU step inside a GPU step does, by its length', () => {
    expect(timelineOverlaps([step('cpu', 0, 10), step('gpu', 10, 30), step('cpu', 30, 35)])).toEqual([]);
    const bad = timelineOverlaps([step('gpu', 10, 30), step('cpu', 12, 20)]);
    expect(bad).toHaveLength(1);
    expect(bad[0]?.overlapMs).toBe(8);
  });

  it('steps of one device may overlap each other (only CPU against GPU counts); a tolerance forgives jitter', () => {
    expect(timelineOverlaps([step('gpu', 0, 10), step('gpu', 5, 20)])).toEqual([]);
    expect(timelineOverlaps([step('gpu', 0, 10.01), step('cpu', 10, 20)], 0.05)).toEqual([]);
  });
});

describe('TimelineRecorder', () => {
  it('stamps each step on one clock, relative to the start, even when the step throws', async () => {
    let t = 100;
    const r = new TimelineRecorder(() => t);
    await r.timed('a', 'cpu', async () => {
      t += 5;
    });
    await expect(
      r.timed('b', 'gpu', async () => {
        t += 2;
        throw new Error('lost');
      }),
    ).rejects.toThrow('lost');
    r.add('c', 'cpu', 110, 120);
    expect(r.steps).toEqual([step('cpu', 0, 5, 'a'), step('gpu', 5, 7, 'b'), step('cpu', 10, 20, 'c')]);
  });
});

describe('a run’s timeline in history', () => {
  const run: BenchRun = {
    schemaVersion: BENCH_RUN_SCHEMA_VERSION,
    metrics: [],
    profile: 'quick',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 100,
    environment: { host: 'node', userAgent: 'node', crossOriginIsolated: false },
    software: true,
    errors: [],
    cancelled: false,
  };

  it('is optional, and accepted when every step is well formed', () => {
    expect(validateBenchRun(JSON.parse(JSON.stringify(run)) as Json)).toBeUndefined();
    const withTimeline = { ...run, timeline: [step('cpu', 0, 10), step('gpu', 10, 30)] };
    expect(validateBenchRun(JSON.parse(JSON.stringify(withTimeline)) as Json)).toBeUndefined();
  });

  it('refuses a step that ends before it starts, names no device, or is not a list', () => {
    const bad = (timeline: unknown) => validateBenchRun(JSON.parse(JSON.stringify({ ...run, timeline })) as Json);
    expect(bad([step('cpu', 10, 5)])).toMatch(/ends before it starts/);
    expect(bad([{ step: 'x', device: 'tpu', startMs: 0, endMs: 1 }])).toMatch(/device must be one of cpu, gpu/);
    expect(bad({})).toMatch(/timeline must be a list/);
  });
});
