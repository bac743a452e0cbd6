import { describe, expect, it } from 'vitest';
import { formatArrays, formatShape, parseArrays } from '../../../../../src/model/workloads/expression/arrays.ts';
import {
  EXPRESSION_DEFAULTS,
  parseExpressionFields,
  parseMode,
} from '../../../../../src/model/workloads/expression/index.ts';

describe('w.arrays: named arrays with shapes', () => {
  it('reads the issue’s example, and writes it back', () => {
    const r = parseArrays('a:100000000,b:100000000,x:1024x2048');
    expect(r).toEqual({
      ok: true,
      arrays: [
        { name: 'a', shape: [100000000] },
        { name: 'b', shape: [100000000] },
        { name: 'x', shape: [1024, 2048] },
      ],
    });
    if (r.ok) expect(formatArrays(r.arrays)).toBe('a:100000000,b:100000000,x:1024x2048');
  });

  it('accepts spaces, 1e8, × and X between dimensions', () => {
    expect(parseArrays(' a : 1e8 , W_1: 2 × 3 X 4 ')).toEqual({
      ok: true,
      arrays: [
        { name: 'a', shape: [1e8] },
        { name: 'W_1', shape: [2, 3, 4] },
      ],
    });
  });

  it.each([
    ['', /Name at least one array/],
    ['a', /Array 1 \("a"\): write name:shape/],
    ['a:10,', /Array 2: write name:shape/],
    ['1a:10', /a name is letters, digits and _/],
    ['a-b:10', /a name is letters/],
    ['lambda:10', /lambda is a Python keyword or module/],
    ['np:10', /np is a Python keyword or module/],
    ['math:10', /math is a Python keyword or module/],
    ['a:10,a:20', /a is named twice/],
    ['a:0', /Must be at least 1/],
    ['a:1.5', /whole number/],
    ['a:-3', /Must not be negative/],
    ['a:abc', /"abc" is not a number/],
    ['a:', /Enter a number/],
    ['a:10x', /Enter a number/],
    ['a:1x2x3x4x5x6x7x8x9', /at most 8 dimensions/],
    ['a:1000000x1000000x2', /2\.00e\+12 elements; at most 1e12/],
    ['a:1e13', /at most 1e12 elements/],
    [Array.from({ length: 27 }, (_, i) => `a${i}:1`).join(','), /At most 26 arrays/],
    [`a:${'1'.repeat(1000)}`, /too long/],
  ])('%j is refused: %s', (raw, message) => {
    const r = parseArrays(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('prints shapes as NumPy does', () => {
    expect(formatShape([])).toBe('()');
    expect(formatShape([5])).toBe('(5,)');
    expect(formatShape([2, 3])).toBe('(2, 3)');
  });
});

describe('the URL defaults and the mode', () => {
  it('the defaults are the issue’s worked example, and they parse', () => {
    expect(parseExpressionFields(EXPRESSION_DEFAULTS.expr, EXPRESSION_DEFAULTS.arrays).ok).toBe(true);
    expect(EXPRESSION_DEFAULTS.mode).toBe('eager');
  });

  it('w.mode is eager or fused', () => {
    expect(parseMode('fused')).toEqual({ ok: true, mode: 'fused' });
    expect(parseMode(' Eager ')).toEqual({ ok: true, mode: 'eager' });
    expect(parseMode('lazy')).toMatchObject({ ok: false, message: expect.stringMatching(/eager.*fused/) as unknown });
  });
});
