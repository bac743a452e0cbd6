/**
 * The convolution's GPU part: a direct convolution, one thread per output (conv2d.wgsl),
 * NCHW input, filters in PyTorch's [k][c][r][s] layout, output NKPQ. Sampled outputs are
 * recomputed in f64 on the CPU (reference.ts) and compared within the accumulation bound.
 */
import type { Conv2dShape } from '../../../../model/workloads/kinds/conv2d.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { bindBuffers, storeAs, uniformBuffer } from '../../gpu/context.ts';
import { checkedOrThrow, stagedKernel } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout } from '../../gpu/shader.ts';
import { checkConv2d, conv2dOutput } from './reference.ts';

/** conv2d.wgsl's `params`: the shape (C, H, W, K, R, S, P, Q, stride, pad) and the number of outputs. */
export const CONV2D_PARAMS = uniformLayout('Params', {
  c: 'u32',
  h: 'u32',
  w: 'u32',
  k: 'u32',
  r: 'u32',
  s: 'u32',
  p: 'u32',
  q: 'u32',
  stride: 'u32',
  pad: 'u32',
  outputs: 'u32',
});

export const conv2dGpu = stagedKernel<Conv2dShape>(['conv2d'], async ({ ctx, dtype, pipeline }, s) => {
  const { p, q } = conv2dOutput(s);
  const outputs = s.batch * s.cout * p * q;
  const x = new Float32Array(s.batch * s.cin * s.h * s.w);
  fillInputs(x, SEED.x, 0, dtype);
  const wt = new Float32Array(s.cout * s.cin * s.kh * s.kw);
  fillInputs(wt, SEED.a, 0, dtype);
  const kernel = await pipeline('conv2d', 'conv2d', { uniforms: [CONV2D_PARAMS] });
  return {
    inputs: [storeAs(dtype, x), storeAs(dtype, wt)],
    output: { bytes: outputs * gpuBytes(dtype), elements: outputs, dtype },
    launches: async (inputs, y) => {
      const params = await uniformBuffer(ctx, 'params', CONV2D_PARAMS, {
        c: s.cin,
        h: s.h,
        w: s.w,
        k: s.cout,
        r: s.kh,
        s: s.kw,
        p,
        q,
        stride: s.stride,
        pad: s.pad,
        outputs,
      });
      const bindGroup = bindBuffers(ctx, kernel, [params, ...inputs, y]);
      return [{ pipeline: kernel, bindGroup, workgroups: Math.ceil(outputs / 64) }];
    },
    check: (out) =>
      checkedOrThrow(
        ctx.label,
        checkConv2d(
          (n, k, pp, qq) => out[((n * s.cout + k) * p + pp) * q + qq] as number,
          s,
          0,
          s.batch * p,
          dtype,
          roundingOf(dtype),
          64,
        ),
      ),
  };
});
