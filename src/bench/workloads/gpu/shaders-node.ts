/**
 * Workload kernel sources under Node: the same kinds/<kind>/*.wgsl files the page inlines,
 * read from disk and keyed '<kind>/<file>' as the kernels ask for them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkloadShaders } from './run.ts';

const dir = fileURLToPath(new URL('../kinds/', import.meta.url));

export function loadWorkloadShadersFromDisk(kindsDir: string = dir): WorkloadShaders {
  const out: Record<string, string> = {};
  for (const kind of readdirSync(kindsDir, { withFileTypes: true })) {
    if (!kind.isDirectory()) continue;
    for (const file of readdirSync(`${kindsDir}/${kind.name}`)) {
      if (file.endsWith('.wgsl'))
        out[`${kind.name}/${file.slice(0, -5)}`] = readFileSync(`${kindsDir}/${kind.name}/${file}`, 'utf8');
    }
  }
  return out;
}
