import { describe, expect, it } from 'vitest';
import { parseArrays } from '../../../../../src/model/workloads/expression/arrays.ts';
import { expressionCounts } from '../../../../../src/model/workloads/expression/counts.ts';
import { parseExpression, type ParsedExpression } from '../../../../../src/model/workloads/expression/parse.ts';
import { buildPlan } from '../../../../../src/model/workloads/expression/plan.ts';
import { eagerBruteForce, interpretPlan, smallInputs } from './brute-force.ts';

function parse(text: string, arrays: string): ParsedExpression {
  const a = parseArrays(arrays);
  if (!a.ok) throw new Error(a.message);
  const r = parseExpression(text, a.arrays);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.expression;
}

describe('expression counts: the issue’s worked examples', () => {
  const abc = parse('a*b+c', 'a:100000000,b:100000000,c:100000000');

  it('a*b+c on three arrays of 10⁸ float32: eager 2 kernels and 2.4·10⁹ device bytes', () => {
    const c = expressionCounts(abc, 'f32', 'eager');
    expect(c.launches).toBe(2);
    expect(c.deviceBytes).toBe(2.4e9);
    expect(c.flops).toBe(2e8);
    expect(c.kernels.map((k) => [k.label, k.kernelClass, k.count])).toEqual([
      ['t1 = a * b', 'elementwise', 1],
      ['out = t1 + c', 'elementwise', 1],
    ]);
    // Up: a, b and c once; back: the result.
    expect(c.hostToDeviceBytes).toBe(1.2e9);
    expect(c.deviceToHostBytes).toBe(4e8);
  });

  it('a*b+c fused: 1 kernel and 1.6·10⁹ device bytes, the same FLOPs and copies', () => {
    const c = expressionCounts(abc, 'f32', 'fused');
    expect(c.launches).toBe(1);
    expect(c.deviceBytes).toBe(1.6e9);
    expect(c.flops).toBe(2e8);
    expect(c.kernels[0]?.label).toBe('out = a * b + c');
    expect(c.hostBytes).toBe(1.6e9);
  });

  it('(x @ w).sum() with x 1024×2048 and w 2048×512: 2 kernels and 2·1024·2048·512 + 1024·512 FLOPs', () => {
    const p = parse('(x @ w).sum()', 'x:1024x2048,w:2048x512');
    for (const mode of ['eager', 'fused'] as const) {
      const c = expressionCounts(p, 'f32', mode);
      expect(c.launches).toBe(2);
      expect(c.flops).toBe(2 * 1024 * 2048 * 512 + 1024 * 512);
      expect(c.kernels.map((k) => k.kernelClass)).toEqual(['matmul', 'reduction']);
      // x, w and C read/written by the GEMM; C read and one value written by the sum.
      expect(c.deviceBytes).toBe(4 * (1024 * 2048 + 2048 * 512 + 1024 * 512) + 4 * (1024 * 512 + 1));
      expect(c.deviceToHostBytes).toBe(4);
    }
  });

  it('a broadcast operand is read at its own size: a (2048,) bias once, not once per row', () => {
    const c = expressionCounts(parse('x + b', 'x:1024x2048,b:2048'), 'f32', 'fused');
    expect(c.deviceBytes).toBe(4 * (1024 * 2048 + 2048 + 1024 * 2048));
  });

  it('the data type sets the bytes, a mask is one byte, numbers cost nothing', () => {
    const p = parse('np.where(x > 0, x, 0)', 'x:1000');
    const eager = expressionCounts(p, 'f64', 'eager');
    // x > 0: read x, write a 1-byte mask; where: read mask and x, write the result.
    expect(eager.kernels.map((k) => k.deviceBytes)).toEqual([8000 + 1000, 1000 + 8000 + 8000]);
    expect(expressionCounts(p, 'f16', 'fused').deviceBytes).toBe(2000 + 2000);
  });

  it('says its formulas and conventions', () => {
    const c = expressionCounts(abc, 'f32', 'eager');
    expect(c.formulas.flops).toContain('[t1 = a * b]');
    expect(c.formulas.deviceBytes).toContain('(100,000,000 + 100,000,000 + 100,000,000)·4');
    expect(c.formulas.hostBytes).toMatch(/^a, b, c up, out back/);
    expect(c.convention).toMatch(/^Eager, as NumPy/);
    expect(c.convention).toMatch(/read once, not once per row/);
    expect(c.convention).toMatch(/exp, log, sqrt, sin, cos and tanh/);
    expect(expressionCounts(abc, 'f32', 'fused').convention).toMatch(/^Fused, as torch\.compile/);
  });
});

