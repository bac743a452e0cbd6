/**
 * The overlap window: work counted only while every worker ran, chunk by chunk, with the
 * edge chunks pro rata; the old span figure for comparison.
 */
import { describe, expect, it } from 'vitest';
import { overlapRound, workInWindow, type WorkerSample } from '../../../../src/bench/cpu/overlap.ts';

/** A worker running `chunks` chunks of `chunkMs` from `start`, `workPerChunk` each. */
function worker(start: number, chunks: number, chunkMs: number, workPerChunk: number): WorkerSample {
  const chunkEnds = Array.from({ length: chunks }, (_, k) => start + (k + 1) * chunkMs);
  return { startMs: start, endMs: start + chunks * chunkMs, work: chunks * workPerChunk, chunkEnds };
}

describe('workInWindow', () => {
  it('counts whole chunks inside the window and edge chunks pro rata', () => {
    const w = worker(0, 10, 1, 100); // 100 work per ms
    expect(workInWindow(w, 0, 10)).toBeCloseTo(1000, 9);
    expect(workInWindow(w, 2.5, 7.25)).toBeCloseTo(475, 9);
    expect(workInWindow(w, 20, 30)).toBe(0);
    expect(workInWindow(w, 5, 5)).toBe(0);
  });
});

describe('overlapRound', () => {
  it("gives the sum of the workers' rates when they ran exactly together", () => {
    const r = overlapRound([worker(0, 20, 1, 50), worker(0, 20, 1, 40)]);
    expect(r?.rate).toBeCloseTo(90, 9);
    expect(r?.perWorkerRate[0]).toBeCloseTo(50, 9);
    expect(r?.perWorkerRate[1]).toBeCloseTo(40, 9);
    expect(r?.startSkewMs).toBe(0);
    expect(r?.overlapFraction).toBeCloseTo(1, 9);
    expect(r?.spanRate).toBeCloseTo(90, 9);
  });

  it('is not lowered by a late start, where the span figure is', () => {
    // Worker 1 starts 5 ms late; both run 20 ms at 50 per ms.
    const r = overlapRound([worker(0, 20, 1, 50), worker(5, 20, 1, 50)]);
    expect(r?.windowMs).toBeCloseTo(15, 9);
    expect(r?.rate).toBeCloseTo(100, 9);
    expect(r?.startSkewMs).toBe(5);
    expect(r?.overlapFraction).toBeCloseTo(0.75, 9);
    expect(r?.spanRate).toBeCloseTo(2000 / 25, 9);
  });

  it('shows a slower worker in its own figure', () => {
    const r = overlapRound([worker(0, 20, 1, 50), worker(0, 10, 2, 50)]);
    expect(r?.perWorkerRate[1]).toBeCloseTo(25, 9);
    expect(r?.rate).toBeCloseTo(75, 9);
  });

  it('returns undefined when the workers never ran at the same time', () => {
    expect(overlapRound([worker(0, 5, 1, 1), worker(10, 5, 1, 1)])).toBeUndefined();
    expect(overlapRound([])).toBeUndefined();
  });

  it('handles one worker with one chunk (the one-thread tiers)', () => {
    const r = overlapRound([worker(3, 1, 20, 1000)]);
    expect(r?.rate).toBeCloseTo(50, 9);
  });
});
