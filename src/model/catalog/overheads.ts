/**
 * The fixed costs around a GPU's kernels: host↔device copies (by memory kind and size) and
 * kernel launches (by launch mode), as typical figures with their evidence. A copy takes
 * latency + bytes / bandwidth, so small copies are slow; unified memory (Apple) pays none.
 * Pure.
 */
import type { Efficiency } from './efficiency.ts';
import type { SourceId } from './sources.ts';

/** Where host arrays live: page-locked (`pin_memory()`), or ordinary pageable memory (the default). */
export type HostMemory = 'pinned' | 'pageable';

/** How kernels are launched: one Python call each (eager), or replayed from a captured CUDA graph. */
export type LaunchMode = 'eager' | 'cuda-graphs';

/** A typical time, seconds, and its evidence. */
export interface TypicalSeconds {
  seconds: number;
  source: SourceId;
  measured: string;
  estimated?: true;
}

/** Pinned copies, of the link's per-direction rate. */
export const PINNED_COPY_EFFICIENCY: Efficiency = {
  value: 0.8,
  source: 'nvbandwidth-42',
  measured:
    'A100 host→device from pinned memory: 25.1 GB/s of PCIe Gen 4 × 16’s 31.5 (nvbandwidth #42); RTX 4090: 24–26 up, 26–27 down (#15). H100 on Gen 5 reached 35 up and 53 down of 63 (#24).',
};

/** Pageable copies, of the pinned rate: the driver stages them through a pinned buffer. */
export const PAGEABLE_COPY_FACTOR: Efficiency = {
  value: 0.5,
  source: 'pytorch-pinned-tutorial',
  measured:
    'A pageable tensor is first copied into a pinned buffer, then sent (PyTorch tutorial); half the pinned rate is typical, far less is seen (A100 device→host pageable 1.4 against 12.6 GB/s pinned, pytorch #138018).',
  estimated: true,
};

/** Fixed cost of one host↔device copy before any byte moves. */
export const COPY_LATENCY: Readonly<Record<HostMemory, TypicalSeconds>> = {
  pinned: {
    seconds: 10e-6,
    source: 'cuda-best-practices-transfers',
    measured:
      'Each transfer has a fixed overhead (CUDA Best Practices Guide); about 10 µs per copy through the driver and the PCIe round trip is assumed.',
    estimated: true,
  },
  pageable: {
    seconds: 20e-6,
    source: 'pytorch-pinned-tutorial',
    measured: 'A pageable copy adds the staging copy into a pinned buffer; about 20 µs per copy is assumed.',
    estimated: true,
  },
};

/** Cost of one kernel launch, by launch mode. */
export const LAUNCH_COST: Readonly<Record<LaunchMode, TypicalSeconds>> = {
  eager: {
    seconds: 8e-6,
    source: 'pytorch-41383',
    measured:
      'PyTorch eager: 5–7 µs of Python and dispatcher per operation (pytorch #41383) plus about 3 µs for cuLaunchKernel itself (tritonbench #1017).',
  },
  'cuda-graphs': {
    seconds: 2e-6,
    source: 'pytorch-cuda-graphs',
    measured:
      'A replayed CUDA graph launches all its kernels with one call, leaving the GPU-side gap between kernels; about 2 µs per kernel is assumed.',
    estimated: true,
  },
};

/**
 * Time of one copy of `bytes` at `bytesPerSecond` after `latencySeconds`: latency +
 * size / bandwidth. No bytes, no copy: 0.
 */
export function copySeconds(bytes: number, bytesPerSecond: number, latencySeconds: number): number {
  if (!(bytes > 0)) return 0;
  return latencySeconds + bytes / bytesPerSecond;
}
