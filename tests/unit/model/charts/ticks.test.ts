import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decadeLabel, decadeTicks, durationTickLabel, durationTicks } from '../../../../src/model/charts/ticks.ts';

describe('time-axis ticks', () => {
  it('sit at round values of a sensible unit, not at powers of ten of seconds', () => {
    const t = durationTicks(1, 1e5, 20);
    expect(t.labels).toEqual(['1 s', '10 s', '1 min', '10 min', '1 h', '10 h', '1 day']);
    expect(t.labels.join(' ')).not.toMatch(/2\.78 h|1\.67 min/);
  });

  it('label 100,000 years in full (the chart sizes its axis to fit)', () => {
    const t = durationTicks(1e-3, 1e5 * 365 * 86400, 40);
    expect(t.labels).toContain('100,000 years');
    expect(durationTickLabel(1e5 * 365 * 86400)).toBe('100,000 years');
  });

  it('thin to the room there is', () => {
    const t = durationTicks(1e-12, 1e20, 8);
    expect(t.values.length).toBeLessThanOrEqual(8);
    expect(t.values.length).toBeGreaterThanOrEqual(2);
  });

  it('property: at most maxCount ticks, inside the range, ascending, each a named round value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1e18, noNaN: true }),
        fc.double({ min: 1, max: 1e12, noNaN: true }),
        fc.integer({ min: 2, max: 30 }),
        (min, factor, maxCount) => {
          const max = min * factor;
          const t = durationTicks(min, max, maxCount);
          expect(t.values.length).toBeLessThanOrEqual(maxCount);
          for (let i = 0; i < t.values.length; i++) {
            const v = t.values[i]!;
            expect(v).toBeGreaterThanOrEqual(min * (1 - 1e-9));
            expect(v).toBeLessThanOrEqual(max * (1 + 1e-9));
            if (i > 0) expect(v).toBeGreaterThan(t.values[i - 1]!);
            expect(t.labels[i]).toMatch(/^(10[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[\d,.]+) (ps|ns|µs|ms|s|min|h|days?|years?)$/);
          }
        },
      ),
    );
  });
});

describe('task-size ticks', () => {
  it('are whole decades, thinned to fit, labelled plainly', () => {
    expect(decadeTicks(1e-3, 1e4, 20)).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000]);
    expect(decadeTicks(1e-3, 1e12, 5).length).toBeLessThanOrEqual(5);
    expect([0.001, 1, 1000, 1e6, 1e12].map(decadeLabel)).toEqual(['0.001', '1', '1,000', '10⁶', '10¹²']);
  });
});
