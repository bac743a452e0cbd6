/** Reduction: sum / mean / max over a whole array to one value (`x.sum()`). Pure. */
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { SIZE, countsFrom, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import { MAX_ELEMENTS, int, type ParamSpec } from './params.ts';
import { needsTorch, randomArray, snippet } from './py.ts';

export type ReductionShape = {
  elements: number;
};

const PARAMS: readonly ParamSpec<ReductionShape>[] = [
  int(
    'elements',
    'w.elements',
    'Elements',
    'elements',
    1,
    MAX_ELEMENTS,
    1e8,
    '`x.size` for `x.sum()`, `x.mean()` or `x.max()` over the whole array.',
  ),
];

export function reductionCounts(s: ReductionShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const bytes = s.elements * size;
  return countsFrom(
    [
      {
        label: 'reduce',
        kernelClass: 'reduction',
        flops: s.elements,
        deviceBytes: bytes,
        count: 1,
        parallelUnits: Math.ceil(s.elements / 16),
      },
    ],
    bytes,
    size,
    {
      flops: 'elements (one add or compare each)',
      deviceBytes: `elements·${SIZE}`,
      hostBytes: `elements·${SIZE} up, one value back`,
      launches: '1',
    },
    'n FLOPs (strictly n − 1), each element read once; writing the single result is not counted in device traffic.',
  );
}

export const reduction = {
  id: 'reduction',
  label: 'Reduction',
  example: '`x.sum()`, `x.mean()`, `x.max()`',
  params: PARAMS,
  counts: reductionCounts,
  sizeUnit: 'elements',
  sizeAxis: (s) => ({
    label: 'elements',
    unit: 'elements',
    integer: true,
    min: 1,
    max: 1e11,
    current: s.elements,
    at: (elements) => ({ ...s, elements }),
  }),
  python: (s, dtype) =>
    snippet([randomArray('x', [s.elements], dtype, needsTorch(dtype)), 's = x.sum()'], needsTorch(dtype)),
  describe: (s) => `${s.elements.toLocaleString('en-US')} elements`,
  cpuWork: 'memory',
  runs: true,
} satisfies WorkloadKind<'reduction', ReductionShape>;
