/** One declared uniform layout gives both the WGSL struct and the packing; the shader preamble. */
import { describe, expect, it } from 'vitest';
import { buildShader, uniformLayout } from '../../../../../src/bench/workloads/gpu/shader.ts';

describe('uniformLayout', () => {
  const L = uniformLayout('Params', { rows: 'u32', cols: 'u32', eps: 'f32' });

  it('writes the struct, padded to 16 bytes, fields in declaration order', () => {
    expect(L.wgsl).toBe('struct Params {\n  rows: u32,\n  cols: u32,\n  eps: f32,\n  _pad0: u32,\n}\n');
    expect(L.byteSize).toBe(16);
    expect(uniformLayout('Dims', { m: 'u32', n: 'u32', k: 'u32', k4: 'u32', n4: 'u32' }).byteSize).toBe(32);
  });

  it('packs each value at its field’s offset by name, not by position', () => {
    const view = new DataView(L.pack({ eps: 1e-5, cols: 7, rows: 3 }));
    expect(view.getUint32(0, true)).toBe(3);
    expect(view.getUint32(4, true)).toBe(7);
    expect(view.getFloat32(8, true)).toBeCloseTo(1e-5, 10);
  });

  it('refuses a u32 that is not one', () => {
    expect(() => L.pack({ rows: -1, cols: 1, eps: 0 })).toThrow(/Params.rows = -1 is not a u32/);
    expect(() => L.pack({ rows: 2 ** 32, cols: 1, eps: 0 })).toThrow(/not a u32/);
  });
});

describe('buildShader', () => {
  const L = uniformLayout('Params', { n: 'u32' });
  it('puts enables first (the code’s own moved up), then the storage type, the structs and the code', () => {
    const src = buildShader('// code\nenable subgroups;\nfn f() {}', { dtype: 'f16', uniforms: [L] });
    const lines = src.split('\n');
    expect(lines.slice(0, 3)).toEqual(['enable f16;', 'enable subgroups;', 'alias S = f16;']);
    expect(src).toContain('struct Params {');
    expect(src.indexOf('struct Params')).toBeLessThan(src.indexOf('fn f()'));
    expect(src.match(/enable subgroups;/g)).toHaveLength(1);
  });
  it('float32: no enable, S is f32', () => {
    expect(buildShader('fn f() {}', { dtype: 'f32' }).split('\n')[0]).toBe('alias S = f32;');
  });
});
