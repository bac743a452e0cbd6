import { describe, expect, it } from 'vitest';
import {
  DASH,
  formatDuration,
  formatGigaOps,
  formatNumber,
  formatPercent,
  formatSpeedup,
  sig3,
} from '../../../../src/model/shared/format.ts';
import { customAnswer, customLabel } from '../../../../src/model/answer/answer.ts';
import { answerReport } from '../../../../src/model/answer/report.ts';
import { PRESETS } from '../../../../src/model/estimator/fields.ts';

describe('formatting', () => {
  it('durations pick a readable unit', () => {
    expect(formatDuration(12.5)).toBe('12.5 s');
    expect(formatDuration(0.129)).toBe('129 ms');
    expect(formatDuration(0.004)).toBe('4 ms');
    expect(formatDuration(25e-6)).toBe('25 µs');
    expect(formatDuration(3e-9)).toBe('3 ns');
    expect(formatDuration(90)).toBe('1.5 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(86400 * 10)).toBe('10 days');
    expect(formatDuration(0)).toBe('0 s');
  });
  it('never prints NaN or Infinity', () => {
    for (const f of [formatDuration, formatSpeedup, formatPercent, formatGigaOps, formatNumber, sig3]) {
      expect(f(Number.NaN)).toBe(DASH);
      expect(f(Number.POSITIVE_INFINITY)).toBe(DASH);
    }
  });
  it('speedups and percentages', () => {
    expect(formatSpeedup(96.899)).toBe('96.9×');
    expect(formatSpeedup(0.4213)).toBe('0.421×');
    expect(formatSpeedup(12345)).toBe('12,300×');
    expect(formatPercent(48.45)).toBe('48.5 %');
    expect(formatPercent(100)).toBe('100 %');
    expect(sig3(2.5e-7)).toBe('2.5e-7');
    expect(formatNumber(10000)).toBe('10,000');
  });
});

describe('the copied report (answerReport)', () => {
  it('the seed’s example 1: the answer, both times and bounds, the break-even, every rate and the link', () => {
    const inputs = PRESETS[0]!.inputs;
    const text = answerReport({
      answer: customAnswer(inputs),
      description: customLabel(inputs),
      rates: [{ name: 'CPU Operations per Second (GFLOPS)', value: '40', source: 'typed' }],
      link: 'http://127.0.0.1/?cpu=40',
    });
    expect(text).toContain('## GPU payoff: 96.9× speedup');
    expect(text).toContain('**Code:** Custom task: 500 Giga-ops, 0.5 GB moved, 50 launches');
    expect(text).toContain('| CPU | 12.5 s | compute-bound |');
    expect(text).toContain('| GPU | 129 ms | compute-bound |');
    expect(text).toContain('The GPU is 96.9× faster');
    expect(text).toContain('**Break-even:** The GPU wins from');
    expect(text).toContain('| CPU Operations per Second (GFLOPS) | 40 | typed |');
    expect(text).toContain('Reproduce: http://127.0.0.1/?cpu=40');
  });
});
