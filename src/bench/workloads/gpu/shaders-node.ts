/** Workload kernel sources under Node: the same shaders/*.wgsl files the page imports with `?raw`. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkloadShaders } from './common.ts';

const dir = fileURLToPath(new URL('../../../../shaders/', import.meta.url));

export function loadWorkloadShadersFromDisk(shaderDir: string = dir): WorkloadShaders {
  const read = (name: string) => readFileSync(`${shaderDir}/${name}`, 'utf8');
  return {
    matmul: read('matmul.wgsl'),
    elementwise: read('elementwise.wgsl'),
    reduce: read('reduce.wgsl'),
    reduceSubgroups: read('reduce-subgroups.wgsl'),
    softmax: read('softmax.wgsl'),
  };
}
