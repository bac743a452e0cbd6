/**
 * Validation of a Python-probe document for import: its shape, its metrics, and whether
 * what it claims is believable (issue #19: a document from another machine enters the
 * comparison only when plausible). Every refusal is one sentence that names the field
 * ("In metrics[5] (py.gpu.matmul.f32.gflops, torch), the field “best”, 1e15 GFLOPS, is
 * beyond any device …"). An accepted document is a fresh copy with every bidirectional
 * control character removed from its text. Pure: no DOM; never throws on hostile input.
 */
import { MAX_DURATION_MS, checkJsonShape, isObject, type Json, type JsonObject } from '../history/validate.ts';
import { displayText } from '../shared/text.ts';
import { implausibleFigure } from './plausibility.ts';
import {
  MAX_PYTHON_PROBE_BYTES,
  PYTHON_PROBE_KIND,
  PYTHON_PROBE_SCHEMA_VERSION,
  PY_GPU_FRAMEWORKS,
  PY_METRIC_SPECS,
  isPyMetricId,
  type PyMetricId,
  type PyMetricSpec,
  type PythonProbeDocument,
} from './python-probe.ts';
import {
  MAX_VALUE,
  close,
  first,
  isNum,
  isoDate,
  measured,
  text,
  textList,
  validateDevice,
  validateStack,
  validateTransfers,
} from './python-probe-checks.ts';

const MAX_METRICS = 64;

/** The validated copy, or why the document was refused: one sentence, naming the field. */
export type PythonProbeResult = { ok: true; doc: PythonProbeDocument } | { ok: false; reason: string };

/** The figures of an ok metric the page shows and uses; they must lie inside its plausible range. */
const HEADLINE_FIGURES = ['value', 'best', 'median'] as const;
/** Its other figures: only "faster than any device" is refused there (slow outliers happen). */
const OTHER_FIGURES = ['p10', 'p90', 'mean'] as const;

function validateMetric(m: Json | undefined, path: string): string | undefined {
  if (!isObject(m)) return `${path} must be an object`;
  const id = m['id'];
  if (!isPyMetricId(id)) return `${path}.id is not a known metric (${JSON.stringify(id ?? null).slice(0, 60)})`;
  const spec: PyMetricSpec = PY_METRIC_SPECS[id];
  const framework = m['framework'];
  const isCpu = id.startsWith('py.cpu.');
  return first(
    () =>
      isCpu
        ? framework === 'numpy'
          ? undefined
          : `${path}.framework must be numpy`
        : typeof framework === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(framework)
          ? undefined
          : `${path}.framework must be ${PY_GPU_FRAMEWORKS.join(', ').replace(/, (\w+)$/, ' or $1')}`,
    () => (m['unit'] === spec.unit ? undefined : `${path}.unit must be ${spec.unit}`),
    () => (m['better'] === spec.better ? undefined : `${path}.better must be ${spec.better}`),
    () => (m['statistic'] === spec.statistic ? undefined : `${path}.statistic must be ${spec.statistic}`),
    () => {
      const status = m['status'];
      if (status === 'failed' || status === 'skipped') {
        const e = text(m, 'error', path, 4096);
        if (e) return e;
        return (m['error'] as string).trim() === '' ? `${path}.error must not be empty` : undefined;
      }
      if (status !== 'ok') return `${path}.status must be ok, failed or skipped`;
      return validateOkMetric(m, path, id, spec);
    },
  );
}

