/**
 * The expression kind in the registry (issue #18): the URL contract, the form's messages
 * at the column where the expression fails (and no workload then), the numbers,
 * the size axis, the Python snippet, and what a run changes.
 */
import { describe, expect, it } from 'vitest';
import { sizeAxis } from '../../../../../src/model/workloads/break-even.ts';
import { workloadCounts } from '../../../../../src/model/workloads/counts.ts';
import { expression } from '../../../../../src/model/workloads/kinds/expression.ts';
import { workloadOf, type Workload } from '../../../../../src/model/workloads/kinds/index.ts';
import { pythonExample } from '../../../../../src/model/workloads/python.ts';
import { runnableForm } from '../../../../../src/model/workloads/run-fit.ts';
import {
  queryFromWorkload,
  validateWorkloadForm,
  workloadFields,
  workloadFormFromQuery,
} from '../../../../../src/model/workloads/url.ts';

function fromQuery(query: string) {
  const r = workloadFormFromQuery(new URLSearchParams(query));
  if (!r.form) throw new Error(r.error ?? 'no form');
  return validateWorkloadForm(r.form);
}

const expr = (
  text: string,
  arrays: string,
  mode: 'eager' | 'fused' = 'eager',
  dtype: 'f32' | 'f64' = 'f32',
): Workload => workloadOf('expression', dtype, { expr: text, arrays, mode });

describe('the expression kind’s URL', () => {
  it('reads the issue’s contract, with eager as the default mode', () => {
    const v = fromQuery(
      `w=expression&w.expr=${encodeURIComponent('a*b+c')}&w.arrays=a:100000000,b:100000000,x:1024x2048,c:100000000&w.dtype=f32`,
    );
    expect(v.workload).toEqual(expr('a*b+c', 'a:100000000,b:100000000,x:1024x2048,c:100000000'));
    const fused = fromQuery('w=expression&w.expr=a%2Bb&w.arrays=a:10,b:10&w.mode=fused');
    expect(fused.workload?.shape).toMatchObject({ mode: 'fused' });
  });

  it('writes every field in form order, the expression URL-encoded, and reads it back equal', () => {
    const w = expr('np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)', 'x:4096x1000', 'fused');
    const q = queryFromWorkload(w);
    expect(q).toBe(
      'w=expression&w.dtype=f32&w.expr=np.exp%28x%29+%2F+np.exp%28x%29.sum%28axis%3D-1%2C+keepdims%3DTrue%29&w.arrays=x%3A4096x1000&w.mode=fused',
    );
    expect(fromQuery(q).workload).toEqual(w);
    expect(workloadFields({ id: 'expression', raw: {} }).map((f) => f.param)).toEqual([
      'w.dtype',
      'w.expr',
      'w.arrays',
      'w.mode',
    ]);
  });

  it('normalises the arrays (1e8 is 100000000) and refuses a mode it does not know', () => {
    expect(fromQuery('w=expression&w.expr=a*2&w.arrays=a:1e8').workload?.shape).toMatchObject({
      arrays: 'a:100000000',
    });
    const v = fromQuery('w=expression&w.mode=lazy');
    expect(v.workload).toBeUndefined();
    expect(v.fields['w.mode']).toEqual({ ok: false, message: 'Use one of eager, fused.' });
  });

  it('the expression field is code: shown wide and monospace', () => {
    const f = workloadFields({ id: 'expression', raw: {} }).find((x) => x.param === 'w.expr');
    expect(f?.code).toBe(true);
    expect(f?.maxLength).toBe(10_000);
  });
});

/** The message and span at `w.expr` for `text` over `arrays`, and that no workload comes out. */
function exprError(text: string, arrays = 'a:1000,b:1000,c:1000,x:64x32,w:32x16') {
  const v = validateWorkloadForm({ id: 'expression', raw: { 'w.expr': text, 'w.arrays': arrays } });
  expect(v.workload).toBeUndefined();
  const r = v.fields['w.expr'];
  if (!r || r.ok) throw new Error(`${text}: no error`);
  return r;
}

