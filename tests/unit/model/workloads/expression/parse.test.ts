import { describe, expect, it } from 'vitest';
import { parseArrays, type NamedArray } from '../../../../../src/model/workloads/expression/arrays.ts';
import { parseExpression, parseExpressionFields } from '../../../../../src/model/workloads/expression/parse.ts';
import { buildPlan } from '../../../../../src/model/workloads/expression/plan.ts';
import { renderExpression } from '../../../../../src/model/workloads/expression/render.ts';

/** The arrays every case below may use. */
const ARRAYS = (() => {
  const r = parseArrays('a:10,b:10,c:10,x:4x3,y:5x3,w:3x2,v:3,col:4x1,big:2x3x4');
  if (!r.ok) throw new Error(r.message);
  return r.arrays;
})();

function parsed(text: string, arrays: readonly NamedArray[] = ARRAYS) {
  const r = parseExpression(text, arrays);
  if (!r.ok) throw new Error(`${text}: ${r.error.message} (column ${r.error.column})`);
  return r.expression;
}

/** The eager kernels' labels: one per operator, so they show exactly how the text was grouped. */
function eagerLabels(text: string): string[] {
  return buildPlan(parsed(text).root, 'eager', 4).kernels.map((k) => k.label);
}

describe('expression parser: valid expressions and Python precedence', () => {
  const cases: [string, string[]][] = [
    ['a*b+c', ['t1 = a * b', 'out = t1 + c']],
    ['a + b*c', ['t1 = b * c', 'out = a + t1']],
    ['a - b - c', ['t1 = a - b', 'out = t1 - c']],
    ['a / b / c', ['t1 = a / b', 'out = t1 / c']],
    // ** binds tighter than unary minus on its left, and is right-associative.
    ['-a**2', ['t1 = a**2', 'out = -t1']],
    ['(-a)**2', ['t1 = -a', 'out = t1**2']],
    ['a**b**c', ['t1 = b**c', 'out = a**t1']],
    ['(a**b)**c', ['t1 = a**b', 'out = t1**c']],
    ['a**-b', ['t1 = -b', 'out = a**t1']],
    ['2**-a', ['t1 = -a', 'out = 2**t1']],
    ['- - a', ['t1 = -a', 'out = -t1']],
    ['+a * 2', ['out = a * 2']],
    // @ sits with * and /, left to right.
    ['x @ w * 2', ['t1 = x @ w', 'out = t1 * 2']],
    ['x * 2 @ w', ['t1 = x * 2', 'out = t1 @ w']],
    ['(x @ w).sum()', ['t1 = x @ w', 'out = t1.sum()']],
    ['x.T @ x', ['out = x.T @ x']],
    ['np.sum(x, axis=-1)', ['out = x.sum(axis=1)']],
    ['np.mean(x, 0)', ['out = x.mean(axis=0)']],
    ['torch.sum(x, dim=1, keepdim=True)', ['out = x.sum(axis=1, keepdims=True)']],
    ['x.max(axis=0, keepdims=True)', ['out = x.max(axis=0, keepdims=True)']],
    ['numpy.exp(a) + torch.tanh(b)', ['t1 = exp(a)', 't2 = tanh(b)', 'out = t1 + t2']],
    ['np.where(x > 0, x, 0)', ['t1 = x > 0', 'out = where(t1, x, 0)']],
    ['np.maximum(a, 0) + np.minimum(a, b)', ['t1 = maximum(a, 0)', 't2 = minimum(a, b)', 'out = t1 + t2']],
    ['a <= b', ['out = a <= b']],
    // Number-only parts are Python's business: no kernel for them.
    ['a * (2*np.pi)', ['out = a * (2*pi)']],
    [
      '1_000 * a + .5 + 1. + 2E+3 + 1e-3',
      ['t1 = 1_000 * a', 't2 = t1 + .5', 't3 = t2 + 1.', 't4 = t3 + 2E+3', 'out = t4 + 1e-3'],
    ],
    ['np.exp(x) / np.exp(x).sum()', ['t1 = exp(x)', 't2 = exp(x)', 't3 = t2.sum()', 'out = t1 / t3']],
    ['x + v', ['out = x + v']],
    ['x.T.T + col', ['out = x.T.T + col']],
    ['(a\n + b)', ['out = a + b']],
  ];
  it.each(cases)('%s', (text, labels) => {
    expect(eagerLabels(text)).toEqual(labels);
  });

  it('printed back, an expression parses to the same kernels (the renderer keeps precedence)', () => {
    for (const [text] of cases) {
      const again = renderExpression(parsed(text).root, { spelling: 'np' });
      expect(eagerLabels(again), `${text} → ${again}`).toEqual(eagerLabels(text));
    }
  });

  it('shapes follow NumPy: broadcasting, .T, matmul and reductions', () => {
    expect(parsed('x + v').root.shape).toEqual([4, 3]);
    expect(parsed('x + col').root.shape).toEqual([4, 3]);
    expect(parsed('x.T * 2').root.shape).toEqual([3, 4]);
    expect(parsed('big.T * 2').root.shape).toEqual([4, 3, 2]);
    expect(parsed('x @ w').root.shape).toEqual([4, 2]);
    expect(parsed('x.sum()').root.shape).toEqual([]);
    expect(parsed('x.sum(keepdims=True)').root.shape).toEqual([1, 1]);
    expect(parsed('np.max(big, axis=1)').root.shape).toEqual([2, 4]);
    expect(parsed('np.max(big, axis=-3, keepdims=True)').root.shape).toEqual([1, 3, 4]);
    expect(parsed('x > 0').root.type).toBe('mask');
  });
});

