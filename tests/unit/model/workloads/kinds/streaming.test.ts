/**
 * elementwise and reduction: counts against a brute-force pass over small arrays (each
 * counted operation, each distinct element read and written).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTYPES, DTYPE_BYTES, type Dtype } from '../../../../../src/model/workloads/dtype.ts';
import { elementwise, type ElementwiseShape } from '../../../../../src/model/workloads/kinds/elementwise.ts';
import { reduction } from '../../../../../src/model/workloads/kinds/reduction.ts';
import { Tracker, expectSingleKernel } from './brute.ts';

function bruteElementwise(s: ElementwiseShape): Tracker {
  const t = new Tracker();
  for (let i = 0; i < s.elements; i++) {
    for (let a = 0; a < s.inputs; a++) t.read(`in${a}`, i);
    t.op(s.flopsPerElement);
    for (let o = 0; o < s.outputs; o++) t.write(`out${o}`, i);
  }
  return t;
}

const dtype = fc.constantFrom<Dtype>(...DTYPES);

describe('elementwise counts against brute force', () => {
  it('property: any small array, any number of inputs and outputs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 20 }),
        dtype,
        (elements, inputs, outputs, flopsPerElement, d) => {
          const s = { elements, inputs, outputs, flopsPerElement };
          const t = bruteElementwise(s);
          expectSingleKernel(elementwise.counts(s, d), t, d, { up: t.readCount(), down: t.writeCount() });
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('reduction counts against brute force', () => {
  it('property: one add per element, every element read once, one value back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), dtype, (elements, d) => {
        const t = new Tracker();
        for (let i = 0; i < elements; i++) {
          t.read('x', i);
          t.op(1); // the convention counts n (strictly n − 1)
        }
        const c = reduction.counts({ elements }, d);
        expect(c.flops).toBe(t.flops);
        // The single result is not counted in device traffic (the convention).
        expect(c.deviceBytes).toBe(t.readCount() * DTYPE_BYTES[d]);
        expect(c.hostToDeviceBytes).toBe(elements * DTYPE_BYTES[d]);
        expect(c.deviceToHostBytes).toBe(DTYPE_BYTES[d]);
      }),
      { numRuns: 50 },
    );
  });
});
