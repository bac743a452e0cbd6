/**
 * The cost of starting one parallel CPU call (issue #20): the elementwise kernel on every
 * worker with one cache line each, timed as the workload runs are (from the workers' start
 * barrier to the last worker's end), so what remains is waking the workers and lining them
 * up. The model charges it once per kernel launch on the CPU; at tiny sizes it is all there
 * is (a CLI sweep measured 155 µs for 1,000 elements, against 1 µs from the bandwidth alone).
 */
import { failedMetric, measuredMetric, type Metric } from '../../model/bench/metrics.ts';
import type { Workload } from '../../model/workloads/kinds/index.ts';
import type { WorkerEnv } from '../workers/channel.ts';
import { runCpuWorkload } from '../workloads/cpu/run.ts';
import { toVerifyError } from '../workloads/errors.ts';
import type { CpuRunner } from '../workloads/verify.ts';

/** Timed calls: a cost, quoted by its median (METHODS.md), from enough samples for a p10–p90. */
export const CPU_CALL_RUNS = { quick: 15, full: 40 } as const;

/** One 16-float (64-byte) line per worker: every worker takes part, none has work to speak of. */
export function cpuCallWorkload(workers: number): Extract<Workload, { id: 'elementwise' }> {
  return {
    id: 'elementwise',
    dtype: 'f32',
    shape: { elements: 16 * Math.max(1, workers), inputs: 3, outputs: 1, flopsPerElement: 2 },
  };
}

/** `cpu.call.us`: median of timed tiny calls on every core, µs. Never rejects. */
export async function measureCpuCall(
  env: WorkerEnv,
  opts: { profile: 'quick' | 'full'; signal?: AbortSignal | undefined; runCpu?: CpuRunner },
): Promise<Metric> {
  const runCpu = opts.runCpu ?? runCpuWorkload;
  const w = cpuCallWorkload(Math.min(64, env.logicalCores));
  try {
    const r = await runCpu(env, w, {
      runs: CPU_CALL_RUNS[opts.profile],
      timeoutMs: 30_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return measuredMetric(
      'cpu.call.us',
      r.samples.map((s) => s * 1e6),
      {
        workload: `elementwise a·b + c, ${w.shape.elements} elements: one 64-byte line per worker`,
        threads: r.threads,
        timer: 'workers’ start barrier to the last end, as the workload runs',
        startSync: r.startSync,
      },
    );
  } catch (e) {
    const err = toVerifyError(e, 'CPU');
    return failedMetric('cpu.call.us', err.kind === 'cancelled' ? 'cancelled' : 'failed', err.message);
  }
}
