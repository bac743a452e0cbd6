import { describe, expect, it } from 'vitest';
import {
  FMA_ADD,
  checkPattern,
  f16Round,
  fillPattern,
  fmaScalarReference,
  fmaVec4F16Reference,
  fmaVec4Reference,
  patternWord,
} from '../../../../src/model/bench/gpu-reference.ts';

describe('CPU references for the kernels', () => {
  it('vec4 fma: every chain grows by 4 · iterations · 2^-10, exactly', () => {
    const idx = 300; // base = 300 & 255 = 44
    const it = 1000;
    const grow = 4 * it * FMA_ADD;
    const lanes = fmaVec4Reference(idx, it);
    lanes.forEach((v, lane) => {
      const seed = 44 + lane * 0.25;
      // Four chains seeded seed, seed+1, seed+2, seed+3.
      expect(v).toBe(4 * seed + 6 + 4 * grow);
    });
  });

  it('scalar fma: seed + iterations · 2^-10', () => {
    expect(fmaScalarReference(7, 4096)).toBe(7 + 4);
  });

  it('f16 rounding: ties to even, overflow, subnormals', () => {
    expect(f16Round(1 + 2 ** -11)).toBe(1); // tie → even (1.0)
    expect(f16Round(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9); // tie → even (…10)
    expect(f16Round(65504)).toBe(65504);
    expect(f16Round(70000)).toBe(Infinity);
    expect(f16Round(2 ** -24)).toBe(2 ** -24);
    expect(f16Round(0.1)).toBeCloseTo(0.0999755859375, 12);
  });

  it('f16 chains differ by trip count', () => {
    expect(fmaVec4F16Reference(3, 10)).not.toEqual(fmaVec4F16Reference(3, 11));
  });

  it('pattern: seekable, seed-dependent, and the checker pinpoints a wrong word', () => {
    const words = new Uint32Array(64);
    fillPattern(words, 42, 1000);
    expect(words[5]).toBe(patternWord(1005, 42));
    expect(checkPattern(words, 42, 1000)).toBeUndefined();
    expect(checkPattern(words, 43, 1000)).toMatch(/^word 1000/);
    words[9] = (words[9] as number) ^ 1;
    expect(checkPattern(words, 42, 1000)).toMatch(/^word 1009: got 0x/);
  });
});
