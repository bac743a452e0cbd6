/**
 * How fft runs for real ("Run this workload"; kinds/define.ts `RunSpec`), apart from its
 * definition (kinds/fft.ts) so that the first paint, which only counts and estimates,
 * does not load it. Radix-2 complex FFTs (kinds/fft/): powers of two only; real input runs as complex. Pure.
 */
import type { KindSizeAxis, RunSpec } from './define.ts';
import { FFT_LOCAL_POINTS, fftLaunches, isPowerOfTwo, powerOfTwoBelow, type FftShape } from './fft.ts';

/** Transforms a run keeps while it shortens them: the CPU kernel gives each worker whole transforms. */
const FFT_MIN_BATCH = 64;

function batchAxis(s: FftShape, min: number): KindSizeAxis<FftShape> {
  return {
    label: 'transforms',
    unit: 'transforms',
    integer: true,
    min,
    max: 1e9,
    current: s.batch,
    at: (batch) => ({ ...s, batch }),
  };
}

/** How the radix-2 kernels ran `s`: a long transform takes more passes through memory than the model counts. */
function fftRanNotes(s: FftShape): string[] {
  const notes: string[] = [];
  const launches = fftLaunches(s.length);
  if (launches > 1) {
    notes.push(
      `A transform of ${s.length.toLocaleString('en-US')} points ran as ${launches} GPU launches: ${launches - 1} radix-2 passes through device memory, then the last stages of each ${FFT_LOCAL_POINTS.toLocaleString('en-US')}-point block in workgroup memory. The model counts one pass through memory (its convention's lower bound), so expect the GPU's kernel time above it.`,
    );
  }
  return notes;
}

export const fftRun: RunSpec<FftShape> = {
  runnable: (s) =>
    s.complex
      ? { shape: s, notes: [] }
      : {
          shape: { ...s, complex: true },
          notes: [
            'Ran the real input as a complex FFT of the real data (imaginary parts zero): the radix-2 kernels have no real-input path, so this is twice rfft’s work, compared with the model for complex input.',
          ],
        },
  ranNotes: fftRanNotes,
  cannotRun: (s) => {
    if (isPowerOfTwo(s.length)) return undefined;
    const below = powerOfTwoBelow(s.length);
    const n = (v: number) => v.toLocaleString('en-US');
    return `Not runnable: a radix-2 kernel needs a power of two length; N = ${n(s.length)} is not (the nearest are ${n(below)} and ${n(below * 2)}).`;
  },
  snapSize: powerOfTwoBelow,
  // Complex values interleaved (re, im) on the GPU; the CPU keeps real and imaginary parts apart.
  largestArrayElements: (s) => 2 * s.length * s.batch,
  // The batch first down to 64 transforms (enough for every core), then the length, then the batch to one.
  shrinkFirst: (s) => [batchAxis(s, Math.min(s.batch, FFT_MIN_BATCH))],
  fitAxes: (s) => [batchAxis(s, 1)],
};
