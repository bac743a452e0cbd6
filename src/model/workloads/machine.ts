/**
 * The roofline's machine fields beside the seven classic ones (issue #12): CPU and GPU
 * memory bandwidth (`cpuMem`, `gpuMem`, GB/s) and the GPU's float64 : float32 rate ratio
 * (`gpuF64`), each with a source like the classic fields: a default, typed, or measured
 * (`cpu.mem.gbps`, `gpu.device.gbps`). The ratio is never measured (WebGPU has no float64):
 * its default depends on the adapter class, and the page says why. Issue #20 adds the
 * CPU's call cost, the copies' latencies and readback rate, and the achievable figures per
 * kernel class (achievable-fields.ts): one registry, one state, one URL encoding. Pure.
 */
import {
  MAX_RAW_LENGTH,
  parseField,
  rawFromNumber,
  type NumericLimits,
  type ParseResult,
} from '../estimator/fields.ts';
import { measuredNote, mergeMeasuredFields, type ValueSource } from '../estimator/measured.ts';
import { headlineValue, type CpuTier, type Metric, type MetricOk } from '../bench/metrics.ts';
import type { ParamsLike } from './url.ts';
import {
  GPU_F64_RATIO_BY_CLASS,
  cpuBandwidthCurveFromDetails,
  ratioText,
  type CpuBandwidthCurve,
  type GpuClass,
} from './precision.ts';
import { BANDWIDTH_FIELDS } from './specs.ts';
import {
  EXTRA_MACHINE_FIELDS,
  classFieldKey,
  type ExtraFieldSpec,
  type ExtraOptionalKey,
  type ExtraRequiredKey,
  type ExtraValues,
} from './achievable-fields.ts';
import { achievableFromRun } from './achievable-run.ts';
import { ACHIEVABLE_CLASSES, type AchievableClass, type AchievableDevice, type ClassCurves } from './achievable.ts';
import type { ClassCurve } from './achievable-curve.ts';
import { copyCurve, copyTimesFromDetails, type CopyCurves } from './copy-curve.ts';

export type MachineFieldKey = 'cpuMemGBps' | 'gpuMemGBps' | 'gpuF64Ratio' | ExtraRequiredKey | ExtraOptionalKey;

export interface MachineFieldSpec extends NumericLimits {
  key: MachineFieldKey;
  /** URL name. */
  param: string;
  label: string;
  help: string;
  /** Blank allowed; what blank means, in words (the placeholder). */
  blank?: string;
  /** Drawn in the per-class table (achievable-fields.ts). */
  perClass?: ExtraFieldSpec['perClass'];
}

/** The ratio field: (0, 1]; 1/10 000 is far below any GPU's float64 (1/64 is the lowest sold). */
export const GPU_F64_FIELD: MachineFieldSpec = {
  key: 'gpuF64Ratio',
  param: 'gpuF64',
  label: 'GPU float64 ÷ float32 rate',
  help: 'WebGPU cannot run float64, so the GPU’s float64 rate is its measured float32 rate times this ratio. Fractions work: 1/64.',
  unit: '',
  min: 0,
  minExclusive: true,
  floor: 1e-4,
  max: 1,
  integer: false,
};

/** cpuMem, gpuMem, gpuF64, then issue #20's, in form order. */
export const MACHINE_FIELDS: readonly MachineFieldSpec[] = [
  ...BANDWIDTH_FIELDS.map(({ key, param, label, help, unit, min, minExclusive, floor, max, integer }) => ({
    key,
    param,
    label,
    help,
    unit,
    min,
    minExclusive,
    floor,
    max,
    integer,
  })),
  GPU_F64_FIELD,
  ...EXTRA_MACHINE_FIELDS.map(({ defaultRaw: _default, ...spec }): MachineFieldSpec => spec),
];

export type MachineRaw = Record<MachineFieldKey, string>;
export type MachineSources = Record<MachineFieldKey, ValueSource>;

export interface MachineState {
  raw: MachineRaw;
  sources: MachineSources;
}

