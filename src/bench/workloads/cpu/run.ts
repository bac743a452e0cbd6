/**
 * Run a workload on the CPU over all cores (issue 13): split it into one slice per worker
 * (matmul and softmax by rows, elementwise and reduction by elements), build the slices in
 * the workers (not timed), then time each run from a shared start barrier to the last
 * worker's end — the time the whole workload took. Every run's sampled outputs are checked
 * against the JavaScript reference (the reduction's total against the f64 sum); a mismatch
 * fails the run with the message, never a time.
 *
 * ```ts
 * const r = await runCpuWorkload(nodeCpuTierEnv(), { kind: 'matmul', m: 1024, n: 1024, k: 1024 });
 * // r.seconds (median), r.achievedGflops, r.achievedGbps, r.threads, r.samples
 * ```
 */
import { errorMessage } from '../../../model/shared/errors.ts';
import type { FlavorRequest, WorkerReply, WorkloadSlice } from '../../workers/protocol.ts';
import {
  Channel,
  TierError,
  cancelled,
  makeBarrier,
  replyError,
  startWorkers,
  type CpuTierEnv,
} from '../../cpu/runner.ts';
import type { SimdFlavor } from '../../cpu/wasm-kernel.ts';
import { MR } from './kernels.ts';
import { sumTolerance } from './reference.ts';

/** The workload and its size. */
export type CpuWorkload =
  | { kind: 'matmul'; m: number; n: number; k: number }
  | { kind: 'elementwise'; elements: number }
  | { kind: 'reduction'; elements: number }
  | { kind: 'softmax'; rows: number; cols: number };

export interface CpuWorkloadOptions {
  /** Timed runs after one untimed warm-up (default 5); `seconds` is their median. */
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
  /** FLOPs and bytes (read + written) of one run, as the workload model counts them. */
  flops: number;
  bytes: number;
  /** flops / seconds / 1e9 and bytes / seconds / 1e9 (median run). */
  achievedGflops: number;
  achievedGbps: number;
  threads: number;
  flavor: SimdFlavor;
  validated: true;
  /** Outputs compared with the reference over all runs. */
  checked: number;
  /** How the workers' starts were synchronised. */
  startSync: 'barrier' | 'none';
}

/** FLOPs and bytes the model counts for one run (f32; softmax 5 FLOPs per element, read + write). */
export function workloadCounts(w: CpuWorkload): { flops: number; bytes: number } {
  switch (w.kind) {
    case 'matmul':
      return { flops: 2 * w.m * w.n * w.k, bytes: 4 * (w.m * w.k + w.k * w.n + w.m * w.n) };
    case 'elementwise':
      return { flops: 2 * w.elements, bytes: 16 * w.elements };
    case 'reduction':
      return { flops: w.elements, bytes: 4 * w.elements };
    case 'softmax':
      return { flops: 5 * w.rows * w.cols, bytes: 8 * w.rows * w.cols };
  }
}

/** Split `total` into `parts` contiguous ranges, each (but the last) a multiple of `unit`. */
export function splitRange(total: number, parts: number, unit: number): { start: number; count: number }[] {
  const units = Math.ceil(total / unit);
  const out: { start: number; count: number }[] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const u = Math.floor((units * (p + 1)) / parts) - Math.floor((units * p) / parts);
    const count = Math.min(total - start, u * unit);
    if (count > 0) out.push({ start, count });
    start += count;
  }
  return out;
}

/** The slices for `threads` workers (fewer when the workload is too small to split). */
export function workloadSlices(w: CpuWorkload, threads: number): WorkloadSlice[] {
  switch (w.kind) {
    case 'matmul':
      return splitRange(w.m, threads, MR).map((r) => ({
        kind: 'matmul',
        m: w.m,
        n: w.n,
        k: w.k,
        r0: r.start,
        rows: r.count,
      }));
    case 'elementwise':
    case 'reduction':
      // Whole 64-byte lines per worker (16 floats), so no two workers write one cache line.
      return splitRange(w.elements, threads, 16).map((r) => ({ kind: w.kind, first: r.start, count: r.count }));
    case 'softmax':
      return splitRange(w.rows, threads, 1).map((r) => ({ kind: 'softmax', cols: w.cols, r0: r.start, rows: r.count }));
  }
}

