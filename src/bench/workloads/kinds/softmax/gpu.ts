/**
 * The softmax's GPU part: softmax along each of `rows` rows of `cols` values, one
 * workgroup per row (softmax.wgsl). Sampled rows are recomputed in f64 on the CPU.
 */
import type { SoftmaxShape } from '../../../../model/workloads/kinds/softmax.ts';
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
import { SOFTMAX_SCALE, checkSoftmax } from './reference.ts';

/** softmax.wgsl's `params`. */
export const SOFTMAX_PARAMS = uniformLayout('Params', { rows: 'u32', cols: 'u32' });

export const softmaxGpu: GpuKernel<SoftmaxShape> = {
  shaders: ['softmax'],
  async run({ ctx, dtype, runs, pipeline }, { rows, cols }) {
    const x = new Float32Array(rows * cols);
    fillInputs(x, SEED.x, 0, dtype, SOFTMAX_SCALE);
    const kernel = await pipeline('softmax', 'softmax_rows', { uniforms: [SOFTMAX_PARAMS] });
    const up = await uploadInputs(ctx, [storeAs(dtype, x)]);
    const y = await outputBuffer(ctx, 'y', rows * cols * gpuBytes(dtype));
    const params = await uniformBuffer(ctx, 'params', SOFTMAX_PARAMS, { rows, cols });
    const bindGroup = bindBuffers(ctx, kernel, [params, up.buffers[0] as GPUBuffer, y]);
    const computeSamples = await timeRuns(ctx, [{ pipeline: kernel, bindGroup, workgroups: rows }], runs);
    const back = await readOutput(ctx, y, rows * cols, dtype);
    const check = checkSoftmax((r, c) => back.data[r * cols + c] as number, 0, rows, cols, dtype, roundingOf(dtype), {
      rows: 16,
      cols: 16,
    });
    return runParts(up, computeSamples, back, { samples: checkedOrThrow(ctx.label, check) });
  },
};