describe('expression parser: invalid expressions fail with a message at a column', () => {
  const cases: [string, RegExp, number][] = [
    ['', /enter an expression/, 1],
    ['a +', /ends too early.*after \+/, 3],
    ['(a + b', /unbalanced parentheses: this \( is never closed/, 1],
    ['a + (b * (c)', /never closed/, 5],
    ['a + b)', /unbalanced parentheses: this \) has no matching \(/, 6],
    ['np.exp(a', /never closed/, 7],
    ['a + q', /unknown name q: the arrays are a, b, c/, 5],
    ['a + exp', /unknown name exp.*np\.exp/, 5],
    ['a @ b', /@ needs 2-D arrays on both sides; here \(10,\) @ \(10,\)/, 3],
    ['x @ y', /\(4, 3\) @ \(5, 3\) \(3 vs 5\)/, 3],
    ['2 @ x', /@ needs arrays on both sides/, 3],
    ['x + y', /shapes \(4, 3\) and \(5, 3\) do not broadcast \(4 vs 5/, 3],
    ['a + x', /shapes \(10,\) and \(4, 3\) do not broadcast/, 3],
    ['np.maximum(x, a)', /np\.maximum: shapes \(4, 3\) and \(10,\)/, 1],
    ['__import__("os")', /__import__ cannot be called/, 1],
    ['a.foo', /the attribute \.foo is not supported/, 3],
    ['a.__class__', /\.__class__ is not supported/, 3],
    ['np.linalg.norm(a)', /np\.linalg is not supported/, 1],
    ['np.dot(x, w)', /np\.dot is not supported/, 1],
    ['open("f")', /open cannot be called/, 1],
    ['exp(a)', /write np\.exp/, 1],
    ['(a)(b)', /a cannot be called/, 1],
    ['(a + b)(c)', /this cannot be called/, 1],
    ['a if b else c', /np\.where\(c, a, b\)/, 3],
    ['lambda: a', /lambdas are not supported/, 1],
    ['a and b', /and \/ or \/ not/, 3],
    ['"abc"', /strings are not supported/, 1],
    ["a + f'x'", /strings/, 5],
    ['a[0]', /indexing/, 2],
    ['{a}', /dictionaries/, 1],
    ['a < b < c', /chained comparisons/, 7],
    ['a // b', /floor division/, 3],
    ['a % b', /remainder/, 3],
    ['a ^ 2', /write powers with \*\*/, 3],
    ['a & b', /np\.where takes one comparison/, 3],
    ['a × b', /unexpected character ×: write \*/, 3],
    ['a − b', /write -/, 3],
    ['a $ b', /unexpected character \$/, 3],
    ['2a', /write 2\*a/, 1],
    ['1j * a', /complex/, 1],
    ['0x10 * a', /decimal/, 1],
    ['012 * a', /leading zeros/, 1],
    ['1__0 * a', /underscore/, 2],
    ['1e999 * a', /too large/, 1],
    ['np.exp(a, b)', /np\.exp takes one argument; got 2/, 1],
    ['np.where(a > 0, a)', /three arguments/, 1],
    ['np.exp(a, out=b)', /no keyword arguments/, 11],
    ['np.sum(a, axis=1)', /axis 1 is out of range for \(10,\)/, 16],
    ['x.sum(axis=-3)', /axis -3 is out of range/, 12],
    ['x.sum(axis=1.5)', /whole number/, 12],
    ['x.sum(axis=(0, 1))', /tuples/, 14],
    ['x.sum(0, 1)', /at most an axis/, 10],
    ['x.sum(1, axis=0)', /axis is given twice/, 10],
    ['x.sum(keepdims=1)', /keepdims must be True or False/, 16],
    ['x.sum(out=y)', /no keyword out/, 7],
    ['np.sum()', /needs the array/, 1],
    ['np.where(a, a, b)', /condition must be a comparison/, 10],
    ['(a > 0) * 2', /not the result of a comparison/, 1],
    ['np.exp(a > 0)', /not the result of a comparison/, 8],
    ['2 > 1', /comparing two numbers/, 3],
    ['2 + 3', /uses no array/, 1],
    ['a', /computes nothing: it is the array a/, 1],
    ['x.T', /computes nothing/, 1],
    ['a * (1/0)', /division by zero/, 5],
    ['a * (-8)**0.5', /complex/, 5],
    ['a * np.log(-1)', /not a finite number/, 5],
    ['a = b', /assignment is not supported/, 3],
    ['a, b', /tuples/, 2],
    ['(a, b)', /tuples/, 3],
    ['a.sum', /call it: x\.sum\(\)/, 3],
    ['a.T()', /\.T is not a function/, 3],
    ['np + a', /np is a module/, 1],
    ['np.exp', /call it: np\.exp/, 1],
    ['a b', /unexpected name b after a complete expression: an operator is missing/, 3],
    ['a 2', /unexpected number 2/, 3],
    ['True * a', /keepdims/, 1],
    ['None', /None is not supported/, 1],
    ['import os', /import is not supported/, 1],
    ['a.', /ends too early/, 2],
    ['*a', /unexpected \*/, 1],
    ['a # note', /comments/, 3],
    ['np.sum(x, axis=0, axis=1)', /given twice/, 19],
    ['np.exp(a=1, a)', /positional argument cannot follow/, 13],
    ['np.exp(1) @ a', /@ needs arrays/, 11],
    ['(2).T', /a number has no \.T/, 5],
    ['(2).sum() + a', /a number has no \.sum\(\)/, 5],
  ];
  it.each(cases)('%j', (text, message, column) => {
    const r = parseExpression(text, ARRAYS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(message);
    expect(r.error.column).toBe(column);
    expect(r.error.endColumn).toBeGreaterThan(r.error.column);
  });

  it('refuses more than 10,000 characters at column 10,001', () => {
    const text = `${'a + '.repeat(2500)}a`;
    expect(text.length).toBe(10_001);
    const r = parseExpression(text, ARRAYS);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/longer than 10,000 characters/);
      expect(r.error.column).toBe(10_001);
    }
  });

  it('refuses nesting deeper than 64, at the 65th level', () => {
    const ok = `${'('.repeat(64)}a${')'.repeat(64)} * 2`;
    expect(parseExpression(ok, ARRAYS).ok).toBe(true);
    const deep = `${'('.repeat(65)}a${')'.repeat(65)} * 2`;
    const r = parseExpression(deep, ARRAYS);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/nests deeper than 64 levels/);
      expect(r.error.column).toBe(65);
    }
    const minus = parseExpression(`${'-'.repeat(70)}a`, ARRAYS);
    expect(!minus.ok && minus.error.message).toMatch(/deeper than 64/);
    const calls = parseExpression(`${'np.exp('.repeat(65)}a${')'.repeat(65)}`, ARRAYS);
    expect(!calls.ok && calls.error.message).toMatch(/deeper than 64/);
  });

  it('refuses more than 1,000 operations', () => {
    const r = parseExpression(`${'a + '.repeat(1001)}a`, ARRAYS);
    expect(!r.ok && r.error.message).toMatch(/more than 1,000 operations/);
  });

  it('stays fast on pathological text (linear tokenizer, no backtracking)', () => {
    const inputs = [
      '1'.repeat(9999) + 'x',
      '_'.repeat(10_000),
      ' '.repeat(9999) + '+',
      `${'a*'.repeat(4999)}a`,
      '('.repeat(10_000),
    ];
    const t0 = performance.now();
    for (const text of inputs) {
      const r = parseExpression(text, ARRAYS);
      if (!r.ok) {
        expect(r.error.column).toBeGreaterThanOrEqual(1);
        expect(r.error.column).toBeLessThanOrEqual(text.length);
      }
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('the two fields together', () => {
  it('says which field is wrong', () => {
    const bad = parseExpressionFields('a*b', 'a:10,b');
    expect(bad).toMatchObject({ ok: false, field: 'arrays' });
    const unknown = parseExpressionFields('a*c', 'a:10,b:10');
    expect(unknown).toMatchObject({ ok: false, field: 'expr', error: { column: 3 } });
    expect(parseExpressionFields('a*b', 'a:10,b:10').ok).toBe(true);
  });
});
