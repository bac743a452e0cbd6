import { describe, expect, it } from 'vitest';
import {
  chainAfter,
  flopsPerIteration,
  fmaKernelSource,
  fmaShapeReference,
  shapeName,
} from '../../../../src/bench/gpu/fma-kernels.ts';
import { FMA_ADD, FMA_ADD_F16, f16Round, fmaVec4Reference } from '../../../../src/model/bench/gpu-reference.ts';

/** Step by step, the way the GPU does it. */
function brute(start: number, add: number, steps: number, round: (x: number) => number): number {
  let v = start;
  for (let i = 0; i < steps; i++) v = round(v * 1 + add);
  return v;
}

describe('FMA kernel family', () => {
  it('jumps exact runs of a chain to the same value as stepping (f32 and f16)', () => {
    for (const start of [0, 0.25, 3, 255.75]) {
      for (const steps of [0, 1, 17, 5000, 300_000]) {
        expect(chainAfter(Math.fround(start), FMA_ADD, steps, 'f32')).toBe(brute(start, FMA_ADD, steps, Math.fround));
      }
      for (const steps of [0, 1, 100, 3000]) {
        const s = f16Round(start / 64);
        expect(chainAfter(s, FMA_ADD_F16, steps, 'f16')).toBe(brute(s, FMA_ADD_F16, steps, f16Round));
      }
    }
  });

  it('the 4-chain × 4-unroll shape reproduces the previous kernel’s reference', () => {
    const shape = { width: 4, chains: 4, unroll: 4 } as const;
    for (const idx of [0, 7, 300]) {
      const want = fmaVec4Reference(idx, 33);
      const got = fmaShapeReference(shape, 'f32', FMA_ADD, idx, 33);
      for (let lane = 0; lane < 4; lane++) expect(got[lane]).toBeCloseTo(want[lane] as number, 3);
    }
  });

  it('a wrong trip count changes the reference', () => {
    const shape = { width: 1, chains: 8, unroll: 32 } as const;
    expect(fmaShapeReference(shape, 'f32', FMA_ADD, 5, 100)).not.toEqual(
      fmaShapeReference(shape, 'f32', FMA_ADD, 5, 101),
    );
  });

  it('generates one fma line per chain and unroll step, with distinct seeds', () => {
    const shape = { width: 4, chains: 2, unroll: 32 } as const;
    const src = fmaKernelSource(shape, 'f32');
    expect(src.match(/fma\(/g)?.length).toBe(64);
    expect(src).toContain('fn fma_peak');
    expect(src).toContain('var c1 = vec4<f32>(base + 1.0, base + 1.25, base + 1.5, base + 1.75);');
    expect(shapeName(shape)).toBe('v4c2u32');
    expect(flopsPerIteration(shape)).toBe(512);
    expect(fmaKernelSource(shape, 'f16')).toMatch(/^\/\/.*\nenable f16;/);
  });
});
