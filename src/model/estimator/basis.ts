/**
 * What an estimate rests on: which of the inputs a measurement fills still hold the
 * page's default values, and what is being done about them. The results card and the
 * phone summary bar say this where the answer is, so a default is never shown as if it
 * were this machine's answer. Pure.
 */
import type { InputKey } from './estimator.ts';
import { fieldSpec } from './fields.ts';
import type { ValueSource } from './measured.ts';

/** The inputs a measurement of this machine fills; the task's own inputs are the user's to type. */
export const MEASURABLE_INPUTS: readonly InputKey[] = ['cpuGflops', 'gpuTflops', 'transferGBps', 'launchOverheadMs'];

/** The inputs only a GPU measurement fills. */
export const GPU_INPUTS: readonly InputKey[] = ['gpuTflops', 'transferGBps', 'launchOverheadMs'];

export type BasisStatus =
  /** A measurement is running in this tab. */
  | 'measuring'
  /** Another tab is measuring; this one will use its result. */
  | 'waiting'
  /** Nothing is running (a first visit before it starts, a cancelled or failed run). */
  | 'idle';

export interface BasisInput {
  sources: Readonly<Record<InputKey, ValueSource>>;
  status: BasisStatus;
  /** Progress of the running measurement, 0..1, and its current step. */
  progress?: { fraction: number; step: string } | undefined;
  /** Why the GPU cannot be measured here (no WebGPU, no adapter...), when it cannot. */
  gpuUnavailable?: string | undefined;
  /** The last run was cancelled. */
  cancelled?: boolean | undefined;
}

export interface EstimateBasis {
  /** True when some input the answer depends on is an unmeasured default. */
  provisional: boolean;
  /** The measurable inputs still at their defaults, in form order. */
  defaults: InputKey[];
  /** One line for where the answer is, e.g. "Estimate from default values — measuring this machine…". */
  title: string;
  /** What the defaults are and what the user can do. */
  detail: string;
  /** Short form for the phone summary bar. */
  short: string;
  /** Progress 0..1 while measuring (or waiting), else undefined. */
  fraction: number | undefined;
}

/** The field's name without its unit, lower-case after the first: "GPU TFLOPS"-style short names. */
const SHORT_NAME: Record<InputKey, string> = {
  cpuGflops: 'CPU GFLOPS',
  gpuTflops: 'GPU TFLOPS',
  totalGigaOps: 'task size',
  transferGBps: 'transfer rate',
  dataGB: 'data size',
  launchOverheadMs: 'launch overhead',
  launchCount: 'launch count',
};

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Describe what the estimate rests on, for the results card and the summary bar. */
export function estimateBasis(input: BasisInput): EstimateBasis {
  const defaults = MEASURABLE_INPUTS.filter((k) => input.sources[k] === 'default');
  const names = listWords(defaults.map((k) => SHORT_NAME[k]));
  const fraction =
    input.status === 'measuring' || input.status === 'waiting' ? (input.progress?.fraction ?? 0) : undefined;
  if (defaults.length === 0) {
    return { provisional: false, defaults, title: '', detail: '', short: '', fraction: undefined };
  }
  const isAre = defaults.length === 1 ? 'is a default value' : 'are default values';
  const gpuDefaults = defaults.filter((k) => GPU_INPUTS.includes(k));
  const gpuNames = listWords(gpuDefaults.map((k) => SHORT_NAME[k]));
  const typeThem = `type ${defaults.length === 1 ? 'it' : 'them'} into the fields`;
  if (input.gpuUnavailable !== undefined && gpuDefaults.length > 0) {
    const cpuToo = defaults.includes('cpuGflops')
      ? ' CPU GFLOPS is a default value too until the CPU is measured.'
      : '';
    const measuringCpu =
      input.status === 'measuring' ? `Measuring the CPU: ${Math.round((input.progress?.fraction ?? 0) * 100)} %. ` : '';
    return {
      provisional: true,
      defaults,
      title: 'The GPU side is not measured here \u2014 this is not an answer for your GPU',
      detail: `${measuringCpu}${input.gpuUnavailable.replace(/\.?$/, '.')} So ${gpuNames} ${gpuDefaults.length === 1 ? 'is a default value' : 'are default values'}, not measurements. Type your GPU\u2019s numbers into ${gpuDefaults.length === 1 ? 'that field' : 'those fields'} (from its specification or a run elsewhere), or import a run measured on another machine (History \u2192 Import).${cpuToo}`,
      short: 'GPU not measured here',
      fraction,
    };
  }
  if (input.status === 'measuring') {
    const pct = Math.round((input.progress?.fraction ?? 0) * 100);
    const step = input.progress?.step ? `: ${input.progress.step}` : '';
    return {
      provisional: true,
      defaults,
      title: 'Estimate from default values \u2014 measuring this machine\u2026',
      detail: `${pct} %${step}. Until it is measured, ${names} ${isAre}, not this machine\u2019s; each field fills in as soon as its measurement is done.`,
      short: `Defaults \u00b7 measuring ${pct} %`,
      fraction,
    };
  }
  if (input.status === 'waiting') {
    return {
      provisional: true,
      defaults,
      title: 'Estimate from default values \u2014 another tab is measuring this machine\u2026',
      detail: `Only one tab measures at a time, so the two do not slow each other down. This tab will use that tab\u2019s result when it is done; until then ${names} ${isAre}.`,
      short: 'Defaults \u00b7 waiting for the other tab',
      fraction,
    };
  }
  return {
    provisional: true,
    defaults,
    title: 'Estimate from default values \u2014 not measured on this machine',
    detail: `${names.charAt(0).toUpperCase()}${names.slice(1)} ${isAre}${input.cancelled ? ' (the measurement was cancelled before ' + (defaults.length === 1 ? 'it was' : 'they were') + ' measured)' : ''}. Measure this machine, or ${typeThem}.`,
    short: 'From default values',
    fraction: undefined,
  };
}

/** The unit-less field name used in basis messages (exported for tests and labels). */
export function shortFieldName(key: InputKey): string {
  return SHORT_NAME[key] ?? fieldSpec(key).label;
}
