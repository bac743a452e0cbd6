/**
 * The generated elementwise Wasm kernels in float64 (f64x2), eager and fused, against the CPU
 * reference within WASM_F64_ACCURACY, on inputs that use all 53 bits: the cases of
 * wasm.test.ts (float32) and what float64 changes (two lanes, eight-byte strides, masks
 * widened to i64 lanes, a tolerance a float32 kernel would fail).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { F64 } from '../../../../../../src/bench/workloads/cpu/lanes.ts';
import { WASM_ACCURACY, WASM_F64_ACCURACY } from '../../../../../../src/bench/workloads/kinds/expression/accuracy.ts';
import { checkPlanOutput } from '../../../../../../src/bench/workloads/kinds/expression/check.ts';
import type { ElementwiseKernel } from '../../../../../../src/bench/workloads/kinds/expression/layout.ts';
import { runWasmKernel, runWasmPlan } from '../../../../../../src/bench/workloads/kinds/expression/wasm-host.ts';
import { VEC_F64 } from '../../../../../../src/bench/workloads/kinds/expression/wasm-vec.ts';
import { generateWasmKernel } from '../../../../../../src/bench/workloads/kinds/expression/wasm.ts';
import {
  buildPlan,
  parseExpressionFields,
  PLAN_MODES,
} from '../../../../../../src/model/workloads/expression/index.ts';
import { float64Inputs, parse } from './helpers.ts';

/** Run `text` eager and fused in float64 and check each against the reference. */
function verify(text: string, arrays: string, seed = 1) {
  const p = parse(text, arrays);
  const inputs = float64Inputs(p.arrays, seed);
  return PLAN_MODES.map((mode) => {
    const plan = buildPlan(p.root, mode, 8);
    return { mode, ...checkPlanOutput(plan, p.root, inputs, runWasmPlan(plan, inputs, F64), WASM_F64_ACCURACY) };
  });
}

describe('generated float64 Wasm kernels against the CPU reference', () => {
  it.each([
    ['a*b + c', 'a:1003,b:1003,c:1003'],
    ['a*b + c', 'a:1,b:1,c:1'],
    ['a*b + c', 'a:3,b:3,c:3'],
    ['x + bias', 'x:13x7,bias:7'],
    ['x * col - 1.5', 'x:9x6,col:9x1'],
    ['x.T * 2 + y', 'x:7x5,y:5x7'],
    ['x + x.T', 'x:6x6'],
    ['(a - b) * (a + b) - s', 'a:2x3x4x5,b:4x1,s:1'],
    ['big * mid + row', 'big:3x5x7,mid:5x1,row:7'],
    ['np.exp(a) + np.log(np.abs(b) + 0.5) * np.sqrt(np.abs(c))', 'a:257,b:257,c:257'],
    ['np.sin(a * 3) - np.cos(b) * np.tanh(c * 4)', 'a:257,b:257,c:257'],
    ['np.sin(a * 1e6) + np.cos(b * 3e8)', 'a:129,b:129'],
    ['np.exp(a * 300) + np.exp(-a * 350)', 'a:131'],
    ['np.where(x > 0, x, 0.01 * x) + bias', 'x:11x9,bias:9'],
    ['np.where(a != b, a, 7) * np.where(a <= 0.5, 1, b)', 'a:103,b:103'],
    ['np.where(c > 0, x, -x)', 'x:9x7,c:9x1'],
    ['np.where((a > b).T, x, y)', 'a:5x7,b:5x7,x:7x5,y:7x5'],
    ['np.maximum(a, 0) + np.minimum(b, c) / 3', 'a:101,b:101,c:101'],
    ['a**2 + b**3 - a**-1 + b**0 + np.abs(b)**0.5 + c**17 + a**16 + b**-5', 'a:99,b:99,c:99'],
    ['np.abs(a) ** b + 2 ** a + np.abs(a) ** (b * 200)', 'a:103,b:103'],
    ['a >= b', 'a:1027,b:1027'],
    ['x > v', 'x:5x7,v:7'],
    ['(x > v).T', 'x:5x7,v:7'],
    ['np.exp(v) * x', 'x:65x9,v:9'],
    ['-x**2 / (1 + np.exp(-x.T.T))', 'x:3x5x7'],
  ])('%s [%s]', (text, arrays) => {
    for (const r of verify(text, arrays)) {
      expect(r.message, r.mode).toBeUndefined();
      expect(r.ok).toBe(true);
      expect(r.checked).toBeGreaterThan(0);
    }
  });

  it('computes in float64: a*b + c is bit for bit what JavaScript’s doubles give', () => {
    const p = parse('a*b + c', 'a:1001,b:1001,c:1001');
    const inputs = float64Inputs(p.arrays, 3);
    const out = runWasmPlan(buildPlan(p.root, 'fused', 8), inputs, F64);
    const [a, b, c] = ['a', 'b', 'c'].map((k) => inputs.get(k) as Float64Array) as [
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    expect(out).toBeInstanceOf(Float64Array);
    for (let i = 0; i < 1001; i++) expect(out[i]).toBe((a[i] as number) * (b[i] as number) + (c[i] as number));
    // …which float32 arithmetic would not have given.
    expect(out.some((v, i) => v !== Math.fround(v) && Math.fround(v) !== (a[i] as number))).toBe(true);
  });

  it('the float64 check is tight: an error of 10⁻¹³ is caught, which the float32 table would let pass', () => {
    const p = parse('np.exp(a) * b + np.sin(c)', 'a:64,b:64,c:64');
    // All terms positive: no cancellation that would widen the bound.
    const inputs = float64Inputs(p.arrays, 2, 0.5, 1.5);
    const plan = buildPlan(p.root, 'fused', 8);
    const out = runWasmPlan(plan, inputs, F64) as Float64Array;
    expect(checkPlanOutput(plan, p.root, inputs, out, WASM_F64_ACCURACY).ok).toBe(true);
    const off = out.slice();
    off[17] = (off[17] as number) * (1 + 1e-13);
    const r = checkPlanOutput(plan, p.root, inputs, off, WASM_F64_ACCURACY);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^WebAssembly \(float64\): out\[17\] = .*, expected .* ± /);
    expect(checkPlanOutput(plan, p.root, inputs, off, WASM_ACCURACY).ok).toBe(true);
  });

  it('a slab [begin, end) of the outermost dimension computes exactly that slab (odd row length)', () => {
    const p = parse('np.exp(x) * bias + col', 'x:37x11,bias:11,col:37x1');
    const kernel = buildPlan(p.root, 'fused', 8).kernels[0] as ElementwiseKernel;
    const wasm = generateWasmKernel(kernel, VEC_F64);
    const inputs = float64Inputs(p.arrays, 9);
    const data = kernel.inputs.map((b) => inputs.get(b.id) as Float64Array);
    const whole = runWasmKernel(wasm, data);
    expect(wasm.layout.dims).toEqual([37, 11]);
    const part = runWasmKernel(wasm, data, { begin: 10, end: 23 });
    for (let i = 0; i < whole.length; i++) expect(part[i]).toBe(i >= 110 && i < 253 ? whole[i] : 0);
  });

  it('a mask output is one byte per element in float64 too (vectors of two, a tail of one)', () => {
    const p = parse('a > b', 'a:7,b:7');
    const a = Float64Array.from([1, 2, 3, 4, 5, 6, 7]);
    const b = Float64Array.from([0, 3, 3, 1, 9, 0, 6.999999999999999]);
    const got = runWasmPlan(
      buildPlan(p.root, 'fused', 8),
      new Map([
        ['a', a],
        ['b', b],
      ]),
      F64,
    );
    expect(got).toBeInstanceOf(Uint8Array);
    expect([...got]).toEqual([1, 0, 0, 1, 0, 1, 1]);
  });

  it('refuses inputs of the wrong size (eight bytes an element)', () => {
    const kernel = buildPlan(parse('a + 1', 'a:8').root, 'fused', 8).kernels[0] as ElementwiseKernel;
    expect(() => runWasmKernel(generateWasmKernel(kernel, VEC_F64), [new Float64Array(7)])).toThrow(
      /56 bytes, expected 64/,
    );
  });
});