/** The fields' defaults; the ratio's depends on the adapter class. */
export function defaultMachineRaw(gpuClass: GpuClass): MachineRaw {
  const bw = (key: MachineFieldKey, fallback: number) =>
    rawFromNumber(BANDWIDTH_FIELDS.find((f) => f.key === key)?.defaultValue ?? fallback);
  const extra = Object.fromEntries(EXTRA_MACHINE_FIELDS.map((f) => [f.key, f.defaultRaw])) as Record<
    ExtraRequiredKey | ExtraOptionalKey,
    string
  >;
  return {
    cpuMemGBps: bw('cpuMemGBps', 20),
    gpuMemGBps: bw('gpuMemGBps', 360),
    gpuF64Ratio: rawFromNumber(GPU_F64_RATIO_BY_CLASS[gpuClass].ratio),
    ...extra,
  };
}

/** Why the ratio's default is what it is, for the field's help: "1/64: GeForce GPUs since Ampere …". */
export function f64DefaultNote(gpuClass: GpuClass): string {
  const d = GPU_F64_RATIO_BY_CLASS[gpuClass];
  return `Default ${ratioText(d.ratio)}: ${d.why}`;
}

export function defaultMachineState(gpuClass: GpuClass): MachineState {
  return {
    raw: defaultMachineRaw(gpuClass),
    sources: Object.fromEntries(MACHINE_FIELDS.map((f) => [f.key, 'default'])) as MachineSources,
  };
}

/** Fields from a query: present ones are taken verbatim (truncated) and count as typed; absent ones keep `base`. */
export function machineStateFromQuery(params: ParamsLike, base: MachineState): MachineState {
  const raw = { ...base.raw };
  const sources = { ...base.sources };
  for (const f of MACHINE_FIELDS) {
    const v = params.get(f.param);
    if (v !== null) {
      raw[f.key] = v.slice(0, MAX_RAW_LENGTH + 1);
      sources[f.key] = 'manual';
    }
  }
  return { raw, sources };
}

/**
 * `cpuMem=…&gpuMem=…&gpuF64=…` for the fields `include` accepts, in form order. A blank
 * optional field is its default and does not travel, unless typed blank over a value
 * (then `back=` says so).
 */
export function queryFromMachineState(state: MachineState, include: (key: MachineFieldKey) => boolean): string {
  const params = new URLSearchParams();
  for (const f of MACHINE_FIELDS) {
    const text = state.raw[f.key].trim();
    if (!include(f.key) || (text === '' && f.blank !== undefined && state.sources[f.key] !== 'manual')) continue;
    params.set(f.param, text);
  }
  return params.toString();
}

/** Every field's value in its unit; blank optional fields are absent. */
export type MachineValues = Record<'cpuMemGBps' | 'gpuMemGBps' | 'gpuF64Ratio', number> & ExtraValues;

/** A blank optional field: valid, and no value (the model's default for it). */
export type MachineParse = ParseResult | { ok: true; blank: true };

export interface ValidatedMachine {
  fields: Record<MachineFieldKey, MachineParse>;
  values: MachineValues | undefined;
}

export function validateMachineFields(raw: Readonly<MachineRaw>): ValidatedMachine {
  const fields = {} as Record<MachineFieldKey, MachineParse>;
  const values: Partial<Record<MachineFieldKey, number>> = {};
  let ok = true;
  for (const f of MACHINE_FIELDS) {
    const text = raw[f.key] ?? '';
    if (f.blank !== undefined && text.trim() === '') {
      fields[f.key] = { ok: true, blank: true };
      continue;
    }
    const r = parseField(f, text);
    fields[f.key] = r;
    if (r.ok) values[f.key] = r.value;
    else ok = false;
  }
  return { fields, values: ok ? (values as MachineValues) : undefined };
}

/** A measured value for one machine field, with the note the field shows. */
export interface MeasuredMachineField {
  key: MachineFieldKey;
  value: number;
  metric: string;
  note: string;
  /** `cpuMemGBps`: the metric's cache sweep (`cpuBandwidthCurveFromDetails`), for the roofline while the field holds it. */
  curve?: CpuBandwidthCurve;
  /** A class's share field (`gpu.matvec.eff`, …): measured ÷ fitted at each size (achievable-curve.ts). */
  classCurve?: ClassCurve;
  /** A copy latency field: measured ÷ fitted at each size of that direction (copy-curve.ts). */
  copyCurve?: ClassCurve;
}

