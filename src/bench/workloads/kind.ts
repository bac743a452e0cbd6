/**
 * What makes a workload kind runnable ("Run this workload"): its GPU part (WGSL kernels
 * and their runner, kinds/<kind>/gpu.ts) and its CPU part (the Wasm SIMD kernel, the
 * slicing for the workers, kinds/<kind>/cpu.ts), each checked against the kind's CPU
 * reference (kinds/<kind>/reference.ts). The registry (kinds/index.ts) lists one per
 * runnable kind of the model's registry.
 */
import type { WorkloadSlice } from '../workers/protocol.ts';
import type { CpuKernel } from './cpu/kernel.ts';
import type { GpuKernel } from './gpu/run.ts';

export interface BenchKind<S, Slice extends WorkloadSlice = WorkloadSlice> {
  gpu: GpuKernel<S>;
  cpu: CpuKernel<S, Slice>;
}
