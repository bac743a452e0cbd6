import { describe, expect, it } from 'vitest';
import { pyInt, pythonExample } from '../../../../src/model/workloads/python.ts';
import { defaultPipeline, defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import { WORKLOAD_IDS, DTYPES } from '../../../../src/model/workloads/types.ts';

describe('pythonExample', () => {
  it('matmul with the shape and NumPy type filled in', () => {
    expect(pythonExample({ id: 'matmul', dtype: 'f64', shape: { m: 2048, n: 512, k: 300, batch: 1 } })).toBe(
      [
        'import numpy as np',
        'a = np.random.rand(2048, 300).astype(np.float64)',
        'b = np.random.rand(300, 512).astype(np.float64)',
        'c = a @ b',
      ].join('\n'),
    );
  });
  it('a*b+c for the default elementwise workload', () => {
    const code = pythonExample(defaultWorkload('elementwise'));
    expect(code).toContain('out = a * b + c');
    expect(code).toContain('np.random.rand(100_000_000).astype(np.float32)');
  });
  it('bfloat16 needs PyTorch (NumPy has no bfloat16)', () => {
    const code = pythonExample(defaultWorkload('reduction', 'bf16'));
    expect(code).toContain('import torch');
    expect(code).toContain('torch.bfloat16');
    expect(code).not.toContain('np.');
  });
  it('attention, fused or not, causal or not', () => {
    const fused = pythonExample(defaultWorkload('attention'));
    expect(fused).toContain('F.scaled_dot_product_attention(q, k, v, is_causal=False)');
    const w = defaultWorkload('attention');
    if (w.id !== 'attention') throw new Error('expected attention');
    const unfused = pythonExample({ ...w, shape: { ...w.shape, fused: false, causal: true } });
    expect(unfused).toContain('torch.softmax(s, dim=-1) @ v');
    expect(unfused).toContain('masked_fill');
  });
  it('a pipeline loops over its steps with both imports when it mixes libraries', () => {
    const code = pythonExample(defaultPipeline());
    expect(code).toContain('for _ in range(100):');
    expect(code).toContain('import numpy as np');
    expect(code).toContain('import torch');
    expect(code).toContain('    # step 3');
  });
  it('every workload and type gives code, with no NaN or exponent in a shape', () => {
    for (const id of WORKLOAD_IDS) {
      for (const dtype of DTYPES) {
        const code = pythonExample(defaultWorkload(id, dtype));
        expect(code.length).toBeGreaterThan(20);
        expect(code).not.toMatch(/NaN|undefined|e\+/);
      }
    }
  });
  it('pyInt writes Python integers', () => {
    expect(pyInt(1e8)).toBe('100_000_000');
    expect(pyInt(7)).toBe('7');
  });
});

describe('the elementwise example agrees with the count beside it (issue #17)', () => {
  it('one binary operator per FLOP, or the count said in words; never a + b beside "2 FLOPs"', () => {
    for (let inputs = 1; inputs <= 4; inputs++) {
      for (const flops of [0, 1, 2, 3, 5, 12, 20, 1.5]) {
        const code = pythonExample({
          id: 'elementwise',
          dtype: 'f32',
          shape: { elements: 1000, inputs, outputs: 1, flopsPerElement: flops },
        });
        const out = /^out = (.*)$/m.exec(code)?.[1] ?? '';
        const said = /# your elementwise function: ([\d.]+) FLOPs? per element/.exec(out);
        if (said) expect(Number(said[1])).toBe(flops);
        else expect((out.match(/ [*+] /g) ?? []).length, `${inputs} in, ${flops} FLOPs: ${out}`).toBe(flops);
      }
    }
  });
});
