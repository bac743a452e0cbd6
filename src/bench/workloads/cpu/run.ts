/**
 * Run a workload on the CPU over all cores (issue 13): split it into one slice per worker
 * (the kind's `slices`), build the slices in the workers (not timed), then time each run
 * from a shared start barrier to the last worker's end — the time the whole workload took.
 * Every run's sampled outputs are checked against the kind's reference (a total that
 * slices build together, like a sum, against the combined reference); a mismatch fails the
 * run with the message, never a time.
 *
 * ```ts
 * const r = await runCpuWorkload(nodeCpuTierEnv(), { id: 'matmul', dtype: 'f32', shape: { m: 1024, n: 1024, k: 1024, batch: 1 } });
 * // r.seconds (median), r.achievedGflops, r.achievedGbps, r.threads, r.checked
 * ```
 */
import { errorMessage } from '../../../model/shared/errors.ts';
import { median } from '../../../model/shared/stats.ts';
import { workloadCounts } from '../../../model/workloads/counts.ts';
import type { Workload } from '../../../model/workloads/kinds/index.ts';
import { isRunnableWorkloadId } from '../../../model/workloads/runnable.ts';
import { isAcceptedWorkload } from '../../../model/workloads/url.ts';
import type { SimdFlavor } from '../../wasm/simd.ts';
import {
  Channel,
  TierError,
  cancelled,
  makeBarrier,
  replyError,
  startWorkers,
  type WorkerEnv,
} from '../../workers/channel.ts';
import type { FlavorRequest, WorkerReply, WorkloadSlice } from '../../workers/protocol.ts';
import { benchKind } from '../kinds/index.ts';
import { wantsAnotherSample } from '../samples.ts';
import { validSlice } from './kernel.ts';
import type { CpuDtype } from './lanes.ts';

export interface CpuWorkloadOptions {
  /** Timed runs after the untimed warm-up (default 5; more while they total under 10 ms, samples.ts); `seconds` is their median. */
  runs?: number;
  /** Workers (default: the env's logical cores, at most 64). */
  threads?: number;
  flavor?: FlavorRequest;
  signal?: AbortSignal;
  /** Longest wait for one worker reply, ms (default 60 s). */
  timeoutMs?: number;
}

export interface CpuWorkloadResult {
  /** Median time of one run of the whole workload (all workers, barrier start to last end), s. */
  seconds: number;
  /** Every timed run, s. */
  samples: number[];
  /** Best run, s. */
  bestSeconds: number;
  /** FLOPs and device bytes of one run, as the workload model counts them. */
  flops: number;
  bytes: number;
  /** flops / seconds / 1e9 and bytes / seconds / 1e9 (median run). */
  achievedGflops: number;
  achievedGbps: number;
  threads: number;
  flavor: SimdFlavor;
  /** The type the kernels stored and computed in. */
  dtype: CpuDtype;
  validated: true;
  /** Distinct outputs compared with the reference after each run (all runs check the same ones). */
  checked: number;
  /** Runs whose outputs were checked: the warm-ups and every timed run. */
  checkedRuns: number;
  /** How the workers' starts were synchronised. */
  startSync: 'barrier' | 'none';
}

/**
 * Untimed warm-up: one run, and up to five while they stay under 10 ms together. Fresh
 * workers run a new module's first calls slower (baseline-compiled code, cold caches),
 * which a median of three tiny runs would keep; a run of 10 ms is warm after one.
 */
const WARMUP_MAX_RUNS = 5;
const WARMUP_CHEAP_MS = 10;

/** Every slice a whole number of rows or elements, at least one slice, within what Wasm indexes. */
function validSlices(slices: readonly WorkloadSlice[]): boolean {
  return slices.length > 0 && slices.every(validSlice);
}