/**
 * The curves a run measured, for the figures that still hold the measurement they came
 * with (`sources` absent: every figure does, as under Node). A class needs both its share
 * and its fixed cost as measured, a copy direction its latency (and readback its rate): a
 * typed figure makes a different line, which the curve's factors (measured ÷ the run's
 * line) no longer describe. The upload rate is a classic field, kept apart; typing it
 * keeps the upload curve, whose factors are then relative to the typed rate.
 */
export function measuredCurves(
  measured: Partial<Record<MachineFieldKey, MeasuredMachineField>>,
  sources?: MachineSources,
): { classes: ClassCurves; copies: CopyCurves } {
  const kept = (...keys: MachineFieldKey[]) => keys.every((k) => !sources || sources[k] === 'measured');
  const classes: { [D in AchievableDevice]: Partial<Record<AchievableClass, ClassCurve>> } = { cpu: {}, gpu: {} };
  for (const device of ['cpu', 'gpu'] as const) {
    for (const kernelClass of ACHIEVABLE_CLASSES) {
      const eff = classFieldKey(device, kernelClass, 'eff');
      const curve = measured[eff]?.classCurve;
      if (curve && kept(eff, classFieldKey(device, kernelClass, 'us'))) classes[device][kernelClass] = curve;
    }
  }
  const up = kept('uploadLatencyMs') ? measured.uploadLatencyMs?.copyCurve : undefined;
  const back = kept('readbackLatencyMs', 'readbackGBps') ? measured.readbackLatencyMs?.copyCurve : undefined;
  return { classes, copies: { ...(up ? { up } : {}), ...(back ? { back } : {}) } };
}

/** A measured value for a field, when it passes the field's limits (else nothing fills it). */
function measuredField(
  key: MachineFieldKey,
  value: number,
  metric: string,
  note: string,
): MeasuredMachineField | undefined {
  const spec = MACHINE_FIELDS.find((f) => f.key === key);
  const v = Number(value.toPrecision(4));
  if (!spec || !parseField(spec, String(v)).ok) return undefined;
  return { key, value: v, metric, note };
}

/**
 * Issue #20's fields a run fills: the copy path's latencies and readback rate (the
 * workload runs' own path, `gpu.copy.*`; a run made before it has none, and its answers
 * stay as they were), and
 * for the vectorized all-core baseline, the CPU's per-call cost and the CPU classes'
 * figures (measured with the all-core Wasm kernels; they say nothing about one core or
 * plain loops); the GPU classes' figures always.
 */
function measuredExtraFields(
  metrics: readonly Metric[],
  cpuTier: CpuTier,
): Partial<Record<MachineFieldKey, MeasuredMachineField>> {
  const out: Partial<Record<MachineFieldKey, MeasuredMachineField>> = {};
  const put = (f: MeasuredMachineField | undefined) => {
    if (f) out[f.key] = f;
  };
  const fromMetric = (key: MachineFieldKey, ids: readonly string[], unit: string, scale: number) => {
    const m = ids.map((id) => okById(metrics, id)).find((x) => x !== undefined);
    if (m) put(measuredField(key, headlineValue(m) * scale, m.id, measuredNote(m, unit, scale)));
  };
  // Only the workload runs' own path: the suite's best of three methods is not what a run pays.
  fromMetric('uploadLatencyMs', ['gpu.copy.upload.latency.ms'], 'ms', 1);
  fromMetric('readbackGBps', ['gpu.copy.readback.gbps'], 'GB/s', 1);
  fromMetric('readbackLatencyMs', ['gpu.copy.readback.latency.ms'], 'ms', 1);
  // Each direction's sizes, as measured ÷ the fitted line the fields hold.
  for (const [latencyKey, latencyId, gbpsId] of [
    ['uploadLatencyMs', 'gpu.copy.upload.latency.ms', 'gpu.copy.upload.gbps'],
    ['readbackLatencyMs', 'gpu.copy.readback.latency.ms', 'gpu.copy.readback.gbps'],
  ] as const) {
    const field = out[latencyKey];
    const rate = okById(metrics, gbpsId);
    const times = copyTimesFromDetails(okById(metrics, latencyId)?.details);
    if (!field || !rate) continue;
    const curve = copyCurve(times, field.value / 1e3, headlineValue(rate) * 1e9);
    if (curve.length > 0) field.copyCurve = curve;
  }
  if (cpuTier === 'simdAll') {
    fromMetric('cpuCallUs', ['cpu.call.us'], 'µs', 1);
    fromMetric('cpuCall1Us', ['cpu.call1.us'], 'µs', 1);
  }
  for (const c of achievableFromRun(metrics)) {
    if (c.device === 'cpu' && cpuTier !== 'simdAll') continue;
    const eff = measuredField(classFieldKey(c.device, c.kernelClass, 'eff'), c.efficiency * 100, c.metric, c.note);
    if (eff && c.curve.length > 0) eff.classCurve = c.curve;
    put(eff);
    put(measuredField(classFieldKey(c.device, c.kernelClass, 'us'), c.fixedSeconds * 1e6, c.metric, c.note));
  }
  return out;
}

