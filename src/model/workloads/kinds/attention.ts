/** Scaled dot-product attention: `softmax(Q·Kᵀ/√d)·V` per batch and head. Pure. */
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { SIZE, countsFrom, type KernelCount, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import { MAX_DIM, flag, int, type ParamSpec } from './params.ts';
import { pyInt, snippet, torchType } from './py.ts';
import { SOFTMAX_FLOPS_PER_ELEMENT } from './softmax.ts';

export type AttentionShape = {
  batch: number;
  heads: number;
  /** Query length. */
  sq: number;
  /** Key / value length. */
  sk: number;
  /** Head dimension. */
  d: number;
  /** Causal mask: each query sees only the keys up to its position. */
  causal: boolean;
  /**
   * One kernel that never writes the score matrix (FlashAttention, PyTorch's
   * `scaled_dot_product_attention`), rather than three (scores, softmax, weighted sum).
   */
  fused: boolean;
};

// Defaults: BERT-base / GPT-2 small (12 heads of 64) on 8 sequences of 1024 tokens.
const PARAMS: readonly ParamSpec<AttentionShape>[] = [
  int('batch', 'w.batch', 'Batch', 'sequences', 1, 1e5, 8, 'Sequences per call.'),
  int('heads', 'w.heads', 'Heads', 'heads', 1, 1e4, 12, 'Attention heads: 12 in BERT-base and GPT-2 small.'),
  int(
    'sq',
    'w.sq',
    'Query length',
    'tokens',
    1,
    MAX_DIM,
    1024,
    'Tokens that ask (the sequence length for self-attention).',
  ),
  int(
    'sk',
    'w.sk',
    'Key length',
    'tokens',
    1,
    MAX_DIM,
    1024,
    'Tokens attended to (equal to the query length for self-attention).',
  ),
  int(
    'd',
    'w.d',
    'Head dimension',
    'features',
    1,
    1e5,
    64,
    'Features per head: model width / heads, 64 for BERT-base.',
  ),
  flag(
    'causal',
    'w.causal',
    'Causal mask',
    false,
    'Each token sees only earlier tokens (GPT-style decoders): half the work.',
  ),
  flag(
    'fused',
    'w.fused',
    'Fused kernel',
    true,
    'One kernel that never stores the score matrix (FlashAttention, `F.scaled_dot_product_attention`); off: three kernels that write and read it (`softmax(q @ k.T) @ v`).',
  ),
];

export function attentionCounts(s: AttentionShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const bh = s.batch * s.heads;
  // Causal: only the lower triangle of the score matrix is computed (FlashAttention's
  // counting); exactly ½ is the convention, (sk + 1)/(2·sk) strictly.
  const share = s.causal ? 0.5 : 1;
  const matmulFlops = 2 * bh * s.sq * s.sk * s.d * share; // each of Q·Kᵀ and P·V
  const softmaxFlops = SOFTMAX_FLOPS_PER_ELEMENT * bh * s.sq * s.sk * share;
  const q = bh * s.sq * s.d * size;
  const k = bh * s.sk * s.d * size;
  const v = k;
  const o = q;
  // A dense tensor holds the masked entries too, so the stored score matrix is full size.
  const scores = bh * s.sq * s.sk * size;
  // The CPU kernels split query rows (sequence × head × query) across the workers.
  const rows = bh * s.sq;
  const kernels: KernelCount[] = s.fused
    ? [
        {
          label: 'fused attention',
          kernelClass: 'attention',
          flops: 2 * matmulFlops + softmaxFlops,
          deviceBytes: q + k + v + o,
          count: 1,
          parallelUnits: rows,
        },
      ]
    : (
        [
          {
            label: 'scores S = Q·Kᵀ',
            kernelClass: 'matmul',
            flops: matmulFlops,
            deviceBytes: q + k + scores,
            count: 1,
          },
          { label: 'softmax(S)', kernelClass: 'rowwise', flops: softmaxFlops, deviceBytes: 2 * scores, count: 1 },
          { label: 'O = P·V', kernelClass: 'matmul', flops: matmulFlops, deviceBytes: scores + v + o, count: 1 },
        ] satisfies KernelCount[]
      ).map((kernel): KernelCount => ({ ...kernel, measuredAs: 'attention', parallelUnits: rows }));
  const half = s.causal ? ' · ½ (causal)' : '';
  return countsFrom(
    kernels,
    q + k + v,
    o,
    {
      flops: `(4·b·h·sq·sk·d + ${SOFTMAX_FLOPS_PER_ELEMENT}·b·h·sq·sk)${half}`,
      deviceBytes: s.fused
        ? `(2·b·h·sq·d + 2·b·h·sk·d)·${SIZE}: Q, K, V read, O written`
        : `(2·b·h·sq·d + 2·b·h·sk·d + 4·b·h·sq·sk)·${SIZE}: also the score matrix written, read, written and read`,
      hostBytes: `Q, K, V up, O back: (2·b·h·sq·d + 2·b·h·sk·d)·${SIZE}`,
      launches: s.fused ? '1' : '3 (scores, softmax, weighted sum)',
    },
    s.fused
      ? 'Fused (FlashAttention): the score matrix lives in on-chip memory and never reaches device memory.'
      : 'Unfused: the sq × sk score matrix is stored in full (masked entries too), then read by softmax and by the weighted sum.',
  );
}

export const attention = {
  id: 'attention',
  label: 'Attention',
  example: '`F.scaled_dot_product_attention(q, k, v)`',
  params: PARAMS,
  counts: attentionCounts,
  sizeUnit: 'tokens',
  // Sequence length (sq = sk); a shape with sq ≠ sk sits at √(sq·sk).
  sizeAxis: (s) => ({
    label: 'sequence length (query = key)',
    unit: 'tokens',
    integer: true,
    min: 1,
    max: 1e6,
    current: Math.sqrt(s.sq * s.sk),
    at: (n) => ({ ...s, sq: n, sk: n }),
  }),
  python: (s, dtype) => {
    const t = torchType(dtype);
    const lines = [
      `q = torch.rand(${pyInt(s.batch)}, ${pyInt(s.heads)}, ${pyInt(s.sq)}, ${pyInt(s.d)}, dtype=${t})`,
      `k = torch.rand(${pyInt(s.batch)}, ${pyInt(s.heads)}, ${pyInt(s.sk)}, ${pyInt(s.d)}, dtype=${t})`,
      'v = torch.rand_like(k)',
    ];
    if (s.fused) {
      lines.push(`o = F.scaled_dot_product_attention(q, k, v, is_causal=${s.causal ? 'True' : 'False'})`);
    } else {
      lines.push(`s = q @ k.transpose(-2, -1) / ${pyInt(s.d)} ** 0.5`);
      if (s.causal) lines.push('s = s.masked_fill(torch.ones_like(s, dtype=torch.bool).triu(1), float("-inf"))');
      lines.push('o = torch.softmax(s, dim=-1) @ v');
    }
    return snippet(lines, true, true);
  },
  describe: (s) => {
    const n = (v: number) => v.toLocaleString('en-US');
    return `${n(s.batch)}×${n(s.heads)} heads, ${n(s.sq)}×${n(s.sk)} tokens, d ${n(s.d)}${s.causal ? ', causal' : ''}`;
  },
  cpuWork: 'compute',
  runs: true,
} satisfies WorkloadKind<'attention', AttentionShape>;
