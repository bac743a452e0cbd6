/** Softmax along each of `rows` rows of `cols` values (`torch.softmax(x, dim=-1)`). Pure. */
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { SIZE, countsFrom, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import { int, type ParamSpec } from './params.ts';
import { pyInt, snippet, torchType } from './py.ts';
import { rowsAxis, rowsText } from './rows.ts';

export type SoftmaxShape = {
  rows: number;
  cols: number;
};

/**
 * FLOPs per softmax element: max, subtract, exp, sum, divide (issue #12). exp is more
 * than one instruction; the convention counts it as one, like PyTorch's counter.
 */
export const SOFTMAX_FLOPS_PER_ELEMENT = 5;

const PARAMS: readonly ParamSpec<SoftmaxShape>[] = [
  int('rows', 'w.rows', 'Rows', 'rows', 1, 1e9, 4096, 'Independent rows, e.g. batch × tokens for logits.'),
  int(
    'cols',
    'w.cols',
    'Columns (softmax length)',
    'columns',
    1,
    1e9,
    32000,
    'Values per row: the vocabulary size for logits (32 000 for Llama 2).',
  ),
];

export function softmaxCounts(s: SoftmaxShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const elements = s.rows * s.cols;
  const bytes = elements * size;
  return countsFrom(
    [
      {
        label: 'softmax',
        kernelClass: 'rowwise',
        flops: SOFTMAX_FLOPS_PER_ELEMENT * elements,
        deviceBytes: 2 * bytes,
        count: 1,
        parallelUnits: s.rows,
      },
    ],
    bytes,
    bytes,
    {
      flops: `${SOFTMAX_FLOPS_PER_ELEMENT}·rows·cols`,
      deviceBytes: `2·rows·cols·${SIZE} (one read, one write)`,
      hostBytes: `rows·cols·${SIZE} up and the same back`,
      launches: '1',
    },
    'One kernel that keeps each row in cache or registers between its max, sum and normalize passes: 1 read + 1 write of the matrix. Rows too long for cache (hundreds of thousands of columns) cost up to 3 reads + 1 write.',
  );
}

export const softmax = {
  id: 'softmax',
  label: 'Softmax over rows',
  example: '`torch.softmax(x, dim=-1)`',
  params: PARAMS,
  counts: softmaxCounts,
  sizeUnit: 'rows',
  sizeAxis: rowsAxis,
  python: (s, dtype) =>
    snippet(
      [`x = torch.rand(${pyInt(s.rows)}, ${pyInt(s.cols)}, dtype=${torchType(dtype)})`, 'y = torch.softmax(x, dim=-1)'],
      true,
    ),
  describe: rowsText,
  cpuWork: 'memory',
  runs: true,
} satisfies WorkloadKind<'softmax', SoftmaxShape>;
