/**
 * The convolution reference: NCHW input x[n][c][h][w] the input `SEED.x` at
 * ((n·C + c)·H + h)·W + w, filters wt[k][c][r][s] the input `SEED.a` at
 * ((k·C + c)·R + r)·S + s (PyTorch's layout, whatever layout a kernel stores them in), zero
 * padding, no bias; any output recomputed in float64 as the direct sum over its C·R·S taps.
 * Both devices' checks use it. Pure.
 */
import type { Conv2dShape } from '../../../../model/workloads/kinds/conv2d.ts';
import { convOutputSize } from '../../../../model/workloads/kinds/conv2d.ts';
import { SEED, inputAt, spreadPositions, type Check, type KernelDtype, type Rounding } from '../../inputs.ts';
import { dotTolerance } from '../matmul/reference.ts';

/** Output height and width (P, Q). */
export function conv2dOutput(s: Conv2dShape): { p: number; q: number } {
  return { p: convOutputSize(s.h, s.kh, s.stride, s.pad), q: convOutputSize(s.w, s.kw, s.stride, s.pad) };
}

export const conv2dX = (s: Conv2dShape, n: number, c: number, h: number, w: number, dtype: KernelDtype): number =>
  inputAt(SEED.x, ((n * s.cin + c) * s.h + h) * s.w + w, dtype);

export const conv2dWeight = (s: Conv2dShape, k: number, c: number, r: number, t: number, dtype: KernelDtype): number =>
  inputAt(SEED.a, ((k * s.cin + c) * s.kh + r) * s.kw + t, dtype);

/** y[n][k][p][q] in f64 (the taps that fall on padding add zero), and Σ|x·w| for the tolerance. */
export function conv2dElement(
  s: Conv2dShape,
  n: number,
  k: number,
  p: number,
  q: number,
  dtype: KernelDtype,
): { value: number; absSum: number } {
  let value = 0;
  let absSum = 0;
  for (let c = 0; c < s.cin; c++) {
    for (let r = 0; r < s.kh; r++) {
      const ih = p * s.stride + r - s.pad;
      if (ih < 0 || ih >= s.h) continue;
      for (let t = 0; t < s.kw; t++) {
        const iw = q * s.stride + t - s.pad;
        if (iw < 0 || iw >= s.w) continue;
        const prod = conv2dX(s, n, c, ih, iw, dtype) * conv2dWeight(s, k, c, r, t, dtype);
        value += prod;
        absSum += Math.abs(prod);
      }
    }
  }
  return { value, absSum };
}

/** Outputs to compare: `max`, fewer when each costs many taps (≈ 2·10⁷ taps in all), never fewer than 8. */
export function conv2dSampleCount(s: Conv2dShape, max: number): number {
  return Math.max(8, Math.min(max, Math.floor(2e7 / Math.max(1, s.cin * s.kh * s.kw))));
}

/**
 * Check outputs in rows [u0, u0 + units) of the output, a row being one (image, output row)
 * pair u = n·P + p (`get(n, k, p, q)`, global indices), at up to `count` distinct
 * sampled outputs, both ends included.
 */
export function checkConv2d(
  get: (n: number, k: number, p: number, q: number) => number,
  s: Conv2dShape,
  u0: number,
  units: number,
  dtype: KernelDtype,
  rounding: Rounding,
  count = 32,
): Check {
  const { p: P, q: Q } = conv2dOutput(s);
  const taps = s.cin * s.kh * s.kw;
  let checked = 0;
  // Positions over (row, channel, column), so a slice's first and last outputs are among them.
  for (const idx of spreadPositions(units * s.cout * Q, conv2dSampleCount(s, count), 13)) {
    const q = idx % Q;
    const k = Math.floor(idx / Q) % s.cout;
    const u = u0 + Math.floor(idx / (Q * s.cout));
    const n = Math.floor(u / P);
    const p = u % P;
    const want = conv2dElement(s, n, k, p, q, dtype);
    const got = get(n, k, p, q);
    if (!(Math.abs(got - want.value) <= dotTolerance(taps, want.absSum, want.value, rounding))) {
      return { ok: false, error: `y[${n}][${k}][${p}][${q}] is ${got}; the reference gives ${want.value}` };
    }
    checked++;
  }
  return { ok: true, checked };
}
