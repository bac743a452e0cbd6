/** The GPU workload kernels (issue 13): one runner per workload, each validated against a CPU reference. */
export type { GpuWorkloadOptions, GpuWorkloadResult, WorkloadShaders } from './common.ts';
export { runMatmulGpu, type MatmulSize } from '../kinds/matmul/gpu.ts';
export { runElementwiseGpu } from '../kinds/elementwise/gpu.ts';
export { runReductionGpu } from '../kinds/reduction/gpu.ts';
export { runSoftmaxGpu } from '../kinds/softmax/gpu.ts';
