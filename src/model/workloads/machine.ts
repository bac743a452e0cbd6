/**
 * The roofline's machine fields beside the seven classic ones (issue #12): CPU and GPU
 * memory bandwidth (`cpuMem`, `gpuMem`, GB/s) and the GPU's float64 : float32 rate ratio
 * (`gpuF64`), each with a source like the classic fields: a default, typed, or measured
 * (`cpu.mem.gbps`, `gpu.device.gbps`). The ratio is never measured (WebGPU has no float64):
 * its default depends on the adapter class, and the page says why. Pure.
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

export type MachineFieldKey = 'cpuMemGBps' | 'gpuMemGBps' | 'gpuF64Ratio';

export interface MachineFieldSpec extends NumericLimits {
  key: MachineFieldKey;
  /** URL name. */
  param: string;
  label: string;
  help: string;
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

/** cpuMem, gpuMem, gpuF64, in form order. */
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
  return {
    cpuMemGBps: bw('cpuMemGBps', 20),
    gpuMemGBps: bw('gpuMemGBps', 360),
    gpuF64Ratio: rawFromNumber(GPU_F64_RATIO_BY_CLASS[gpuClass].ratio),
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
    sources: { cpuMemGBps: 'default', gpuMemGBps: 'default', gpuF64Ratio: 'default' },
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

/** `cpuMem=…&gpuMem=…&gpuF64=…` for the fields `include` accepts, in form order. */
export function queryFromMachineState(state: MachineState, include: (key: MachineFieldKey) => boolean): string {
  const params = new URLSearchParams();
  for (const f of MACHINE_FIELDS) if (include(f.key)) params.set(f.param, state.raw[f.key].trim());
  return params.toString();
}

export interface ValidatedMachine {
  fields: Record<MachineFieldKey, ParseResult>;
  values: Record<MachineFieldKey, number> | undefined;
}

export function validateMachineFields(raw: Readonly<MachineRaw>): ValidatedMachine {
  const fields = {} as Record<MachineFieldKey, ParseResult>;
  const values = {} as Record<MachineFieldKey, number>;
  let ok = true;
  for (const f of MACHINE_FIELDS) {
    const r = parseField(f, raw[f.key]);
    fields[f.key] = r;
    if (r.ok) values[f.key] = r.value;
    else ok = false;
  }
  return { fields, values: ok ? values : undefined };
}

/** A measured value for one machine field, with the note the field shows. */
export interface MeasuredMachineField {
  key: MachineFieldKey;
  value: number;
  metric: string;
  note: string;
  /** `cpuMemGBps`: the metric's cache sweep (`cpuBandwidthCurveFromDetails`), for the roofline while the field holds it. */
  curve?: CpuBandwidthCurve;
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
