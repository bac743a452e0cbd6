/**
 * matmul and matvec: counts against a brute-force run of the naive loops on small shapes
 * (every multiply-add 2 FLOPs, every distinct element read and written), as worked cases
 * and as a property over random shapes and types.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTYPES, type Dtype } from '../../../../../src/model/workloads/dtype.ts';
import { matmul, matmulCounts, type MatmulShape } from '../../../../../src/model/workloads/kinds/matmul.ts';
import { matvec, matvecCounts, type MatvecShape } from '../../../../../src/model/workloads/kinds/matvec.ts';
import { Tracker, expectSingleKernel } from './brute.ts';

function bruteMatmul(s: MatmulShape): Tracker {
  const t = new Tracker();
  for (let b = 0; b < s.batch; b++)
    for (let i = 0; i < s.m; i++)
      for (let j = 0; j < s.n; j++) {
        for (let p = 0; p < s.k; p++) {
          t.read('A', (b * s.m + i) * s.k + p);
          t.read('B', (b * s.k + p) * s.n + j);
          t.op(2); // c += a·b
        }
        t.write('C', (b * s.m + i) * s.n + j);
      }
  return t;
}

/** y_b = A·x_b, one A for the whole batch. */
function bruteMatvec(s: MatvecShape): Tracker {
  const t = new Tracker();
  for (let b = 0; b < s.batch; b++)
    for (let i = 0; i < s.m; i++) {
      for (let j = 0; j < s.n; j++) {
        t.read('A', i * s.n + j);
        t.read('x', b * s.n + j);
        t.op(2);
      }
      t.write('y', b * s.m + i);
    }
  return t;
}

const dim = fc.integer({ min: 1, max: 9 });
const dtype = fc.constantFrom<Dtype>(...DTYPES);

describe('matmul counts against brute force', () => {
  it('3×5×7, batch 2, f64', () => {
    const s = { m: 3, n: 5, k: 7, batch: 2 };
    const t = bruteMatmul(s);
    expectSingleKernel(matmulCounts(s, 'f64'), t, 'f64', { up: t.readCount(), down: t.writeCount() });
  });
  it('property: any small shape and type', () => {
    fc.assert(
      fc.property(dim, dim, dim, fc.integer({ min: 1, max: 3 }), dtype, (m, n, k, batch, d) => {
        const s = { m, n, k, batch };
        const t = bruteMatmul(s);
        expectSingleKernel(matmul.counts(s, d), t, d, { up: t.readCount(), down: t.writeCount() });
        expect(matmul.counts(s, d).kernels[0]?.kernelClass).toBe('matmul');
      }),
      { numRuns: 60 },
    );
  });
});

describe('matvec counts against brute force', () => {
  it('batch 1 is the issue’s (m·n + n + m)·size: 4096² float32 moves 67 MB for 33.6 MFLOP', () => {
    const c = matvecCounts({ m: 4096, n: 4096, batch: 1 }, 'f32');
    expect(c.deviceBytes).toBe((4096 * 4096 + 4096 + 4096) * 4);
    expect(c.flops).toBe(2 * 4096 * 4096);
    expect(c.kernels[0]?.kernelClass).toBe('matvec');
    // ≈ 0.5 FLOP per byte: memory-bound on any device.
    expect(c.flops / c.deviceBytes).toBeLessThan(0.51);
  });
  it('A is shared by the batch: 8 vectors read A once', () => {
    const one = matvecCounts({ m: 100, n: 50, batch: 1 }, 'f32');
    const eight = matvecCounts({ m: 100, n: 50, batch: 8 }, 'f32');
    expect(eight.flops).toBe(8 * one.flops);
    expect(eight.deviceBytes - one.deviceBytes).toBe(7 * (50 + 100) * 4);
  });
  it('property: any small shape and type', () => {
    fc.assert(
      fc.property(dim, dim, fc.integer({ min: 1, max: 4 }), dtype, (m, n, batch, d) => {
        const s = { m, n, batch };
        const t = bruteMatvec(s);
        expectSingleKernel(matvec.counts(s, d), t, d, { up: t.readCount(['A', 'x']), down: t.writeCount() });
      }),
      { numRuns: 60 },
    );
  });
});
