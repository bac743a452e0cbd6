/**
 * Does the workload fit in a GPU's memory? The working set is the largest kernel's
 * operands, which must all be resident at once; frameworks keep temporaries and a CUDA
 * context besides, so this is a lower bound, and a workload near the limit may still fail.
 * Pure.
 */
import { formatBytesSi } from '../workloads/present.ts';
import type { WorkloadCounts } from '../workloads/counts.ts';
import type { GpuEntry } from './types.ts';

export interface CapacityCheck {
  /** Bytes that must be resident at once. */
  workingSetBytes: number;
  /** The GPU's memory, bytes (the vendor's GB × 10⁹). */
  deviceMemoryBytes: number;
  fits: boolean;
  /** A sentence for the page. */
  sentence: string;
}

/** Bytes one launch of the largest kernel reads and writes: all its operands at once. */
export function workingSetBytes(counts: Pick<WorkloadCounts, 'kernels'>): number {
  let most = 0;
  for (const k of counts.kernels) if (k.deviceBytes > most) most = k.deviceBytes;
  return most;
}

/** The capacity check of `counts` on `gpu`. */
export function capacityCheck(gpu: GpuEntry, counts: Pick<WorkloadCounts, 'kernels'>): CapacityCheck {
  const ws = workingSetBytes(counts);
  const mem = gpu.memoryGB.value * 1e9;
  const fits = ws <= mem;
  const shared = gpu.hostLink.kind === 'unified' ? ', shared with the CPU and the system' : '';
  const sentence = fits
    ? `The working set, ${formatBytesSi(ws)}, fits in the ${formatBytesSi(mem)} of memory${shared}.`
    : `The working set, ${formatBytesSi(ws)} (the largest kernel's operands, resident at once), exceeds the ${formatBytesSi(mem)} of memory${shared}: it does not fit, so no time is given. Split the work into chunks that fit, or choose a GPU with more memory.`;
  return { workingSetBytes: ws, deviceMemoryBytes: mem, fits, sentence };
}
