import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlanOutput } from '../../../../../../src/bench/workloads/kinds/expression/check.ts';
import { expressionInputs } from '../../../../../../src/bench/workloads/kinds/expression/inputs.ts';
import type { ElementwiseKernel } from '../../../../../../src/bench/workloads/kinds/expression/layout.ts';
import { WASM_ACCURACY } from '../../../../../../src/bench/workloads/kinds/expression/accuracy.ts';
import {
  elementwiseKernels,
  runWasmKernel,
  runWasmPlan,
} from '../../../../../../src/bench/workloads/kinds/expression/wasm-host.ts';
import { generateWasmKernel } from '../../../../../../src/bench/workloads/kinds/expression/wasm.ts';
import {
  buildPlan,
  parseExpressionFields,
  PLAN_MODES,
} from '../../../../../../src/model/workloads/expression/index.ts';
import { parse } from './helpers.ts';

/** Run `text` eager and fused as Wasm and check each against the reference; returns the checks. */
function verify(text: string, arrays: string, seed = 1) {
  const p = parse(text, arrays);
  const inputs = expressionInputs(p.arrays, seed);
  return PLAN_MODES.map((mode) => {
    const plan = buildPlan(p.root, mode, 4);
    return { mode, ...checkPlanOutput(plan, p.root, inputs, runWasmPlan(plan, inputs), WASM_ACCURACY) };
  });
}

describe('generated Wasm kernels against the CPU reference', () => {
  it.each([
    ['a*b + c', 'a:1003,b:1003,c:1003'],
    ['a*b + c', 'a:1,b:1,c:1'],
    ['a*b + c', 'a:4,b:4,c:4'],
    ['x + bias', 'x:13x7,bias:7'],
    ['x * col - 1.5', 'x:9x6,col:9x1'],
    ['x.T * 2 + y', 'x:7x5,y:5x7'],
    ['x + x.T', 'x:6x6'],
    ['(a - b) * (a + b) - s', 'a:2x3x4x5,b:4x1,s:1'],
    ['big * mid + row', 'big:3x5x6,mid:5x1,row:6'],
    ['np.exp(a) + np.log(np.abs(b) + 0.5) * np.sqrt(np.abs(c))', 'a:257,b:257,c:257'],
    ['np.sin(a * 3) - np.cos(b) * np.tanh(c * 4)', 'a:257,b:257,c:257'],
    ['np.where(x > 0, x, 0.01 * x) + bias', 'x:11x9,bias:9'],
    ['np.where(a != b, a, 7) * np.where(a <= 0.5, 1, b)', 'a:103,b:103'],
    ['np.maximum(a, 0) + np.minimum(b, c) / 3', 'a:101,b:101,c:101'],
    ['a**2 + b**3 - a**-1 + b**0 + np.abs(b)**0.5 + c**17 + a**16 + b**-5', 'a:99,b:99,c:99'],
    ['np.abs(a) ** b + 2 ** a', 'a:103,b:103'],
    ['a >= b', 'a:1027,b:1027'],
    ['x > v', 'x:5x7,v:7'],
    ['np.exp(v) * x', 'x:65x9,v:9'],
    ['-x**2 / (1 + np.exp(-x.T.T))', 'x:3x5x7'],
  ])('%s [%s]', (text, arrays) => {
    for (const r of verify(text, arrays)) {
      expect(r.message, r.mode).toBeUndefined();
      expect(r.ok).toBe(true);
      expect(r.checked).toBeGreaterThan(0);
    }
  });

  it('a slab [begin, end) of the outermost dimension computes exactly that slab', () => {
    const p = parse('np.exp(x) * bias + col', 'x:37x11,bias:11,col:37x1');
    const kernel = buildPlan(p.root, 'fused', 4).kernels[0] as ElementwiseKernel;
    const wasm = generateWasmKernel(kernel);
    const inputs = expressionInputs(p.arrays, 9);
    const data = kernel.inputs.map((b) => inputs.get(b.id) as Float32Array);
    const whole = runWasmKernel(wasm, data);
    expect(wasm.layout.dims).toEqual([37, 11]);
    const part = runWasmKernel(wasm, data, { begin: 10, end: 23 });
    for (let i = 0; i < whole.length; i++) expect(part[i]).toBe(i >= 110 && i < 253 ? whole[i] : 0);
  });

  it('a flat kernel split anywhere (not at a multiple of 4) gives the same values', () => {
    const p = parse('np.tanh(a) * b', 'a:1001,b:1001');
    const kernel = buildPlan(p.root, 'fused', 4).kernels[0] as ElementwiseKernel;
    const wasm = generateWasmKernel(kernel);
    const inputs = expressionInputs(p.arrays, 4);
    const data = kernel.inputs.map((b) => inputs.get(b.id) as Float32Array);
    const whole = runWasmKernel(wasm, data);
    const merged = new Float32Array(1001);
    for (const [begin, end] of [
      [0, 333],
      [333, 667],
      [667, 1001],
    ] as const) {
      const part = runWasmKernel(wasm, data, { begin, end });
      merged.set(part.subarray(begin, end), begin);
    }
    expect(merged).toEqual(whole);
  });

  it('the check catches a wrong output: one element off by 10⁻⁴, a wrong operator, a wrong mask', () => {
    const p = parse('a*b + c', 'a:64,b:64,c:64');
    const inputs = expressionInputs(p.arrays, 2);
    const plan = buildPlan(p.root, 'fused', 4);
    const out = runWasmPlan(plan, inputs) as Float32Array;
    expect(checkPlanOutput(plan, p.root, inputs, out, WASM_ACCURACY).ok).toBe(true);
    const off = out.slice();
    off[17] = (off[17] as number) * (1 + 1e-4);
    const r = checkPlanOutput(plan, p.root, inputs, off, WASM_ACCURACY);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^WebAssembly: out\[17\] = .*, expected .* ± /);
    const minus = parse('a*b - c', 'a:64,b:64,c:64');
    expect(checkPlanOutput(plan, minus.root, inputs, out, WASM_ACCURACY).ok).toBe(false);
    const m = parse('a > b', 'a:64,b:64');
    const mplan = buildPlan(m.root, 'fused', 4);
    const mask = runWasmPlan(mplan, inputs) as Uint8Array;
    expect([...new Set(mask)].sort()).toEqual([0, 1]);
    const flipped = mask.slice();
    flipped[3] = 1 - (flipped[3] as number);
    expect(checkPlanOutput(mplan, m.root, inputs, flipped, WASM_ACCURACY).ok).toBe(false);
    // NaN where the reference is finite is never within a bound.
    off.set([NaN], 17);
    expect(checkPlanOutput(plan, p.root, inputs, off, WASM_ACCURACY).ok).toBe(false);
  });

  it('plans with a reduction or matmul say they are not generated yet, and why', () => {
    const r = elementwiseKernels(buildPlan(parse('(x @ w).sum()', 'x:4x3,w:3x2').root, 'fused', 4));
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/t1 = x @ w is a matmul/) as unknown });
  });

  it('refuses inputs of the wrong size', () => {
    const kernel = buildPlan(parse('a + 1', 'a:8').root, 'fused', 4).kernels[0] as ElementwiseKernel;
    expect(() => runWasmKernel(generateWasmKernel(kernel), [new Float32Array(7)])).toThrow(/28 bytes, expected 32/);
  });
});

