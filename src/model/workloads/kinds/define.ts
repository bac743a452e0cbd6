/**
 * What a workload kind is: one plain definition object per kind (kinds/<kind>.ts), listed
 * one line each in kinds/steps.ts (or kinds/index.ts for composite kinds). Everything the
 * page does with a kind — the picker, the form and the URL, validation, counts and the
 * roofline, the size axis for break-even and sweeps, the Python snippet, the label in the
 * history, the Python lane's choice of CPU rate, whether it runs — reads this definition
 * (how it runs: its `RunSpec`, kinds/runs.ts); nothing outside the registries switches on
 * a kind's id. Types only. Pure.
 *
 * Shapes are plain object types (type aliases, so they read as records) of numbers,
 * booleans and strings; a composite kind's shape may hold other workloads.
 */
import type { Dtype } from '../dtype.ts';
import type { WorkloadCounts } from './count.ts';
import type { FieldProblem, KindForm } from './form.ts';
import type { ParamSpec } from './params.ts';

/** How a kind's CPU time is set, for the Python lane's choice of CPU rate (NumPy matmul or a*b+c bandwidth). */
export type CpuWork = 'compute' | 'memory';

/** How one workload grows along its own size, everything else kept as the user set it. */
export interface KindSizeAxis<S> {
  /** What the size is, for the chart's axis and the sentence: 'n (m = n = k)'. */
  label: string;
  /** Unit of the size, for `data-unit`: 'n', 'elements', 'rows', … */
  unit: string;
  /** Sizes are whole numbers (bisection and sweeps round); false for a continuous size (Giga-operations). */
  integer: boolean;
  /** Default range searched and swept. */
  min: number;
  max: number;
  /** The shape's own position on the axis (may be fractional: a non-square matmul's equivalent n). */
  current: number;
  /** The shape resized to `size`, other parameters kept. */
  at(size: number): S;
}

/** Python lines for a shape, and what they need imported. */
export interface PythonSnippet {
  lines: string[];
  numpy: boolean;
  torch: boolean;
  /** `import torch.nn.functional as F`. */
  functional: boolean;
}

/**
 * The model's side of running a kind for real ("Run this workload"): what the kernels run
 * for a shape, how large its arrays are (for the adapter's limits), and how to shrink it
 * when it does not fit. One per runnable kind, in kinds/<kind>-run.ts, listed in
 * kinds/step-runs.ts or kinds/runs.ts. The kernels themselves are in
 * src/bench/workloads/kinds/<kind>/.
 */
export interface RunSpec<S> {
  /**
   * The shape the kernels run for `shape` in `dtype`, and a sentence for each change (one
   * product of a batch, a*b+c; an expression's temporaries past the memory of one run).
   */
  runnable(shape: S, dtype: Dtype): { shape: S; notes: string[] };
  /**
   * Sentences on how the kernels ran a shape (the one that ran, after any scale-down): a
   * direct convolution, an FFT's passes through memory against the model's one.
   */
  ranNotes?(shape: S): string[];
  /**
   * Why the kernels cannot run this shape at all, in a sentence ('not runnable: a radix-2
   * kernel needs a power of two length; N = 1,000 is not'); undefined when they can.
   */
  cannotRun?(shape: S): string | undefined;
  /**
   * The largest size at most `size` on the size axis that the kernels run (the FFT's powers
   * of two); a fit and a sweep land on these. Absent: every whole size runs.
   */
  readonly snapSize?: (size: number) => number;
  /**
   * Bytes every array of one run holds together, when that is not the host bytes (a
   * pipeline copies its arrays once per repetition but holds them once). Absent: host bytes.
   */
  runBytes?(shape: S): number;
  /** Elements of the largest array one run binds, padding included (× bytes per element = its buffer). */
  largestArrayElements(shape: S): number;
  /** Workgroups the largest dispatch needs in one dimension, where a kernel cannot spread them over two. */
  workgroupsPerDimension?(shape: S): number;
  /**
   * Axes to shrink along before the size axis, in order (an FFT's batch down to 64
   * transforms): shrinking the size axis first would leave a billion transforms of one
   * point. An axis's `min` is how far it goes here; `fitAxes` can take it further.
   */
  shrinkFirst?(shape: S): KindSizeAxis<S>[];
  /**
   * Further axes to shrink along, in order, once the size axis is at its smallest and a run
   * still does not fit (softmax's row length once a single row is left). A continuous axis
   * (`integer: false`) is bisected without rounding.
   */
  fitAxes?(shape: S): KindSizeAxis<S>[];
  /** The measured sweep below the run's size: how many decades down and points per decade (default 3 and 2). */
  sweep?: { decades: number; perDecade: number; min?: number };
  /**
   * Devices whose kernels of this kind cannot run `dtype` although the device runs that
   * type (run-fit.ts `runSides` says the devices' own limits), each with the sentence why.
   */
  cannotRunType?(dtype: Dtype): Partial<Record<'gpu' | 'cpu', string>>;
}

