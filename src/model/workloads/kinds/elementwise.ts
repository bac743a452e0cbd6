/** Elementwise: one pass over arrays of `elements` values (`a*b+c`, `np.exp(x)`). Pure. */
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { SIZE, countsFrom, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import { MAX_ELEMENTS, int, type ParamSpec } from './params.ts';
import { needsTorch, npType, pyInt, snippet, torchType } from './py.ts';

export type ElementwiseShape = {
  elements: number;
  /** Arrays read. 0 is allowed (a generator such as `np.random.rand`). */
  inputs: number;
  /** Arrays written. */
  outputs: number;
  /** FLOPs per element: `a*b+c` is 2. */
  flopsPerElement: number;
};

const PARAMS: readonly ParamSpec<ElementwiseShape>[] = [
  int(
    'elements',
    'w.elements',
    'Elements per array',
    'elements',
    1,
    MAX_ELEMENTS,
    1e8,
    '`x.size` of each array: 10⁸ float32 is 400 MB.',
  ),
  int('inputs', 'w.inputs', 'Input arrays', 'arrays', 0, 64, 3, 'Arrays read: `a*b+c` reads 3, `np.exp(x)` reads 1.'),
  int('outputs', 'w.outputs', 'Output arrays', 'arrays', 1, 64, 1, 'Arrays written: usually 1.'),
  {
    kind: 'number',
    key: 'flopsPerElement',
    param: 'w.flops',
    label: 'FLOPs per element',
    help: '`a*b+c` is 2 (one multiply, one add); `np.exp` is about 10–20, depending on the library.',
    unit: 'FLOPs',
    min: 0,
    minExclusive: false,
    floor: 1e-3,
    max: 1e4,
    integer: false,
    defaultValue: 2,
  },
];

export function elementwiseCounts(s: ElementwiseShape, dtype: Dtype): WorkloadCounts {
  const size = DTYPE_BYTES[dtype];
  const up = s.elements * s.inputs * size;
  const down = s.elements * s.outputs * size;
  return countsFrom(
    [
      {
        label: 'elementwise',
        kernelClass: 'elementwise',
        flops: s.elements * s.flopsPerElement,
        deviceBytes: up + down,
        count: 1,
        parallelUnits: Math.ceil(s.elements / 16),
      },
    ],
    up,
    down,
    {
      flops: 'elements·FLOPs per element',
      deviceBytes: `elements·(inputs + outputs)·${SIZE}`,
      hostBytes: `inputs up, outputs back: elements·(inputs + outputs)·${SIZE}`,
      launches: '1',
    },
    'One fused pass: every input read once, every output written once. NumPy evaluates `a*b+c` as two passes with a temporary (6 array passes, not 4); model that as a pipeline of two elementwise steps.',
  );
}

export const elementwise = {
  id: 'elementwise',
  label: 'Elementwise',
  example: '`a*b+c`, `np.exp(x)`, `torch.relu(x)`',
  params: PARAMS,
  counts: elementwiseCounts,
  sizeUnit: 'elements',
  sizeAxis: (s) => ({
    label: 'elements per array',
    unit: 'elements',
    integer: true,
    min: 1,
    max: 1e11,
    current: s.elements,
    at: (elements) => ({ ...s, elements }),
  }),
  python: (s, dtype) => {
    const { elements, inputs, outputs, flopsPerElement } = s;
    const t = needsTorch(dtype);
    const names = Array.from({ length: Math.min(inputs, 4) }, (_, i) => String.fromCharCode(97 + i));
    const make = t
      ? (v: string) => `${v} = torch.rand(${pyInt(elements)}, dtype=${torchType(dtype)})`
      : (v: string) => `${v} = np.random.rand(${pyInt(elements)}).astype(${npType(dtype)})`;
    const lines = names.map(make);
    if (inputs > names.length) lines.push(`# … ${inputs - names.length} more input arrays`);
    const expr = elementwiseExpression(names, inputs, flopsPerElement, t, elements);
    lines.push(`out = ${expr}`);
    if (outputs > 1) lines.push(`# … and ${outputs - 1} more output array${outputs > 2 ? 's' : ''}`);
    return snippet(lines, t);
  },
  describe: (s) => {
    const n = (v: number) => v.toLocaleString('en-US');
    return `${n(s.elements)} elements, ${n(s.inputs)} in, ${n(s.outputs)} out`;
  },
  cpuWork: 'memory',
  runs: true,
} satisfies WorkloadKind<'elementwise', ElementwiseShape>;

/** Most binary operators a written-out example uses before it names the function instead. */
const MAX_WRITTEN_FLOPS = 12;

/**
 * A Python expression over the input arrays whose FLOPs per element are the count beside
 * it (issue #17: "Python examples agree with the counts they sit beside"): one binary
 * operator is one FLOP, so `a * b + c` is 2 and `a + b` is 1; constants fill in where
 * there are more FLOPs than arrays to combine. A count it cannot write that way (fewer
 * FLOPs than arrays, a fraction, many FLOPs) is said in a comment instead of shown wrong.
 */
export function elementwiseExpression(
  names: readonly string[],
  inputs: number,
  flops: number,
  torch: boolean,
  elements: number,
): string {
  if (inputs === 0) return `${torch ? 'torch.rand' : 'np.random.rand'}(${pyInt(elements)})`;
  const arrays = inputs - 1;
  if (Number.isInteger(flops) && flops >= arrays && flops <= MAX_WRITTEN_FLOPS && names.length === inputs) {
    if (flops === 0) return `${names[0]}.${torch ? 'clone' : 'copy'}()`;
    const constants = ['1.5', '0.5', '2.0', '0.25'];
    const terms = [...names];
    for (let i = 0; terms.length < flops + 1; i++) terms.push(constants[i % constants.length] ?? '1.0');
    return terms.reduce((acc, term, i) => (i === 0 ? term : `${acc} ${i % 2 === 1 ? '*' : '+'} ${term}`), '');
  }
  const args = names.join(', ');
  return `f(${args})  # your elementwise function: ${flops} FLOP${flops === 1 ? '' : 's'} per element over ${inputs} array${inputs === 1 ? '' : 's'}`;
}
