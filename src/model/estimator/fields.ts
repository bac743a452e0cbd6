/**
 * The estimator's input fields: labels and units as the spec page names them, help
 * text with the spec's typical range, limits, parsing of what a person typed (or what a
 * URL carried), defaults, presets and the URL query encoding. Pure.
 */
import type { EstimatorInputs, InputKey } from './estimator.ts';
import { displayText } from '../shared/text.ts';

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
    help: 'Floating-point operations the whole task performs, in Giga-operations (10⁹ operations: a 1000×1000 matrix multiply is 2). Typical: 1 – 1000 Giga-operations.',
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

/**
 * A parsed field: the value, and a `note` when the text was read in a way a person should
 * see said (a comma taken as the decimal mark, full-width digits, a fraction), so no text
 * ever silently becomes a number other than the one its writer meant.
 */
export type ParseResult = { ok: true; value: number; note?: string } | { ok: false; message: string };

/** Pasted vulgar fractions: "1½" reads as 1 1/2. */
const VULGAR_FRACTIONS: Readonly<Record<string, string>> = {
  '\u00BD': '1/2',
  '\u2153': '1/3',
  '\u2154': '2/3',
  '\u00BC': '1/4',
  '\u00BE': '3/4',
  '\u2155': '1/5',
  '\u2156': '2/5',
  '\u2157': '3/5',
  '\u2158': '4/5',
  '\u2159': '1/6',
  '\u215A': '5/6',
  '\u2150': '1/7',
  '\u215B': '1/8',
  '\u215C': '3/8',
  '\u215D': '5/8',
  '\u215E': '7/8',
  '\u2151': '1/9',
  '\u2152': '1/10',
};
const SUPERSCRIPTS = '\u2070\u00B9\u00B2\u00B3\u2074\u2075\u2076\u2077\u2078\u2079';
/** First code point of each run of ten decimal digits people paste besides ASCII. */
const DIGIT_BLOCKS: readonly [number, string][] = [
  [0xff10, 'full-width digits'],
  [0x0660, 'Arabic-Indic digits'],
  [0x06f0, 'Persian digits'],
  [0x0966, 'Devanagari digits'],
];