/** Random elementwise expressions over arrays that all broadcast to (r, c). */
const exprArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'row', 'col', 's', 't.T', '0.5', '3', 'x', 'x'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('e').map((a) => `-${a}`),
    fc.tuple(tie('e'), fc.constantFrom('2', '3', '-1', '0.5', '5')).map(([a, p]) => `(${a})**${p}`),
    fc
      .tuple(fc.constantFrom('np.exp', 'np.log', 'np.sqrt', 'np.abs', 'np.sin', 'np.cos', 'np.tanh'), tie('e'))
      .map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('np.maximum', 'np.minimum'), tie('e'), tie('e')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc
      .tuple(tie('e'), fc.constantFrom('>', '<', '>=', '!='), tie('e'), tie('e'), tie('e'))
      .map(([a, c, b, t, f]) => `np.where(${a} ${c} ${b}, ${t}, ${f})`),
  ),
})).e;

describe('generated Wasm kernels: properties', () => {
  it('any elementwise expression, any broadcast shapes, eager and fused: the reference’s values within bounds', () => {
    fc.assert(
      fc.property(exprArb, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 11 }), (text, r, c) => {
        const parsed = parseExpressionFields(text, `x:${r}x${c},row:${c},col:${r}x1,s:1,t:${c}x${r}`);
        // Number-only parts can fail as Python fails (1/0); every other expression here is valid.
        if (!parsed.ok) {
          expect(JSON.stringify(parsed)).toMatch(
            /division by zero|not a finite|complex|uses no array|computes nothing|negative power|comparing two numbers/,
          );
          fc.pre(false);
          return;
        }
        const p = parsed.expression;
        const inputs = expressionInputs(p.arrays, r * 31 + c);
        for (const mode of PLAN_MODES) {
          const plan = buildPlan(p.root, mode, 4);
          const check = checkPlanOutput(plan, p.root, inputs, runWasmPlan(plan, inputs), WASM_ACCURACY);
          expect(check.message, `${mode}: ${text}`).toBeUndefined();
        }
      }),
      { numRuns: 120 },
    );
  }, 60_000);
});
