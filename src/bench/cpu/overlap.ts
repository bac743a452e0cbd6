/**
 * The all-cores figure from one round of worker samples: only the work done while EVERY
 * worker was running counts, over the time they all ran together. Pure.
 *
 * Why: timing a round from the earliest start to the latest end (the old method) charges
 * the whole round for one worker's late start. On a machine with as many workers as cores,
 * the thread that posts the requests competes with the first worker for a core, so the last
 * worker starts milliseconds late (≈ 4 ms of a 20 ms sample in Chromium here) and the
 * figure drops by that share though every core computed at full speed while it ran.
 *
 * Each worker reports the end time of every chunk (equal work per chunk, ≈ 1 ms each); work
 * inside the overlap window [latest start, earliest end] is counted chunk by chunk, with the
 * two edge chunks pro rata (a chunk runs at a steady rate, and edges are ≤ 1 chunk each).
 */

/** One worker's sample. */
export interface WorkerSample {
  startMs: number;
  endMs: number;
  /** Total work (FLOPs or bytes), equal per chunk. */
  work: number;
  /** End time of each chunk; chunk k spans [chunkEnds[k−1] (or startMs), chunkEnds[k]]. */
  chunkEnds: readonly number[];
}

export interface OverlapResult {
  /** Length of the window during which all workers ran (ms). */
  windowMs: number;
  /** Work of all workers inside the window. */
  work: number;
  /** Each worker's work per ms inside the window. */
  perWorkerRate: number[];
  /** Sum of the workers' rates inside the window (work per ms). */
  rate: number;
  /** Latest start − earliest start (ms). */
  startSkewMs: number;
  /** Window ÷ mean worker duration: 1 when all ran exactly together. */
  overlapFraction: number;
  /** The old figure: all work ÷ (latest end − earliest start), work per ms. */
  spanRate: number;
}

/** Work of one worker inside [from, to]. */
export function workInWindow(s: WorkerSample, from: number, to: number): number {
  const n = s.chunkEnds.length;
  if (n === 0 || to <= from) return 0;
  const perChunk = s.work / n;
  let total = 0;
  let prev = s.startMs;
  for (const end of s.chunkEnds) {
    const lo = Math.max(prev, from);
    const hi = Math.min(end, to);
    if (hi > lo) total += end > prev ? (perChunk * (hi - lo)) / (end - prev) : perChunk;
    prev = end;
  }
  return total;
}

/**
 * Combine one round. Undefined when the workers never ran together (empty window), which
 * the caller treats as a sample to retake.
 */
export function overlapRound(samples: readonly WorkerSample[]): OverlapResult | undefined {
  if (samples.length === 0) return undefined;
  const from = Math.max(...samples.map((s) => s.startMs));
  const to = Math.min(...samples.map((s) => s.endMs));
  const first = Math.min(...samples.map((s) => s.startMs));
  const last = Math.max(...samples.map((s) => s.endMs));
  const totalWork = samples.reduce((a, s) => a + s.work, 0);
  const spanRate = last > first ? totalWork / (last - first) : Number.NaN;
  const windowMs = to - from;
  if (!(windowMs > 0)) return undefined;
  const perWorkerWork = samples.map((s) => workInWindow(s, from, to));
  const work = perWorkerWork.reduce((a, b) => a + b, 0);
  const meanDuration = samples.reduce((a, s) => a + (s.endMs - s.startMs), 0) / samples.length;
  return {
    windowMs,
    work,
    perWorkerRate: perWorkerWork.map((w) => w / windowMs),
    rate: work / windowMs,
    startSkewMs: from - first,
    overlapFraction: meanDuration > 0 ? windowMs / meanDuration : 0,
    spanRate,
  };
}
