/** FFT: `batch` independent 1-D FFTs of `length` points, real input (`rfft`) or complex (`fft`). Pure. */
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { countsFrom, SIZE, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import { flag, int, type ParamSpec } from './params.ts';
import { npType, pyInt, snippet, torchType } from './py.ts';

export type FftShape = {
  length: number;
  batch: number;
  complex: boolean;
};

const PARAMS: readonly ParamSpec<FftShape>[] = [
  int(
    'length',
    'w.length',
    'Length (N)',
    'points',
    1,
    1e12,
    1048576,
    'Points per transform: `len(x)` for `np.fft.fft(x)`. Powers of two are fastest.',
  ),
  int(
    'batch',
    'w.batch',
    'Batch',
    'transforms',
    1,
    1e9,
    64,
    'Independent transforms, e.g. rows of a 2-D array with `axis=-1`.',
  ),
  flag(
    'complex',
    'w.complex',
    'Complex input',
    true,
    'On: `np.fft.fft` of complex data. Off: `np.fft.rfft` of real data (half the work).',
  ),
];

export function fftCounts(s: FftShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const log2n = Math.log2(s.length);
  const flops = (s.complex ? 5 : 2.5) * s.length * log2n * s.batch;
  // Complex values are two numbers; rfft returns N/2 + 1 complex values.
  const input = (s.complex ? 2 : 1) * s.length * size * s.batch;
  const output = 2 * (s.complex ? s.length : Math.floor(s.length / 2) + 1) * size * s.batch;
  return countsFrom(
    [
      {
        label: s.complex ? 'fft' : 'rfft',
        kernelClass: 'fft',
        flops,
        deviceBytes: input + output,
        count: 1,
        // The CPU kernel gives each worker whole transforms.
        parallelUnits: s.batch,
      },
    ],
    input,
    output,
    {
      flops: s.complex ? '5·N·log₂N·batch' : '2.5·N·log₂N·batch',
      deviceBytes: s.complex
        ? `2·N·2·${SIZE}·batch (N complex values in, N out)`
        : `(N + 2·(⌊N/2⌋ + 1))·${SIZE}·batch (N real in, ⌊N/2⌋ + 1 complex out)`,
      hostBytes: 'input up, spectrum back: as device bytes',
      launches: '1',
    },
    "FFTW's benchmark convention (5·N·log₂N complex, half that real), for any N. Bytes assume one pass through memory; transforms far larger than cache take 2–3 passes, so this is a lower bound.",
  );
}

/** Points a single workgroup transforms in workgroup memory (kinds/fft/fft.wgsl); longer transforms first take radix-2 passes through device memory. */
export const FFT_LOCAL_POINTS = 1024;

/** True for 1, 2, 4, 8, …: the lengths a radix-2 kernel runs. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

/** The largest power of two ≤ `n` (1 for n < 2). */
export function powerOfTwoBelow(n: number): number {
  if (!(n >= 2)) return 1;
  const p = 2 ** Math.floor(Math.log2(n));
  // log2 of a value just below a power of two may round up to it.
  return p > n ? p / 2 : p;
}

/** Launches of the radix-2 GPU kernel for a transform of `length` points: the passes through device memory, then one in workgroup memory. */
export function fftLaunches(length: number): number {
  return 1 + Math.max(0, Math.round(Math.log2(length / FFT_LOCAL_POINTS)));
}

export const fft = {
  id: 'fft',
  label: 'FFT',
  example: '`np.fft.fft(x)`, `np.fft.rfft(x)`',
  params: PARAMS,
  counts: fftCounts,
  sizeUnit: 'points',
  sizeAxis: (s) => ({
    label: 'transform length N',
    unit: 'points',
    integer: true,
    min: 1,
    max: 1e10,
    current: s.length,
    at: (length) => ({ ...s, length }),
  }),
  python: (s, dtype) => {
    const shape = s.batch > 1 ? `${pyInt(s.batch)}, ${pyInt(s.length)}` : pyInt(s.length);
    if (dtype === 'bf16' || dtype === 'f16') {
      // NumPy's FFT computes float16 in float64; PyTorch keeps half precision on the GPU.
      return snippet(
        [
          `x = torch.rand(${shape}, dtype=${torchType(dtype)})`,
          s.complex ? 'X = torch.fft.fft(x.to(torch.complex64))' : 'X = torch.fft.rfft(x)',
        ],
        true,
      );
    }
    const complexType = dtype === 'f64' ? 'np.complex128' : 'np.complex64';
    return snippet(
      s.complex
        ? [`x = np.random.rand(${shape}).astype(${complexType})`, 'X = np.fft.fft(x)']
        : [`x = np.random.rand(${shape}).astype(${npType(dtype)})`, 'X = np.fft.rfft(x)'],
      false,
    );
  },
  describe: (s) =>
    `${s.batch.toLocaleString('en-US')} × ${s.length.toLocaleString('en-US')} ${s.complex ? 'complex' : 'real'}`,
  cpuWork: 'memory',
  runs: true,
} satisfies WorkloadKind<'fft', FftShape>;
