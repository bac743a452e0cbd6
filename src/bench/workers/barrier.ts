/**
 * The worker's side of the start barrier ({@link BarrierSpec}): every worker of a run
 * waits here so they start together. Used by the CPU tiers and the workload kernels.
 */
import type { BarrierSpec, SampleReply } from './protocol.ts';

/** How long a worker waits at the start barrier before starting alone (the runner notices). */
const BARRIER_TIMEOUT_MS = 2_000;
/** How long a worker spins at the barrier before it sleeps (see below). */
const BARRIER_SPIN_MS = 5;

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
  // Spin first: a worker asleep in Atomics.wait can take up to a millisecond to wake on a
  // virtual machine (an idle vCPU is halted), and that wake-up would land inside the timed
  // run (its start is the first worker's, its end the last's): a 50 µs kernel measured
  // 1 ms. Waking a thread is the call cost, measured apart (cpu.call.us).
  const spinUntil = performance.now() + BARRIER_SPIN_MS;
  while (Atomics.load(b, 1) === generation && performance.now() < spinUntil);
  const deadline = Date.now() + BARRIER_TIMEOUT_MS;
  while (Atomics.load(b, 1) === generation) {
    const left = deadline - Date.now();
    if (left <= 0) return 'timeout';
    Atomics.wait(b, 1, generation, left);
  }
  return 'barrier';
}
