/**
 * Matrix multiply: `C = A·B` with A m×k and B k×n, `batch` independent products
 * (`a @ b`, `torch.matmul`, `torch.bmm`). Pure.
 */
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { SIZE, countsFrom, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import { MAX_DIM, int, type ParamSpec } from './params.ts';
import { needsTorch, pyInt, snippet, torchType, npType } from './py.ts';

export type MatmulShape = {
  m: number;
  n: number;
  k: number;
  batch: number;
};

const PARAMS: readonly ParamSpec<MatmulShape>[] = [
  int(
    'm',
    'w.m',
    'Rows of A and C (m)',
    'rows',
    1,
    MAX_DIM,
    2048,
    'A is m × k. For `a @ b` with a of shape (2048, 512), m = 2048.',
  ),
  int('n', 'w.n', 'Columns of B and C (n)', 'columns', 1, MAX_DIM, 2048, 'B is k × n; the result C is m × n.'),
  int(
    'k',
    'w.k',
    'Inner dimension (k)',
    'columns',
    1,
    MAX_DIM,
    2048,
    'Columns of A = rows of B: the length of each dot product.',
  ),
  int(
    'batch',
    'w.batch',
    'Batch (independent products)',
    'matrices',
    1,
    1e6,
    1,
    'How many products at once, as in `torch.bmm` or `a @ b` on stacks of matrices. 1 for a single product.',
  ),
];

export function matmulCounts(s: MatmulShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const a = s.m * s.k * s.batch * size;
  const b = s.k * s.n * s.batch * size;
  const c = s.m * s.n * s.batch * size;
  const flops = 2 * s.batch * s.m * s.n * s.k;
  return countsFrom(
    [
      {
        label: 'C = A·B',
        kernelClass: 'matmul',
        flops,
        deviceBytes: a + b + c,
        count: 1,
        parallelUnits: s.m * s.batch,
      },
    ],
    a + b,
    c,
    {
      flops: '2·batch·m·n·k',
      deviceBytes: `(m·k + k·n + m·n)·batch·${SIZE}`,
      hostBytes: `A and B up, C back: (m·k + k·n + m·n)·batch·${SIZE}`,
      launches: '1',
    },
    'One multiply-add per (i, j, l) counts 2 FLOPs. Bytes: each matrix read or written once, as a blocked kernel achieves when tiles fit in cache.',
  );
}

export const matmul = {
  id: 'matmul',
  label: 'Matrix multiply',
  example: '`a @ b`, `torch.matmul`, `torch.bmm`',
  params: PARAMS,
  counts: matmulCounts,
  sizeUnit: 'n',
  // Square n (m = n = k = n; batch kept); a non-square shape sits at the n with the same FLOPs, ∛(m·n·k).
  sizeAxis: (s) => ({
    label: 'n (square matrices, m = n = k)',
    unit: 'n',
    integer: true,
    min: 1,
    max: 65536,
    current: Math.cbrt(s.m * s.n * s.k),
    at: (n) => ({ ...s, m: n, n, k: n }),
  }),
  python: (s, dtype) => {
    const lead = s.batch > 1 ? [s.batch] : [];
    const t = needsTorch(dtype);
    const make = (name: string, r: number, c: number) =>
      t
        ? `${name} = torch.rand(${[...lead, r, c].map(pyInt).join(', ')}, dtype=${torchType(dtype)})`
        : `${name} = np.random.rand(${[...lead, r, c].map(pyInt).join(', ')}).astype(${npType(dtype)})`;
    return snippet([make('a', s.m, s.k), make('b', s.k, s.n), 'c = a @ b'], t);
  },
  describe: (s) => {
    const n = (v: number) => v.toLocaleString('en-US');
    return `${s.batch > 1 ? `${n(s.batch)} × ` : ''}${n(s.m)}×${n(s.k)} · ${n(s.k)}×${n(s.n)}`;
  },
  cpuWork: 'compute',
  runs: true,
} satisfies WorkloadKind<'matmul', MatmulShape>;
