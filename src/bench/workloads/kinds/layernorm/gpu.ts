/**
 * The layer norm's GPU part: one workgroup per row (layernorm.wgsl). Sampled rows are
 * recomputed in f64 on the CPU (reference.ts).
 */
import type { LayernormShape } from '../../../../model/workloads/kinds/layernorm.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { bindBuffers, storeAs, uniformBuffer } from '../../gpu/context.ts';
import { checkedOrThrow, stagedKernel } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout } from '../../gpu/shader.ts';
import { LAYERNORM_EPS, checkLayernorm, layernormBeta, layernormGamma } from './reference.ts';

/** layernorm.wgsl's `params`. */
export const LAYERNORM_PARAMS = uniformLayout('Params', { rows: 'u32', cols: 'u32', eps: 'f32' });

export const layernormGpu = stagedKernel<LayernormShape>(
  ['layernorm'],
  async ({ ctx, dtype, pipeline }, { rows, cols }) => {
    const x = new Float32Array(rows * cols);
    fillInputs(x, SEED.x, 0, dtype, 1, 1);
    const g = Float32Array.from({ length: cols }, (_, c) => layernormGamma(c, dtype));
    const b = Float32Array.from({ length: cols }, (_, c) => layernormBeta(c, dtype));
    const kernel = await pipeline('layernorm', 'layernorm_rows', { uniforms: [LAYERNORM_PARAMS] });
    return {
      inputs: [storeAs(dtype, x), storeAs(dtype, g), storeAs(dtype, b)],
      output: { bytes: rows * cols * gpuBytes(dtype), elements: rows * cols, dtype },
      launches: async (inputs, y) => {
        const params = await uniformBuffer(ctx, 'params', LAYERNORM_PARAMS, { rows, cols, eps: LAYERNORM_EPS });
        return [{ pipeline: kernel, bindGroup: bindBuffers(ctx, kernel, [params, ...inputs, y]), workgroups: rows }];
      },
      check: (out) =>
        checkedOrThrow(
          ctx.label,
          checkLayernorm((r, c) => out[r * cols + c] as number, 0, rows, cols, dtype, roundingOf(dtype), {
            rows: 16,
            cols: 16,
          }),
        ),
    };
  },
);
