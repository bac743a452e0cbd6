/**
 * The estimator's input fields: labels and units as the spec page names them, help
 * text with the spec's typical range, limits, parsing of what a person typed (or what a
 * URL carried), defaults, presets and the URL query encoding. Pure.
 */
import type { EstimatorInputs, InputKey } from './estimator.ts';

export interface FieldSpec {
  key: InputKey;
  /** Exactly the spec's name and unit; used as the visible <label>. */
  label: string;
  /** Short help: what it means and the spec's typical range. */
  help: string;
  /** Unit word shown in messages, e.g. "GFLOPS". */
  unit: string;
  /** Smallest accepted value. */
  min: number;
  /** Whether `min` itself is rejected (rates must be > 0). */
  minExclusive: boolean;
  /**
   * Smallest positive value accepted (0 may still be allowed by `min`). Rates below it
   * would turn a task into 10^300 seconds; nobody means that.
   */
  floor: number;
  /** Largest accepted value; beyond this the model's numbers stop meaning anything. */
  max: number;
  /** Whole numbers only (launch count). */
  integer: boolean;
  /** Short name in the URL query string. */
  param: string;
}

/**
 * Upper limits keep every output finite and physically meaningful: a CPU or GPU beyond
 * an exaFLOPS, or a task beyond 10^21 operations, is a typo, not a workload.
 */
export const FIELDS: readonly FieldSpec[] = [
  {
    key: 'cpuGflops',
    label: 'CPU Operations per Second (GFLOPS)',
    help: 'Throughput of the CPU code you would otherwise run. Typical: 10 – 100 GFLOPS.',
    unit: 'GFLOPS',
    min: 0,
    minExclusive: true,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    param: 'cpu',
  },
  {
    key: 'gpuTflops',
    label: 'GPU Operations per Second (TFLOPS)',
    help: 'Throughput the GPU reaches on this kind of work. Typical: 1 – 100 TFLOPS.',
    unit: 'TFLOPS',
    min: 0,
    minExclusive: true,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    param: 'gpu',
  },
  {
    key: 'totalGigaOps',
    label: 'Total Operations in Task (Giga-operations)',
    help: 'Floating-point operations the whole task performs. Typical: 1 – 1000 Giga-operations.',
    unit: 'Giga-operations',
    min: 0,
    minExclusive: true,
    floor: 1e-6,
    max: 1e12,
    integer: false,
    param: 'ops',
  },
  {
    key: 'transferGBps',
    label: 'Data Transfer Rate (CPU-GPU, GB/s)',
    help: 'Bandwidth between CPU memory and GPU memory (PCIe 3 x16 ≈ 8 – 16, PCIe 4 x16 ≈ 16 – 32). Typical: 5 – 60 GB/s.',
    unit: 'GB/s',
    min: 0,
    minExclusive: true,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    param: 'bw',
  },
  {
    key: 'dataGB',
    label: 'Data Size to Transfer (GB)',
    help: 'Data moved to and from the GPU over the whole task; 0 if it already lives there. Typical: 0.1 – 10 GB.',
    unit: 'GB',
    min: 0,
    minExclusive: false,
    floor: 1e-6,
    max: 1e9,
    integer: false,
    param: 'data',
  },
  {
    key: 'launchOverheadMs',
    label: 'Single Kernel Launch Overhead (ms)',
    help: 'Fixed cost of starting one GPU kernel. Typical: 0.01 – 0.5 ms.',
    unit: 'ms',
    min: 0,
    minExclusive: false,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    param: 'lat',
  },
  {
    key: 'launchCount',
    label: 'Number of Kernel Launches',
    help: 'How many GPU kernels the task starts. Typical: 1 – 1000.',
    unit: 'launches',
    min: 1,
    minExclusive: false,
    floor: 1e-6,
    max: 1e12,
    integer: true,
    param: 'n',
  },
];

export function fieldSpec(key: InputKey): FieldSpec {
  const spec = FIELDS.find((f) => f.key === key);
  if (!spec) throw new Error(`unknown field ${key}`);
  return spec;
}

/** The values a fresh page starts with: a mid-range desktop running a mid-sized task. */
export const DEFAULT_INPUTS: Readonly<EstimatorInputs> = Object.freeze({
  cpuGflops: 50,
  gpuTflops: 10,
  totalGigaOps: 100,
  transferGBps: 16,
  dataGB: 1,
  launchOverheadMs: 0.05,
  launchCount: 100,
});

export interface Preset {
  id: string;
  name: string;
  inputs: EstimatorInputs;
}

/** The spec page's two worked examples. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'example1',
    name: 'Example 1: training a small neural network',
    inputs: {
      cpuGflops: 40,
      gpuTflops: 8,
      totalGigaOps: 500,
      transferGBps: 8,
      dataGB: 0.5,
      launchOverheadMs: 0.08,
      launchCount: 50,
    },
  },
  {
    id: 'example2',
    name: 'Example 2: large-scale scientific simulation',
    inputs: {
      cpuGflops: 60,
      gpuTflops: 15,
      totalGigaOps: 2000,
      transferGBps: 15,
      dataGB: 5,
      launchOverheadMs: 0.03,
      launchCount: 1000,
    },
  },
];

/** Longest text accepted in a field or URL parameter; anything longer is not a number. */
export const MAX_RAW_LENGTH = 40;

