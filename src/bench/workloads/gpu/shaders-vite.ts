/** Workload kernel sources for the page: Vite inlines shaders/*.wgsl as strings (`?raw`). */
import matmul from '../../../../shaders/matmul.wgsl?raw';
import elementwise from '../../../../shaders/elementwise.wgsl?raw';
import reduce from '../../../../shaders/reduce.wgsl?raw';
import reduceSubgroups from '../../../../shaders/reduce-subgroups.wgsl?raw';
import softmax from '../../../../shaders/softmax.wgsl?raw';
import type { WorkloadShaders } from './common.ts';

export const browserWorkloadShaders: WorkloadShaders = { matmul, elementwise, reduce, reduceSubgroups, softmax };
