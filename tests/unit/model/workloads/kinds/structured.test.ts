/**
 * conv2d, attention, FFT and pipelines: counts against brute-force runs of the naive
 * algorithms on small shapes (direct convolution over every tap; attention's three kernels;
 * a radix-2 FFT's butterflies; a pipeline's steps), each counted as its convention says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTYPE_BYTES, type Dtype } from '../../../../../src/model/workloads/dtype.ts';
import { attention, type AttentionShape } from '../../../../../src/model/workloads/kinds/attention.ts';
import { conv2d, convOutputSize, type Conv2dShape } from '../../../../../src/model/workloads/kinds/conv2d.ts';
import { fft } from '../../../../../src/model/workloads/kinds/fft.ts';
import { pipelineCounts } from '../../../../../src/model/workloads/kinds/pipeline.ts';
import { STEP_KINDS } from '../../../../../src/model/workloads/kinds/steps.ts';
import { Tracker, expectSingleKernel } from './brute.ts';

/** Direct convolution: every tap of every output, padding taps included (the convention counts them). */
function bruteConv(s: Conv2dShape): Tracker {
  const t = new Tracker();
  const p = convOutputSize(s.h, s.kh, s.stride, s.pad);
  const q = convOutputSize(s.w, s.kw, s.stride, s.pad);
  for (let n = 0; n < s.batch; n++)
    for (let k = 0; k < s.cout; k++)
      for (let y = 0; y < p; y++)
        for (let x = 0; x < q; x++) {
          for (let c = 0; c < s.cin; c++)
            for (let r = 0; r < s.kh; r++)
              for (let u = 0; u < s.kw; u++) {
                const iy = y * s.stride + r - s.pad;
                const ix = x * s.stride + u - s.pad;
                if (iy >= 0 && iy < s.h && ix >= 0 && ix < s.w) t.read('in', ((n * s.cin + c) * s.h + iy) * s.w + ix);
                t.read('weights', ((k * s.cin + c) * s.kh + r) * s.kw + u);
                t.op(2);
              }
          t.write('out', ((n * s.cout + k) * p + y) * q + x);
        }
  return t;
}

describe('conv2d counts against brute force', () => {
  it('property: shapes whose taps touch every input pixel (stride ≤ kernel), any padding', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            batch: fc.integer({ min: 1, max: 2 }),
            cin: fc.integer({ min: 1, max: 3 }),
            cout: fc.integer({ min: 1, max: 3 }),
            h: fc.integer({ min: 3, max: 7 }),
            w: fc.integer({ min: 3, max: 7 }),
            kh: fc.integer({ min: 1, max: 3 }),
            kw: fc.integer({ min: 1, max: 3 }),
            stride: fc.integer({ min: 1, max: 3 }),
            pad: fc.integer({ min: 0, max: 2 }),
          })
          .filter((s) => {
            if (s.stride > Math.min(s.kh, s.kw) || s.pad >= Math.min(s.kh, s.kw)) return false;
            const p = convOutputSize(s.h, s.kh, s.stride, s.pad);
            const q = convOutputSize(s.w, s.kw, s.stride, s.pad);
            // The last window reaches the last row and column.
            return (
              p >= 1 && q >= 1 && (p - 1) * s.stride + s.kh - s.pad >= s.h && (q - 1) * s.stride + s.kw - s.pad >= s.w
            );
          }),
        (s) => {
          const t = bruteConv(s);
          expectSingleKernel(conv2d.counts(s, 'f32'), t, 'f32', { up: t.readCount(), down: t.writeCount() });
        },
      ),
      { numRuns: 40 },
    );
  });
  it('the check refuses a kernel larger than the padded input, at the kernel field', () => {
    expect(conv2d.check({ h: 4, w: 9, kh: 7, kw: 3, stride: 1, pad: 1 })).toEqual({
      kh: 'A kernel of height 7 does not fit in the padded input (6 rows).',
    });
  });
});

