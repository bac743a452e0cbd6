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
} from '../../../../src/model/estimator/fields.ts';

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
    expect(parseField(cpu, '1,000,000')).toEqual({ ok: true, value: 1e6 });
    expect(parseField(cpu, '1,234.5')).toEqual({ ok: true, value: 1234.5 });
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

describe('numbers as people type them (issue 10)', () => {
  it('never reads "1,5" as 15: a comma before one or two digits is the decimal mark, and the field says so', () => {
    const r = parseField(cpu, '1,5');
    expect(r).toEqual({ ok: true, value: 1.5, note: 'Read as 1.5 (comma as the decimal mark).' });
    expect(parseField(cpu, '12,25')).toMatchObject({ ok: true, value: 12.25 });
    expect(parseField(cpu, '0,125')).toMatchObject({ ok: true, value: 0.125 });
  });

  it('refuses a lone comma before three digits ("1,500": 1500 or 1.5?) and names both readings', () => {
    const r = parseField(cpu, '1,500');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('"1,500" could mean 1500 or 1.5. Type 1500 or 1.5 (a point marks decimals).');
  });

  it('reads European grouping with a decimal comma and says how', () => {
    expect(parseField(cpu, '1.000,5')).toEqual({
      ok: true,
      value: 1000.5,
      note: 'Read as 1000.5 (comma as the decimal mark, dots between thousands).',
    });
    expect(parseField(cpu, '1.000.000')).toMatchObject({ ok: true, value: 1e6, note: expect.stringContaining('dots') });
    // "1.500" is 1.5 in the page's format, but says it: elsewhere it is fifteen hundred.
    expect(parseField(cpu, '1.500')).toMatchObject({ ok: true, value: 1.5, note: expect.stringContaining('1500') });
    expect(parseField(cpu, '12.5')).toEqual({ ok: true, value: 12.5 });
  });

  it.each([
    ['1 000', 1000],
    ['1\u00A0000', 1000],
    ['1\u202F500,25', 1500.25],
    ["1'500.25", 1500.25],
    ['1\u2019500.25', 1500.25],
    ['1_000', 1000],
    ['\uFF11\uFF12\uFF0E\uFF15', 12.5],
    ['\u0661\u066C\u0665\u0660\u0660\u066B\u0662\u0665', 1500.25],
    ['\u00BD', 0.5],
    ['1\u00BD', 1.5],
    ['3/4', 0.75],
    ['1e3', 1000],
    ['1.5\u00D710^3', 1500],
    ['1.5 \u00D7 10\u00B3', 1500],
    ['\u200B12\u200B', 12],
    ['\u202E12', 12],
  ])('reads %j as %d', (raw, value) => {
    const text = JSON.parse(`"${raw}"`) as string;
    const r = parseField(cpu, text);
    expect(r).toMatchObject({ ok: true, value });
  });

  it.each([
    ['1 5', /separators/],
    ['15,00,000', /separators/],
    ['10\u00B3', /powers of ten with e/],
    ['2k', /is not a number/],
    ['1/0', /divide by zero/],
    ['1,2,3', /separators/],
    ['1.2.3,4', /separators/],
    ['1,5.3', /separators/],
  ])('refuses %j with a message', (raw, message) => {
    const r = parseField(cpu, JSON.parse(`"${raw}"`) as string);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('a Unicode minus is a minus: "−5" is negative, not "not a number"', () => {
    const r = parseField(cpu, '\u22125');
    expect(r.ok || r.message).toBe('Must not be negative.');
  });

  it('echoes text in messages without its bidi controls', () => {
    const r = parseField(cpu, '\u202Eabc\u2066');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('"abc" is not a number. Use digits, e.g. 12.5 or 2e3.');
  });

  /** Locales whose number formats differ: decimal comma, dot/space/apostrophe grouping, other digits. */
  const LOCALES = ['en-US', 'de-DE', 'fr-FR', 'de-CH', 'en-IN', 'ar-EG', 'sv-SE', 'hi-IN', 'es-ES', 'pt-BR'];

  it('property: a number written in any locale reads as itself, or is refused, or says how it was read', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999_999_999 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(...LOCALES),
        (n, decimals, locale) => {
          const x = n / 10 ** decimals;
          const text = x.toLocaleString(locale, { maximumFractionDigits: 4, useGrouping: true });
          const r = parseField(cpu, text);
          if (!r.ok) return;
          if (Math.abs(r.value - x) <= 1e-9 * x) return;
          // A different number is never silent.
          expect(r.note, `${locale} ${JSON.stringify(text)} read as ${r.value}, meant ${x}`).toBeDefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: plain numbers in the page\u2019s own format read exactly, with no note', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x) => {
        const text = String(x);
        const r = parseField(cpu, text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toBe(Number(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: hostile text around a number never changes it silently', () => {
    const junk = fc.constantFrom('\u202E', '\u2066', '\u200F', '\u061C', '\u200B', '\uFEFF', ' ', '\u00A0');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), junk, junk, (n, a, b) => {
        const r = parseField(cpu, `${a}${n}${b}`);
        expect(r).toMatchObject({ ok: true, value: n });
      }),
      { numRuns: 500 },
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
