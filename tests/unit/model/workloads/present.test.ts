import { describe, expect, it } from 'vitest';
import {
  breakEvenDataValue,
  breakEvenShort,
  breakEvenText,
  formatBytesSi,
  formatFlops,
  formatSi,
  formatSize,
  sizeText,
} from '../../../../src/model/workloads/present.ts';

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

describe('formatSize', () => {
  it('reads like the issue: n ≈ 700, 3·10⁷ elements', () => {
    expect(formatSize(698)).toBe('700');
    expect(formatSize(151)).toBe('150');
    expect(formatSize(42)).toBe('42');
    expect(formatSize(1234)).toBe('1,200');
    expect(formatSize(3.04e7)).toBe('3·10⁷');
    expect(formatSize(2.5e9)).toBe('2.5·10⁹');
    expect(formatSize(1e6)).toBe('10⁶');
    expect(formatSize(9.96e6)).toBe('10⁷');
  });
  it('puts the unit where people put it', () => {
    expect(sizeText(700, 'n')).toBe('n ≈ 700');
    expect(sizeText(3e7, 'elements')).toBe('≈ 3·10⁷ elements');
  });
});

describe('breakEvenText and breakEvenDataValue', () => {
  it('finite', () => {
    const be = { kind: 'finite', size: 698, unit: 'n' } as const;
    expect(breakEvenText(be)).toBe('The GPU wins from n ≈ 700; below that the CPU is as fast or faster.');
    expect(breakEvenShort(be)).toBe('n ≈ 700');
    expect(breakEvenText({ kind: 'finite', size: 3.04e7, unit: 'elements' })).toBe(
      'The GPU wins from ≈ 3·10⁷ elements; below that the CPU is as fast or faster.',
    );
    expect(breakEvenDataValue(be)).toEqual({ value: '698', kind: 'finite' });
  });
  it('always and never carry numbers Number() reads', () => {
    const always = { kind: 'always', minSize: 1, unit: 'elements' } as const;
    const never = { kind: 'never', maxSize: 1e11, unit: 'elements' } as const;
    expect(breakEvenText(always)).toBe('The GPU wins at every size, from 1 elements up.');
    expect(breakEvenText(never)).toBe('The GPU wins at no size up to 10¹¹ elements with these rates.');
    expect(breakEvenText({ kind: 'never', maxSize: 65536, unit: 'n' })).toBe(
      'The GPU wins at no size up to n = 6.6·10⁴ with these rates.',
    );
    expect(breakEvenShort(always)).toBe('any size');
    expect(breakEvenShort(never)).toBe('none');
    expect(Number(breakEvenDataValue(always).value)).toBe(1);
    expect(Number(breakEvenDataValue(never).value)).toBe(Infinity);
  });
});
