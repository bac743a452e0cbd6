/** The GPU workload kernels (issue 13): one runner per workload, each validated against a CPU reference. */
export type { GpuWorkloadOptions, GpuWorkloadResult, WorkloadShaders } from './common.ts';
export { runMatmulGpu, type MatmulSize } from './matmul.ts';
export { runElementwiseGpu } from './elementwise.ts';
export { runReductionGpu } from './reduction.ts';
export { runSoftmaxGpu } from './softmax.ts';
