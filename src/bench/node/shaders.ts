/** Shader sources under Node: the same shaders/*.wgsl files the page imports with `?raw`. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ShaderSources } from '../gpu/step-context.ts';

const dir = fileURLToPath(new URL('../../../shaders/', import.meta.url));

/** Read every kernel family from disk. */
export function loadShadersFromDisk(shaderDir: string = dir): ShaderSources {
  const read = (name: string) => readFileSync(`${shaderDir}/${name}`, 'utf8');
  return {
    fma: read('fma.wgsl'),
    fmaF16: read('fma-f16.wgsl'),
    copy: read('copy.wgsl'),
    dispatch: read('dispatch.wgsl'),
  };
}
