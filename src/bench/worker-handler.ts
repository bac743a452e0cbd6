/**
 * The whole of a CPU worker: the CPU tiers' requests go to bench/cpu's handler, the
 * workload kernels' ('wl-*') to bench/workloads'. The two never import each other; this
 * is the one place that knows both, as the worker entries' body.
 */
import { createTierHandler, type Clock } from './cpu/worker-core.ts';
import { createWorkloadHandler } from './workloads/cpu/worker-handler.ts';
import { awaitBarrier } from './workers/barrier.ts';
import type { WorkerReply, WorkerRequest } from './workers/protocol.ts';

/** A message handler for every request a CPU worker gets; never throws. */
export function createWorkerHandler(clock: Clock): (req: WorkerRequest) => Promise<WorkerReply> {
  const tiers = createTierHandler(clock);
  const workloads = createWorkloadHandler(clock, awaitBarrier);
  return (req) => (req.type === 'wl-prepare' || req.type === 'wl-run' ? workloads(req) : tiers(req));
}
