import { describe, expect, it } from 'vitest';
import {
  compareRuns,
  headlineSeries,
  likeForLikeIssues,
  percentDiff,
  verdictOf,
} from '../../../../src/model/history/compare.ts';
import { HISTORY_SCHEMA_VERSION, type StoredRun } from '../../../../src/model/history/records.ts';
import { FIREFOX_UA, makeRun, type RunOptions } from '../../fixtures/history-fixtures.ts';

function stored(id: string, o: RunOptions = {}): StoredRun {
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'run',
    id,
    name: id,
    savedAt: '2026-11-20T10:00:00.000Z',
    run: makeRun(o),
  };
}

describe('percentDiff and verdictOf', () => {
  it('measures differences against the baseline and respects the direction', () => {
    expect(percentDiff(110, 100)).toBeCloseTo(10, 12);
    expect(percentDiff(90, 100)).toBeCloseTo(-10, 12);
    expect(percentDiff(1, 0)).toBeUndefined();
    expect(verdictOf(10, 'higher')).toBe('better');
    expect(verdictOf(10, 'lower')).toBe('worse');
    expect(verdictOf(-10, 'lower')).toBe('better');
    expect(verdictOf(0.2, 'higher')).toBe('same');
    expect(verdictOf(undefined, 'higher')).toBeUndefined();
  });
});

describe('compareRuns', () => {
  it('puts every metric side by side with % differences from the first run and marks the best', () => {
    const a = stored('a', { gflops: 1000, dispatchUs: 20 });
    const b = stored('b', { gflops: 1500, dispatchUs: 10 });
    const c = compareRuns([a, b]);
    expect(c.runIds).toEqual(['a', 'b']);
    expect(c.likeForLike).toBe(true);
    const f32 = c.rows.find((r) => r.id === 'gpu.f32.gflops');
    expect(f32?.cells[0]).toMatchObject({ value: 1000, best: false });
    expect(f32?.cells[0]?.diffPercent).toBeUndefined();
    expect(f32?.cells[1]).toMatchObject({ value: 1500, best: true, verdict: 'better' });
    expect(f32?.cells[1]?.diffPercent).toBeCloseTo(50, 9);
    // Latency: median is the headline, lower is better.
    const dispatch = c.rows.find((r) => r.id === 'gpu.dispatch.us');
    expect(dispatch?.cells[0]?.value).toBeCloseTo(21, 9);
    expect(dispatch?.cells[1]).toMatchObject({ best: true, verdict: 'better' });
    expect(dispatch?.cells[1]?.diffPercent).toBeCloseTo(-50, 9);
    // A metric neither measured is still listed with its reason.
    const f16 = c.rows.find((r) => r.id === 'gpu.f16.gflops');
    expect(f16?.cells.map((x) => x.status)).toEqual(['skipped', 'skipped']);
    expect(f16?.cells[0]?.error).toMatch(/shader-f16/);
  });

  it('marks nothing best when values are equal, and handles a metric missing in one run', () => {
    const a = stored('a');
    const b = stored('b', { noGpu: true });
    const c = compareRuns([a, stored('a2')]);
    expect(c.rows.every((r) => r.cells.every((x) => !x.best))).toBe(true);
    const d = compareRuns([a, b]);
    const f32 = d.rows.find((r) => r.id === 'gpu.f32.gflops');
    expect(f32?.cells[1]?.status).toBe('missing');
    expect(f32?.cells[0]?.best).toBe(false);
  });

  it('does not compare a metric reported in different units', () => {
    const a = stored('a');
    const b = stored('b');
    const m = b.run.metrics.find((x) => x.id === 'gpu.upload.gbps');
    if (m) m.unit = 'MB/s';
    const row = compareRuns([a, b]).rows.find((r) => r.id === 'gpu.upload.gbps');
    expect(row?.comparable).toBe(false);
    expect(row?.cells[1]?.diffPercent).toBeUndefined();
  });
});

describe('like-for-like', () => {
  it('is clean for the same conditions', () => {
    expect(likeForLikeIssues([stored('a'), stored('b', { gflops: 2 })])).toEqual([]);
  });

  it('flags browser, adapter, timer, isolation and fallback differences with reasons', () => {
    const issues = likeForLikeIssues([
      stored('a'),
      stored('b', {
        userAgent: FIREFOX_UA,
        description: 'AMD Radeon',
        timer: 'wall-clock',
        isolated: false,
        fallback: true,
      }),
    ]);
    const kinds = issues.map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['browser', 'adapter', 'timer', 'isolation', 'software']));
    expect(issues.find((i) => i.kind === 'browser')?.message).toBe('Different browsers: Chrome 131, Firefox 133.');
    expect(issues.find((i) => i.kind === 'adapter')?.message).toContain('AMD Radeon');
    expect(compareRuns([stored('a'), stored('b', { timer: 'wall-clock' })]).likeForLike).toBe(false);
  });
});

describe('headlineSeries', () => {
  it('gives values and % of the first run for the chart', () => {
    const s = headlineSeries([
      stored('a', { gflops: 1000 }),
      stored('b', { gflops: 1500 }),
      stored('c', { noGpu: true }),
    ]);
    const f32 = s.find((x) => x.id === 'gpu.f32.gflops');
    expect(f32?.values).toEqual([1000, 1500, null]);
    expect(f32?.relative[1]).toBeCloseTo(150, 9);
    expect(s.map((x) => x.id)).toEqual(['gpu.f32.gflops', 'gpu.upload.gbps', 'cpu.simdAll.gflops']);
  });
});
