/**
 * The cost of starting one parallel CPU call (issue #20): the elementwise kernel on every
 * worker with one cache line each, timed as the workload runs are (from the workers' start
 * barrier to the last worker's end), so what remains is waking the workers and lining them
 * up. The model charges it once per kernel launch on the CPU; at tiny sizes it is all there
 * is (a CLI sweep measured 155 µs for 1,000 elements, against 1 µs from the bandwidth alone).
 * A kernel too small to split runs on one worker and wakes no other: `cpu.call1.us`, one
 * element on one worker, is what it pays.
 */
import { failedMetric, measuredMetric, type Metric } from '../../model/bench/metrics.ts';
import type { Workload } from '../../model/workloads/kinds/index.ts';
import type { WorkerEnv } from '../workers/channel.ts';
import { runCpuWorkload } from '../workloads/cpu/run.ts';
import { toVerifyError } from '../workloads/errors.ts';
import type { CpuRunner } from '../workloads/verify.ts';

/** Timed calls: a cost, quoted by its median (METHODS.md), from enough samples for a p10–p90. */
export const CPU_CALL_RUNS = { quick: 15, full: 40 } as const;

/**
 * One 16-float (64-byte) line per worker: every worker takes part, none has work to speak
 * of; or `elements` values on one worker.
 */
export function cpuCallWorkload(
  workers: number,
  elements = 16 * Math.max(1, workers),
): Extract<Workload, { id: 'elementwise' }> {
  return { id: 'elementwise', dtype: 'f32', shape: { elements, inputs: 3, outputs: 1, flopsPerElement: 2 } };
}

/** `cpu.call.us` (every worker) and `cpu.call1.us` (one): medians of timed tiny calls, µs. Never reject. */
export async function measureCpuCall(
  env: WorkerEnv,
  opts: { profile: 'quick' | 'full'; signal?: AbortSignal | undefined; runCpu?: CpuRunner },
): Promise<Metric[]> {
  const runCpu = opts.runCpu ?? runCpuWorkload;
  const every = cpuCallWorkload(Math.min(64, env.logicalCores));
  const one = cpuCallWorkload(1, 1);
  const out: Metric[] = [];
  for (const [id, w] of [
    ['cpu.call.us', every],
    ['cpu.call1.us', one],
  ] as const) {
    try {
      const r = await runCpu(env, w, {
        runs: CPU_CALL_RUNS[opts.profile],
        timeoutMs: 30_000,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      out.push(
        measuredMetric(
          id,
          r.samples.map((s) => s * 1e6),
          {
            workload: `elementwise a·b + c, ${w.shape.elements} element${w.shape.elements === 1 ? '' : 's'}${id === 'cpu.call.us' ? ': one 64-byte line per worker' : ', one worker'}`,
            threads: r.threads,
            timer: 'workers’ start barrier to the last end, as the workload runs',
            startSync: r.startSync,
          },
        ),
      );
    } catch (e) {
      const err = toVerifyError(e, 'CPU');
      out.push(failedMetric(id, err.kind === 'cancelled' ? 'cancelled' : 'failed', err.message));
    }
  }
  return out;
}
