import { describe, expect, it } from 'vitest';
import type { ElementwiseKernel } from '../../../../../../src/bench/workloads/kinds/expression/layout.ts';
import {
  EXPRESSION_PARAMS,
  f32Literal,
  generateWgslKernel,
} from '../../../../../../src/bench/workloads/kinds/expression/wgsl.ts';
import { buildPlan } from '../../../../../../src/model/workloads/expression/index.ts';
import { parse } from './helpers.ts';

function wgsl(text: string, arrays: string, mode: 'eager' | 'fused' = 'fused', dtype: 'f32' | 'f16' = 'f32') {
  const plan = buildPlan(parse(text, arrays).root, mode, 4);
  return plan.kernels.map((k) => generateWgslKernel(k as ElementwiseKernel, dtype));
}

/** The kernel's own first line (after the alias and the uniform struct put in front). */
const title = (code: string | undefined): string | undefined => code?.split('\n').find((l) => l.startsWith('// '));

// The kernels run for real under Dawn in scripts/verify-expression-kernels.ts (checked there
// against the reference); these tests pin what the code says.
describe('generated WGSL kernels', () => {
  it('a fused chain is one kernel with one line per operation and no temporaries in memory', () => {
    const [k, more] = wgsl('a*b + c', 'a:10,b:10,c:10');
    expect(more).toBeUndefined();
    expect(k?.code).toContain('// out = a * b + c');
    expect(k?.code).toContain('@group(0) @binding(1) var<storage, read> in0: array<vec4<S>>; // a: (10) float');
    expect(k?.code).toContain('@group(0) @binding(4) var<storage, read_write> out: array<vec4<S>>;');
    expect(k?.code).toMatch(
      /let v2: vec4<f32> = v0 \* v1;\n.*let v3: vec4<f32> = vec4<f32>\(in2\[g\]\);\n.*let v4: vec4<f32> = v2 \+ v3;\n\s+out\[g\] = vec4<S>\(v4\);/,
    );
    expect(k?.code.startsWith('alias S = f32;\n')).toBe(true);
    expect(k?.code).toContain('const ELEMENTS: u32 = 10u;');
    expect(k?.groups).toBe(3);
    expect(k?.outputBinding).toBe(4);
  });

  it('eager: one kernel per operator', () => {
    expect(wgsl('a*b + c', 'a:10,b:10,c:10', 'eager').map((k) => title(k.code))).toEqual([
      '// t1 = a * b',
      '// out = t1 + c',
    ]);
  });

  it('the uniform struct and its packing come from one declaration', () => {
    const [k] = wgsl('a + 1', 'a:5');
    expect(Object.keys(EXPRESSION_PARAMS.fields)).toEqual(['groups', 'stride']);
    expect(k?.code).toContain(EXPRESSION_PARAMS.wgsl);
    expect(k?.code).toMatch(
      /struct Params \{\n {2}groups: u32,\n {2}stride: u32,\n {2}_pad0: u32,\n {2}_pad1: u32,\n\}/,
    );
    expect([...new Uint32Array(EXPRESSION_PARAMS.pack({ groups: 7, stride: 512 }))]).toEqual([7, 512, 0, 0]);
  });

  it('float16: values stored as f16, computed in f32', () => {
    const [k] = wgsl('a*b + c', 'a:10,b:10,c:10', 'fused', 'f16');
    expect(k?.code.startsWith('enable f16;\nalias S = f16;\n')).toBe(true);
    expect(k?.code).toContain('let v0: vec4<f32> = vec4<f32>(in0[g]);');
    expect(k?.code).toContain('out[g] = vec4<S>(v4);');
  });

  it('broadcast and transposed streams compute their offsets from the merged dimensions', () => {
    const [k] = wgsl('x.T + bias', 'x:7x5,bias:7');
    expect(k?.code).toContain('var<storage, read> in0: array<S>; // x: (7, 5)');
    // out (5, 7): x.T walks x with strides (1, 5); bias with (0, 1).
    expect(k?.code).toContain('f32(in0[(e.x / 7u) + (e.x % 7u) * 5u])');
    expect(k?.code).toContain('f32(in1[(e.x % 7u)])');
  });

  it('a value used everywhere (shape (1,)) is read once per vec4', () => {
    const [k] = wgsl('a * s', 'a:9,s:1');
    expect(k?.code).toContain('vec4<f32>(f32(in1[0]))');
  });

  it('masks are bytes packed four to a word', () => {
    const [cmp, where] = wgsl('np.where(a > b, a, 0)', 'a:9,b:9', 'eager');
    expect(cmp?.code).toContain('var<storage, read_write> out: array<u32>;');
    expect(cmp?.code).toContain(
      'out[g] = dot(select(vec4<u32>(0u), vec4<u32>(1u), v2), vec4<u32>(1u, 0x100u, 0x10000u, 0x1000000u));',
    );
    expect(where?.code).toContain('var<storage, read> in0: array<u32>; // t1: (9) mask');
    expect(where?.code).toContain('(v0 >> 8u) & 0xffu');
    expect(where?.code).toContain('select(vec4<f32>(0.0), v2, v1)');
  });

  it('whole powers are multiplies (as counted); others call NumPy-style pow', () => {
    const [k] = wgsl('a**5 + a**b', 'a:9,b:9');
    expect(k?.code).toContain('v1: vec4<f32> = v0 * v0;');
    expect(k?.code).toContain('v2: vec4<f32> = v1 * v1;');
    expect(k?.code).toContain('v3: vec4<f32> = v0 * v2;');
    expect(k?.code).toContain('fn npow(x: vec4<f32>, y: vec4<f32>)');
  });

  it('f32 constants are exact: a decimal that rounds to them, or their bits', () => {
    expect(f32Literal(0.1)).toBe('0.10000000149011612');
    expect(f32Literal(3)).toBe('3.0');
    expect(f32Literal(-2.5)).toBe('-2.5');
    expect(f32Literal(0)).toBe('0.0');
    expect(f32Literal(1e39)).toBe('bitcast<f32>(0x7f800000u)');
    expect(f32Literal(1e-40)).toMatch(/^bitcast<f32>\(0x000116c2u\)$/);
    expect(Math.fround(Number(f32Literal(Math.PI)))).toBe(Math.fround(Math.PI));
  });
});
