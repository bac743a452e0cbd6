/**
 * Attention's GPU part: the unfused path in three launches (attention.wgsl) — the scores
 * S = Q·Kᵀ/√d into a score matrix in device memory, a row softmax of it into P, then O =
 * P·V — causal or not. Q, K, V and O rows are padded to whole vec4 (zeros); sampled
 * outputs are recomputed in f64 on the CPU (reference.ts).
 */
import type { AttentionShape } from '../../../../model/workloads/kinds/attention.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { bindBuffers, outputBuffer, storeAs, uniformBuffer } from '../../gpu/context.ts';
import { checkedOrThrow, stagedKernel } from '../../gpu/run.ts';
import { gpuBytes, uniformLayout, type GpuDtype } from '../../gpu/shader.ts';
import { checkAttention } from './reference.ts';

/** attention.wgsl's `params`: query rows (sequence-heads × sq), lengths, vec4 per row, 1/√d, the mask. */
export const ATTENTION_PARAMS = uniformLayout('Params', {
  rows: 'u32',
  sq: 'u32',
  sk: 'u32',
  d4: 'u32',
  scale: 'f32',
  causal: 'u32',
});

/** `tokens` rows of d values from input `seed`, each row padded to d4 vec4 with zeros. */
function paddedRows(dtype: GpuDtype, seed: number, tokens: number, d: number, d4: number) {
  const out = new Float32Array(tokens * d4 * 4);
  for (let t = 0; t < tokens; t++) fillInputs(out.subarray(t * d4 * 4, t * d4 * 4 + d), seed, t * d, dtype);
  return storeAs(dtype, out);
}

export const attentionGpu = stagedKernel<AttentionShape>(['attention'], async ({ ctx, dtype, pipeline }, s) => {
  const heads = s.batch * s.heads;
  const rows = heads * s.sq;
  const d4 = Math.ceil(s.d / 4);
  const opts = { uniforms: [ATTENTION_PARAMS] };
  const [scores, softmax, weighted] = await Promise.all([
    pipeline('attention', 'scores', opts),
    pipeline('attention', 'softmax_rows', opts),
    pipeline('attention', 'weighted', opts),
  ]);
  const bytes = gpuBytes(dtype);
  return {
    inputs: [
      paddedRows(dtype, SEED.a, rows, s.d, d4),
      paddedRows(dtype, SEED.b, heads * s.sk, s.d, d4),
      paddedRows(dtype, SEED.c, heads * s.sk, s.d, d4),
    ],
    output: { bytes: rows * d4 * 4 * bytes, elements: rows * d4 * 4, dtype },
    launches: async ([q, k, v], o) => {
      const params = await uniformBuffer(ctx, 'params', ATTENTION_PARAMS, {
        rows,
        sq: s.sq,
        sk: s.sk,
        d4,
        scale: 1 / Math.sqrt(s.d),
        causal: s.causal ? 1 : 0,
      });
      const sMatrix = await outputBuffer(ctx, 'scores', rows * s.sk * bytes);
      const pMatrix = await outputBuffer(ctx, 'probabilities', rows * s.sk * bytes);
      const bind = (p: GPUComputePipeline, buffers: GPUBuffer[]) => bindBuffers(ctx, p, [params, ...buffers]);
      return [
        {
          pipeline: scores,
          bindGroup: bind(scores, [q, k, sMatrix] as GPUBuffer[]),
          workgroups: Math.ceil((rows * s.sk) / 64),
        },
        { pipeline: softmax, bindGroup: bind(softmax, [sMatrix, pMatrix]), workgroups: rows },
        {
          pipeline: weighted,
          bindGroup: bind(weighted, [pMatrix, v, o] as GPUBuffer[]),
          workgroups: Math.ceil((rows * d4) / 64),
        },
      ];
    },
    check: (out) =>
      checkedOrThrow(
        ctx.label,
        checkAttention((b, i, e) => out[(b * s.sq + i) * d4 * 4 + e] as number, s, 0, rows, dtype, roundingOf(dtype), {
          rows: 8,
          cols: 16,
        }),
      ),
  };
});
