/**
 * softmax and layernorm: counts against a brute-force run of the row-wise algorithms on
 * small shapes, counting each operation the stated convention counts (softmax: max,
 * subtract, exp, sum, divide; layernorm: the two-pass kernel's 8 per element and 5 per row).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTYPES, type Dtype } from '../../../../../src/model/workloads/dtype.ts';
import { layernorm, layernormCounts } from '../../../../../src/model/workloads/kinds/layernorm.ts';
import { softmax } from '../../../../../src/model/workloads/kinds/softmax.ts';
import { Tracker, expectSingleKernel } from './brute.ts';

function bruteSoftmax(rows: number, cols: number): Tracker {
  const t = new Tracker();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      t.read('x', r * cols + c);
      t.op(); // max
    }
    for (let c = 0; c < cols; c++) t.op(3); // subtract, exp, add to the sum
    for (let c = 0; c < cols; c++) {
      t.op(); // divide
      t.write('y', r * cols + c);
    }
  }
  return t;
}

function bruteLayernorm(rows: number, cols: number): Tracker {
  const t = new Tracker();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      t.read('x', r * cols + c);
      t.op(); // sum
    }
    t.op(); // mean = sum / cols
    for (let c = 0; c < cols; c++) t.op(3); // d = x − mean; d²; add
    t.op(4); // var = sum / cols; + ε; √; 1/x
    for (let c = 0; c < cols; c++) {
      t.read('gamma', c);
      t.read('beta', c);
      t.op(4); // − mean, × 1/σ, × γ, + β
      t.write('y', r * cols + c);
    }
  }
  return t;
}

const small = fc.integer({ min: 1, max: 12 });
const dtype = fc.constantFrom<Dtype>(...DTYPES);

describe('softmax counts against brute force', () => {
  it('property: 5 FLOPs per element, x read once and y written once', () => {
    fc.assert(
      fc.property(small, small, dtype, (rows, cols, d) => {
        const t = bruteSoftmax(rows, cols);
        expectSingleKernel(softmax.counts({ rows, cols }, d), t, d, { up: t.readCount(), down: t.writeCount() });
      }),
      { numRuns: 50 },
    );
  });
});

describe('layernorm counts against brute force', () => {
  it('4096 × 4096 float32: x and y once plus γ and β, 8 FLOPs per element and 5 per row', () => {
    const c = layernormCounts({ rows: 4096, cols: 4096 }, 'f32');
    expect(c.deviceBytes).toBe((2 * 4096 * 4096 + 2 * 4096) * 4);
    expect(c.flops).toBe(8 * 4096 * 4096 + 5 * 4096);
    expect(c.hostToDeviceBytes).toBe((4096 * 4096 + 2 * 4096) * 4);
    expect(c.kernels[0]?.kernelClass).toBe('rowwise');
    expect(c.convention).toMatch(/8 per element/);
  });
  it('property: any small shape and type', () => {
    fc.assert(
      fc.property(small, small, dtype, (rows, cols, d) => {
        const t = bruteLayernorm(rows, cols);
        expectSingleKernel(layernorm.counts({ rows, cols }, d), t, d, {
          up: t.readCount(),
          down: t.writeCount(),
        });
      }),
      { numRuns: 50 },
    );
  });
});
