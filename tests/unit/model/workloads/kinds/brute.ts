/**
 * Brute-force counting for the kinds' count tests: run the naive algorithm on a small
 * shape, counting each arithmetic operation the convention counts and each distinct array
 * element read or written, and compare with the kind's closed-form counts.
 */
import { expect } from 'vitest';
import { DTYPE_BYTES, type Dtype } from '../../../../../src/model/workloads/dtype.ts';
import type { WorkloadCounts } from '../../../../../src/model/workloads/kinds/count.ts';

/** One kernel's traffic: distinct elements read and written, by array. */
export class Tracker {
  flops = 0;
  private readonly reads = new Map<string, Set<number>>();
  private readonly writes = new Map<string, Set<number>>();

  read(array: string, index: number): void {
    this.set(this.reads, array).add(index);
  }

  write(array: string, index: number): void {
    this.set(this.writes, array).add(index);
  }

  op(n = 1): void {
    this.flops += n;
  }

  private set(m: Map<string, Set<number>>, array: string): Set<number> {
    let s = m.get(array);
    if (!s) m.set(array, (s = new Set()));
    return s;
  }

  /** Distinct elements read, over every array (or those named). */
  readCount(arrays?: string[]): number {
    return count(this.reads, arrays);
  }

  writeCount(arrays?: string[]): number {
    return count(this.writes, arrays);
  }

  /** Bytes one launch of this kernel moves at the minimum: every element read once, written once. */
  deviceBytes(dtype: Dtype): number {
    return (this.readCount() + this.writeCount()) * DTYPE_BYTES[dtype];
  }
}

function count(m: Map<string, Set<number>>, arrays?: string[]): number {
  let n = 0;
  for (const [k, s] of m) if (!arrays || arrays.includes(k)) n += s.size;
  return n;
}

/** The kind's counts against one brute-forced kernel: FLOPs, device bytes, launches, host bytes. */
export function expectSingleKernel(
  c: WorkloadCounts,
  t: Tracker,
  dtype: Dtype,
  host: { up: number; down: number },
): void {
  expect(c.kernels, 'one kernel').toHaveLength(1);
  expect(c.flops, 'FLOPs').toBe(t.flops);
  expect(c.deviceBytes, 'device bytes').toBe(t.deviceBytes(dtype));
  expect(c.launches, 'launches').toBe(1);
  expect(c.hostToDeviceBytes, 'host → device').toBe(host.up * DTYPE_BYTES[dtype]);
  expect(c.deviceToHostBytes, 'device → host').toBe(host.down * DTYPE_BYTES[dtype]);
}
