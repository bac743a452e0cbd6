/**
 * What a kind's CPU part is (src/bench/workloads/kinds/<kind>/cpu.ts): how a shape splits
 * into one slice per worker, and, inside a worker, a slice's inputs, kernel and check.
 */
import type { SimdFlavor } from '../../wasm/simd.ts';
import type { WorkloadSlice } from '../../workers/protocol.ts';
import type { Check } from '../inputs.ts';
import type { CpuDtype } from './lanes.ts';

/** A slice ready to run in a worker. */
export interface PreparedSlice {
  /** Run the slice once (the timed part); a partial value where slices combine into one result (a sum). */
  run(): number | undefined;
  /** Check the outputs of the last run against the reference (not timed). */
  check(): Check;
  /** The reference's partial value and Σ|terms| (the reduction), for the runner's check of the total. */
  reference?: { value: number; absSum: number };
}

/** A kind's CPU part. */
export interface CpuKernel<S, Slice extends WorkloadSlice> {
  /** Slices for `threads` workers (fewer when the shape is too small to split), covering it exactly once. */
  slices(shape: S, threads: number): Slice[];
  /** In a worker: build the slice's inputs and kernel plan (not timed). */
  prepare(slice: Slice, dtype: CpuDtype, flavor: SimdFlavor): Promise<PreparedSlice>;
  /** How the slices' parts (and their references) combine: added (the default), or their maximum (a max). */
  combine?(shape: S): 'sum' | 'max';
  /** Where slices give parts of one result: check the total of a run against the combined reference. */
  checkTotal?(total: number, reference: { value: number; absSum: number }, shape: S, dtype: CpuDtype): Check;
}

/**
 * A slice a worker can take: its numbers whole, ≥ 0 and within what Wasm indexes (2³¹);
 * text fields (the kind, a pipeline's plan) are left to the kind's own `prepare` to check.
 */
export function validSlice(slice: WorkloadSlice): boolean {
  return Object.entries(slice).every(
    ([k, v]) =>
      k === 'kind' ||
      // Text a kind's slice carries (an expression and its arrays), as long as the URL allows.
      (typeof v === 'string' && v.length <= 20_000) ||
      (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2 ** 31),
  );
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
