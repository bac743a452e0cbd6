/**
 * From a benchmark run to estimator inputs: which metric fills which field, in which
 * unit, with what spread, and the speedup range that spread implies. Pure.
 */
import { estimate, type EstimatorInputs, type InputKey } from './estimator.ts';
import { FIELDS, parseField, rawFromNumber, type RawInputs } from './fields.ts';
import { formatSpeedup } from '../shared/format.ts';
import {
  METRIC_IDS,
  METRICS,
  headlineValue,
  okMetricIn,
  type CpuBaseline,
  type CpuTier,
  type MetricId,
  type MetricOk,
  type Metric,
} from '../bench/metrics.ts';

/**
 * Where a field's value came from: shown as a badge and as data-source on the input.
 * `workload`: computed from the workload picked in "What does your code do?" (issue #12).
 */
export type ValueSource = 'default' | 'manual' | 'measured' | 'workload';

/**
 * The CPU baselines the estimator offers, with the metric each reads: the registry's CPU
 * metrics that carry one, fastest (the fair default) first. The registry lists them in
 * run order, slowest first.
 */
export const CPU_TIERS: readonly (CpuBaseline & { metric: MetricId })[] = METRIC_IDS.flatMap((metric) => {
  const baseline = METRICS[metric].cpuBaseline;
  return baseline ? [{ ...baseline, metric }] : [];
}).reverse();

/** How the launch overhead is taken from the measurements. */
export type LaunchMode = 'dispatch' | 'roundtrip';

export const LAUNCH_MODES: readonly { id: LaunchMode; name: string; explanation: string }[] = [
  {
    id: 'dispatch',
    name: 'Queued launches',
    explanation:
      'GPU-side cost per kernel when launches are queued back to back, as PyTorch or CuPy do until you read a result.',
  },
  {
    id: 'roundtrip',
    name: 'Wait for every kernel',
    explanation:
      'One submit-to-finish round trip per kernel, for code that synchronises after each launch (calling .item(), printing, or copying results back every step).',
  },
];

export interface MeasuredField {
  key: InputKey;
  value: number;
  /** Lower and upper ends of the value's p10–p90 spread, in the field's unit. */
  low: number;
  high: number;
  metric: MetricId;
  /** Which statistic fills the field and why, and the samples' spread in the field's unit. */
  note: string;
}

/**
 * Spread of a metric, as [low, high] in its own unit: p10–p90, widened to include the
 * headline value (a ceiling's best sample lies above its p90).
 */
function spread(m: MetricOk): [number, number] {
  const v = headlineValue(m);
  return [Math.min(m.p10, v), Math.max(m.p90, v)];
}

