import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArrays } from '../../../../../src/model/workloads/expression/arrays.ts';
import { expressionCounts } from '../../../../../src/model/workloads/expression/counts.ts';
import { parseExpression } from '../../../../../src/model/workloads/expression/parse.ts';
import { buildPlan } from '../../../../../src/model/workloads/expression/plan.ts';
import { renderExpression } from '../../../../../src/model/workloads/expression/render.ts';
import { DTYPES } from '../../../../../src/model/workloads/types.ts';
import { eagerBruteForce, interpretPlan, smallInputs } from './brute-force.ts';

const ARRAYS = (() => {
  const r = parseArrays('x:4x3,v:3,col:4x1,s:1,m:3x4,sq:3x3');
  if (!r.ok) throw new Error(r.message);
  return r.arrays;
})();

/**
 * Random expressions whose every part broadcasts against (4, 3): arrays, numbers, the
 * operators, functions, where, matmul, reductions (keepdims, or to a scalar) and .T.
 */
const expressionArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'v', 'col', 's', 'm.T', '2', '0.5', '3', 'np.pi'),
    fc
      .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', ' + ', '*'), tie('e'))
      .map(([a, op, b]) => `(${a}${op}${b})`),
    tie('e').map((a) => `-${a}`),
    fc.tuple(tie('e'), fc.constantFrom('2', '3', '-1', '0.5', '4', '17')).map(([a, p]) => `(${a})**${p}`),
    fc
      .tuple(
        fc.constantFrom('np.exp', 'np.log', 'np.sqrt', 'np.abs', 'np.sin', 'np.cos', 'np.tanh', 'torch.exp'),
        tie('e'),
      )
      .map(([f, a]) => `${f}(${a})`),
    fc
      .tuple(fc.constantFrom('np.maximum', 'np.minimum', 'torch.maximum'), tie('e'), tie('e'))
      .map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc
      .tuple(tie('e'), fc.constantFrom('>', '<', '>=', '<=', '==', '!='), tie('e'), tie('e'), tie('e'))
      .map(([a, c, b, t, f]) => `np.where(${a} ${c} ${b}, ${t}, ${f})`),
    tie('e').map((a) => `((x + ${a}) @ sq)`),
    fc
      .tuple(
        tie('e'),
        fc.constantFrom(
          '.sum(axis=0, keepdims=True)',
          '.mean(axis=1, keepdims=True)',
          '.max(axis=-1, keepdims=True)',
          '.sum()',
          '.max()',
          '.mean()',
        ),
      )
      .map(([a, r]) => `(x + ${a})${r}`),
    tie('e').map((a) => `(x * ${a}).T.T`),
  ),
})).e;

/** Refusals a random mix of numbers can trigger (Python's own errors on numbers alone). */
const NUMBER_ONLY =
  /division by zero|not a finite number|complex|uses no array|computes nothing|negative power|comparing two numbers/;

function parseOrDiscard(text: string) {
  const r = parseExpression(text, ARRAYS);
  if (!r.ok) {
    expect(r.error.message, text).toMatch(NUMBER_ONLY);
    fc.pre(false);
    throw new Error('unreachable');
  }
  return r.expression;
}

