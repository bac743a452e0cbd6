/**
 * The softmax's GPU part: softmax along each of `rows` rows of `cols` values, one
 * workgroup per row (softmax.wgsl). Sampled rows are recomputed in f64 on the CPU.
 */
import type { SoftmaxShape } from '../../../../model/workloads/kinds/softmax.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { bindBuffers, storeAs, uniformBuffer } from '../../gpu/context.ts';
import { checkedOrThrow, stagedKernel } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout } from '../../gpu/shader.ts';
import { SOFTMAX_SCALE, checkSoftmax } from './reference.ts';

/** softmax.wgsl's `params`. */
export const SOFTMAX_PARAMS = uniformLayout('Params', { rows: 'u32', cols: 'u32' });

export const softmaxGpu = stagedKernel<SoftmaxShape>(['softmax'], async ({ ctx, dtype, pipeline }, { rows, cols }) => {
  const x = new Float32Array(rows * cols);
  fillInputs(x, SEED.x, 0, dtype, SOFTMAX_SCALE);
  const kernel = await pipeline('softmax', 'softmax_rows', { uniforms: [SOFTMAX_PARAMS] });
  return {
    inputs: [storeAs(dtype, x)],
    output: { bytes: rows * cols * gpuBytes(dtype), elements: rows * cols, dtype },
    launches: async (inputs, y) => {
      const params = await uniformBuffer(ctx, 'params', SOFTMAX_PARAMS, { rows, cols });
      return [{ pipeline: kernel, bindGroup: bindBuffers(ctx, kernel, [params, ...inputs, y]), workgroups: rows }];
    },
    check: (out) =>
      checkedOrThrow(
        ctx.label,
        checkSoftmax((r, c) => out[r * cols + c] as number, 0, rows, cols, dtype, roundingOf(dtype), {
          rows: 16,
          cols: 16,
        }),
      ),
  };
});
