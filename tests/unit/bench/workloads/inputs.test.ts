/** The inputs both devices share: float16 rounding and back, the sampled positions. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f16Bits, fromF16Bits, inputAt, roundTo, spreadPositions } from '../../../../src/bench/workloads/inputs.ts';

describe('float16', () => {
  it('exact values and their bit patterns', () => {
    expect(f16Bits(1)).toBe(0x3c00);
    expect(f16Bits(-2)).toBe(0xc000);
    expect(f16Bits(65504)).toBe(0x7bff);
    expect(f16Bits(70000)).toBe(0x7c00); // overflow to infinity
    expect(f16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(fromF16Bits(0x3555)).toBeCloseTo(1 / 3, 3);
    expect(fromF16Bits(0x0001)).toBe(2 ** -24);
  });
  it('rounds to nearest, ties to even', () => {
    // Between 1 and 1 + 2^-10: the midpoint rounds to the even one (1), just above it up.
    expect(fromF16Bits(f16Bits(1 + 2 ** -11))).toBe(1);
    expect(fromF16Bits(f16Bits(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(fromF16Bits(f16Bits(1 + 2 ** -11 + 2 ** -20))).toBe(1 + 2 ** -10);
  });
  it('property: a float16 value round-trips; any value in range is within half a unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7bff }), (h) => {
        expect(f16Bits(fromF16Bits(h))).toBe(h);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.double({ min: -60000, max: 60000, noNaN: true }), (x) => {
        const r = roundTo('f16', x);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(Math.max(Math.abs(x) * 2 ** -11, 2 ** -25));
      }),
      { numRuns: 300 },
    );
  });
  it('inputs as float16 are the float32 inputs rounded', () => {
    for (let i = 0; i < 100; i++) expect(inputAt(1, i, 'f16')).toBe(roundTo('f16', inputAt(1, i, 'f32')));
  });
});

describe('spreadPositions', () => {
  it('distinct, sorted, both ends, at most the count', () => {
    const p = spreadPositions(1000, 20);
    expect(p[0]).toBe(0);
    expect(p.at(-1)).toBe(999);
    expect(new Set(p).size).toBe(p.length);
    expect([...p].sort((a, b) => a - b)).toEqual(p);
    expect(p.length).toBeLessThanOrEqual(20);
    expect(spreadPositions(1, 20)).toEqual([0]);
    expect(spreadPositions(3, 20)).toEqual([0, 1, 2]);
  });
});