describe('bad input: a clear message at the column where it fails, and no estimate', () => {
  it.each([
    ['a*b + d', /^At column 7: unknown name d\b/, 7, 8],
    ['a * x', /^At column 3: the operator \*: shapes \(1000,\) and \(64, 32\) do not broadcast/, 3, 4],
    ['a @ b', /^At column 3: @ needs 2-D arrays on both sides; here \(1000,\) @ \(1000,\)/, 3, 4],
    ['(a + b', /^At column 1: unbalanced parentheses: this \( is never closed\.$/, 1, 2],
    ['a + b)', /^At column 6: unbalanced parentheses: this \) has no matching \(\.$/, 6, 7],
    ['__import__("os")', /^At column 1: __import__ cannot be called/, 1, 12],
    ['a.shape', /^At column 3: the attribute \.shape is not supported/, 3, 8],
    ['np.linalg.inv(x)', /^At column 1: np\.linalg is not supported/, 1, 10],
    ['print(a)', /^At column 1: print cannot be called/, 1, 7],
  ])('%s', (text, message, column, endColumn) => {
    const r = exprError(text);
    expect(r.message).toMatch(message);
    expect(r.span?.column).toBeGreaterThanOrEqual(1);
    expect(r.span && r.span.endColumn > r.span.column).toBe(true);
    if (column !== undefined) expect(r.span?.column).toBe(column);
    if (endColumn !== undefined) expect(r.span?.endColumn).toBe(endColumn);
    expect(r.message.startsWith(`At column ${r.span?.column}: `)).toBe(true);
  });

  it('shape mismatch: says both shapes', () => {
    const r = exprError('x + a');
    expect(r.message).toMatch(/64, 32|\(64, 32\)/);
    expect(r.message).toMatch(/1000/);
  });

  it('more than 10,000 characters, and nesting deeper than 64', () => {
    const long = validateWorkloadForm({ id: 'expression', raw: { 'w.expr': `a${'+a'.repeat(5000)}` } });
    expect(long.workload).toBeUndefined();
    expect(long.fields['w.expr']).toEqual({ ok: false, message: 'Use at most 10,000 characters.' });
    const deep = exprError(`${'('.repeat(65)}a${')'.repeat(65)}`);
    expect(deep.message).toMatch(/deeper than 64/);
    expect(deep.span?.column).toBe(65);
  });

  it('a bad array list is the arrays field’s message, and the expression waits for it', () => {
    const v = validateWorkloadForm({ id: 'expression', raw: { 'w.arrays': 'a:10,a:20' } });
    expect(v.workload).toBeUndefined();
    expect(v.fields['w.arrays']).toMatchObject({ ok: false, message: expect.stringMatching(/named twice/) });
    expect(v.fields['w.expr']?.ok).toBe(true);
  });
});

describe('the issue’s numbers through the registry', () => {
  it('a*b+c on three arrays of 10⁸ float32: eager 2 kernels and 2.4·10⁹ device bytes, fused 1 and 1.6·10⁹', () => {
    const arrays = 'a:100000000,b:100000000,c:100000000';
    const eager = workloadCounts(expr('a*b+c', arrays, 'eager'));
    const fused = workloadCounts(expr('a*b+c', arrays, 'fused'));
    expect([eager.launches, eager.deviceBytes]).toEqual([2, 2.4e9]);
    expect([fused.launches, fused.deviceBytes]).toEqual([1, 1.6e9]);
    expect(eager.flops).toBe(fused.flops);
  });
});

describe('the size axis: the leading dimension and every dimension that must match it', () => {
  it('a*b+c scales every array’s length together', () => {
    const axis = sizeAxis(expr('a*b+c', 'a:1000,b:1000,c:1000'));
    expect(axis.current).toBe(1000);
    expect(axis.label).toMatch(/^n = a\.shape\[0\] = b\.shape\[0\] = c\.shape\[0\]/);
    expect(axis.at(10).shape).toMatchObject({ arrays: 'a:10,b:10,c:10' });
  });

  it('x @ w + bias scales x’s rows (the batch), keeping the weights', () => {
    const w = expr('x @ w + bias', 'x:1024x2048,w:2048x512,bias:512');
    const axis = sizeAxis(w);
    expect(axis.current).toBe(1024);
    const small = axis.at(8);
    expect(small.shape).toMatchObject({ arrays: 'x:8x2048,w:2048x512,bias:512' });
    expect(workloadCounts(small).flops).toBe(2 * 8 * 2048 * 512 + 8 * 512);
  });

  it('a broadcast row keeps its length while the rows grow; the axis stays within 10¹¹ elements', () => {
    const axis = sizeAxis(expr('x + b', 'x:100x2048,b:2048'));
    expect(axis.at(5).shape).toMatchObject({ arrays: 'x:5x2048,b:2048' });
    expect(axis.max * 2048).toBeLessThanOrEqual(1e11);
    // The size axis is valid everywhere it goes.
    for (const n of [1, 2, 7, axis.max]) expect(() => workloadCounts(axis.at(n))).not.toThrow();
  });
});

describe('Python and labels', () => {
  it('eager is NumPy, fused is torch.compile, with the counts in a comment', () => {
    const eager = pythonExample(expr('a*b+c', 'a:1000,b:1000,c:1000'));
    expect(eager).toMatch(/^import numpy as np\n/);
    expect(eager).toContain('out = a * b + c  # eager: 2 kernels');
    const fused = pythonExample(expr('a*b+c', 'a:1000,b:1000,c:1000', 'fused'));
    expect(fused).toMatch(/^import torch\n/);
    expect(fused).toContain('@torch.compile');
  });

  it('describe shortens a long expression', () => {
    const d = expression.describe({ expr: `a${' + a'.repeat(100)}`, arrays: 'a:10', mode: 'eager' });
    expect(d.length).toBeLessThan(140);
    expect(d).toMatch(/…/);
  });
});

describe('what a run changes', () => {
  it('a*b+c runs as asked, shared by the workers', () => {
    const r = runnableForm(expr('a*b+c', 'a:1000000,b:1000000,c:1000000'));
    expect(r.notes).toEqual([]);
    expect(r.workload.shape).toMatchObject({ arrays: 'a:1000000,b:1000000,c:1000000' });
  });

  it('a sum over 10⁸ values is scaled so the reference can check it, with the reason', () => {
    const r = runnableForm(expr('np.exp(x).sum()', 'x:100000000'));
    expect(r.notes.join(' ')).toMatch(/CPU reference recomputes/);
    expect(r.notes.join(' ')).toMatch(/^Ran at n = /);
  });

  it('temporaries beyond 1 GiB scale the run down, with the reason', () => {
    const r = runnableForm(expr('a*b*c*a*b*c + a', 'a:100000000,b:100000000,c:100000000'));
    expect(r.notes[0]).toMatch(/temporaries/);
  });

  it('in float64 every buffer holds 8 bytes an element: what fits 1 GiB in float32 is scaled down in float64', () => {
    // Eager a*b + c holds a, b, c, a·b and the result: 5 × 4·10⁷ elements.
    const arrays = 'a:40000000,b:40000000,c:40000000';
    expect(runnableForm(expr('a*b + c', arrays, 'eager', 'f32')).notes).toEqual([]);
    const r = runnableForm(expr('a*b + c', arrays, 'eager', 'f64'));
    expect(r.notes[0]).toMatch(/temporaries this expression holds more than the 1 GiB/);
    expect(r.workload.dtype).toBe('f64');
    const n = Number(/^Ran at n = ([\d,]+)/.exec(r.notes[0] ?? '')?.[1]?.replace(/,/g, ''));
    expect(n * 5 * 8).toBeLessThanOrEqual(2 ** 30);
    expect(n * 5 * 8).toBeGreaterThan(2 ** 29);
  });

  it('x - x.mean() cannot be shared by workers with their own memory: one worker, and the page says so', () => {
    const r = runnableForm(expr('x - x.mean()', 'x:100000'));
    expect(r.notes.join(' ')).toMatch(/one worker/);
  });
});
