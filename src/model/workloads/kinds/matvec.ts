/**
 * Matrix-vector product: y = A·x with A m×n, for `batch` vectors x at once, the step that
 * dominates LLM decoding (`x @ W.T` for each new token). A is shared by the batch, as the
 * weights are when a server decodes several sequences together: it is read once per call,
 * each x and y once. For batch 1 the traffic is (m·n + n + m)·size; batching adds only the
 * vectors, which is why batched decoding pays off. Pure.
 */
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { SIZE, countsFrom, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import { MAX_DIM, int, type ParamSpec } from './params.ts';
import { needsTorch, randomArray, snippet } from './py.ts';

export type MatvecShape = {
  /** Rows of A: outputs per vector (a layer's output features). */
  m: number;
  /** Columns of A: the length of x (input features). */
  n: number;
  /** Vectors multiplied by the same A (tokens decoded at once). */
  batch: number;
};

// Defaults: one 4096 × 4096 projection of a 7-billion-parameter model (Llama 2 7B) decoding one token.
const PARAMS: readonly ParamSpec<MatvecShape>[] = [
  int(
    'm',
    'w.m',
    'Rows of A (m)',
    'rows',
    1,
    MAX_DIM,
    4096,
    'Outputs per vector: `out_features` of the layer, 4096 in Llama 2 7B.',
  ),
  int('n', 'w.n', 'Columns of A (n)', 'columns', 1, MAX_DIM, 4096, 'The length of x: `in_features` of the layer.'),
  int(
    'batch',
    'w.batch',
    'Batch (vectors sharing A)',
    'vectors',
    1,
    1e4,
    1,
    'Vectors multiplied by the same matrix: sequences decoded together. 1 for one token at a time.',
  ),
];

export function matvecCounts(s: MatvecShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const a = s.m * s.n * size;
  const x = s.batch * s.n * size;
  const y = s.batch * s.m * size;
  return countsFrom(
    [
      {
        label: 'y = A·x',
        kernelClass: 'matvec',
        flops: 2 * s.m * s.n * s.batch,
        deviceBytes: a + x + y,
        count: 1,
        parallelUnits: s.m,
      },
    ],
    a + x,
    y,
    {
      flops: '2·m·n·batch',
      deviceBytes: `(m·n + batch·(n + m))·${SIZE}`,
      hostBytes: `A and x up, y back: (m·n + batch·(n + m))·${SIZE}`,
      launches: '1',
    },
    'One multiply-add per element of A and vector counts 2 FLOPs. A is shared by the batch (the weights of LLM decoding): read once, each x read and each y written once, so batch 1 moves (m·n + n + m)·size and its intensity is about 2 FLOPs per element of A, whatever the size: memory-bound on every device.',
  );
}

export const matvec = {
  id: 'matvec',
  label: 'Matrix-vector product',
  example: '`A @ x`, `F.linear(x, W)` when decoding one token at a time',
  params: PARAMS,
  counts: matvecCounts,
  sizeUnit: 'n',
  // Square A (m = n; batch kept); a non-square A sits at the n with the same work, √(m·n).
  sizeAxis: (s) => ({
    label: 'n (square matrix, m = n)',
    unit: 'n',
    integer: true,
    min: 1,
    max: 1e6,
    current: Math.sqrt(s.m * s.n),
    at: (n) => ({ ...s, m: n, n }),
  }),
  python: (s, dtype) => {
    const t = needsTorch(dtype);
    const lines = [randomArray('A', [s.m, s.n], dtype, t)];
    if (s.batch === 1) {
      lines.push(randomArray('x', [s.n], dtype, t), 'y = A @ x');
    } else {
      lines.push(randomArray('x', [s.batch, s.n], dtype, t), 'y = x @ A.T  # one A for every row of x');
    }
    return snippet(lines, t);
  },
  describe: (s) => {
    const n = (v: number) => v.toLocaleString('en-US');
    return `${n(s.m)}×${n(s.n)} · ${n(s.n)}${s.batch > 1 ? `, batch ${n(s.batch)}` : ''}`;
  },
  cpuWork: 'memory',
  runs: true,
} satisfies WorkloadKind<'matvec', MatvecShape>;