function validSize(w: CpuWorkload): boolean {
  const dims = w.kind === 'matmul' ? [w.m, w.n, w.k] : w.kind === 'softmax' ? [w.rows, w.cols] : [w.elements];
  return dims.every((d) => Number.isInteger(d) && d >= 1 && d <= 2 ** 31);
}

export async function runCpuWorkload(
  env: CpuTierEnv,
  w: CpuWorkload,
  opts: CpuWorkloadOptions = {},
): Promise<CpuWorkloadResult> {
  if (!validSize(w)) throw new TierError('worker', `invalid workload size ${JSON.stringify(w)}`);
  const runs = Math.max(1, opts.runs ?? 5);
  const timeout = opts.timeoutMs ?? 60_000;
  const signal = opts.signal;
  if (signal?.aborted) throw cancelled();
  const slices = workloadSlices(w, Math.max(1, Math.min(64, opts.threads ?? env.logicalCores)));
  const barrier = makeBarrier(slices.length);
  const channels: Channel[] = startWorkers(env, slices.length);
  try {
    const readies = await Promise.all(
      channels.map((c, i) =>
        c.request(
          {
            type: 'wl-prepare',
            slice: slices[i] as WorkloadSlice,
            flavor: opts.flavor ?? 'auto',
            ...(barrier ? { barrier } : {}),
          },
          timeout,
          signal,
        ),
      ),
    );
    let flavor: SimdFlavor = 'mul_add';
    let refSum = 0;
    let refAbsSum = 0;
    for (const r of readies) {
      if (r.type !== 'wl-ready') throw replyError(r, 'wl-ready');
      flavor = r.flavor;
      refSum += r.refSum ?? 0;
      refAbsSum += r.refAbsSum ?? 0;
    }
    const samples: number[] = [];
    let checked = 0;
    for (let run = 0; run <= runs; run++) {
      if (signal?.aborted) throw cancelled();
      if (barrier) Atomics.store(new Int32Array(barrier.buffer), 0, 0);
      const replies: WorkerReply[] = await Promise.all(
        channels.map((c) => c.request({ type: 'wl-run', ...(barrier ? { sync: true } : {}) }, timeout, signal)),
      );
      let start = Infinity;
      let end = -Infinity;
      let total = 0;
      for (const r of replies) {
        if (r.type !== 'wl-sample') throw replyError(r, 'wl-sample');
        start = Math.min(start, r.startMs);
        end = Math.max(end, r.endMs);
        total += r.value ?? 0;
        checked += r.checked;
      }
      if (w.kind === 'reduction') {
        if (!(Math.abs(total - refSum) <= sumTolerance(refAbsSum))) {
          throw new TierError(
            'invalid',
            `the workload's output is wrong: the sum is ${total}; the reference gives ${refSum}`,
          );
        }
        checked++;
      }
      if (run > 0) samples.push((end - start) / 1000); // run 0 is the warm-up
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const seconds = sorted[sorted.length >> 1] as number;
    const { flops, bytes } = workloadCounts(w);
    return {
      seconds,
      samples,
      bestSeconds: sorted[0] as number,
      flops,
      bytes,
      achievedGflops: flops / seconds / 1e9,
      achievedGbps: bytes / seconds / 1e9,
      threads: slices.length,
      flavor,
      validated: true,
      checked,
      startSync: barrier ? 'barrier' : 'none',
    };
  } catch (err) {
    throw err instanceof TierError ? err : new TierError('worker', errorMessage(err));
  } finally {
    for (const c of channels) c.close();
  }
}
