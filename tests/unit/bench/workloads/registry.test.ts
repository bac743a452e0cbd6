/**
 * The runnable parts: every kind the model calls runnable has them (and nothing else
 * does), every shader a GPU part names is on disk, and every uniform a shader reads is a
 * field of the layout its runner declares (the struct itself is generated from that layout).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BENCH_KINDS } from '../../../../src/bench/workloads/kinds/index.ts';
import { loadWorkloadShadersFromDisk } from '../../../../src/bench/workloads/gpu/shaders-node.ts';
import type { UniformLayout, UniformType } from '../../../../src/bench/workloads/gpu/shader.ts';
import { RUNNABLE_WORKLOAD_IDS } from '../../../../src/model/workloads/runnable.ts';

const kindsDir = fileURLToPath(new URL('../../../../src/bench/workloads/kinds/', import.meta.url));
const shaders = loadWorkloadShadersFromDisk();

/** The uniform layouts a kind's gpu.ts exports. */
async function layoutsOf(id: string): Promise<UniformLayout<Record<string, UniformType>>[]> {
  const mod = (await import(`../../../../src/bench/workloads/kinds/${id}/gpu.ts`)) as Record<string, unknown>;
  return Object.values(mod).filter(
    (v): v is UniformLayout<Record<string, UniformType>> =>
      typeof v === 'object' && v !== null && 'wgsl' in v && 'pack' in v && 'fields' in v,
  );
}

describe('the runnable parts', () => {
  it('exist for exactly the kinds the model calls runnable, each in its own folder', () => {
    expect(Object.keys(BENCH_KINDS).sort()).toEqual([...RUNNABLE_WORKLOAD_IDS].sort());
    const folders = readdirSync(kindsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.sort()).toEqual([...RUNNABLE_WORKLOAD_IDS].sort());
  });

  it.each(RUNNABLE_WORKLOAD_IDS)(
    '%s: its shaders are loaded, read only the uniforms its layouts declare, declare no struct of their own',
    async (id) => {
      const layouts = await layoutsOf(id);
      // A kind with shaders declares their uniforms; so does one whose WGSL is generated (an
      // expression); a pipeline runs its steps' kinds' own and declares none.
      expect(layouts.length > 0).toBe(id !== 'pipeline');
      for (const file of BENCH_KINDS[id].gpu.shaders) {
        const source = shaders[`${id}/${file}`];
        expect(source, `${id}/${file}.wgsl`).toBeDefined();
        expect(source).toBe(readFileSync(`${kindsDir}/${id}/${file}.wgsl`, 'utf8'));
        const code = source?.replace(/\/\/.*$/gm, '');
        for (const m of (code ?? '').matchAll(/var<uniform>\s+(\w+)\s*:\s*(\w+)\s*;/g)) {
          const [, name, type] = m as unknown as [string, string, string];
          const layout = layouts.find((l) => l.name === type);
          expect(layout, `${id}/${file}: a layout named ${type}`).toBeDefined();
          expect(code).not.toMatch(new RegExp(`struct\\s+${type}\\b`));
          const used = new Set([...(code ?? '').matchAll(new RegExp(`\\b${name}\\.(\\w+)`, 'g'))].map((u) => u[1]));
          for (const field of used) expect(Object.keys(layout?.fields ?? {}), `${type}.${field}`).toContain(field);
        }
      }
    },
  );
});
