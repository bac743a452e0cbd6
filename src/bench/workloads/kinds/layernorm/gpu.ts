/**
 * The layer norm's GPU part: one workgroup per row (layernorm.wgsl). Sampled rows are
 * recomputed in f64 on the CPU (reference.ts).
 */
import type { LayernormShape } from '../../../../model/workloads/kinds/layernorm.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import {
  bindBuffers,
  outputBuffer,
  readOutput,
  storeAs,
  timeRuns,
  uniformBuffer,
  uploadInputs,
} from '../../gpu/context.ts';
import { checkedOrThrow, type GpuKernel, runParts } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout } from '../../gpu/shader.ts';
import { LAYERNORM_EPS, checkLayernorm, layernormBeta, layernormGamma } from './reference.ts';

/** layernorm.wgsl's `params`. */
export const LAYERNORM_PARAMS = uniformLayout('Params', { rows: 'u32', cols: 'u32', eps: 'f32' });

export const layernormGpu: GpuKernel<LayernormShape> = {
  shaders: ['layernorm'],
  async run({ ctx, dtype, runs, pipeline }, { rows, cols }) {
    const x = new Float32Array(rows * cols);
    fillInputs(x, SEED.x, 0, dtype, 1, 1);
    const g = Float32Array.from({ length: cols }, (_, c) => layernormGamma(c, dtype));
    const b = Float32Array.from({ length: cols }, (_, c) => layernormBeta(c, dtype));
    const kernel = await pipeline('layernorm', 'layernorm_rows', { uniforms: [LAYERNORM_PARAMS] });
    const up = await uploadInputs(ctx, [storeAs(dtype, x), storeAs(dtype, g), storeAs(dtype, b)]);
    const y = await outputBuffer(ctx, 'y', rows * cols * gpuBytes(dtype));
    const params = await uniformBuffer(ctx, 'params', LAYERNORM_PARAMS, { rows, cols, eps: LAYERNORM_EPS });
    const bindGroup = bindBuffers(ctx, kernel, [params, ...up.buffers, y]);
    const computeSamples = await timeRuns(ctx, [{ pipeline: kernel, bindGroup, workgroups: rows }], runs);
    const back = await readOutput(ctx, y, rows * cols, dtype);
    const check = checkLayernorm((r, c) => back.data[r * cols + c] as number, 0, rows, cols, dtype, roundingOf(dtype), {
      rows: 16,
      cols: 16,
    });
    return runParts(up, computeSamples, back, { samples: checkedOrThrow(ctx.label, check) });
  },
};
