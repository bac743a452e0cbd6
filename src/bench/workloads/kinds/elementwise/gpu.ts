/**
 * The elementwise's GPU part: out = a·b + c (elementwise.wgsl). Memory-bound: 16 bytes
 * moved per 2 FLOPs in float32. Sampled outputs are checked against the fused and the
 * unfused result (either rounding is a correct `fma`).
 */
import type { ElementwiseShape } from '../../../../model/workloads/kinds/elementwise.ts';
import { SEED, fillInputs, roundTo, roundingOf } from '../../inputs.ts';
import {
  bindBuffers,
  gridThreads,
  outputBuffer,
  readOutput,
  storeAs,
  timeRuns,
  uniformBuffer,
  uploadInputs,
} from '../../gpu/context.ts';
import { expectClose, sampleIndices, type GpuKernel, runParts } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout } from '../../gpu/shader.ts';
import { axpbElement } from './reference.ts';

/** elementwise.wgsl's `params`: vec4 elements, and threads in the dispatch (the grid stride). */
export const ELEMENTWISE_PARAMS = uniformLayout('Params', { count4: 'u32', stride: 'u32' });

/** vec4 per thread: few workgroups for software adapters, a handful of loads in flight on GPUs. */
const PER_THREAD = 4;
const SAMPLES = 256;

export const elementwiseGpu: GpuKernel<ElementwiseShape> = {
  shaders: ['elementwise'],
  async run({ ctx, dtype, runs, pipeline }, { elements }) {
    const count4 = Math.ceil(elements / 4);
    const input = (seed: number) => {
      const x = new Float32Array(elements);
      fillInputs(x, seed, 0, dtype);
      return storeAs(dtype, x, count4 * 4);
    };
    const kernel = await pipeline('elementwise', 'axpb', { uniforms: [ELEMENTWISE_PARAMS], constants: { PER_THREAD } });
    const up = await uploadInputs(ctx, [input(SEED.a), input(SEED.b), input(SEED.c)]);
    const out = await outputBuffer(ctx, 'out', count4 * 4 * gpuBytes(dtype));
    const workgroups = Math.ceil(count4 / PER_THREAD / 256);
    const params = await uniformBuffer(ctx, 'params', ELEMENTWISE_PARAMS, {
      count4,
      stride: gridThreads(workgroups, 256),
    });
    const bindGroup = bindBuffers(ctx, kernel, [params, ...up.buffers, out]);
    const computeSamples = await timeRuns(ctx, [{ pipeline: kernel, bindGroup, workgroups }], runs);
    const back = await readOutput(ctx, out, elements, dtype);
    const picks = sampleIndices(elements, SAMPLES);
    const r = roundingOf(dtype);
    for (const i of picks) {
      const got = back.data[i] as number;
      const e = axpbElement(i, dtype);
      const [fused, unfused] = [roundTo(dtype, e.fused), roundTo(dtype, e.unfused)];
      const want = Math.abs(got - fused) <= Math.abs(got - unfused) ? fused : unfused;
      // One unit in the last place of the stored type: the JS fused value may round twice (f64, then f32).
      expectClose(ctx.label, `out[${i}]`, got, want, 2 * r.store * Math.abs(want));
    }
    return runParts(up, computeSamples, back, { samples: picks.length });
  },
};
