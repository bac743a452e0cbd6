/**
 * The achievable roofs' part of a run (issue #20), one device at a time: on the GPU, every
 * kernel class's ladder then the copy path the workload runs use; on the CPU, every class's
 * ladder then the cost of one parallel call. run-common.ts calls the GPU's part right after
 * the suite (same device) and the CPU's after the CPU tiers, so the two never overlap; each
 * piece is a step of the run's timeline. Loaded only when it runs (the page's first paint
 * does not carry the workload kernels).
 */
import type { Metric } from '../../model/bench/metrics.ts';
import type { TimelineRecorder } from '../../model/bench/timeline.ts';
import type { RunLimits } from '../../model/workloads/run-fit.ts';
import type { BenchProfile } from '../types.ts';
import type { WorkerEnv } from '../workers/channel.ts';
import type { WorkloadShaders } from '../workloads/gpu/run.ts';
import { deviceRunLimits, type CpuRunner, type GpuRunner } from '../workloads/verify.ts';
import { cpuAchievableEnv, gpuAchievableEnv, measureAchievable } from './classes.ts';
import { measureCopyPath } from './copies.ts';
import { measureCpuCall } from './cpu-call.ts';
import { pooledWorkerEnv } from '../workers/pool.ts';

export interface AchievablePartOptions {
  profile: BenchProfile;
  signal?: AbortSignal | undefined;
  timeline?: TimelineRecorder | undefined;
  timeoutMs?: number;
  /** 0…1 of this device's part, and the step in words. */
  onProgress?: (fraction: number, step: string) => void;
  onMetric?: (m: Metric) => void;
}

/** Share of the GPU's part the copy path takes (the classes take the rest). */
const COPY_SHARE = 0.15;
/** Share of the CPU's part the call cost takes. */
const CALL_SHARE = 0.1;

/** The GPU's kernel classes, then the copy path, on `device`. Never rejects. */
export async function measureGpuAchievable(
  device: GPUDevice,
  host: { shaders: WorkloadShaders; runGpu?: GpuRunner | undefined },
  opts: AchievablePartOptions,
): Promise<Metric[]> {
  const classes = await measureAchievable(
    gpuAchievableEnv(device, host.shaders, deviceRunLimits(device), {
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      ...(host.runGpu ? { runGpu: host.runGpu } : {}),
    }),
    {
      profile: opts.profile,
      signal: opts.signal,
      timeline: opts.timeline,
      onProgress: (f, step) => opts.onProgress?.(f * (1 - COPY_SHARE), step),
      ...(opts.onMetric ? { onMetric: opts.onMetric } : {}),
    },
  );
  if (opts.signal?.aborted || classes.some((m) => m.status === 'skipped')) return classes;
  const step = 'GPU copies on the workload runs’ path';
  opts.onProgress?.(1 - COPY_SHARE, step);
  const copy = () =>
    measureCopyPath(device, {
      profile: opts.profile,
      signal: opts.signal,
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
  const copies = await (opts.timeline ? opts.timeline.timed(step, 'gpu', copy) : copy());
  for (const m of copies) opts.onMetric?.(m);
  opts.onProgress?.(1, step);
  return [...classes, ...copies];
}

/** The cost of a call on every worker and on one, then the CPU's kernel classes. Never rejects. */
export async function measureCpuAchievable(
  host: { cpu: WorkerEnv; runCpu?: CpuRunner | undefined },
  limits: RunLimits,
  opts: AchievablePartOptions,
): Promise<Metric[]> {
  const { runCpu } = host;
  // The same workers for every size and class: a fresh set per call costs more than small kernels.
  const cpu = pooledWorkerEnv(host.cpu);
  try {
    // The call costs first: they start every worker the ladders then reuse.
    const step = 'CPU cost per call';
    opts.onProgress?.(0, step);
    const call = () =>
      measureCpuCall(cpu, { profile: opts.profile, signal: opts.signal, ...(runCpu ? { runCpu } : {}) });
    const calls = await (opts.timeline ? opts.timeline.timed(step, 'cpu', call) : call());
    for (const m of calls) opts.onMetric?.(m);
    if (opts.signal?.aborted) return calls;
    const classes = await measureAchievable(cpuAchievableEnv(cpu, limits, runCpu ? { runCpu } : {}), {
      profile: opts.profile,
      signal: opts.signal,
      timeline: opts.timeline,
      onProgress: (f, s) => opts.onProgress?.(CALL_SHARE + f * (1 - CALL_SHARE), s),
      ...(opts.onMetric ? { onMetric: opts.onMetric } : {}),
    });
    return [...calls, ...classes];
  } finally {
    cpu.dispose();
  }
}
