/**
 * What a saved estimate keeps of its answer beyond the seed's outputs (issue #17): the
 * bound on each device and the break-even along the code's own size, so saved estimates can
 * be compared side by side as they were answered. Its validation, for data read back from
 * storage or a file, and the comparison of 2–4 saved estimates. Pure.
 */
import { customAnswer, type Answer, type AnswerBreakEven } from './answer.ts';
import { breakEvenShortText, boundWords } from './outputs.ts';
import { validateInputs } from '../estimator/fields.ts';
import type { Bound } from '../workloads/roofline.ts';

export interface SavedAnswer {
  cpuBound: Bound;
  gpuBound: Bound;
  breakEven: { kind: AnswerBreakEven['kind']; size?: number; unit: string };
}

export function savedAnswer(a: Answer): SavedAnswer {
  const be = a.breakEven;
  return {
    cpuBound: a.cpuBound,
    gpuBound: a.gpuBound,
    breakEven:
      be.kind === 'finite' ? { kind: 'finite', size: be.size, unit: be.unit } : { kind: be.kind, unit: be.unit },
  };
}

const BOUNDS: readonly string[] = ['compute', 'memory'];
const KINDS: readonly string[] = ['finite', 'always', 'never'];

/** Check an untrusted `answer` entry; an error sentence, or undefined when it is sound. */
export function validateSavedAnswer(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
  const o = value as Record<string, unknown>;
  for (const k of ['cpuBound', 'gpuBound']) {
    if (!BOUNDS.includes(o[k] as string)) return `${path}.${k} must be "compute" or "memory"`;
  }
  const be = o['breakEven'];
  if (typeof be !== 'object' || be === null || Array.isArray(be)) return `${path}.breakEven must be an object`;
  const b = be as Record<string, unknown>;
  if (!KINDS.includes(b['kind'] as string)) return `${path}.breakEven.kind must be finite, always or never`;
  if (typeof b['unit'] !== 'string' || b['unit'].length === 0 || b['unit'].length > 40) {
    return `${path}.breakEven.unit must be a short text`;
  }
  if (b['kind'] === 'finite') {
    const size = b['size'];
    if (typeof size !== 'number' || !Number.isFinite(size) || size <= 0) {
      return `${path}.breakEven.size must be a positive finite number`;
    }
  }
  return undefined;
}

/** What the comparison needs of a saved estimate (a SavedEstimate has it all). */
export interface ComparableEstimate {
  id: string;
  name: string;
  raw: Parameters<typeof validateInputs>[0];
  outputs: { cpuTime: number; gpuTotalTime: number; speedup: number };
  workload?: { label: string; cpuSeconds: number; gpuSeconds: number; speedup: number } | undefined;
  answer?: SavedAnswer | undefined;
}

/** One column of the comparison: the estimate as it was answered. */
export interface ComparedEstimate {
  id: string;
  name: string;
  /** What the code was: the workload's label, or "Custom task". */
  code: string;
  /** The machine: the run its measured rates came from, or "typed rates". */
  machine: string;
  cpuSeconds: number;
  gpuSeconds: number;
  speedup: number;
  cpuBound: string;
  gpuBound: string;
  breakEven: string;
}

/**
 * The columns for 2–4 saved estimates. A custom estimate saved before answers were kept
 * gets its bound and break-even from its own inputs (the seed's formulas are exact); a
 * workload saved then has none to give, and says so ("not saved").
 */
export function compareEstimates(
  list: readonly ComparableEstimate[],
  /** The machine an estimate's measured rates came from (the saved run's name), if any. */
  machineOf: (e: ComparableEstimate) => string | undefined = () => undefined,
): ComparedEstimate[] {
  return list.map((e) => {
    let answer = e.answer;
    if (!answer && !e.workload) {
      const inputs = validateInputs(e.raw).inputs;
      if (inputs) answer = savedAnswer(customAnswer(inputs));
    }
    const be = answer?.breakEven;
    return {
      id: e.id,
      name: e.name,
      code: e.workload?.label ?? 'Custom task',
      machine: machineOf(e) ?? 'typed rates',
      cpuSeconds: e.workload?.cpuSeconds ?? e.outputs.cpuTime,
      gpuSeconds: e.workload?.gpuSeconds ?? e.outputs.gpuTotalTime,
      speedup: e.workload?.speedup ?? e.outputs.speedup,
      cpuBound: answer ? boundWords(answer.cpuBound) : 'not saved',
      gpuBound: answer ? boundWords(answer.gpuBound) : 'not saved',
      breakEven: be
        ? breakEvenShortText(
            be.kind === 'finite'
              ? { kind: 'finite', size: be.size ?? 0, unit: be.unit, gigaOps: 0 }
              : be.kind === 'always'
                ? { kind: 'always', minSize: undefined, unit: be.unit }
                : { kind: 'never', maxSize: undefined, unit: be.unit },
          )
        : 'not saved',
    };
  });
}
