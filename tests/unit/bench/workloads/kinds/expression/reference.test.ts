import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAgainstReference, outputNode } from '../../../../../../src/bench/workloads/kinds/expression/check.ts';
import { expressionInputs } from '../../../../../../src/bench/workloads/kinds/expression/inputs.ts';
import {
  WASM_ACCURACY,
  WASM_F64_ACCURACY,
  WGSL_ACCURACY,
} from '../../../../../../src/bench/workloads/kinds/expression/accuracy.ts';
import { Reference } from '../../../../../../src/bench/workloads/kinds/expression/reference.ts';
import { parseExpressionFields, type Node } from '../../../../../../src/model/workloads/expression/index.ts';
import { eagerBruteForce } from '../../../../model/workloads/expression/brute-force.ts';
import { float64Inputs, parse } from './helpers.ts';

function unravel(i: number, shape: readonly number[]): number[] {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(i % (shape[d] as number));
    i = Math.floor(i / (shape[d] as number));
  }
  return idx;
}

/** Values as stored: Math.fround (float32) or as they are (float64). */
type Rounding = (x: number) => number;

/**
 * A float32 (or float64) implementation written independently: every operation rounded to
 * the type (transcendentals as Math.* gives them, then rounded), reductions and products
 * summed left to right in the type. A correct kernel can do no better; the reference must
 * accept it.
 */
function roundedAt(
  n: Node,
  idx: readonly number[],
  arrays: ReadonlyMap<string, ArrayLike<number>>,
  f: Rounding = Math.fround,
): number {
  const at = (m: Node, outIdx: readonly number[]) => {
    const off = outIdx.length - m.shape.length;
    return roundedAt(
      m,
      m.shape.map((d, j) => (d === 1 ? 0 : (outIdx[j + off] as number))),
      arrays,
      f,
    );
  };
  switch (n.op) {
    case 'input': {
      let flat = 0;
      n.shape.forEach((d, j) => (flat = flat * d + (idx[j] as number)));
      return (arrays.get(n.name) as ArrayLike<number>)[flat] as number;
    }
    case 'const':
      return f(n.value);
    case 'transpose':
      return roundedAt(n.arg, [...idx].reverse(), arrays, f);
    case 'unary': {
      const x = at(n.arg, idx);
      const fn = {
        neg: (v: number) => -v,
        abs: Math.abs,
        sqrt: Math.sqrt,
        exp: Math.exp,
        log: Math.log,
        sin: Math.sin,
        cos: Math.cos,
        tanh: Math.tanh,
      }[n.fn];
      return f(fn(x));
    }
    case 'binary': {
      const [x, y] = [at(n.left, idx), at(n.right, idx)];
      const ops: Record<string, (a: number, b: number) => number> = {
        add: (a, b) => a + b,
        sub: (a, b) => a - b,
        mul: (a, b) => a * b,
        div: (a, b) => a / b,
        pow: (a, b) => a ** b,
        maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
        minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
        lt: (a, b) => Number(a < b),
        gt: (a, b) => Number(a > b),
        le: (a, b) => Number(a <= b),
        ge: (a, b) => Number(a >= b),
        eq: (a, b) => Number(a === b),
        ne: (a, b) => Number(a !== b),
      };
      return f((ops[n.fn] as (a: number, b: number) => number)(x, y));
    }
    case 'where':
      return at(n.cond, idx) !== 0 ? at(n.a, idx) : at(n.b, idx);
    case 'matmul': {
      let s = 0;
      for (let l = 0; l < (n.left.shape[1] as number); l++) {
        s = f(
          s +
            f(
              roundedAt(n.left, [idx[0] as number, l], arrays, f) *
                roundedAt(n.right, [l, idx[1] as number], arrays, f),
            ),
        );
      }
      return s;
    }
    case 'reduce': {
      const inShape = n.arg.shape;
      const axes = n.axis === null ? inShape.map((_, i) => i) : [n.axis];
      // The input index of this output, reduced axes at 0 (idx lacks them unless keepdims).
      let k = 0;
      const base = inShape.map((_, d) =>
        axes.includes(d) ? 0 : n.keepdims ? (idx[d] as number) : (idx[k++] as number),
      );
      let acc = n.fn === 'max' ? -Infinity : 0;
      const count = axes.reduce((p, a) => p * (inShape[a] as number), 1);
      for (let i = 0; i < count; i++) {
        const sub = unravel(
          i,
          axes.map((a) => inShape[a] as number),
        );
        const full = base.map((v, d) => (axes.includes(d) ? (sub[axes.indexOf(d)] as number) : v));
        const x = roundedAt(n.arg, full, arrays, f);
        acc = n.fn === 'max' ? (Number.isNaN(x) ? NaN : Math.max(acc, x)) : f(acc + x);
      }
      return n.fn === 'mean' ? f(acc / count) : acc;
    }
  }
}

function roundedOutput(root: Node, arrays: ReadonlyMap<string, ArrayLike<number>>, f: Rounding = Math.fround) {
  const node = outputNode(root);
  const n = node.shape.reduce((p, d) => p * d, 1);
  return Float64Array.from({ length: n }, (_, i) => roundedAt(node, unravel(i, node.shape), arrays, f));
}

const exprArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'row', 'col', 's', '0.1', '3', 'x'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('e'), fc.constantFrom('2', '3', '-1', '0.5')).map(([a, p]) => `(${a})**${p}`),
    fc
      .tuple(fc.constantFrom('np.exp', 'np.log', 'np.sqrt', 'np.abs', 'np.sin', 'np.cos', 'np.tanh'), tie('e'))
      .map(([fn, a]) => `${fn}(${a})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, t, e]) => `np.where(${a} > 0, ${t}, ${e})`),
    tie('e').map((a) => `(x + ${a}).sum(axis=0, keepdims=True)`),
    tie('e').map((a) => `(x * ${a}).mean()`),
    tie('e').map((a) => `((x - ${a}) @ sq)`),
  ),
})).e;

describe('CPU reference of an expression', () => {
  it('its values are the expression’s, as an independent element-by-element evaluation gives them', () => {
    const p = parse('np.exp(x) / np.exp(x).sum(axis=1, keepdims=True) + (x @ w).max() * x.T.T', 'x:4x3,w:3x3');
    const arrays = expressionInputs(p.arrays, 5);
    const f64 = new Map([...arrays].map(([k, v]) => [k, Float64Array.from(v)]));
    const brute = eagerBruteForce(p.root, f64, 4).value.data;
    const ref = new Reference(arrays, WASM_ACCURACY);
    brute.forEach((v, i) => expect(ref.at(p.root, unravel(i, p.root.shape))[0]).toBeCloseTo(v, 12));
  });

  it('accepts an honest float32 implementation (rounding after every operation), for either accuracy table', () => {
    fc.assert(
      fc.property(exprArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 7 }), (text, r, c) => {
        const parsed = parseExpressionFields(text, `x:${r}x${c},row:${c},col:${r}x1,s:1,sq:${c}x${c}`);
        if (!parsed.ok) {
          fc.pre(false);
          return;
        }
        const p = parsed.expression;
        const arrays = expressionInputs(p.arrays, r + 10 * c);
        const got = roundedOutput(p.root, arrays);
        for (const acc of [WASM_ACCURACY, WGSL_ACCURACY]) {
          const check = checkAgainstReference(outputNode(p.root), arrays, got, acc);
          expect(check.message, `${acc.name}: ${text}`).toBeUndefined();
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('its bounds are tight enough to catch a 10⁻⁵ relative error in a simple chain', () => {
    const p = parse('np.exp(a) * b + c', 'a:200,b:200,c:200');
    const arrays = expressionInputs(p.arrays, 1, 0.5, 2);
    const got = roundedOutput(p.root, arrays);
    expect(checkAgainstReference(p.root, arrays, got, WASM_ACCURACY).ok).toBe(true);
    const off = got.map((v) => v * (1 + 1e-5));
    expect(checkAgainstReference(p.root, arrays, off, WASM_ACCURACY).ok).toBe(false);
  });

  it('accepts an honest float64 implementation (JavaScript doubles, sums left to right) within the float64 table', () => {
    fc.assert(
      fc.property(exprArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 7 }), (text, r, c) => {
        const parsed = parseExpressionFields(text, `x:${r}x${c},row:${c},col:${r}x1,s:1,sq:${c}x${c}`);
        if (!parsed.ok) {
          fc.pre(false);
          return;
        }
        const p = parsed.expression;
        const arrays = float64Inputs(p.arrays, r + 10 * c);
        const got = roundedOutput(p.root, arrays, (x) => x);
        const check = checkAgainstReference(outputNode(p.root), arrays, got, WASM_F64_ACCURACY);
        expect(check.message, text).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('in float64 its bounds catch a 10⁻¹³ relative error in a simple chain and in a sum', () => {
    for (const [text, arrays] of [
      ['np.exp(a) * b + c', 'a:200,b:200,c:200'],
      ['(a * b).sum(axis=0)', 'a:300x4,b:4'],
    ] as const) {
      const p = parse(text, arrays);
      const inputs = float64Inputs(p.arrays, 1, 0.5, 2);
      const got = roundedOutput(p.root, inputs, (x) => x);
      expect(checkAgainstReference(outputNode(p.root), inputs, got, WASM_F64_ACCURACY).ok).toBe(true);
      const off = got.map((v) => v * (1 + 1e-13));
      expect(checkAgainstReference(outputNode(p.root), inputs, off, WASM_F64_ACCURACY).ok, text).toBe(false);
    }
  });

  it('in float64 a result is ∞ only past float64’s range (a·1e300 is finite there)', () => {
    const p = parse('a * 0.1 + a * 1e300', 'a:3');
    const a = Float64Array.from([1, 2, 1e9]);
    const arrays = new Map([['a', a]]);
    const want = [...a].map((x) => x * 0.1 + x * 1e300);
    expect(want[2]).toBe(Infinity);
    expect(checkAgainstReference(p.root, arrays, want, WASM_F64_ACCURACY).ok).toBe(true);
    // float32 arithmetic would give ∞ already at 1e300 · 1 (past 3.4·10³⁸).
    expect(checkAgainstReference(p.root, arrays, [Infinity, Infinity, Infinity], WASM_F64_ACCURACY).ok).toBe(false);
  });

  it('checks a sample of indices when asked', () => {
    const p = parse('a + 1', 'a:1000');
    const arrays = expressionInputs(p.arrays, 1);
    const got = roundedOutput(p.root, arrays);
    got[500] = 0;
    expect(checkAgainstReference(p.root, arrays, got, WASM_ACCURACY, [0, 1, 999])).toMatchObject({
      ok: true,
      checked: 3,
    });
    expect(checkAgainstReference(p.root, arrays, got, WASM_ACCURACY, [0, 500]).ok).toBe(false);
  });
});
