/**
 * A run's timeline (issue #20): when each step started and ended, and on which device, so
 * a run can show — and a test can check — that CPU measurements never ran while GPU work
 * was in flight, nor the other way round. On a software adapter, or any integrated GPU,
 * the GPU shares the CPU's cores and memory: overlapping the two would measure neither.
 * Pure.
 */

/** One step of a run: a GPU suite step, a CPU tier, a kernel class measured on one device. */
export interface TimelineStep {
  /** What ran, in the words of the progress bar ('GPU f32 throughput', 'CPU matmul kernel'). */
  step: string;
  device: 'cpu' | 'gpu';
  /** Milliseconds since the run started. */
  startMs: number;
  endMs: number;
}

/** Two steps on different devices that were running at the same time. */
export interface TimelineOverlap {
  cpu: TimelineStep;
  gpu: TimelineStep;
  /** How long both ran, ms. */
  overlapMs: number;
}

/**
 * Every CPU step that overlapped a GPU step by more than `toleranceMs` (default 0: the
 * clock is one `performance.now()`, and one step's end is stamped before the next starts).
 */
export function timelineOverlaps(steps: readonly TimelineStep[], toleranceMs = 0): TimelineOverlap[] {
  const cpu = steps.filter((s) => s.device === 'cpu');
  const gpu = steps.filter((s) => s.device === 'gpu');
  const out: TimelineOverlap[] = [];
  for (const c of cpu) {
    for (const g of gpu) {
      const overlapMs = Math.min(c.endMs, g.endMs) - Math.max(c.startMs, g.startMs);
      if (overlapMs > toleranceMs) out.push({ cpu: c, gpu: g, overlapMs });
    }
  }
  return out;
}

/** Records steps against one clock; `timed` stamps a step's start and end around its work. */
export class TimelineRecorder {
  readonly steps: TimelineStep[] = [];
  constructor(
    private readonly now: () => number,
    private readonly t0: number = now(),
  ) {}

  /** Run `work` as one step; its end is stamped even when it throws. */
  async timed<T>(step: string, device: TimelineStep['device'], work: () => Promise<T>): Promise<T> {
    const startMs = this.now() - this.t0;
    try {
      return await work();
    } finally {
      this.steps.push({ step, device, startMs, endMs: this.now() - this.t0 });
    }
  }

  /** A step whose start and end were stamped elsewhere (a CPU tier reports its own). */
  add(step: string, device: TimelineStep['device'], startAbsMs: number, endAbsMs: number): void {
    this.steps.push({ step, device, startMs: startAbsMs - this.t0, endMs: endAbsMs - this.t0 });
  }
}

/** The longest step label kept in a stored run. */
export const MAX_TIMELINE_LABEL = 200;
/** Most steps one run records (a full profile has well under a hundred). */
export const MAX_TIMELINE_STEPS = 500;