function validateOkMetric(m: JsonObject, path: string, id: PyMetricId, spec: PyMetricSpec): string | undefined {
  const samples = m['samples'];
  if (!Array.isArray(samples) || samples.length === 0) return `${path}.samples must be a non-empty list`;
  for (const s of samples) {
    if (!isNum(s)) return `${path}.samples holds a value that is not a finite number`;
    if (s < 0) return `${path}.samples holds a negative value`;
    if (s > MAX_VALUE) return `${path}.samples holds an impossible value`;
  }
  const nums = samples as number[];
  return first(
    () => measured(m, 'value', path),
    () => measured(m, 'best', path),
    () => measured(m, 'median', path),
    () => measured(m, 'p10', path),
    () => measured(m, 'p90', path),
    () => measured(m, 'mean', path),
    () => measured(m, 'stdev', path),
    () => (m['n'] === nums.length ? undefined : `${path}.n must equal the number of samples`),
    () => (m['validated'] === true ? undefined : `${path}.validated must be true`),
    () => {
      const value = m['value'] as number;
      if (spec.better === 'higher' && !(value > 0)) return `${path}.value must be greater than 0`;
      const headline = m[spec.statistic] as number;
      if (!close(value, headline)) return `${path}.value must equal its ${spec.statistic}`;
      const extreme = spec.better === 'higher' ? Math.max(...nums) : Math.min(...nums);
      if (!close(m['best'] as number, extreme)) return `${path}.best must be the best sample`;
      const [p10, median, p90] = [m['p10'], m['median'], m['p90']] as number[];
      if (!(p10! <= median! * (1 + 1e-12) && median! <= p90! * (1 + 1e-12)))
        return `${path} must have p10 ≤ median ≤ p90`;
      return undefined;
    },
    () => plausibility(m, path, id),
    () => {
      const u = m['sizeUnit'];
      return u === undefined || u === 'n' || u === 'bytes' ? undefined : `${path}.sizeUnit must be n or bytes`;
    },
    () => {
      const points = m['points'];
      if (points === undefined) return undefined;
      if (!Array.isArray(points) || points.length > 256) return `${path}.points must be a list`;
      for (const p of points) {
        if (!isObject(p) || !isNum(p['size']) || !(p['size'] > 0) || !isNum(p['value'])) {
          return `${path}.points must hold {size > 0, value ≥ 0}`;
        }
        if (p['value'] < 0 || p['value'] > MAX_VALUE || p['size'] > MAX_VALUE)
          return `${path}.points holds an impossible value`;
      }
      for (let j = 0; j < points.length; j++) {
        const e = implausibleFigure(id, `${path}.points[${j}].value`, (points[j] as { value: number }).value, false);
        if (e) return e;
      }
      return undefined;
    },
    () => {
      const d = m['details'];
      if (d === undefined) return undefined;
      if (!isObject(d)) return `${path}.details must be an object`;
      for (const v of Object.values(d)) {
        if (!(typeof v === 'string' || typeof v === 'boolean' || isNum(v))) return `${path}.details must be flat`;
      }
      return undefined;
    },
  );
}

/** Every figure of an ok metric within what a real device can do (see plausibility.ts). */
function plausibility(m: JsonObject, path: string, id: PyMetricId): string | undefined {
  for (const key of HEADLINE_FIGURES) {
    const e = implausibleFigure(id, `${path}.${key}`, m[key] as number, true);
    if (e) return e;
  }
  for (const key of OTHER_FIGURES) {
    const e = implausibleFigure(id, `${path}.${key}`, m[key] as number, false);
    if (e) return e;
  }
  const samples = m['samples'] as number[];
  for (let j = 0; j < samples.length; j++) {
    const e = implausibleFigure(id, `${path}.samples[${j}]`, samples[j] as number, false);
    if (e) return e;
  }
  return undefined;
}

/**
 * An error about metrics[i] as a sentence that names the metric: "document.metrics[5].best
 * must …" becomes "In metrics[5] (py.gpu.matmul.f32.gflops, torch), the field “best” must …".
 */
function inMetric(error: string, i: number, m: Json | undefined): string {
  if (!isObject(m) || !isPyMetricId(m['id'])) return error;
  const fw = m['framework'];
  const known = typeof fw === 'string' && (fw === 'numpy' || (PY_GPU_FRAMEWORKS as readonly string[]).includes(fw));
  const where = `In metrics[${i}] (${m['id']}${known ? `, ${fw}` : ''}), `;
  const prefix = `document.metrics[${i}]`;
  if (error.startsWith(`${prefix}.`)) {
    const rest = error.slice(prefix.length + 1);
    const key = /^[^\s,]+/.exec(rest)?.[0] ?? '';
    return `${where}the field “${key}”${rest.slice(key.length)}`;
  }
  return error.startsWith(`${prefix} `) ? `${where}the metric${error.slice(prefix.length)}` : error;
}

/**
 * A path-first error as a sentence for people: "document.metrics must be a list" becomes
 * "The field “metrics” must be a list.", "document is too large" "The document is too
 * large."; bidirectional controls echoed from the file are removed.
 */
function sentence(error: string): string {
  const m = /^document(?:\.([^\s,]+))?([\s,].*)$/s.exec(error);
  const s = m
    ? m[1]
      ? `The field “${m[1]}”${m[2]}`
      : `The document${m[2]}`
    : error.charAt(0).toUpperCase() + error.slice(1);
  return displayText(/[.!?]$/.test(s) ? s : `${s}.`);
}

/** What a value that is not a JSON object is, in words. */
function whatItIs(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'true or false';
  return 'not a JSON object';
}