function formatLimit(n: number): string {
  return n >= 1e6 ? n.toExponential(0).replace('e+', 'e') : n.toLocaleString('en-US');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Normalized {
  text: string;
  /** Why the text had to be translated, for the note ("full-width digits"). */
  reasons: string[];
  /** Set when the text uses a form that cannot be read safely. */
  message?: string;
}

/**
 * Bring the many ways people type a number to plain ASCII: invisible format characters
 * (bidi controls, zero-width spaces, BOM) go, every kind of space becomes " ", Unicode
 * minus and dashes become "-", other digit systems become 0–9, "×10^3" and "×10³"
 * become "e3", vulgar fractions become "1/2". Superscripts anywhere else are refused:
 * Unicode normalisation would turn "10³" into 103.
 */
function normalizeNumberText(raw: string): Normalized {
  const reasons: string[] = [];
  let t = raw.replace(/\p{Cf}/gu, '');
  // Full-width ASCII (U+FF01–FF5E) is the same character set shifted.
  t = t.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  for (const [zero, name] of DIGIT_BLOCKS) {
    if (zero === 0xff10) {
      if (/[\uFF10-\uFF19]/.test(raw)) reasons.push(name);
      continue;
    }
    let found = false;
    t = t.replace(/./gu, (c) => {
      const d = c.charCodeAt(0) - zero;
      if (c.length === 1 && d >= 0 && d <= 9) {
        found = true;
        return String(d);
      }
      return c;
    });
    if (found) reasons.push(name);
  }
  t = t
    .replace(/\u066B/g, '.') // Arabic decimal separator
    .replace(/[\u066C\u2019\u02BC\u2032]/g, "'") // Arabic thousands separator, typographic apostrophes
    .replace(/[\u2212\u2012\u2013\u2014\u2015\uFE63]/g, '-')
    .replace(/[\u2044\u2215]/g, '/')
    .replace(/\s+/g, ' ');
  // "1.5×10^3", "1.5 x 10^-3", "1.5·10³": a power of ten written out.
  t = t.replace(
    new RegExp(`\\s*[×xX*·]\\s*10\\s*(?:\\^\\s*([+-]?\\d+)|([⁻]?[${SUPERSCRIPTS}]+))`, 'u'),
    (_m, caret: string | undefined, sup: string | undefined) => {
      if (caret !== undefined) return `e${caret}`;
      const digits = [...(sup ?? '')].map((c) => (c === '⁻' ? '-' : String(SUPERSCRIPTS.indexOf(c)))).join('');
      return `e${digits}`;
    },
  );
  if (new RegExp(`[${SUPERSCRIPTS}⁻]`, 'u').test(t)) {
    return { text: t, reasons, message: 'Write powers of ten with e, e.g. 1e3 for 10³.' };
  }
  let fraction = false;
  t = t.replace(/[\u00BC-\u00BE\u2150-\u215E]/g, (c) => {
    fraction = true;
    return ` ${VULGAR_FRACTIONS[c] ?? c}`;
  });
  if (fraction || /\d\s*\/\s*\d/.test(t)) reasons.push('a fraction');
  return { text: t.trim(), reasons };
}

/** Split the integer part on its one kind of group separator; groups of three after the first. */
function ungroup(intPart: string): { digits: string; separator: string } | undefined {
  const seps = new Set(intPart.replace(/\d/g, ''));
  if (seps.size === 0) return { digits: intPart, separator: '' };
  if (seps.size > 1) return undefined;
  const [separator] = [...seps] as [string];
  const groups = intPart.split(separator);
  const [head, ...rest] = groups;
  if (!head || !/^\d{1,3}$/.test(head) || rest.length === 0 || !rest.every((g) => /^\d{3}$/.test(g))) {
    return undefined;
  }
  return { digits: groups.join(''), separator };
}

type Reading = { ok: true; text: string; reasons: string[] } | { ok: false; message: string };

/**
 * Read a mantissa made of digits, ".", ",", "'", "_" and spaces as a plain decimal.
 * The page's own format is a point for decimals and commas between thousands; a comma
 * is read as the decimal mark when nothing else fits ("1,5", "1.000,5"), and a lone
 * comma before exactly three digits ("1,500": 1500 or 1.5?) is refused as ambiguous.
 */
function readMantissa(m: string, shown: string): Reading {
  const notNumber: Reading = { ok: false, message: `"${shown}" is not a number. Use digits, e.g. 12.5 or 2e3.` };
  if (!/^[\d.,' _]+$/.test(m) || !/\d/.test(m)) return notNumber;
  const reasons: string[] = [];
  const dots = m.split('.').length - 1;
  const commas = m.split(',').length - 1;
  let decimal: '.' | ',' | undefined;
  if (dots > 0 && commas > 0) {
    decimal = m.lastIndexOf('.') > m.lastIndexOf(',') ? '.' : ',';
    if (decimal === ',') reasons.push('comma as the decimal mark, dots between thousands');
  } else if (commas === 1) {
    const [before = '', after = ''] = m.split(',');
    if (/^\d{3}$/.test(after) && /^[1-9]\d{0,2}$/.test(before)) {
      const whole = `${before}${after}`;
      const dec = `${before}.${after}`;
      return {
        ok: false,
        message: `"${shown}" could mean ${Number(whole)} or ${Number(dec)}. Type ${Number(whole)} or ${Number(dec)} (a point marks decimals).`,
      };
    }
    decimal = ',';
    reasons.push('comma as the decimal mark');
  } else if (commas > 1) {
    decimal = undefined;
  } else if (dots === 1) {
    decimal = '.';
    const [before = '', after = ''] = m.split('.');
    // "1.500": the page's format says 1.5, but in much of the world it is 1500. Say so.
    if (/^\d{3}$/.test(after) && /^[1-9]\d{0,2}$/.test(before)) {
      reasons.push(`a point marks decimals here: for ${before}${after}, type ${before}${after}`);
    }
  } else if (dots > 1) {
    decimal = undefined;
    reasons.push('dots between thousands');
  }
  const cut = decimal === undefined ? -1 : m.lastIndexOf(decimal);
  const intPart = cut < 0 ? m : m.slice(0, cut);
  const fracPart = cut < 0 ? '' : m.slice(cut + 1);
  if (!/^\d*$/.test(fracPart) || (intPart === '' && fracPart === '')) return notNumber;
  if (decimal !== undefined && m.split(decimal).length - 1 > 1) return notNumber;
  const grouped = intPart === '' ? { digits: '', separator: '' } : ungroup(intPart);
  if (!grouped) {
    return {
      ok: false,
      message: `"${shown}" has separators in unexpected places. Type the digits without them (a point marks decimals).`,
    };
  }
  return { ok: true, text: `${grouped.digits || '0'}.${fracPart || '0'}`, reasons };
}

/**
 * Parse what a person typed into one field (or a link carried). Accepts plain decimals
 * and scientific notation ("1.5", "2e3", "1.5×10^3"), a trailing unit word matching the
 * field, thousands grouped by commas, spaces, apostrophes or underscores, a comma as
 * the decimal mark where that is unambiguous ("1,5", "1.000,5"), Unicode minus, other
 * digit systems and simple fractions ("½", "3/4"). Readings that differ from the page's
 * own format come back with a `note` that says how the text was read; ambiguous or
 * malformed text gets a message instead. Never a non-finite or out-of-range value.
 */
export function parseField(spec: NumericLimits, raw: string): ParseResult {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, message: 'Enter a number.' };
  if (trimmed.length > MAX_RAW_LENGTH) return { ok: false, message: 'That is too long to be a number.' };
  const shown = displayText(trimmed);
  const norm = normalizeNumberText(trimmed);
  if (norm.message) return { ok: false, message: norm.message };
  if (norm.text === '') return { ok: false, message: 'Enter a number.' };
  let text = norm.text;
  const unit = new RegExp(`\\s*${escapeRegExp(spec.unit)}$`, 'i');
  text = text.replace(unit, '');
  const signMatch = /^([+-])\s?/.exec(text);
  const negative = signMatch?.[1] === '-';
  if (signMatch) text = text.slice(signMatch[0].length);
  let value: number;
  const reasons = [...norm.reasons];
  const fraction = /^(?:(\d+) )?(\d+) ?\/ ?(\d+)$/.exec(text);
  if (fraction) {
    const whole = Number(fraction[1] ?? 0);
    const den = Number(fraction[3]);
    if (den === 0) return { ok: false, message: 'A fraction cannot divide by zero.' };
    value = whole + Number(fraction[2]) / den;
  } else {
    const exp = /^(.*?)(e[+-]?\d+)?$/i.exec(text);
    const mantissa = readMantissa(exp?.[1] ?? text, shown);
    if (!mantissa.ok) return { ok: false, message: mantissa.message };
    reasons.push(...mantissa.reasons);
    value = Number(`${mantissa.text}${exp?.[2] ?? ''}`);
  }
  if (negative) value = -value;
  if (Number.isNaN(value)) return { ok: false, message: `"${shown}" is not a number. Use digits, e.g. 12.5 or 2e3.` };
  if (!Number.isFinite(value)) return { ok: false, message: 'That number is too large.' };
  if (Object.is(value, -0)) value = 0;
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
  if (reasons.length === 0) return { ok: true, value };
  return { ok: true, value, note: `Read as ${rawFromNumber(value)} (${reasons.join('; ')}).` };
}

/**
 * The "Read as …" note a field shows under its value, only where it helps: under text a
 * person typed (`typed`) in a form the page would not write itself. A value the page
 * filled (measured, from history, a canonical value in a link) is written by
 * `rawFromNumber`, so "1.712" measured never gets "for 1712, type 1712" (issue #17).
 */
export function readAsNote(result: ParseResult | undefined, raw: string, typed: boolean): string {
  if (!typed || !result?.ok || !result.note) return '';
  return raw.trim() === rawFromNumber(result.value) ? '' : result.note;
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
