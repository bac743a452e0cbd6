/**
 * The worker's side of the start barrier ({@link BarrierSpec}): every worker of a run
 * waits here so they start together. Used by the CPU tiers and the workload kernels.
 */
import type { BarrierSpec, SampleReply } from './protocol.ts';

/** How long a worker waits at the start barrier before starting alone (the runner notices). */
const BARRIER_TIMEOUT_MS = 2_000;

/** Wait at the barrier; returns how the start was synchronised. */
export function awaitBarrier(barrier: BarrierSpec | undefined): SampleReply['barrier'] {
  if (!barrier || barrier.parties <= 1) return 'none';
  const b = new Int32Array(barrier.buffer);
  const generation = Atomics.load(b, 1);
  const arrived = Atomics.add(b, 0, 1) + 1;
  if (arrived >= barrier.parties) {
    Atomics.add(b, 1, 1);
    Atomics.notify(b, 1);
    return 'barrier';
  }
  const deadline = Date.now() + BARRIER_TIMEOUT_MS;
  while (Atomics.load(b, 1) === generation) {
    const left = deadline - Date.now();
    if (left <= 0) return 'timeout';
    Atomics.wait(b, 1, generation, left);
  }
  return 'barrier';
}