describe('expression counts against brute force on small shapes', () => {
  const ARRAYS = 'a:6,b:6,x:4x3,v:3,col:4x1,w:3x5,s:1,big:2x3x4';
  const cases = [
    'a*b + a',
    'x + v * col',
    'np.exp(x) / np.exp(x).sum()',
    'x - x.max(axis=1, keepdims=True)',
    'np.where(x > 0, x, 0.1 * x) + v',
    'np.maximum(x, col) - np.minimum(v, 0)',
    '(x @ w).sum(axis=0) * 2',
    'x.T @ x',
    '(x * 2).T @ x + 1',
    'x**2 + x**3 + x**-1 + x**0.5 + x**8 + x**16 + x**5 + x**17',
    '-x**2 + np.abs(x)',
    'np.mean(big, axis=1) + np.sum(big.T, axis=1).T',
    'np.sqrt(np.abs(a)) * np.log(np.abs(b) + 1) + np.sin(a) * np.cos(b) - np.tanh(a)',
    'x.mean() + x.max(axis=0) + np.sum(x * s, axis=1, keepdims=True)',
    '(x + 1).T * col.T',
    'np.exp(v) * x',
    'x / (x.sum(axis=0) + 1) + col',
  ];

  it.each(cases)('%s', (text) => {
    const p = parse(text, ARRAYS);
    const inputs = smallInputs(p.arrays);
    const brute = eagerBruteForce(p.root, inputs, 4);
    const eager = expressionCounts(p, 'f32', 'eager');
    expect(eager.kernels.map((k) => ({ flops: k.flops, bytes: k.deviceBytes }))).toEqual(
      brute.kernels.map((k) => ({ flops: k.flops, bytes: k.bytes })),
    );
    for (const mode of ['eager', 'fused'] as const) {
      const plan = buildPlan(p.root, mode, 4);
      const run = interpretPlan(plan, inputs);
      // The plan's kernels, run as written, compute the expression (NaN where NumPy gives NaN).
      expect(run.output.length).toBe(brute.value.data.length);
      run.output.forEach((v, i) => {
        const want = brute.value.data[i] as number;
        if (Number.isNaN(want)) expect(v).toBeNaN();
        else expect(v).toBeCloseTo(want, 9);
      });
      // Each kernel reads every element of each input buffer exactly once-over, and nothing outside it.
      plan.kernels.forEach((k, ki) => {
        k.inputs.forEach((b, bi) => {
          const n = b.shape.reduce((q, d) => q * d, 1);
          const offsets = [...(run.touched[ki]?.[bi] ?? [])];
          expect(offsets.length, `${k.label}: ${b.id}`).toBe(n);
          expect(Math.min(...offsets)).toBe(0);
          expect(Math.max(...offsets)).toBe(n - 1);
        });
      });
    }
    const fused = expressionCounts(p, 'f32', 'fused');
    expect(fused.flops).toBe(eager.flops);
    expect(fused.launches).toBeLessThanOrEqual(eager.launches);
    expect(fused.deviceBytes).toBeLessThanOrEqual(eager.deviceBytes);
  });

  it('fused kernels by hand', () => {
    const launches = (text: string) =>
      expressionCounts(parse(text, ARRAYS), 'f32', 'fused').kernels.map((k) => `${k.kernelClass}: ${k.label}`);
    expect(launches('np.exp(x) / np.exp(x).sum()')).toEqual([
      'reduction: t1 = exp(x).sum()',
      'elementwise: out = exp(x) / t1',
    ]);
    // A broadcast (3,) part is computed once in its own kernel, not once per row.
    expect(launches('np.exp(v) * x')).toEqual(['elementwise: t1 = exp(v)', 'elementwise: out = t1 * x']);
    // The GEMM reads stored operands; the sum ends its own chain.
    expect(launches('(x * 2) @ w + 1')).toEqual([
      'elementwise: t1 = x * 2',
      'matmul: t2 = t1 @ w',
      'elementwise: out = t2 + 1',
    ]);
    expect(launches('((x + 1) * 2).sum(axis=1) - 3')).toEqual([
      'reduction: t1 = ((x + 1) * 2).sum(axis=1)',
      'elementwise: out = t1 - 3',
    ]);
  });
});