describe('expression counts: properties of random valid expressions', () => {
  it('fused never launches more or moves more than eager; FLOPs and copies are equal; all finite', () => {
    fc.assert(
      fc.property(expressionArb, fc.constantFrom(...DTYPES), (text, dtype) => {
        const p = parseOrDiscard(text);
        const eager = expressionCounts(p, dtype, 'eager');
        const fused = expressionCounts(p, dtype, 'fused');
        expect(fused.launches).toBeLessThanOrEqual(eager.launches);
        expect(fused.deviceBytes).toBeLessThanOrEqual(eager.deviceBytes);
        expect(fused.flops).toBe(eager.flops);
        expect(fused.hostBytes).toBe(eager.hostBytes);
        for (const c of [eager, fused]) {
          expect(c.launches).toBeGreaterThanOrEqual(1);
          expect(c.launches).toBe(c.kernels.length);
          for (const v of [c.flops, c.deviceBytes, c.hostBytes]) {
            expect(Number.isFinite(v) && v >= 0).toBe(true);
          }
          expect(c.deviceBytes).toBe(c.kernels.reduce((s, k) => s + k.deviceBytes, 0));
        }
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('both plans, run as written, compute what the expression means (brute force, NumPy semantics)', () => {
    fc.assert(
      fc.property(expressionArb, (text) => {
        const p = parseOrDiscard(text);
        const inputs = smallInputs(p.arrays);
        const want = eagerBruteForce(p.root, inputs, 4);
        const eager = interpretPlan(buildPlan(p.root, 'eager', 4), inputs).output;
        const fused = interpretPlan(buildPlan(p.root, 'fused', 4), inputs).output;
        expect(fused).toEqual(eager);
        eager.forEach((v, i) => {
          const w = want.value.data[i] as number;
          if (Number.isNaN(w)) expect(v).toBeNaN();
          else if (Number.isFinite(w)) expect(Math.abs(v - w)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
          else expect(v).toBe(w);
        });
        // The eager counts are the element-by-element counts.
        expect(expressionCounts(p, 'f32', 'eager').kernels.map((k) => [k.flops, k.deviceBytes])).toEqual(
          want.kernels.map((k) => [k.flops, k.bytes]),
        );
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it('printed as NumPy and parsed again, an expression has the same kernels', () => {
    fc.assert(
      fc.property(expressionArb, (text) => {
        const p = parseOrDiscard(text);
        const again = parseExpression(renderExpression(p.root, { spelling: 'np' }), ARRAYS);
        expect(again.ok).toBe(true);
        if (!again.ok) return;
        const labels = (root: typeof p.root) => buildPlan(root, 'eager', 4).kernels.map((k) => k.label);
        expect(labels(again.expression.root)).toEqual(labels(p.root));
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});

describe('expression parser: properties of any text', () => {
  const soup = fc
    .array(
      fc.constantFrom(
        'x',
        'v',
        'q',
        'np',
        '.',
        'exp',
        'sum',
        'T',
        '(',
        ')',
        '(',
        ')',
        '+',
        '-',
        '*',
        '/',
        '**',
        '@',
        ',',
        '=',
        '>',
        '0',
        '1.5',
        'e3',
        ' ',
        '[',
        '"',
        'lambda',
        'axis',
        'True',
        '×',
        '\n',
        '_',
        'np.where',
        'torch.',
        '__import__',
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));

  it('never throws; every error has a column inside the text and a non-empty span', () => {
    fc.assert(
      fc.property(
        fc.oneof(soup, fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 20 })),
        (text) => {
          const r = parseExpression(text, ARRAYS);
          if (r.ok) return;
          expect(r.error.message.length).toBeGreaterThan(5);
          expect(r.error.column).toBeGreaterThanOrEqual(1);
          expect(r.error.column).toBeLessThanOrEqual(Math.max(1, text.length));
          expect(r.error.endColumn).toBeGreaterThan(r.error.column);
          expect(r.error.endColumn).toBeLessThanOrEqual(Math.max(2, text.length + 1));
          expect(r.error.message).not.toMatch(/undefined|NaN|\[object/);
        },
      ),
      { numRuns: 1000 },
    );
  }, 30_000);

  it('one character deleted or inserted in a valid expression: still never a throw, a column inside', () => {
    fc.assert(
      fc.property(expressionArb, fc.nat(), fc.constantFrom('', '(', ')', '*', '.', 'q', ',', '"'), (text, at, ch) => {
        const i = at % (text.length + 1);
        const mutated = ch === '' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + ch + text.slice(i);
        const r = parseExpression(mutated, ARRAYS);
        if (!r.ok) {
          expect(r.error.column).toBeGreaterThanOrEqual(1);
          expect(r.error.column).toBeLessThanOrEqual(Math.max(1, mutated.length));
        }
      }),
      { numRuns: 1000 },
    );
  }, 30_000);
});
