/** Workload kernel sources under Node: the same shaders/*.wgsl files the page imports with `?raw`. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkloadShaders } from './common.ts';

const dir = fileURLToPath(new URL('../kinds/', import.meta.url));

export function loadWorkloadShadersFromDisk(shaderDir: string = dir): WorkloadShaders {
  const read = (name: string) => readFileSync(`${shaderDir}/${name}`, 'utf8');
  return {
    matmul: read('matmul/matmul.wgsl'),
    elementwise: read('elementwise/elementwise.wgsl'),
    reduce: read('reduction/reduce.wgsl'),
    reduceSubgroups: read('reduction/reduce-subgroups.wgsl'),
    softmax: read('softmax/softmax.wgsl'),
  };
}