/** Random elementwise expressions over arrays that all broadcast to (r, c). */
const exprArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'row', 'col', 's', 't.T', '0.5', '3', 'x', 'x'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('e').map((a) => `-${a}`),
    fc.tuple(tie('e'), fc.constantFrom('2', '3', '-1', '0.5', '5', '1.7')).map(([a, p]) => `(${a})**${p}`),
    fc
      .tuple(fc.constantFrom('np.exp', 'np.log', 'np.sqrt', 'np.abs', 'np.sin', 'np.cos', 'np.tanh'), tie('e'))
      .map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('np.maximum', 'np.minimum'), tie('e'), tie('e')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc
      .tuple(tie('e'), fc.constantFrom('>', '<', '>=', '!='), tie('e'), tie('e'), tie('e'))
      .map(([a, c, b, t, f]) => `np.where(${a} ${c} ${b}, ${t}, ${f})`),
  ),
})).e;

describe('generated float64 Wasm kernels: properties', () => {
  it('any elementwise expression, any broadcast shapes, eager and fused: the reference’s values within the float64 bounds', () => {
    fc.assert(
      fc.property(exprArb, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 11 }), (text, r, c) => {
        const parsed = parseExpressionFields(text, `x:${r}x${c},row:${c},col:${r}x1,s:1,t:${c}x${r}`);
        // Number-only parts can fail as Python fails (1/0); every other expression here is valid.
        if (!parsed.ok) {
          fc.pre(false);
          return;
        }
        const p = parsed.expression;
        const inputs = float64Inputs(p.arrays, r * 31 + c);
        for (const mode of PLAN_MODES) {
          const plan = buildPlan(p.root, mode, 8);
          const check = checkPlanOutput(plan, p.root, inputs, runWasmPlan(plan, inputs, F64), WASM_F64_ACCURACY);
          expect(check.message, `${mode}: ${text}`).toBeUndefined();
        }
      }),
      { numRuns: 120 },
    );
  }, 60_000);
});
