/**
 * How conv2d runs for real ("Run this workload"; kinds/define.ts `RunSpec`), apart from its
 * definition (kinds/conv2d.ts) so that the first paint, which only counts and estimates,
 * does not load it. A direct convolution (kinds/conv2d/): what the counts describe, so the
 * shape runs as asked. Pure.
 */
import { convOutputSize, type Conv2dShape } from './conv2d.ts';
import type { KindSizeAxis, RunSpec } from './define.ts';

/**
 * Output channels the CPU kernel computes together (kinds/conv2d/cpu.ts pads K to a
 * multiple of at most this): its output and filters hold up to ⌈K/16⌉·16 channels.
 */
export const CONV2D_CPU_CHANNEL_BLOCK = 16;

/**
 * Elements of the largest array a run binds: the input (the CPU kernel's copy carries its
 * zero padding), the filters and the output (K padded to whole channel blocks on the CPU).
 */
function conv2dLargestArray(s: Conv2dShape): number {
  const p = Math.max(0, convOutputSize(s.h, s.kh, s.stride, s.pad));
  const q = Math.max(0, convOutputSize(s.w, s.kw, s.stride, s.pad));
  const kp = Math.ceil(s.cout / CONV2D_CPU_CHANNEL_BLOCK) * CONV2D_CPU_CHANNEL_BLOCK;
  return Math.max(
    s.batch * s.cin * (s.h + 2 * s.pad) * (s.w + 2 * s.pad),
    kp * s.cin * s.kh * s.kw,
    s.batch * kp * p * q,
  );
}

/** An axis a run shrinks along once the batch is down to one image; every shape on it keeps the kernel inside the padded input. */
function fitAxis(
  label: string,
  unit: string,
  min: number,
  current: number,
  at: (v: number) => Conv2dShape,
): KindSizeAxis<Conv2dShape> {
  return { label, unit, integer: true, min: Math.min(min, current), max: 1e6, current, at };
}

/**
 * What a run shrinks after the batch: output channels, input channels, the image (width
 * in proportion to height, never below what the kernel needs), the kernel, the padding.
 */
function conv2dFitAxes(s: Conv2dShape): KindSizeAxis<Conv2dShape>[] {
  const minSide = (k: number) => Math.max(1, k - 2 * s.pad);
  const kernel = Math.max(s.kh, s.kw);
  const minPad = Math.max(0, Math.ceil((s.kh - s.h) / 2), Math.ceil((s.kw - s.w) / 2));
  return [
    fitAxis('output channels', 'output channels', 1, s.cout, (cout) => ({ ...s, cout })),
    fitAxis('input channels', 'input channels', 1, s.cin, (cin) => ({ ...s, cin })),
    fitAxis('input height (width in proportion)', 'pixels high', minSide(s.kh), s.h, (h) => ({
      ...s,
      h,
      w: Math.max(minSide(s.kw), Math.min(s.w, Math.round((s.w * h) / s.h))),
    })),
    fitAxis('kernel size', 'pixels of kernel', 1, kernel, (k) => ({
      ...s,
      kh: Math.min(s.kh, k),
      kw: Math.min(s.kw, k),
    })),
    fitAxis('padding', 'pixels of padding', minPad, s.pad, (pad) => ({ ...s, pad })),
  ];
}

export const conv2dRun: RunSpec<Conv2dShape> = {
  runnable: (s) => ({ shape: s, notes: [] }),
  ranNotes: () => [
    'Ran a direct convolution (no im2col): each output sums its C·R·S taps straight from the input, so input, filters and output each move once, as the counts say.',
  ],
  largestArrayElements: conv2dLargestArray,
  fitAxes: conv2dFitAxes,
};