/** A value in a field's unit, three significant digits: "0.00724", "14.1", "1.2e-7". */
function inUnit(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/**
 * Which statistic fills a field, and why, in words: a ceiling (a rate the hardware can
 * reach) is quoted by its best sample, a cost by its median. Then the samples' spread,
 * in the field's own unit. For a ceiling the best sample lies above the p10–p90 spread by
 * construction, which the note says rather than leaving a range that misses the value.
 */
export function measuredNote(m: MetricOk, fieldUnit: string, scale: number): string {
  const label = METRICS[m.id].label;
  const samples = `${m.n} sample${m.n === 1 ? '' : 's'}`;
  const spread = `${inUnit(m.p10 * scale)}–${inUnit(m.p90 * scale)} ${fieldUnit}`;
  if (m.better === 'higher') {
    return (
      `${label}: the best of ${samples}, because a peak rate is what the hardware showed it can reach` +
      ` (other samples were slowed by the rest of the machine). Samples ranged ${spread} (p10–p90),` +
      ` median ${inUnit(m.median * scale)} ${fieldUnit}`
    );
  }
  return `${label}: the median of ${samples}, the typical cost of one launch. Samples ranged ${spread} (p10–p90)`;
}

/** Convert one metric into one field. `scale` converts the metric's unit to the field's. */
export function field(key: InputKey, m: MetricOk, scale: number): MeasuredField | undefined {
  const spec = FIELDS.find((f) => f.key === key);
  if (!spec) return undefined;
  const value = headlineValue(m) * scale;
  // Only values the estimator accepts fill a field; anything else stays as it was.
  if (!parseField(spec, String(value)).ok) return undefined;
  const [lo, hi] = spread(m);
  return {
    key,
    value: Number(value.toPrecision(4)),
    low: lo * scale,
    high: hi * scale,
    metric: m.id,
    note: measuredNote(m, spec.unit, scale),
  };
}

export interface MeasuredChoice {
  cpuTier: CpuTier;
  launchMode: LaunchMode;
}

/**
 * The estimator fields a run can fill: CPU GFLOPS from the chosen tier, GPU TFLOPS from
 * gpu.f32.gflops, transfer rate from the upload bandwidth (on the workload runs' path,
 * `gpu.copy.upload.gbps`, when measured), launch overhead from the
 * per-dispatch cost or the round trip. Missing or failed metrics fill nothing.
 */
export function measuredFields(
  metrics: readonly Metric[],
  choice: MeasuredChoice,
): Partial<Record<InputKey, MeasuredField>> {
  const out: Partial<Record<InputKey, MeasuredField>> = {};
  const put = (f: MeasuredField | undefined) => {
    if (f) out[f.key] = f;
  };
  const tier = CPU_TIERS.find((t) => t.id === choice.cpuTier) ?? CPU_TIERS[0];
  const cpu = tier ? okMetricIn(metrics, tier.metric) : undefined;
  if (cpu) put(field('cpuGflops', cpu, 1));
  const gpu = okMetricIn(metrics, 'gpu.f32.gflops');
  if (gpu) put(field('gpuTflops', gpu, 1 / 1000));
  // The copy path the workload runs use (issue #20) when the run measured it; older runs: the suite's best path.
  const upload = okMetricIn(metrics, 'gpu.copy.upload.gbps') ?? okMetricIn(metrics, 'gpu.upload.gbps');
  if (upload) put(field('transferGBps', upload, 1));
  if (choice.launchMode === 'dispatch') {
    const d = okMetricIn(metrics, 'gpu.dispatch.us');
    if (d) put(field('launchOverheadMs', d, 1 / 1000));
  } else {
    const r = okMetricIn(metrics, 'gpu.roundtrip.ms');
    if (r) put(field('launchOverheadMs', r, 1));
  }
  return out;
}

/**
 * The speedup range the measured fields' spread implies: the slowest-GPU / fastest-CPU
 * corner and the opposite one. Fields not measured keep their value in both corners.
 */
export function speedupRange(
  inputs: EstimatorInputs,
  measured: Partial<Record<InputKey, MeasuredField>>,
  isMeasured: (key: InputKey) => boolean,
  /** The speedup for a set of inputs: the seed's formula, or a workload's roofline at those rates. */
  speedupOf: (inputs: EstimatorInputs) => number = (i) => estimate(i).speedup,
): { low: number; high: number } | undefined {
  const lowCase = { ...inputs };
  const highCase = { ...inputs };
  let any = false;
  const set = (key: InputKey, higherHelpsGpu: boolean) => {
    const m = measured[key];
    if (!m || !isMeasured(key)) return;
    any = true;
    lowCase[key] = higherHelpsGpu ? m.low : m.high;
    highCase[key] = higherHelpsGpu ? m.high : m.low;
  };
  set('cpuGflops', false);
  set('gpuTflops', true);
  set('transferGBps', true);
  set('launchOverheadMs', false);
  if (!any) return undefined;
  const low = speedupOf(lowCase);
  const high = speedupOf(highCase);
  if (!Number.isFinite(low) || !Number.isFinite(high) || low <= 0) return undefined;
  return { low: Math.min(low, high), high: Math.max(low, high) };
}

/**
 * What a field filled by a measurement says about it: the measurement (when and how, from
 * `note`) while it holds it, or the measured value it could go back to once typed over.
 * One rule for the classic fields and the workload's machine fields. A Python-lane value
 * (`fromProbe`) says when the probe ran in its own note.
 */
export function fieldSourceNote(
  m: { value: number; note: string },
  source: ValueSource,
  when: string,
  fromProbe = false,
): string {
  if (source !== 'measured') return `Measured value: ${rawFromNumber(m.value)}.`;
  if (fromProbe) return `${m.note}.`;
  return `Measured${when ? ` ${when}` : ''}: ${m.note}.`;
}

/** True when some measured field no longer holds its measurement: "Use measured values" has something to do. */
export function canRestoreMeasured<K extends string>(
  measured: Partial<Record<K, { key: K; value: number }>>,
  state: { raw: Readonly<Record<K, string>>; sources: Readonly<Record<K, ValueSource>> },
): boolean {
  return Object.values<{ key: K; value: number } | undefined>(measured).some(
    (m) => m !== undefined && (state.sources[m.key] !== 'measured' || state.raw[m.key] !== rawFromNumber(m.value)),
  );
}

export interface FieldState {
  raw: RawInputs;
  sources: Record<InputKey, ValueSource>;
}

/**
 * Put measured values into the fields that are not the user's own (into all of them when
 * `restoreAll`): a typed value is never overwritten unless the user asks. A field still
 * marked measured whose measurement went away (another tier, a failed metric) falls back
 * to its default. Generic over the field keys, so the workload's machine fields
 * (workloads/machine.ts) follow the same rule.
 */
export function mergeMeasuredFields<K extends string>(
  state: { raw: Readonly<Record<K, string>>; sources: Readonly<Record<K, ValueSource>> },
  measured: Partial<Record<K, { key: K; value: number }>>,
  defaults: Readonly<Record<K, string>>,
  keys: readonly K[],
  restoreAll: boolean,
): { raw: Record<K, string>; sources: Record<K, ValueSource> } {
  const raw = { ...state.raw } as Record<K, string>;
  const sources = { ...state.sources } as Record<K, ValueSource>;
  for (const m of Object.values<{ key: K; value: number } | undefined>(measured)) {
    if (!m || (!restoreAll && sources[m.key] === 'manual')) continue;
    raw[m.key] = rawFromNumber(m.value);
    sources[m.key] = 'measured';
  }
  for (const key of keys) {
    if (sources[key] === 'measured' && !measured[key]) {
      raw[key] = defaults[key];
      sources[key] = 'default';
    }
  }
  return { raw, sources };
}

/** `mergeMeasuredFields` for the seven classic fields. */
export function mergeMeasured(
  state: FieldState,
  measured: Partial<Record<InputKey, MeasuredField>>,
  defaults: Readonly<RawInputs>,
  restoreAll: boolean,
): FieldState {
  return mergeMeasuredFields(
    state,
    measured,
    defaults,
    FIELDS.map((f) => f.key),
    restoreAll,
  );
}

/**
 * The speedup range in words, saying what it is and where the estimate sits in it. The
 * estimate takes each rate's best sample and each cost's median, while the range spans
 * every measured input's p10–p90 (widened to hold the value used), so the estimate need
 * not be in the middle: the sentence says which end it is at, and why.
 */
export function speedupRangeText(range: { low: number; high: number }, speedup: number): string {
  const span = `${formatSpeedup(range.low)} – ${formatSpeedup(range.high)}`;
  const width = range.high - range.low;
  const at = width > 0 ? (speedup - range.low) / width : 0.5;
  const where =
    width <= 0 || (at > 0.2 && at < 0.8)
      ? 'The estimate lies within it.'
      : `The estimate sits at its ${at >= 0.8 ? 'top' : 'bottom'}: it uses each rate’s best sample and each cost’s median, and the samples spread ${at >= 0.8 ? 'below' : 'above'} that.`;
  return `Measured spread: ${span}, the speedup at the p10 and p90 of every measured input (the values 10 % and 90 % of its samples fall below). ${where}`;
}
