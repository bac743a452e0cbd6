/**
 * 2-D convolution, NCHW: `batch` images of `cin` channels, `h`×`w` pixels; `cout` filters
 * of `kh`×`kw`; the same stride and zero padding on both axes (`torch.nn.Conv2d`). Pure.
 */
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { SIZE, countsFrom, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import { int, type ParamSpec } from './params.ts';
import { pyInt, snippet, torchType } from './py.ts';

export type Conv2dShape = {
  batch: number;
  cin: number;
  cout: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  stride: number;
  pad: number;
};

// The defaults are ResNet-50's first layer (7×7, stride 2, padding 3) on a batch of 32 ImageNet images.
const PARAMS: readonly ParamSpec<Conv2dShape>[] = [
  int('batch', 'w.batch', 'Batch (N)', 'images', 1, 1e5, 32, 'Images per call.'),
  int(
    'cin',
    'w.cin',
    'Input channels (C)',
    'channels',
    1,
    1e5,
    3,
    '3 for RGB images; the previous layer’s output channels otherwise.',
  ),
  int('cout', 'w.cout', 'Output channels (K)', 'channels', 1, 1e5, 64, 'Filters: `out_channels` of `torch.nn.Conv2d`.'),
  int('h', 'w.h', 'Input height (H)', 'pixels', 1, 1e6, 224, 'Rows of each input image.'),
  int('w', 'w.w', 'Input width (W)', 'pixels', 1, 1e6, 224, 'Columns of each input image.'),
  int('kh', 'w.kh', 'Kernel height (R)', 'pixels', 1, 1e3, 7, 'Filter rows: 3 for a 3×3 convolution.'),
  int('kw', 'w.kw', 'Kernel width (S)', 'pixels', 1, 1e3, 7, 'Filter columns.'),
  int('stride', 'w.stride', 'Stride', 'pixels', 1, 1e3, 2, 'Step between filter positions, both axes.'),
  int('pad', 'w.pad', 'Padding', 'pixels', 0, 1e3, 3, 'Zeros added on each side, both axes.'),
];

/**
 * Output size of a convolution along one axis: ⌊(in + 2·pad − kernel)/stride⌋ + 1, as
 * `torch.nn.Conv2d` computes it. ≤ 0 means the kernel does not fit (validation rejects it).
 */
export function convOutputSize(input: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((input + 2 * pad - kernel) / stride) + 1;
}

export function conv2dCounts(s: Conv2dShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  // Clamped so an invalid shape that slips past validation gives 0, not negative work.
  const p = Math.max(0, convOutputSize(s.h, s.kh, s.stride, s.pad));
  const q = Math.max(0, convOutputSize(s.w, s.kw, s.stride, s.pad));
  const input = s.batch * s.cin * s.h * s.w * size;
  const weights = s.cout * s.cin * s.kh * s.kw * size;
  const output = s.batch * s.cout * p * q * size;
  const flops = 2 * s.batch * s.cout * s.cin * s.kh * s.kw * p * q;
  return countsFrom(
    [
      {
        label: 'conv2d',
        kernelClass: 'matmul',
        measuredAs: 'conv2d',
        flops,
        deviceBytes: input + weights + output,
        count: 1,
        // The CPU kernel splits output rows (image × row) across the workers.
        parallelUnits: s.batch * p,
      },
    ],
    input + weights,
    output,
    {
      flops: '2·N·K·C·R·S·P·Q, P = ⌊(H + 2·pad − R)/stride⌋ + 1, Q = ⌊(W + 2·pad − S)/stride⌋ + 1',
      deviceBytes: `(N·C·H·W + K·C·R·S + N·K·P·Q)·${SIZE}`,
      hostBytes: `input and weights up, output back: (N·C·H·W + K·C·R·S + N·K·P·Q)·${SIZE}`,
      launches: '1',
    },
    'Direct or implicit-GEMM convolution: input, weights and output each moved once; no bias. An im2col implementation moves R·S times the input. “Run this workload” runs a direct convolution (no im2col), which these counts describe.',
  );
}

export const conv2d = {
  id: 'conv2d',
  label: '2-D convolution',
  example: '`torch.nn.Conv2d`, `scipy.signal.convolve2d`',
  params: PARAMS,
  // A convolution kernel must fit in the padded input, along each axis.
  check: (s) => {
    const out: Partial<Record<keyof Conv2dShape, string>> = {};
    const { h, w, kh, kw, stride, pad } = s;
    if (stride === undefined || pad === undefined) return out;
    if (h !== undefined && kh !== undefined && convOutputSize(h, kh, stride, pad) < 1) {
      out.kh = `A kernel of height ${kh} does not fit in the padded input (${h + 2 * pad} rows).`;
    }
    if (w !== undefined && kw !== undefined && convOutputSize(w, kw, stride, pad) < 1) {
      out.kw = `A kernel of width ${kw} does not fit in the padded input (${w + 2 * pad} columns).`;
    }
    return out;
  },
  counts: conv2dCounts,
  sizeUnit: 'images',
  // Batch: the one dimension that scales the work linearly without changing the layer.
  sizeAxis: (s) => ({
    label: 'batch size',
    unit: 'images',
    integer: true,
    min: 1,
    max: 1e4,
    current: s.batch,
    at: (batch) => ({ ...s, batch }),
  }),
  python: (s, dtype) => {
    const kernel = s.kh === s.kw ? pyInt(s.kh) : `(${pyInt(s.kh)}, ${pyInt(s.kw)})`;
    return snippet(
      [
        `x = torch.rand(${pyInt(s.batch)}, ${pyInt(s.cin)}, ${pyInt(s.h)}, ${pyInt(s.w)}, dtype=${torchType(dtype)})`,
        `conv = torch.nn.Conv2d(${pyInt(s.cin)}, ${pyInt(s.cout)}, kernel_size=${kernel}, stride=${pyInt(s.stride)}, padding=${pyInt(s.pad)}, bias=False, dtype=${torchType(dtype)})`,
        'y = conv(x)',
      ],
      true,
    );
  },
  describe: (s) => {
    const n = (v: number) => v.toLocaleString('en-US');
    return `${n(s.batch)}×${n(s.cin)}×${n(s.h)}×${n(s.w)}, ${n(s.cout)} filters ${n(s.kh)}×${n(s.kw)}`;
  },
  cpuWork: 'compute',
  runs: true,
} satisfies WorkloadKind<'conv2d', Conv2dShape>;
