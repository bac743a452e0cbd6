import { describe, expect, it } from 'vitest';
import { parseExpressionFields, type ParsedExpression } from '../../../../../src/model/workloads/expression/parse.ts';
import { expressionSnippet } from '../../../../../src/model/workloads/expression/snippet.ts';

function parse(text: string, arrays: string): ParsedExpression {
  const r = parseExpressionFields(text, arrays);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.expression;
}

describe('the Python snippet of an expression', () => {
  const abc = parse('a*b+c', 'a:100000000,b:100000000,c:100000000,unused:5');

  it('eager: NumPy with the user’s shapes and dtype, the expression, and what the page counts', () => {
    expect(expressionSnippet(abc, 'f32', 'eager')).toBe(
      [
        'import numpy as np',
        'a = np.random.rand(100_000_000).astype(np.float32)',
        'b = np.random.rand(100_000_000).astype(np.float32)',
        'c = np.random.rand(100_000_000).astype(np.float32)',
        'out = a * b + c  # eager: 2 kernels, 2.4 GB of device memory traffic',
        '# CuPy (import cupy as np) and PyTorch run it the same way: one kernel per operator.',
      ].join('\n'),
    );
  });

  it('fused: torch.compile on the GPU, with the jax.jit spelling', () => {
    const s = expressionSnippet(abc, 'f32', 'fused');
    expect(s).toContain('a = torch.rand(100_000_000, dtype=torch.float32, device="cuda")');
    expect(s).toContain('@torch.compile\ndef fused(a, b, c):\n    return a * b + c');
    expect(s).toContain('out = fused(a, b, c)  # fused: 1 kernel, 1.6 GB of device memory traffic');
    expect(s).toContain('# JAX: jax.jit(lambda a, b, c: a * b + c)(a, b, c)');
  });

  it('bfloat16 runs eagerly in PyTorch (NumPy has no bfloat16)', () => {
    expect(expressionSnippet(abc, 'bf16', 'eager')).toMatch(
      /^import torch\na = torch\.rand\(100_000_000, dtype=torch\.bfloat16\)/,
    );
  });

  it('spells each function the library’s way', () => {
    const p = parse('np.maximum(x.T, 0).sum(axis=-1) + np.max(y, axis=0) * 2*np.pi', 'x:3x4x5,y:5x4');
    const eager = expressionSnippet(p, 'f64', 'eager');
    expect(eager).toContain('out = np.maximum(x.T, 0).sum(axis=2) + y.max(axis=0) * 2 * np.pi');
    const fused = expressionSnippet(p, 'f16', 'fused');
    expect(fused).toMatch(/^import math\n/);
    expect(fused).toContain('return torch.clamp(x.permute(2, 1, 0), min=0).sum(dim=2) + y.amax(dim=0) * 2 * math.pi');
    expect(fused).toContain('jnp.maximum(x.T, 0).sum(axis=2) + y.max(axis=0) * 2 * jnp.pi');
  });

  it('PyTorch gets no .T on 1-D tensors (deprecated there, and a no-op)', () => {
    const p = parse('v.T * x', 'v:3,x:4x3');
    expect(expressionSnippet(p, 'f32', 'fused')).toContain('return v * x');
    expect(expressionSnippet(p, 'f32', 'eager')).toContain('out = v.T * x');
  });

  it('its own variable names never hide an array', () => {
    const p = parse('out * fused', 'out:10,fused:10');
    const s = expressionSnippet(p, 'f32', 'fused');
    expect(s).toContain('def fused_(out, fused):');
    expect(s).toContain('out_ = fused_(out, fused)');
  });
});