/** One workload kind. `Id` is its URL value (`w=matmul`), `S` its shape. */
export interface WorkloadKind<Id extends string, S extends object> {
  readonly id: Id;
  /** Name in the picker and the history: 'Matrix multiply'. */
  readonly label: string;
  /** Code it stands for: '`a @ b`, `torch.matmul`'. */
  readonly example: string;
  /** Shape fields in form order (the data type comes first and is everyone's). */
  readonly params: readonly ParamSpec<S>[];
  /** False for a kind without a data type (typed operations); it then always uses the default type. */
  readonly takesDtype?: boolean;
  /** The shape a fresh pick starts with; absent: every param at its default. */
  defaultShape?(dtype: Dtype): S;
  /**
   * Cross-field checks on the fields that parsed: a message per shape key (conv2d's kernel
   * must fit), with the span of a text field it points at (an expression's column).
   */
  check?(shape: Partial<S>): Partial<Record<keyof S & string, string | FieldProblem>>;
  /**
   * A kind whose functions need a large part (a parser) that the first paint should not
   * load: `load()` brings it in; until `ready()`, `check` says the field is loading and the
   * other functions must not be called. Callers await `loadWorkloadKinds()` (kinds/index.ts)
   * before they validate or count such a kind.
   */
  readonly lazy?: { load(): Promise<void>; ready(): boolean };
  /** A kind whose fields are not a fixed list (pipeline steps) builds its own form. */
  readonly form?: KindForm<S>;
  /** FLOPs, bytes, launches, with formulas and the convention. */
  counts(shape: S, dtype: Dtype): WorkloadCounts;
  /** The size axis's unit before any shape is known (equals `sizeAxis(shape).unit`). */
  readonly sizeUnit: string;
  sizeAxis(shape: S): KindSizeAxis<S>;
  python(shape: S, dtype: Dtype): PythonSnippet;
  /** The shape in a few words for labels: '2,048×2,048 · 2,048×2,048'. */
  describe(shape: S): string;
  /** A whole label, when '<label> <describe>, <dtype>' does not fit the kind (a pipeline). */
  title?(shape: S, dtype: Dtype): string;
  readonly cpuWork: CpuWork;
  /**
   * True when the kind runs for real: its kernels on both devices are in
   * src/bench/workloads/kinds/<kind>/ and its `RunSpec` in kinds/<kind>-run.ts, listed in
   * kinds/step-runs.ts (kinds/runs.ts for a composite kind). The types check that the kinds
   * marked here, the run specs and the kernels agree. The spec is apart from the definition
   * because only a run needs it, and the first paint loads the definitions.
   */
  readonly runs?: true;
}

/** Any shape, as the registry's generic code sees it. */
export type AnyShape = Record<string, unknown>;

/** Any kind, as the registry's generic code sees it (URL parsing, dispatch). */
export type AnyWorkloadKind = WorkloadKind<string, AnyShape>;

/** The shape type of a kind definition. */
export type ShapeOfKind<D> = D extends { counts(shape: infer S, dtype: Dtype): unknown } ? S : never;

/**
 * A registry: an object of kinds keyed by their ids. The constraint checks that each
 * entry's `id` is its key, so `w=<key>` always finds the kind that calls itself that.
 */
export function registry<T extends { [K in keyof T]: AnyWorkloadKind & { readonly id: K } }>(kinds: T): T {
  return kinds;
}
