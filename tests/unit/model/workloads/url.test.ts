import { describe, expect, it } from 'vitest';
import { defaultPipeline, defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import { WORKLOAD_IDS } from '../../../../src/model/workloads/types.ts';
import {
  bandwidthFromQuery,
  defaultWorkloadForm,
  formFromWorkload,
  queryFromBandwidths,
  queryFromWorkload,
  queryFromWorkloadForm,
  validateBandwidths,
  validateWorkloadForm,
  workloadFields,
  workloadFormFromQuery,
} from '../../../../src/model/workloads/url.ts';

const q = (s: string): URLSearchParams => new URLSearchParams(s);

/** Parse a query all the way to a workload (or the field messages). */
function fromQuery(s: string) {
  const r = workloadFormFromQuery(q(s));
  if (!r.form) throw new Error(r.error ?? 'no workload');
  return validateWorkloadForm(r.form);
}

describe('workload from the URL', () => {
  it('no w: classic mode, nothing to report', () => {
    expect(workloadFormFromQuery(q('cpu=40&gpu=8'))).toEqual({ form: undefined, error: undefined, fromUrl: [] });
  });

  it('an unknown w is a message for the picker', () => {
    const r = workloadFormFromQuery(q('w=qr'));
    expect(r.form).toBeUndefined();
    expect(r.error).toBe(
      '"qr" is not a workload. Use matmul, matvec, elementwise, expression, reduction, softmax, layernorm, conv2d, attention, fft, pipeline.',
    );
  });

  it('missing parameters take the defaults', () => {
    for (const id of WORKLOAD_IDS) {
      expect(fromQuery(`w=${id}`).workload).toEqual(defaultWorkload(id));
    }
  });

  it('reads the contract names', () => {
    expect(fromQuery('w=matmul&w.m=512&w.n=256&w.k=128&w.batch=4&w.dtype=f64').workload).toEqual({
      id: 'matmul',
      dtype: 'f64',
      shape: { m: 512, n: 256, k: 128, batch: 4 },
    });
    expect(fromQuery('w=elementwise&w.elements=1e6&w.inputs=2&w.outputs=1&w.flops=1.5').workload).toEqual({
      id: 'elementwise',
      dtype: 'f32',
      shape: { elements: 1e6, inputs: 2, outputs: 1, flopsPerElement: 1.5 },
    });
    expect(fromQuery('w=reduction&w.elements=1000').workload?.shape).toEqual({ elements: 1000 });
    expect(fromQuery('w=softmax&w.rows=8&w.cols=16&w.dtype=bf16').workload).toEqual({
      id: 'softmax',
      dtype: 'bf16',
      shape: { rows: 8, cols: 16 },
    });
    expect(
      fromQuery('w=conv2d&w.batch=1&w.cin=16&w.cout=32&w.h=64&w.w=48&w.kh=3&w.kw=3&w.stride=1&w.pad=1').workload?.shape,
    ).toEqual({ batch: 1, cin: 16, cout: 32, h: 64, w: 48, kh: 3, kw: 3, stride: 1, pad: 1 });
    expect(
      fromQuery('w=attention&w.batch=2&w.heads=4&w.sq=128&w.sk=256&w.d=32&w.causal=1&w.fused=0').workload?.shape,
    ).toEqual({
      batch: 2,
      heads: 4,
      sq: 128,
      sk: 256,
      d: 32,
      causal: true,
      fused: false,
    });
    expect(fromQuery('w=fft&w.length=4096&w.batch=10&w.complex=0&w.dtype=float64').workload).toEqual({
      id: 'fft',
      dtype: 'f64',
      shape: { length: 4096, batch: 10, complex: false },
    });
  });

  it('remembers which parameters the URL set', () => {
    expect(workloadFormFromQuery(q('w=matmul&w.m=10&w.zzz=1&cpu=4')).fromUrl).toEqual(['w', 'w.m']);
  });

  it('bad values get field-level messages in the estimator’s words, and no workload', () => {
    const r = fromQuery('w=matmul&w.m=0&w.n=-3&w.k=2.5&w.batch=1e18&w.dtype=f8');
    expect(r.workload).toBeUndefined();
    expect(r.fields['w.m']).toEqual({ ok: false, message: 'Must be at least 1.' });
    expect(r.fields['w.n']).toEqual({ ok: false, message: 'Must not be negative.' });
    expect(r.fields['w.k']).toEqual({ ok: false, message: 'Use a whole number of columns.' });
    expect(r.fields['w.batch']).toEqual({ ok: false, message: 'Must be at most 1e6 matrices.' });
    expect(r.fields['w.dtype']).toEqual({ ok: false, message: 'Use one of f32, f16, bf16, f64.' });
    const text = fromQuery('w=reduction&w.elements=lots');
    expect(text.fields['w.elements']).toEqual({
      ok: false,
      message: '"lots" is not a number. Use digits, e.g. 12.5 or 2e3.',
    });
    expect(fromQuery('w=attention&w.causal=maybe').fields['w.causal']).toEqual({
      ok: false,
      message: 'Use 1 (on) or 0 (off).',
    });
    expect(fromQuery('w=fft&w.length=NaN').fields['w.length']?.ok).toBe(false);
    expect(fromQuery('w=fft&w.length=' + '9'.repeat(60)).fields['w.length']).toEqual({
      ok: false,
      message: 'That is too long to be a number.',
    });
  });

  it('accepts what a person types: units, separators, spaces', () => {
    expect(fromQuery('w=elementwise&w.elements=100%2C000%2C000%20elements').workload?.shape).toMatchObject({
      elements: 1e8,
    });
  });

  it('conv2d: a kernel that does not fit the padded input is an error at the kernel field', () => {
    const r = fromQuery('w=conv2d&w.h=4&w.w=4&w.kh=7&w.kw=3&w.pad=1');
    expect(r.workload).toBeUndefined();
    expect(r.fields['w.kh']).toEqual({
      ok: false,
      message: 'A kernel of height 7 does not fit in the padded input (6 rows).',
    });
    expect(r.fields['w.kw']?.ok).toBe(true);
  });
});

describe('pipeline in the URL', () => {
  it('steps, repeat, stay and numbered step fields', () => {
    const r = fromQuery(
      'w=pipeline&w.steps=reduction,fft&w.repeat=7&w.stay=0&w.dtype=f16&w.1.elements=99&w.2.length=64',
    );
    expect(r.workload).toEqual({
      id: 'pipeline',
      dtype: 'f16',
      shape: {
        steps: [
          { id: 'reduction', dtype: 'f16', shape: { elements: 99 } },
          { id: 'fft', dtype: 'f16', shape: { length: 64, batch: 64, complex: true } },
        ],
        repeat: 7,
        dataStaysOnGpu: false,
      },
    });
  });

  it('bad step lists and step fields get messages', () => {
    expect(fromQuery('w=pipeline&w.steps=matmul,svd').fields['w.steps']).toEqual({
      ok: false,
      message:
        '"svd" is not a step. Use matmul, matvec, elementwise, expression, reduction, softmax, layernorm, conv2d, attention, fft.',
    });
    expect(fromQuery('w=pipeline&w.steps=pipeline').fields['w.steps']?.ok).toBe(false);
    expect(fromQuery('w=pipeline&w.steps=').fields['w.steps']?.ok).toBe(false);
    expect(fromQuery('w=pipeline&w.steps=' + Array(9).fill('fft').join(',')).fields['w.steps']).toEqual({
      ok: false,
      message: 'Use at most 8 steps.',
    });
    const r = fromQuery('w=pipeline&w.steps=conv2d&w.1.kh=999&w.1.h=2&w.1.pad=0');
    expect(r.fields['w.1.kh']?.ok).toBe(false);
    expect(fromQuery('w=pipeline&w.repeat=0').fields['w.repeat']).toEqual({
      ok: false,
      message: 'Must be at least 1.',
    });
  });

  it('labels step fields with their step', () => {
    const labels = workloadFields(defaultWorkloadForm('pipeline')).map((f) => f.label);
    expect(labels).toContain('Step 1 · Matrix multiply: Rows of A and C (m)');
    expect(labels).toContain('Step 3 · Softmax over rows: Columns (softmax length)');
  });
});

describe('encoding', () => {
  it('every workload round-trips through its query', () => {
    for (const id of WORKLOAD_IDS) {
      const w = defaultWorkload(id, 'bf16');
      expect(fromQuery(queryFromWorkload(w)).workload).toEqual(w);
    }
  });

  it('writes the contract names in a fixed order', () => {
    expect(queryFromWorkload(defaultWorkload('matmul'))).toBe(
      'w=matmul&w.dtype=f32&w.m=2048&w.n=2048&w.k=2048&w.batch=1',
    );
    expect(queryFromWorkload(defaultWorkload('attention'))).toBe(
      'w=attention&w.dtype=f32&w.batch=8&w.heads=12&w.sq=1024&w.sk=1024&w.d=64&w.causal=0&w.fused=1',
    );
    expect(queryFromWorkload(defaultPipeline())).toMatch(
      /^w=pipeline&w.dtype=f32&w.steps=matmul%2Celementwise%2Csoftmax&w.repeat=100&w.stay=1&w.1.m=1024&w.1.n=4096/,
    );
  });

  it('a form keeps what was typed, bad text included, so a link reproduces the messages', () => {
    const form = { id: 'reduction' as const, raw: { 'w.elements': ' 1e3x ' } };
    expect(queryFromWorkloadForm(form)).toBe('w=reduction&w.dtype=f32&w.elements=1e3x');
    expect(formFromWorkload(defaultWorkload('fft')).raw).toEqual({
      'w.dtype': 'f32',
      'w.length': '1048576',
      'w.batch': '64',
      'w.complex': '1',
    });
  });
});

describe('memory bandwidths cpuMem / gpuMem', () => {
  it('defaults, URL values and messages', () => {
    const none = bandwidthFromQuery(q(''));
    expect(validateBandwidths(none.raw).values).toEqual({ cpuMemGBps: 20, gpuMemGBps: 360 });
    const set = bandwidthFromQuery(q('cpuMem=18&gpuMem=3350'));
    expect(set.fromUrl).toEqual(['cpuMemGBps', 'gpuMemGBps']);
    expect(validateBandwidths(set.raw).values).toEqual({ cpuMemGBps: 18, gpuMemGBps: 3350 });
    expect(queryFromBandwidths(set.raw)).toBe('cpuMem=18&gpuMem=3350');
    const bad = validateBandwidths(bandwidthFromQuery(q('cpuMem=0&gpuMem=fast')).raw);
    expect(bad.values).toBeUndefined();
    expect(bad.fields.cpuMemGBps).toEqual({
      ok: false,
      message: 'Must be greater than 0: a rate of zero never finishes.',
    });
    expect(bad.fields.gpuMemGBps.ok).toBe(false);
  });
});
