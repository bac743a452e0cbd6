import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RAW,
  FIELDS,
  fieldSpec,
  parseField,
  queryFromRaw,
  rawFromInputs,
  rawFromQuery,
  validateInputs,
  PRESETS,
} from '../../../src/model/fields.ts';

const cpu = fieldSpec('cpuGflops');
const data = fieldSpec('dataGB');
const launches = fieldSpec('launchCount');

describe('labels are exactly the spec\u2019s names and units', () => {
  it('has the seven spec labels in order', () => {
    expect(FIELDS.map((f) => f.label)).toEqual([
      'CPU Operations per Second (GFLOPS)',
      'GPU Operations per Second (TFLOPS)',
      'Total Operations in Task (Giga-operations)',
      'Data Transfer Rate (CPU-GPU, GB/s)',
      'Data Size to Transfer (GB)',
      'Single Kernel Launch Overhead (ms)',
      'Number of Kernel Launches',
    ]);
  });
});

describe('parseField', () => {
  it('accepts decimals, exponents, spaces, separators and the unit word', () => {
    expect(parseField(cpu, '40')).toEqual({ ok: true, value: 40 });
    expect(parseField(cpu, ' 12.5 ')).toEqual({ ok: true, value: 12.5 });
    expect(parseField(cpu, '2e3')).toEqual({ ok: true, value: 2000 });
    expect(parseField(cpu, '1,000')).toEqual({ ok: true, value: 1000 });
    expect(parseField(cpu, '.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseField(cpu, '40 GFLOPS')).toEqual({ ok: true, value: 40 });
    expect(parseField(data, '0')).toEqual({ ok: true, value: 0 });
  });

  it.each([
    ['', 'Enter a number.'],
    ['   ', 'Enter a number.'],
    ['abc', 'is not a number'],
    ['12abc', 'is not a number'],
    ['NaN', 'is not a number'],
    ['Infinity', 'is not a number'],
    ['0x10', 'is not a number'],
    ['<script>alert(1)</script>', 'is not a number'],
    ['9'.repeat(50), 'too long'],
    ['-5', 'Must not be negative'],
    ['0', 'greater than 0'],
    ['1e308', 'at most'],
    ['1e400', 'too large'],
    ['1e-9', 'Too small'],
  ])('rejects %j for a rate with a clear message', (raw, message) => {
    const r = parseField(cpu, raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('launch count must be a whole number of at least 1', () => {
    expect(parseField(launches, '50')).toEqual({ ok: true, value: 50 });
    const frac = parseField(launches, '2.5');
    expect(frac.ok || frac.message).toContain('whole number');
    const zero = parseField(launches, '0');
    expect(zero.ok || zero.message).toContain('at least 1');
  });

  it('never returns a non-finite value, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        for (const f of FIELDS) {
          const r = parseField(f, s);
          if (r.ok) {
            expect(Number.isFinite(r.value)).toBe(true);
            expect(r.value).toBeGreaterThanOrEqual(f.min);
            expect(r.value).toBeLessThanOrEqual(f.max);
          } else {
            expect(r.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateInputs', () => {
  it('gives inputs only when every field parses, and keeps per-field results', () => {
    const ok = validateInputs({ ...DEFAULT_RAW });
    expect(ok.inputs).toBeDefined();
    const bad = validateInputs({ ...DEFAULT_RAW, gpuTflops: 'x' });
    expect(bad.inputs).toBeUndefined();
    expect(bad.fields.gpuTflops.ok).toBe(false);
    expect(bad.fields.cpuGflops.ok).toBe(true);
  });
});

describe('URL query round trip', () => {
  it('encodes and decodes the raw fields', () => {
    const raw = rawFromInputs(PRESETS[0]!.inputs);
    const q = queryFromRaw(raw);
    expect(q).toBe('cpu=40&gpu=8&ops=500&bw=8&data=0.5&lat=0.08&n=50');
    const back = rawFromQuery('?' + q);
    expect(back.raw).toEqual(raw);
    expect(back.fromUrl).toHaveLength(7);
  });
  it('keeps defaults for absent parameters and bad values verbatim (truncated) for a message', () => {
    const { raw, fromUrl } = rawFromQuery('?cpu=abc&ops=' + 'x'.repeat(5000) + '&unknown=1');
    expect(raw.cpuGflops).toBe('abc');
    expect(raw.totalGigaOps.length).toBeLessThanOrEqual(41);
    expect(raw.gpuTflops).toBe(DEFAULT_RAW.gpuTflops);
    expect(fromUrl).toEqual(['cpuGflops', 'totalGigaOps']);
    const v = validateInputs(raw);
    expect(v.fields.cpuGflops.ok).toBe(false);
    expect(v.fields.totalGigaOps.ok).toBe(false);
  });
});
