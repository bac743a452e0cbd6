/**
 * Layer normalisation over the last axis: each of `rows` rows of `cols` values becomes
 * (x − mean) / √(var + ε) · γ + β, with γ and β of `cols` values each
 * (`torch.nn.LayerNorm(cols)`), as in every transformer block. Pure.
 */
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { SIZE, countsFrom, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import { int, type ParamSpec } from './params.ts';
import { pyInt, snippet, torchType } from './py.ts';
import { rowsAxis, rowsText } from './rows.ts';

export type LayernormShape = {
  rows: number;
  cols: number;
};

/** FLOPs per element: mean (add); variance (subtract, square, add); output (subtract, × 1/σ, × γ, + β). */
export const LAYERNORM_FLOPS_PER_ELEMENT = 8;
/** FLOPs per row: mean and variance divided by the row length, + ε, √, 1/x. */
export const LAYERNORM_FLOPS_PER_ROW = 5;

// Defaults: a transformer block of width 4096 (Llama 2 7B) on 4096 tokens.
const PARAMS: readonly ParamSpec<LayernormShape>[] = [
  int('rows', 'w.rows', 'Rows', 'rows', 1, 1e9, 4096, 'Vectors normalised independently: batch × tokens.'),
  int(
    'cols',
    'w.cols',
    'Columns (normalised length)',
    'columns',
    1,
    1e9,
    4096,
    'Values per row: `normalized_shape` of `torch.nn.LayerNorm`, the model width (4096 in Llama 2 7B).',
  ),
];

export function layernormCounts(s: LayernormShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const x = s.rows * s.cols * size;
  const params = 2 * s.cols * size;
  return countsFrom(
    [
      {
        label: 'layernorm',
        kernelClass: 'rowwise',
        flops: LAYERNORM_FLOPS_PER_ELEMENT * s.rows * s.cols + LAYERNORM_FLOPS_PER_ROW * s.rows,
        deviceBytes: 2 * x + params,
        count: 1,
        parallelUnits: s.rows,
      },
    ],
    x + params,
    x,
    {
      flops: `${LAYERNORM_FLOPS_PER_ELEMENT}·rows·cols + ${LAYERNORM_FLOPS_PER_ROW}·rows`,
      deviceBytes: `(2·rows·cols + 2·cols)·${SIZE}: x read once, y written once, γ and β read once`,
      hostBytes: `x, γ and β up, y back: (2·rows·cols + 2·cols)·${SIZE}`,
      launches: '1',
    },
    'FLOPs, counted as the two-pass kernel computes them: 8 per element (mean: 1 add; variance: subtract, square, add; output: subtract the mean, × 1/σ, × γ, + β) and 5 per row (two divisions by the row length, + ε, √, 1/x). Other counters differ (PyTorch’s FLOP counter counts none); what binds is the memory traffic: x read once and y written once, the row kept in cache between passes, plus γ and β.',
  );
}

export const layernorm = {
  id: 'layernorm',
  label: 'Layer norm over rows',
  example: '`torch.nn.LayerNorm(d)(x)`, `F.layer_norm(x, (d,))`',
  params: PARAMS,
  counts: layernormCounts,
  sizeUnit: 'rows',
  sizeAxis: rowsAxis,
  python: (s, dtype) =>
    snippet(
      [
        `x = torch.rand(${pyInt(s.rows)}, ${pyInt(s.cols)}, dtype=${torchType(dtype)})`,
        `norm = torch.nn.LayerNorm(${pyInt(s.cols)}, dtype=${torchType(dtype)})  # γ and β: ${pyInt(s.cols)} values each`,
        'y = norm(x)',
      ],
      true,
    ),
  describe: rowsText,
  cpuWork: 'memory',
  runs: true,
} satisfies WorkloadKind<'layernorm', LayernormShape>;
