/**
 * The matvec's GPU part: y_b = A·x_b for the whole batch (matvec.wgsl: a workgroup per
 * row for one vector, a thread per output for a batch). Rows of A and the x are padded to whole vec4 on upload (zeros); sampled
 * outputs are recomputed on the CPU in f64 (reference.ts).
 */
import type { MatvecShape } from '../../../../model/workloads/kinds/matvec.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { bindBuffers, storeAs, uniformBuffer } from '../../gpu/context.ts';
import { checkedOrThrow, stagedKernel } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout } from '../../gpu/shader.ts';
import { checkMatvec } from './reference.ts';

/** matvec.wgsl's `params`: rows of A, vec4 per row, vectors in the batch. */
export const MATVEC_PARAMS = uniformLayout('Params', { m: 'u32', n4: 'u32', batch: 'u32' });

export const matvecGpu = stagedKernel<MatvecShape>(['matvec'], async ({ ctx, dtype, pipeline }, { m, n, batch }) => {
  const n4 = Math.ceil(n / 4);
  const a = new Float32Array(m * n4 * 4);
  for (let i = 0; i < m; i++) fillInputs(a.subarray(i * n4 * 4, i * n4 * 4 + n), SEED.a, i * n, dtype);
  const x = new Float32Array(batch * n4 * 4);
  for (let b = 0; b < batch; b++) fillInputs(x.subarray(b * n4 * 4, b * n4 * 4 + n), SEED.b, b * n, dtype);
  // One vector: a workgroup per row; a batch: a thread per output (matvec.wgsl says why).
  const batched = batch > 1;
  const kernel = await pipeline('matvec', batched ? 'matvec_batched' : 'matvec', { uniforms: [MATVEC_PARAMS] });
  return {
    inputs: [storeAs(dtype, a), storeAs(dtype, x)],
    output: { bytes: batch * m * gpuBytes(dtype), elements: batch * m, dtype },
    launches: async (inputs, y) => {
      const params = await uniformBuffer(ctx, 'params', MATVEC_PARAMS, { m, n4, batch });
      const bindGroup = bindBuffers(ctx, kernel, [params, ...inputs, y]);
      return [{ pipeline: kernel, bindGroup, workgroups: batched ? Math.ceil((m * batch) / 64) : m }];
    },
    check: (out) =>
      checkedOrThrow(
        ctx.label,
        checkMatvec((i, b) => out[b * m + i] as number, 0, m, n, batch, dtype, roundingOf(dtype), 64),
      ),
  };
});
