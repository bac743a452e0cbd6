/**
 * The direct convolution: the reference against a brute-force NCHW convolution written
 * independently (a padded copy of the input, no bounds arithmetic shared), then the CPU
 * kernel, float32 and float64, both flavours, against the reference at every output of odd
 * shapes (padding, stride, channels that are not a block multiple, slices that start and
 * end inside an image); the check rejects a wrong output.
 */
import { describe, expect, it } from 'vitest';
import { WorkloadInstance } from '../../../../../src/bench/workloads/cpu/instance.ts';
import { roundingOf } from '../../../../../src/bench/workloads/inputs.ts';
import {
  conv2dAccumulators,
  conv2dCpu,
  conv2dFunc,
  conv2dPlan,
} from '../../../../../src/bench/workloads/kinds/conv2d/cpu.ts';
import {
  checkConv2d,
  conv2dElement,
  conv2dOutput,
  conv2dWeight,
  conv2dX,
} from '../../../../../src/bench/workloads/kinds/conv2d/reference.ts';
import { dotTolerance } from '../../../../../src/bench/workloads/kinds/matmul/reference.ts';
import type { Conv2dShape } from '../../../../../src/model/workloads/kinds/conv2d.ts';
import { CASES } from './flavors.ts';

const shape = (o: Partial<Conv2dShape>): Conv2dShape => ({
  batch: 2,
  cin: 3,
  cout: 5,
  h: 7,
  w: 6,
  kh: 3,
  kw: 2,
  stride: 1,
  pad: 1,
  ...o,
});

const SHAPES: Conv2dShape[] = [
  shape({}),
  shape({ batch: 1, cin: 1, cout: 1, h: 1, w: 1, kh: 1, kw: 1, pad: 0 }),
  shape({ stride: 2, pad: 3, kh: 7, kw: 7, h: 9, w: 11 }),
  shape({ cout: 17, cin: 2, h: 5, w: 5, stride: 3, pad: 0 }),
  shape({ batch: 3, cout: 33, cin: 4, h: 4, w: 3, kh: 4, kw: 3, pad: 2 }),
];

/** y = conv(x, w) by the definition: pad the input with zeros, then slide. */
function bruteForce(s: Conv2dShape): Float64Array {
  const { p: P, q: Q } = conv2dOutput(s);
  const hp = s.h + 2 * s.pad;
  const wp = s.w + 2 * s.pad;
  const padded = new Float64Array(s.batch * s.cin * hp * wp);
  for (let n = 0; n < s.batch; n++)
    for (let c = 0; c < s.cin; c++)
      for (let h = 0; h < s.h; h++)
        for (let w = 0; w < s.w; w++)
          padded[((n * s.cin + c) * hp + h + s.pad) * wp + w + s.pad] = conv2dX(s, n, c, h, w, 'f64');
  const y = new Float64Array(s.batch * s.cout * P * Q);
  for (let n = 0; n < s.batch; n++)
    for (let k = 0; k < s.cout; k++)
      for (let p = 0; p < P; p++)
        for (let q = 0; q < Q; q++) {
          let sum = 0;
          for (let c = 0; c < s.cin; c++)
            for (let r = 0; r < s.kh; r++)
              for (let t = 0; t < s.kw; t++)
                sum +=
                  (padded[((n * s.cin + c) * hp + p * s.stride + r) * wp + q * s.stride + t] as number) *
                  conv2dWeight(s, k, c, r, t, 'f64');
          y[((n * s.cout + k) * P + p) * Q + q] = sum;
        }
  return y;
}

describe('the convolution reference', () => {
  it.each(SHAPES)('equals a brute-force convolution of the padded input: %o', (s) => {
    const { p: P, q: Q } = conv2dOutput(s);
    const y = bruteForce(s);
    for (let n = 0; n < s.batch; n++)
      for (let k = 0; k < s.cout; k++)
        for (let p = 0; p < P; p++)
          for (let q = 0; q < Q; q++)
            expect(conv2dElement(s, n, k, p, q, 'f64').value).toBeCloseTo(
              y[((n * s.cout + k) * P + p) * Q + q] as number,
              12,
            );
  });
});

describe.each(CASES)('conv2d CPU kernel %s (%s)', (dtype, flavor, L) => {
  const r = roundingOf(dtype);
  it.each(SHAPES)('every output of %o matches the reference, in slices that split images', (s) => {
    const { p: P, q: Q } = conv2dOutput(s);
    const rows = s.batch * P;
    // Two slices, the cut inside an image when there is more than one output row.
    const cut = Math.max(1, Math.floor(rows / 2) + (rows > 2 ? 1 : 0));
    for (const [u0, units] of [
      [0, cut],
      [cut, rows - cut],
    ] as const) {
      if (units <= 0) continue;
      const accs = conv2dAccumulators(L, s.cout);
      const plan = conv2dPlan(WorkloadInstance.createSync([conv2dFunc(L, flavor, accs)]), L, s, u0, units, accs);
      plan.run();
      for (let u = u0; u < u0 + units; u++) {
        const n = Math.floor(u / P);
        const p = u % P;
        for (let k = 0; k < s.cout; k++)
          for (let q = 0; q < Q; q++) {
            const want = conv2dElement(s, n, k, p, q, dtype);
            const tol = dotTolerance(s.cin * s.kh * s.kw, want.absSum, want.value, r);
            expect(Math.abs(plan.get(n, k, p, q) - want.value), `y[${n}][${k}][${p}][${q}]`).toBeLessThanOrEqual(tol);
          }
      }
      expect(checkConv2d(plan.get, s, u0, units, dtype, r)).toMatchObject({ ok: true });
    }
  });
});

describe('conv2d check and slices', () => {
  const s = shape({});
  it('rejects one wrong output among those it samples; counts distinct outputs', () => {
    const good = (n: number, k: number, p: number, q: number) => conv2dElement(s, n, k, p, q, 'f32').value;
    const ok = checkConv2d(good, s, 0, 14, 'f32', roundingOf('f32'), 1000);
    // 2 images × 7 output rows, 5 channels, 7 columns: every output.
    expect(ok).toEqual({ ok: true, checked: 14 * 5 * 7 });
    const bad = (n: number, k: number, p: number, q: number) =>
      good(n, k, p, q) + (n === 1 && k === 4 && p === 6 && q === 4 ? 0.01 : 0);
    expect(checkConv2d(bad, s, 0, 14, 'f32', roundingOf('f32'), 1000).ok).toBe(false);
  });
  it('splits the output rows of every image among the workers, exactly once', () => {
    const slices = conv2dCpu.slices(s, 4);
    expect(slices.map((x) => x.units).reduce((a, b) => a + b, 0)).toBe(s.batch * conv2dOutput(s).p);
    expect(slices.every((x) => x.kind === 'conv2d' && x.cout === s.cout)).toBe(true);
  });
});