/** A copy of a checked document with bidirectional controls removed from every string in it. */
function withoutBidiControls(v: Json): Json {
  if (typeof v === 'string') return displayText(v);
  if (Array.isArray(v)) return v.map(withoutBidiControls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  // checkJsonShape refused '__proto__' and the other keys that could touch a prototype.
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = withoutBidiControls(x);
  return out;
}

const NOT_A_PROBE_DOCUMENT = `The file is not a document from gpu_payoff_probe.py --json`;

/**
 * Check an untrusted value (a parsed file) against the probe's schema, and its figures
 * against what a real device can do. On success the document is a fresh copy, typed, with
 * bidirectional controls removed from its text; on failure the reason is one sentence that
 * names the field. `nowMs` is this machine's clock, for refusing dates in the future.
 */
export function validatePythonProbeDocument(untrusted: unknown, nowMs: number = Date.now()): PythonProbeResult {
  try {
    if (!isObject(untrusted)) {
      return { ok: false, reason: `${NOT_A_PROBE_DOCUMENT}: it holds ${whatItIs(untrusted)}, not a JSON object.` };
    }
    const shape = checkJsonShape(untrusted, 'document');
    if (shape) return { ok: false, reason: sentence(shape) };
    const d = untrusted;
    if (d['kind'] !== PYTHON_PROBE_KIND) {
      const kind = typeof d['kind'] === 'string' ? `its kind is “${d['kind'].slice(0, 60)}”` : 'it has no kind';
      return { ok: false, reason: sentence(`${NOT_A_PROBE_DOCUMENT}: ${kind}, not “${PYTHON_PROBE_KIND}”`) };
    }
    const v = d['schemaVersion'];
    if (typeof v === 'number' && Number.isInteger(v) && v > PYTHON_PROBE_SCHEMA_VERSION) {
      return {
        ok: false,
        reason: `The document was made by a newer probe (schema version ${v}); update the page.`,
      };
    }
    if (v !== PYTHON_PROBE_SCHEMA_VERSION) {
      return { ok: false, reason: sentence(`document.schemaVersion must be ${PYTHON_PROBE_SCHEMA_VERSION}`) };
    }
    const error = first(
      () => isoDate(d, 'createdAt', 'document', nowMs),
      () => isoDate(d, 'startedAt', 'document', nowMs),
      () => measured(d, 'durationMs', 'document'),
      () => ((d['durationMs'] as number) <= MAX_DURATION_MS ? undefined : 'document.durationMs is longer than a week'),
      () =>
        d['profile'] === 'quick' || d['profile'] === 'full' ? undefined : 'document.profile must be quick or full',
      () => text(d, 'probeVersion', 'document', 32, true),
      () =>
        d['settings'] === undefined || isObject(d['settings']) ? undefined : 'document.settings must be an object',
      () => validateStack(d['stack'], 'document.stack'),
      () => validateDevice(d['device'], 'document.device'),
      () => (d['gpuUnavailable'] === undefined ? undefined : text(d, 'gpuUnavailable', 'document', 4096)),
      () => {
        const p = d['primaryFramework'];
        if (p === undefined) return undefined;
        return typeof p === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(p)
          ? undefined
          : 'document.primaryFramework must be torch, cupy or jax';
      },
      () => {
        const metrics = d['metrics'];
        if (!Array.isArray(metrics)) return 'document.metrics must be a list';
        if (metrics.length > MAX_METRICS) return 'document.metrics has too many entries';
        const seen = new Set<string>();
        for (let i = 0; i < metrics.length; i++) {
          const e = validateMetric(metrics[i], `document.metrics[${i}]`);
          if (e) return inMetric(e, i, metrics[i]);
          // validateMetric checked both are text.
          const m = metrics[i] as { id: string; framework: string };
          const key = `${m.id}|${m.framework}`;
          if (seen.has(key)) return `document.metrics[${i}] repeats ${m.id} for ${m.framework}`;
          seen.add(key);
        }
        if (metrics.length === 0) return 'document holds no metrics, so there is nothing to import';
        if (!metrics.some((m) => isObject(m) && m['status'] === 'ok'))
          return 'document holds no measured metric (every one failed or was skipped), so there is nothing to import';
        return undefined;
      },
      () => validateTransfers(d['transfers'] ?? [], 'document.transfers'),
      () => {
        const c = d['conditions'];
        if (c === undefined) return undefined;
        if (!isObject(c)) return 'document.conditions must be an object';
        for (const key of Object.keys(c)) {
          const e = measured(c, key, 'document.conditions');
          if (e) return e;
        }
        return undefined;
      },
      () => textList(d, 'notes', 'document'),
      () => textList(d, 'errors', 'document'),
    );
    if (error) return { ok: false, reason: sentence(error) };
    const doc = withoutBidiControls(d) as unknown as PythonProbeDocument;
    if (doc.transfers === undefined) doc.transfers = [];
    return { ok: true, doc };
  } catch (e) {
    return { ok: false, reason: `The document could not be read (${e instanceof Error ? e.name : 'error'}).` };
  }
}

/** Parse a probe file's text and validate it; `nowMs` as for `validatePythonProbeDocument`. */
export function parsePythonProbeJson(textIn: string, nowMs: number = Date.now()): PythonProbeResult {
  if (textIn.length > MAX_PYTHON_PROBE_BYTES) {
    const mib = MAX_PYTHON_PROBE_BYTES / (1024 * 1024);
    return { ok: false, reason: `The file is larger than ${mib} MiB, too large to be a probe document.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(textIn);
  } catch {
    return { ok: false, reason: 'The file is not valid JSON.' };
  }
  return validatePythonProbeDocument(value, nowMs);
}