export async function runCpuWorkload(
  env: WorkerEnv,
  w: Workload,
  opts: CpuWorkloadOptions = {},
): Promise<CpuWorkloadResult> {
  if (!isRunnableWorkloadId(w.id)) throw new TierError('worker', `${String(w.id)} has no CPU kernel`);
  if (w.dtype !== 'f32' && w.dtype !== 'f64') {
    throw new TierError('worker', `the CPU kernels run float32 and float64, not ${w.dtype}`);
  }
  if (!isAcceptedWorkload(w)) throw new TierError('worker', `invalid workload size ${JSON.stringify(w.shape)}`);
  const dtype: CpuDtype = w.dtype;
  const kind = benchKind(w.id).cpu;
  const slices = kind.slices(w.shape, Math.max(1, Math.min(64, opts.threads ?? env.logicalCores)));
  if (!validSlices(slices)) throw new TierError('worker', `invalid workload size ${JSON.stringify(w.shape)}`);
  const runs = Math.max(1, opts.runs ?? 5);
  const timeout = opts.timeoutMs ?? 60_000;
  const signal = opts.signal;
  if (signal?.aborted) throw cancelled();
  const barrier = makeBarrier(slices.length);
  const channels: Channel[] = startWorkers(env, slices.length);
  try {
    const readies = await Promise.all(
      channels.map((c, i) =>
        c.request(
          {
            type: 'wl-prepare',
            slice: slices[i] as WorkloadSlice,
            dtype,
            flavor: opts.flavor ?? 'auto',
            ...(barrier ? { barrier } : {}),
          },
          timeout,
          signal,
        ),
      ),
    );
    let flavor: SimdFlavor = 'mul_add';
    // Parts combine by adding them (a sum), or by their maximum (a max).
    const max = kind.combine?.(w.shape) === 'max';
    const join = (a: number, b: number): number => (max ? Math.max(a, b) : a + b);
    const none = max ? -Infinity : 0;
    const reference = { value: none, absSum: none };
    for (const r of readies) {
      if (r.type !== 'wl-ready') throw replyError(r, 'wl-ready');
      flavor = r.flavor;
      reference.value = join(reference.value, r.refSum ?? none);
      reference.absSum = join(reference.absSum, r.refAbsSum ?? none);
    }
    const samples: number[] = [];
    let checked = 0;
    // Untimed warm-up: one run, more while they stay cheap (see WARMUP_* above).
    let warmups = 0;
    let warmMs = 0;
    for (let run = 0; wantsAnotherSample(samples, runs); run++) {
      if (signal?.aborted) throw cancelled();
      if (barrier) Atomics.store(new Int32Array(barrier.buffer), 0, 0);
      const replies: WorkerReply[] = await Promise.all(
        channels.map((c) => c.request({ type: 'wl-run', ...(barrier ? { sync: true } : {}) }, timeout, signal)),
      );
      let start = Infinity;
      let end = -Infinity;
      let total = none;
      let checkedNow = 0;
      for (const r of replies) {
        if (r.type !== 'wl-sample') throw replyError(r, 'wl-sample');
        start = Math.min(start, r.startMs);
        end = Math.max(end, r.endMs);
        total = join(total, r.value ?? none);
        checkedNow += r.checked;
      }
      if (kind.checkTotal) {
        const c = kind.checkTotal(total, reference, w.shape, dtype);
        if (!c.ok) throw new TierError('invalid', `the workload's output is wrong: ${c.error}`);
        checkedNow += c.checked;
      }
      checked = checkedNow;
      const warming = warmups === 0 || (warmups < WARMUP_MAX_RUNS && warmMs < WARMUP_CHEAP_MS);
      if (warming) {
        warmups++;
        warmMs += end - start;
      } else samples.push((end - start) / 1000);
    }
    const seconds = median(samples);
    const c = workloadCounts(w);
    return {
      seconds,
      samples,
      bestSeconds: Math.min(...samples),
      flops: c.flops,
      bytes: c.deviceBytes,
      achievedGflops: c.flops / seconds / 1e9,
      achievedGbps: c.deviceBytes / seconds / 1e9,
      threads: slices.length,
      flavor,
      dtype,
      validated: true,
      checked,
      checkedRuns: samples.length + warmups,
      startSync: barrier ? 'barrier' : 'none',
    };
  } catch (err) {
    throw err instanceof TierError ? err : new TierError('worker', errorMessage(err));
  } finally {
    for (const c of channels) c.close();
  }
}