/** An ok metric by id, read as a string so ids another lane is adding are found once runs carry them. */
function okById(metrics: readonly Metric[], id: string): MetricOk | undefined {
  const m = metrics.find((x) => (x.id as string) === id);
  return m && m.status === 'ok' ? m : undefined;
}

/**
 * The machine fields a run fills: GPU memory bandwidth from `gpu.device.gbps`; CPU memory
 * bandwidth from `cpu.mem.gbps` (all cores) for the vectorized all-core baseline, from
 * `cpu.mem1.gbps` (one core) for the one-core baselines: single-threaded NumPy streams at
 * one core's bandwidth. Values outside the field's limits fill nothing.
 */
export function measuredMachineFields(
  metrics: readonly Metric[],
  cpuTier: CpuTier,
): Partial<Record<MachineFieldKey, MeasuredMachineField>> {
  const out: Partial<Record<MachineFieldKey, MeasuredMachineField>> = {};
  const put = (key: MachineFieldKey, m: MetricOk | undefined) => {
    const spec = MACHINE_FIELDS.find((f) => f.key === key);
    if (!m || !spec) return;
    const value = Number(headlineValue(m).toPrecision(4));
    if (!parseField(spec, String(value)).ok) return;
    out[key] = { key, value, metric: m.id, note: measuredNote(m, 'GB/s', 1) };
  };
  put('gpuMemGBps', okById(metrics, 'gpu.device.gbps'));
  Object.assign(out, measuredExtraFields(metrics, cpuTier));
  const cpuMem =
    cpuTier === 'simdAll'
      ? (okById(metrics, 'cpu.mem.gbps') ?? okById(metrics, 'cpu.mem1.gbps'))
      : (okById(metrics, 'cpu.mem1.gbps') ?? okById(metrics, 'cpu.mem.gbps'));
  put('cpuMemGBps', cpuMem);
  if (out.cpuMemGBps && cpuMem) out.cpuMemGBps.curve = cpuBandwidthCurveFromDetails(cpuMem.details);
  return out;
}

/**
 * Rates a run measured that the roofline uses for other data types: CPU float64 for the
 * chosen baseline (`cpu.<tier>.f64.gflops`) and GPU float16 (`gpu.f16.gflops`, in TFLOPS).
 */
export function measuredDtypeRates(
  metrics: readonly Metric[],
  cpuTier: CpuTier,
): { cpuF64Gflops: number | undefined; gpuF16Tflops: number | undefined } {
  const f64 = okById(metrics, `cpu.${cpuTier}.f64.gflops`);
  const f16 = okById(metrics, 'gpu.f16.gflops');
  return {
    cpuF64Gflops: f64 ? headlineValue(f64) : undefined,
    gpuF16Tflops: f16 ? headlineValue(f16) / 1000 : undefined,
  };
}

/**
 * Put measured values into fields that are not typed (all of them when `restoreAll`); a
 * field still marked measured whose measurement went away returns to `defaults`.
 */
export function mergeMachineMeasured(
  state: MachineState,
  measured: Partial<Record<MachineFieldKey, MeasuredMachineField>>,
  defaults: Readonly<MachineRaw>,
  restoreAll: boolean,
): MachineState {
  const merged = mergeMeasuredFields(
    state,
    measured,
    defaults,
    MACHINE_FIELDS.map((f) => f.key),
    restoreAll,
  );
  // A default that depends on the adapter follows it once the adapter is known.
  for (const f of MACHINE_FIELDS) if (merged.sources[f.key] === 'default') merged.raw[f.key] = defaults[f.key];
  return merged;
}
