/**
 * The elementwise's GPU part: out = a·b + c (elementwise.wgsl). Memory-bound: 16 bytes
 * moved per 2 FLOPs in float32. Sampled outputs are checked against the fused and the
 * unfused result (either rounding is a correct `fma`).
 */
import type { ElementwiseShape } from '../../../../model/workloads/kinds/elementwise.ts';
import { SEED, fillInputs, roundTo, roundingOf } from '../../inputs.ts';
import { bindBuffers, gridThreads, storeAs, uniformBuffer } from '../../gpu/context.ts';
import { expectClose, sampleIndices, stagedKernel } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout } from '../../gpu/shader.ts';
import { axpbElement } from './reference.ts';

/** elementwise.wgsl's `params`: vec4 elements, and threads in the dispatch (the grid stride). */
export const ELEMENTWISE_PARAMS = uniformLayout('Params', { count4: 'u32', stride: 'u32' });

/** vec4 per thread: few workgroups for software adapters, a handful of loads in flight on GPUs. */
const PER_THREAD = 4;
const SAMPLES = 256;

export const elementwiseGpu = stagedKernel<ElementwiseShape>(
  ['elementwise'],
  async ({ ctx, dtype, pipeline }, { elements }) => {
    const count4 = Math.ceil(elements / 4);
    const input = (seed: number) => {
      const x = new Float32Array(elements);
      fillInputs(x, seed, 0, dtype);
      return storeAs(dtype, x, count4 * 4);
    };
    const kernel = await pipeline('elementwise', 'axpb', { uniforms: [ELEMENTWISE_PARAMS], constants: { PER_THREAD } });
    return {
      inputs: [input(SEED.a), input(SEED.b), input(SEED.c)],
      output: { bytes: count4 * 4 * gpuBytes(dtype), elements, dtype },
      launches: async (inputs, out) => {
        const workgroups = Math.ceil(count4 / PER_THREAD / 256);
        const params = await uniformBuffer(ctx, 'params', ELEMENTWISE_PARAMS, {
          count4,
          stride: gridThreads(workgroups, 256),
        });
        return [{ pipeline: kernel, bindGroup: bindBuffers(ctx, kernel, [params, ...inputs, out]), workgroups }];
      },
      check: (out) => {
        const picks = sampleIndices(elements, SAMPLES);
        const r = roundingOf(dtype);
        for (const i of picks) {
          const got = out[i] as number;
          const e = axpbElement(i, dtype);
          const [fused, unfused] = [roundTo(dtype, e.fused), roundTo(dtype, e.unfused)];
          const want = Math.abs(got - fused) <= Math.abs(got - unfused) ? fused : unfused;
          // One unit in the last place of the stored type: the JS fused value may round twice (f64, then f32).
          expectClose(ctx.label, `out[${i}]`, got, want, 2 * r.store * Math.abs(want));
        }
        return picks.length;
      },
    };
  },
);
