/**
 * The reduction's GPU part: the sum of x in two launches — every workgroup reduces a
 * grid-stride share to one partial (a tree in workgroup memory, or subgroupAdd first where
 * the device has 'subgroups'), then one workgroup reduces the partials (reduce.wgsl,
 * reduce-subgroups.wgsl). The first pass reads the stored type, the second float32
 * partials. Checked against an f64 sum within the f32 accumulation bound.
 */
import type { ReductionShape } from '../../../../model/workloads/kinds/reduction.ts';
import { SEED, fillInputs } from '../../inputs.ts';
import { bindBuffers, outputBuffer, storeAs, uniformBuffer, type Launch } from '../../gpu/context.ts';
import { expectClose, stagedKernel } from '../../gpu/run.ts';
import { uniformLayout } from '../../gpu/shader.ts';
import { sumReference } from './reference.ts';

/** reduce.wgsl's `params`: vec4 elements of the input, and threads in the dispatch (the grid stride). */
export const REDUCE_PARAMS = uniformLayout('Params', { count4: 'u32', stride: 'u32' });

/** Most first-pass workgroups: the second pass then sums ≤ 1024 partials (one vec4 per thread). */
const MAX_PARTIALS = 1024;
/**
 * At least 8 vec4 per thread before the tree: loads in flight on GPUs (a 2^24-element sum
 * still gets 512 workgroups, ~4 per SM of an H100) and few workgroups on software
 * adapters, where each workgroup with barriers costs ~1–2 ms.
 */
const PER_THREAD_MIN = 8;

export const reductionGpu = stagedKernel<ReductionShape>(
  ['reduce', 'reduce-subgroups'],
  async ({ ctx, dtype, pipeline }, { elements }) => {
    const subgroups = ctx.device.features.has('subgroups');
    const file = subgroups ? 'reduce-subgroups' : 'reduce';
    const count4 = Math.ceil(elements / 4);
    const x = new Float32Array(elements);
    fillInputs(x, SEED.x, 0, dtype);
    const first = await pipeline(file, 'reduce_sum', { uniforms: [REDUCE_PARAMS] });
    // The partials are float32 whatever the input's type.
    const second =
      dtype === 'f32' ? first : await pipeline(file, 'reduce_sum', { uniforms: [REDUCE_PARAMS], dtype: 'f32' });
    const groups = Math.max(1, Math.min(MAX_PARTIALS, Math.ceil(count4 / (256 * PER_THREAD_MIN))));
    return {
      inputs: [storeAs(dtype, x, count4 * 4)],
      // The total, one float32 (its buffer padded to 16 bytes).
      output: { bytes: 16, elements: 1, dtype: 'f32' },
      launches: async ([input], total) => {
        const x4 = input as GPUBuffer;
        if (groups === 1) {
          const p = await uniformBuffer(ctx, 'params', REDUCE_PARAMS, { count4, stride: 256 });
          return [{ pipeline: first, bindGroup: bindBuffers(ctx, first, [p, x4, total]), workgroups: 1 }];
        }
        const partials = await outputBuffer(ctx, 'partials', Math.ceil(groups / 4) * 16);
        const p1 = await uniformBuffer(ctx, 'pass1', REDUCE_PARAMS, { count4, stride: groups * 256 });
        const p2 = await uniformBuffer(ctx, 'pass2', REDUCE_PARAMS, { count4: Math.ceil(groups / 4), stride: 256 });
        const launches: Launch[] = [
          { pipeline: first, bindGroup: bindBuffers(ctx, first, [p1, x4, partials]), workgroups: groups },
          { pipeline: second, bindGroup: bindBuffers(ctx, second, [p2, partials, total]), workgroups: 1 },
        ];
        return launches;
      },
      check: (out) => {
        const want = sumReference(0, elements, dtype);
        // Each lane adds ⌈count4 / threads⌉ vec4 in sequence, then ≤ 20 tree levels, in f32.
        const perLane = Math.ceil(count4 / (groups * 256));
        const tol = (perLane + 24) * 2 ** -24 * want.absSum + 1e-6;
        expectClose(ctx.label, 'the sum', out[0] as number, want.value, tol);
        return 1;
      },
      variant: subgroups ? 'subgroups' : 'tree',
    };
  },
);
