/**
 * The FFT's GPU part: radix-2 Stockham FFTs of the batch (fft.wgsl). Transforms of up to
 * 1 024 points run in one launch in workgroup memory; longer ones run the four-step
 * decomposition: one launch per radix-2 stage down the columns, then one for the rows (so
 * 1 + log₂(N/1024) launches, each a pass through device memory; the model's notes say
 * so). The twiddle table is computed in float64 and put on the GPU with the plan, before
 * the timed upload, as cuFFT makes it in `cufftPlan`. Sampled outputs are checked against
 * a direct DFT in f64 (reference.ts).
 */
import { FFT_LOCAL_POINTS, fftLaunches, type FftShape } from '../../../../model/workloads/kinds/fft.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { bindBuffers, outputBuffer, uniformBuffer, uploadInputs, storeAs, type Launch } from '../../gpu/context.ts';
import { checkedOrThrow, stagedKernel } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout } from '../../gpu/shader.ts';
import { checkFft } from './reference.ts';

/** fft.wgsl's `params`. */
export const FFT_PARAMS = uniformLayout('Params', {
  /** Points per transform (N), the twiddle table's length × 2. */
  n: 'u32',
  /** The four-step split N = rows · cols (cols = 1 024; rows = 1 when N ≤ 1 024). */
  rows: 'u32',
  cols: 'u32',
  /** fft_columns: this stage's span, and the butterflies of the pass (batch · N/2). */
  ns: 'u32',
  butterflies: 'u32',
  /** fft_local: points per local transform, transforms per workgroup, local transforms in all. */
  local_n: 'u32',
  per_group: 'u32',
  transforms: 'u32',
  /** fft_local: 1 after column passes (twiddle on load, transposed store). */
  four_step: 'u32',
});

/** e^(−2πi·m/N) for m < N/2, interleaved (re, im), computed in float64. */
export function twiddleTable(length: number): Float32Array<ArrayBuffer> {
  const half = Math.max(1, length / 2);
  const out = new Float32Array(2 * half);
  for (let m = 0; m < length / 2; m++) {
    out[2 * m] = Math.cos((-2 * Math.PI * m) / length);
    out[2 * m + 1] = Math.sin((-2 * Math.PI * m) / length);
  }
  return out;
}

export const fftGpu = stagedKernel<FftShape>(['fft'], async ({ ctx, dtype, pipeline }, { length, batch }) => {
  const n = length;
  const points = n * batch;
  const re = new Float32Array(points);
  const im = new Float32Array(points);
  fillInputs(re, SEED.x, 0, dtype);
  fillInputs(im, SEED.c, 0, dtype);
  const x = new Float32Array(2 * points);
  for (let i = 0; i < points; i++) {
    x[2 * i] = re[i] as number;
    x[2 * i + 1] = im[i] as number;
  }
  const fourStep = n > FFT_LOCAL_POINTS;
  const cols = fourStep ? FFT_LOCAL_POINTS : n;
  const rows = n / cols;
  const localN = fourStep ? cols : n;
  const perGroup = Math.max(1, FFT_LOCAL_POINTS / localN);
  const transforms = fourStep ? batch * rows : batch;
  const opts = { uniforms: [FFT_PARAMS] };
  const [columns, local] = await Promise.all([
    pipeline('fft', 'fft_columns', opts),
    pipeline('fft', 'fft_local', opts),
  ]);
  const bytes = 2 * points * gpuBytes(dtype);
  return {
    inputs: [storeAs(dtype, x)],
    output: { bytes, elements: 2 * points, dtype },
    launches: async ([input], output) => {
      // The plan: the twiddle table (not part of the timed upload).
      const [table] = (await uploadInputs(ctx, [twiddleTable(n)], 'twiddles')).buffers as [GPUBuffer];
      const base = {
        n,
        rows,
        cols,
        ns: 1,
        butterflies: batch * Math.floor(n / 2),
        local_n: localN,
        per_group: perGroup,
        transforms,
      };
      const launches: Launch[] = [];
      let src = input as GPUBuffer;
      const scratch: GPUBuffer[] = [];
      for (let ns = 1, pass = 0; fourStep && ns < rows; ns *= 2, pass++) {
        if (scratch.length < 2) scratch.push(await outputBuffer(ctx, `columns${pass}`, bytes));
        const dst = scratch[pass % 2] as GPUBuffer;
        const params = await uniformBuffer(ctx, `columns${pass}`, FFT_PARAMS, { ...base, ns, four_step: 0 });
        const bindGroup = bindBuffers(ctx, columns, [params, src, dst, table]);
        launches.push({ pipeline: columns, bindGroup, workgroups: Math.ceil(base.butterflies / 64) });
        src = dst;
      }
      const params = await uniformBuffer(ctx, 'local', FFT_PARAMS, { ...base, four_step: fourStep ? 1 : 0 });
      launches.push({
        pipeline: local,
        bindGroup: bindBuffers(ctx, local, [params, src, output, table]),
        workgroups: Math.ceil(transforms / perGroup),
      });
      return launches;
    },
    check: (out) =>
      checkedOrThrow(
        ctx.label,
        checkFft(
          (b, k) => [out[2 * (b * n + k)] as number, out[2 * (b * n + k) + 1] as number],
          n,
          0,
          batch,
          dtype,
          roundingOf(dtype),
          fftLaunches(n),
        ),
      ),
  };
});
