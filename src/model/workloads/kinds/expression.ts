/**
 * A NumPy/PyTorch expression over named arrays (issue #18):
 * `w=expression&w.expr=a*b%2Bc&w.arrays=a:100000000,b:100000000,c:100000000&w.dtype=f32&w.mode=eager`.
 * The expression is parsed by our own parser (never evaluated) and counted as the kernels
 * it runs as: eager (one kernel per operator, each temporary written and read back, as
 * NumPy, CuPy and PyTorch run it) or fused (one kernel per elementwise chain, as
 * torch.compile and jax.jit run it).
 *
 * This definition is light on purpose: the registry is part of the first paint, the
 * parser, counts and snippets (../expression/, about 11 KB gzip) are not. They load with
 * `lazy.load()`; until then `check` says the expression is loading. Pure.
 */
import type { Dtype } from '../dtype.ts';
import { formatArrays, MAX_ARRAYS_TEXT, parseArrays } from '../expression/arrays.ts';
import type * as Parts from '../expression/kind-parts.ts';
import type { PlanMode } from '../expression/plan.ts';
import type { WorkloadCounts } from './count.ts';
import type { KindSizeAxis, PythonSnippet, WorkloadKind } from './define.ts';
import type { FieldProblem } from './form.ts';
import type { ParamSpec, TextParse } from './params.ts';

export type ExpressionShape = {
  /** The expression as typed (`a*b + c`). */
  expr: string;
  /** The named arrays, as `w.arrays` writes them: `a:100000000,x:1024x2048`. */
  arrays: string;
  mode: PlanMode;
};

/** Longest expression accepted (the parser's own limit, here so the form needs no parser). */
export const EXPRESSION_MAX_LENGTH = 10_000;

/** The worked example: a*b + c on three arrays of 10⁸ values. */
export const EXPRESSION_DEFAULT_SHAPE: ExpressionShape = {
  expr: 'a*b + c',
  arrays: 'a:100000000,b:100000000,c:100000000',
  mode: 'eager',
};

const PARAMS: readonly ParamSpec<ExpressionShape>[] = [
  {
    kind: 'text',
    key: 'expr',
    param: 'w.expr',
    label: 'Expression',
    help: 'NumPy or PyTorch, over the arrays below: + − * / **, @, np.exp/log/sqrt/abs/sin/cos/tanh, np.maximum/minimum/where, comparisons, .sum() .mean() .max() (axis=…), .T, numbers. E.g. `np.exp(x) / np.exp(x).sum()`, `x @ w + b`.',
    maxLength: EXPRESSION_MAX_LENGTH,
    defaultValue: EXPRESSION_DEFAULT_SHAPE.expr,
    code: true,
    // Leading spaces stay, so columns in messages match the field; trailing ones go.
    parse: (raw): TextParse => ({ ok: true, value: raw.trimEnd() }),
  },
  {
    kind: 'text',
    key: 'arrays',
    param: 'w.arrays',
    label: 'Arrays (name:shape, …)',
    help: 'Each array the expression names, with its shape: `a:100000000,b:100000000,c:100000000`, `x:1024x2048,w:2048x512,b:512`. Broadcasting follows NumPy.',
    maxLength: MAX_ARRAYS_TEXT,
    defaultValue: EXPRESSION_DEFAULT_SHAPE.arrays,
    parse: (raw): TextParse => {
      const r = parseArrays(raw);
      return r.ok ? { ok: true, value: formatArrays(r.arrays) } : r;
    },
  },
  {
    kind: 'choice',
    key: 'mode',
    param: 'w.mode',
    label: 'How it runs',
    help: 'Eager: one kernel per operator, every temporary written and read back (NumPy, CuPy, PyTorch). Fused: one kernel per elementwise chain (torch.compile, jax.jit, cupy.fuse, numexpr).',
    choices: [
      { value: 'eager', label: 'Eager (NumPy, PyTorch)' },
      { value: 'fused', label: 'Fused (torch.compile, jax.jit)' },
    ],
    defaultValue: EXPRESSION_DEFAULT_SHAPE.mode,
    sideBySide: true,
  },
];

let parts: typeof Parts | undefined;
let loading: Promise<void> | undefined;

/** The parser, counts and snippets, loaded once. */
function loadParts(): Promise<void> {
  loading ??= import('../expression/kind-parts.ts').then((m) => {
    parts = m;
  });
  return loading;
}

/** The loaded parts; calling a kind function before `lazy.load()` resolved is a bug, not user input. */
function need(): typeof Parts {
  if (!parts) throw new Error('the expression parser is not loaded yet: await loadWorkloadKinds() first');
  return parts;
}

/** The expression, shortened for labels. */
function short(text: string, most: number): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > most ? `${t.slice(0, most - 1)}…` : t;
}

export const expression = {
  id: 'expression',
  label: 'NumPy expression',
  example: '`a*b + c`, `np.exp(x) / np.exp(x).sum()`, `x @ w + b`',
  params: PARAMS,
  lazy: { load: loadParts, ready: () => parts !== undefined },
  check: (s): Partial<Record<keyof ExpressionShape, string | FieldProblem>> => {
    if (s.expr === undefined || s.arrays === undefined) return {};
    if (!parts) return { expr: 'Loading the expression parser…' };
    return parts.checkExpression(s.expr, s.arrays);
  },
  counts: (s: ExpressionShape, dtype: Dtype): WorkloadCounts => need().expressionShapeCounts(s, dtype),
  sizeUnit: 'n',
  sizeAxis: (s: ExpressionShape): KindSizeAxis<ExpressionShape> => need().expressionSizeAxis(s),
  python: (s: ExpressionShape, dtype: Dtype): PythonSnippet => need().expressionPython(s, dtype),
  describe: (s) => `${short(s.expr, 60)} over ${short(s.arrays, 60)}, ${s.mode}`,
  cpuWork: 'memory',
  runs: true,
} satisfies WorkloadKind<'expression', ExpressionShape>;
