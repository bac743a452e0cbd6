import { describe, expect, it } from 'vitest';
import { formatBytesSi, formatFlops, formatSi, formatSize } from '../../../../src/model/workloads/present.ts';
import { breakEvenSentence, breakEvenShortText } from '../../../../src/model/answer/outputs.ts';

describe('formatSi', () => {
  it('uses decimal prefixes with three significant digits', () => {
    expect(formatFlops(2 * 2048 ** 3)).toBe('17.2 GFLOP');
    expect(formatBytesSi(4e8)).toBe('400 MB');
    expect(formatBytesSi(12)).toBe('12 B');
    expect(formatSi(999, '')).toBe('999');
    expect(formatSi(1000, '')).toBe('1 k');
    expect(formatSi(3.35e12, 'B/s')).toBe('3.35 TB/s');
  });
  it('falls back to an exponent beyond the prefixes and a dash for nonsense', () => {
    expect(formatFlops(1e33)).toBe('1.00e+33 FLOP');
    expect(formatFlops(Number.NaN)).toBe('—');
    expect(formatFlops(-1)).toBe('—');
    expect(formatFlops(Infinity)).toBe('—');
  });
});

describe('formatSize: sizes are exact (issue #17)', () => {
  it('whole numbers as they are, never rounded to two figures', () => {
    expect(formatSize(512)).toBe('512');
    expect(formatSize(1024)).toBe('1,024');
    expect(formatSize(698)).toBe('698');
    expect(formatSize(31_250_001)).toBe('31,250,001');
    expect(formatSize(65536)).toBe('65,536');
  });
  it('whole powers of ten from 10⁵ as the power; a fractional axis position to one decimal', () => {
    expect(formatSize(1e6)).toBe('10⁶');
    expect(formatSize(1e11)).toBe('10¹¹');
    expect(formatSize(10_000)).toBe('10,000');
    expect(formatSize(1448.15)).toBe('1,448.2');
    expect(formatSize(-1)).toBe('—');
  });
});

describe('the break-even in words (src/model/answer/outputs.ts)', () => {
  it('exact sizes, the unit where people put it', () => {
    const be = { kind: 'finite', size: 698, unit: 'n', gigaOps: 0.68 } as const;
    expect(breakEvenSentence(be, 2)).toBe('The GPU wins from n = 698 up; below that the CPU is as fast or faster.');
    expect(breakEvenShortText(be)).toBe('n = 698');
    expect(breakEvenShortText({ kind: 'finite', size: 30_400_000, unit: 'elements', gigaOps: 1 })).toBe(
      '30,400,000 elements',
    );
  });
  it('always and never in words', () => {
    expect(breakEvenSentence({ kind: 'always', minSize: 1, unit: 'elements' }, 5)).toBe(
      'The GPU wins at every size, from 1 element up.',
    );
    expect(breakEvenSentence({ kind: 'never', maxSize: 65536, unit: 'n' }, 0.5)).toBe(
      'The GPU wins at no size up to n = 65,536 with these rates.',
    );
    expect(breakEvenShortText({ kind: 'always', minSize: 1, unit: 'n' })).toBe('any size');
    expect(breakEvenShortText({ kind: 'never', maxSize: 1, unit: 'n' })).toBe('none');
  });
});
