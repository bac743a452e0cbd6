import { describe, expect, it } from 'vitest';
import { dtypeFromSpelling, readLink } from '../../../../src/model/estimator/link.ts';
import { workloadFields, workloadFormFromQuery } from '../../../../src/model/workloads/url.ts';

const fieldsOf = (params: URLSearchParams) => {
  const form = workloadFormFromQuery(params).form;
  return form ? new Set(workloadFields(form).map((f) => f.param)) : undefined;
};

describe('reading a link: each questionable parameter is read or refused, and said', () => {
  it('machine rates apply beside a workload; ops, data and n are refused beside it, by name', () => {
    const r = readLink('?w=matmul&cpu=100&gpuMem=900&ops=1&data=1000&n=7', fieldsOf);
    expect(r.params.get('cpu')).toBe('100');
    expect(r.params.get('gpuMem')).toBe('900');
    for (const k of ['ops', 'data', 'n']) expect(r.params.has(k)).toBe(false);
    expect(r.notices).toEqual([
      'ops, data and n describe the code as operations, data and launches; beside w=matmul its shape decides them, so they were not used.',
    ]);
  });

  it('ops, data and n stay in a custom link (no workload)', () => {
    const r = readLink('?ops=1&data=2&n=3', fieldsOf);
    expect(r.params.toString()).toBe('ops=1&data=2&n=3');
    expect(r.notices).toEqual([]);
  });

  it('a parameter given twice is refused, with both values quoted', () => {
    const r = readLink('?w=matmul&w.m=4096&w.m=1', fieldsOf);
    expect(r.params.has('w.m')).toBe(false);
    expect(r.params.get('w')).toBe('matmul');
    expect(r.notices[0]).toBe(
      'The link gives w.m 2 times (“4096” and “1”), so neither was used: it keeps its default.',
    );
  });

  it('two workloads: neither, and the link opens as a custom task (its w.* then have no workload)', () => {
    const r = readLink('?w=matmul&w=fft&w.m=5', fieldsOf);
    expect(r.params.has('w')).toBe(false);
    expect(r.params.has('w.m')).toBe(false);
    expect(r.notices).toHaveLength(2);
    expect(r.notices[0]).toMatch(/names 2 workloads \(“matmul” and “fft”\).*custom task/);
    expect(r.notices[1]).toMatch(/w\.m but names no workload/);
  });

  it('w.* without w is refused', () => {
    const r = readLink('?w.m=4096&cpu=5', fieldsOf);
    expect(r.params.toString()).toBe('cpu=5');
    expect(r.notices[0]).toBe('The link gives w.m but names no workload (w=…): it was not used.');
  });

  it('another spelling of a data type is read as the type it names, and said', () => {
    for (const [spelled, dtype] of [
      ['F64', 'f64'],
      ['float64', 'f64'],
      ['torch.float16', 'f16'],
      ['np.float32', 'f32'],
      ['BFLOAT16', 'bf16'],
    ] as const) {
      const r = readLink(`?w=matmul&w.dtype=${encodeURIComponent(spelled)}`, fieldsOf);
      expect(r.params.get('w.dtype')).toBe(dtype);
      expect(r.notices[0]).toContain(`w.dtype=“${spelled}” was read as`);
    }
    expect(dtypeFromSpelling('int8')).toBeUndefined();
    // Not a type at all: left for the field to say so.
    const r = readLink('?w=matmul&w.dtype=int8', fieldsOf);
    expect(r.params.get('w.dtype')).toBe('int8');
    expect(r.notices).toEqual([]);
  });

  it('a w.* name the workload does not have is refused; hostile names are shown without bidi controls', () => {
    const r = readLink('?w=matmul&w.elements=5&w.\u202Eevil=1', fieldsOf);
    expect(r.params.has('w.elements')).toBe(false);
    expect(r.notices[0]).toBe('w.elements and w.evil are not fields of this workload: not used.');
  });
});
