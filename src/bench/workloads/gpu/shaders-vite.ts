/** Workload kernel sources for the page: Vite inlines shaders/*.wgsl as strings (`?raw`). */
import matmul from '../kinds/matmul/matmul.wgsl?raw';
import elementwise from '../kinds/elementwise/elementwise.wgsl?raw';
import reduce from '../kinds/reduction/reduce.wgsl?raw';
import reduceSubgroups from '../kinds/reduction/reduce-subgroups.wgsl?raw';
import softmax from '../kinds/softmax/softmax.wgsl?raw';
import type { WorkloadShaders } from './common.ts';

export const browserWorkloadShaders: WorkloadShaders = { matmul, elementwise, reduce, reduceSubgroups, softmax };