/** The unfused attention's three kernels, each its own tracker; causal: only keys up to the query. */
function bruteAttention(s: AttentionShape): Tracker[] {
  const [scores, soft, out] = [new Tracker(), new Tracker(), new Tracker()];
  for (let bh = 0; bh < s.batch * s.heads; bh++)
    for (let i = 0; i < s.sq; i++)
      for (let j = 0; j < s.sk; j++) {
        const visible = !s.causal || j <= i;
        const sIdx = (bh * s.sq + i) * s.sk + j;
        // The stored score matrix is dense: every entry is written and read, masked or not.
        scores.write('S', sIdx);
        soft.read('S', sIdx);
        soft.write('P', sIdx);
        out.read('P', sIdx);
        if (!visible) continue;
        soft.op(5);
        for (let c = 0; c < s.d; c++) {
          scores.read('Q', (bh * s.sq + i) * s.d + c);
          scores.read('K', (bh * s.sk + j) * s.d + c);
          scores.op(2);
          out.read('V', (bh * s.sk + j) * s.d + c);
          out.write('O', (bh * s.sq + i) * s.d + c);
          out.op(2);
        }
      }
  return [scores, soft, out];
}

describe('attention counts against brute force', () => {
  const base = { batch: 2, heads: 3, sq: 5, sk: 7, d: 4, fused: false };
  it('unfused: each of the three kernels, FLOPs and device bytes', () => {
    const c = attention.counts({ ...base, causal: false }, 'f16');
    const kernels = bruteAttention({ ...base, causal: false });
    expect(c.kernels.map((k) => k.flops)).toEqual(kernels.map((t) => t.flops));
    expect(c.kernels.map((k) => k.deviceBytes)).toEqual(kernels.map((t) => t.deviceBytes('f16')));
    expect(c.launches).toBe(3);
  });
  it('causal: the convention counts exactly half; the exact lower triangle is (sk + 1)/(2·sk) for sq = sk', () => {
    const s = { ...base, sq: 6, sk: 6, causal: true };
    const exact = bruteAttention(s).reduce((a, t) => a + t.flops, 0);
    const full = bruteAttention({ ...s, causal: false }).reduce((a, t) => a + t.flops, 0);
    expect(attention.counts(s, 'f32').flops).toBe(full / 2);
    expect(exact / full).toBeCloseTo((6 + 1) / (2 * 6), 12);
  });
  it('fused: the same FLOPs, and only Q, K, V and O reach device memory', () => {
    const c = attention.counts({ ...base, causal: false, fused: true }, 'f32');
    const [scores, , out] = bruteAttention({ ...base, causal: false });
    expect(c.flops).toBe(attention.counts({ ...base, causal: false }, 'f32').flops);
    const qkvo = (scores?.readCount(['Q', 'K']) ?? 0) + (out?.readCount(['V']) ?? 0) + (out?.writeCount(['O']) ?? 0);
    expect(c.deviceBytes).toBe(qkvo * DTYPE_BYTES.f32);
  });
});

/** FLOPs of an iterative radix-2 complex FFT: a butterfly is a complex multiply (6) and two complex adds (4). */
function radix2Flops(n: number): number {
  let flops = 0;
  for (let len = 2; len <= n; len *= 2) for (let i = 0; i < n; i += len) for (let j = 0; j < len / 2; j++) flops += 10;
  return flops;
}

describe('fft counts against brute force', () => {
  it.each([1, 2, 8, 64, 1024])('complex N = %i: 5·N·log₂N is a radix-2 FFT’s butterflies', (n) => {
    const c = fft.counts({ length: n, batch: 3, complex: true }, 'f32');
    expect(c.flops).toBe(3 * radix2Flops(n));
    // N complex values in and out, two numbers each.
    expect(c.deviceBytes).toBe(3 * 2 * (2 * n) * 4);
  });
  it('real input counts half the complex work', () => {
    expect(fft.counts({ length: 256, batch: 1, complex: false }, 'f64').flops).toBe(radix2Flops(256) / 2);
  });
});

describe('pipeline counts against its steps', () => {
  const dtype: Dtype = 'f32';
  const steps = [
    { id: 'matvec' as const, dtype, shape: { m: 30, n: 20, batch: 2 } },
    { id: 'layernorm' as const, dtype, shape: { rows: 2, cols: 30 } },
  ];
  it('data on the GPU: compute and launches every repetition, the first inputs up and the last results back once', () => {
    const c = pipelineCounts({ steps, repeat: 7, dataStaysOnGpu: true });
    const [a, b] = steps.map((s) => STEP_KINDS[s.id].counts(s.shape as never, dtype));
    expect(c.flops).toBe(7 * ((a?.flops ?? 0) + (b?.flops ?? 0)));
    expect(c.launches).toBe(14);
    expect(c.hostToDeviceBytes).toBe(a?.hostToDeviceBytes);
    expect(c.deviceToHostBytes).toBe(b?.deviceToHostBytes);
  });
});