/**
 * What `parseField` needs from a spec: the unit and the limits. Other fields (workload
 * shapes, memory bandwidths) reuse the same parsing and messages through it.
 */
export type NumericLimits = Pick<FieldSpec, 'unit' | 'min' | 'minExclusive' | 'floor' | 'max' | 'integer'>;

export type ParseResult = { ok: true; value: number } | { ok: false; message: string };

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function formatLimit(n: number): string {
  return n >= 1e6 ? n.toExponential(0).replace('e+', 'e') : n.toLocaleString('en-US');
}

/**
 * Parse what a person typed into one field. Accepts plain decimals and scientific
 * notation ("1.5", "2e3"), ignores surrounding spaces, thousands separators (",", "_")
 * and a trailing unit word matching the field. Returns a message for anything else.
 */
export function parseField(spec: NumericLimits, raw: string): ParseResult {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'Enter a number.' };
  if (text.length > MAX_RAW_LENGTH) return { ok: false, message: 'That is too long to be a number.' };
  let cleaned = text.replace(/[,_\s]/g, '');
  const unit = spec.unit.toLowerCase().replace(/\s/g, '');
  if (cleaned.toLowerCase().endsWith(unit)) cleaned = cleaned.slice(0, cleaned.length - unit.length);
  if (!NUMBER_RE.test(cleaned)) {
    return { ok: false, message: `"${text}" is not a number. Use digits, e.g. 12.5 or 2e3.` };
  }
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return { ok: false, message: 'That number is too large.' };
  if (spec.integer && !Number.isInteger(value)) {
    return { ok: false, message: `Use a whole number of ${spec.unit}.` };
  }
  if (spec.minExclusive ? value <= spec.min : value < spec.min) {
    if (value < 0) return { ok: false, message: 'Must not be negative.' };
    return {
      ok: false,
      message: spec.minExclusive
        ? `Must be greater than ${spec.min}: a rate of zero never finishes.`
        : `Must be at least ${formatLimit(spec.min)}.`,
    };
  }
  if (value > 0 && value < spec.floor) {
    return {
      ok: false,
      message: `Too small: use at least ${spec.floor} ${spec.unit}${spec.minExclusive ? '' : ' (or 0)'}.`,
    };
  }
  if (value > spec.max) {
    return { ok: false, message: `Must be at most ${formatLimit(spec.max)} ${spec.unit}.` };
  }
  return { ok: true, value };
}

/** The raw text of every field, as typed; this is the state the page keeps. */
export type RawInputs = Record<InputKey, string>;

export interface ValidatedInputs {
  /** Per field: the parse result. */
  fields: Record<InputKey, ParseResult>;
  /** All seven values, when every field parsed; otherwise undefined. */
  inputs: EstimatorInputs | undefined;
}

export function validateInputs(raw: RawInputs): ValidatedInputs {
  const fields = {} as Record<InputKey, ParseResult>;
  const values: Partial<EstimatorInputs> = {};
  let allOk = true;
  for (const spec of FIELDS) {
    const r = parseField(spec, raw[spec.key]);
    fields[spec.key] = r;
    if (r.ok) values[spec.key] = r.value;
    else allOk = false;
  }
  return { fields, inputs: allOk ? (values as EstimatorInputs) : undefined };
}

/** Numbers as a person would type them: no exponent for everyday sizes. */
export function rawFromNumber(n: number): string {
  if (n !== 0 && (Math.abs(n) >= 1e15 || Math.abs(n) < 1e-6)) return String(n);
  return String(Number(n.toPrecision(15)));
}

export function rawFromInputs(inputs: EstimatorInputs): RawInputs {
  const raw = {} as RawInputs;
  for (const spec of FIELDS) raw[spec.key] = rawFromNumber(inputs[spec.key]);
  return raw;
}

export const DEFAULT_RAW: Readonly<RawInputs> = Object.freeze(rawFromInputs(DEFAULT_INPUTS));

/**
 * Read field values from a URL query string. Parameters that are absent keep `base`;
 * present ones are taken verbatim (truncated) so a bad value shows up at its field with
 * a message rather than being silently replaced.
 */
export function rawFromQuery(
  search: string,
  base: Readonly<RawInputs> = DEFAULT_RAW,
): {
  raw: RawInputs;
  /** Keys that the URL set. */
  fromUrl: InputKey[];
} {
  const params = new URLSearchParams(search);
  const raw = { ...base };
  const fromUrl: InputKey[] = [];
  for (const spec of FIELDS) {
    const v = params.get(spec.param);
    if (v !== null) {
      // Keep a little more than MAX_RAW_LENGTH so the "too long" message still shows.
      raw[spec.key] = v.slice(0, MAX_RAW_LENGTH + 1);
      fromUrl.push(spec.key);
    }
  }
  return { raw, fromUrl };
}

/**
 * Encode fields as a query string (without "?"), in a fixed order: all of them, or only
 * those `include` accepts.
 */
export function queryFromRaw(raw: Readonly<RawInputs>, include: (key: InputKey) => boolean = () => true): string {
  const params = new URLSearchParams();
  for (const spec of FIELDS) if (include(spec.key)) params.set(spec.param, raw[spec.key].trim());
  return params.toString();
}
