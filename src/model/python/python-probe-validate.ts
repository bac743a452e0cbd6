/**
 * Validation of a Python-probe document for import (moved from python-probe.ts, which keeps
 * the document's types and how it is read). Pure: no DOM; never throws on hostile input.
 */
import { checkJsonShape, isObject, type Json, type JsonObject } from '../history/validate.ts';
import {
  MAX_PYTHON_PROBE_BYTES,
  PYTHON_PROBE_KIND,
  PYTHON_PROBE_SCHEMA_VERSION,
  PY_GPU_FRAMEWORKS,
  PY_METRIC_SPECS,
  isPyMetricId,
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

export type PythonProbeResult = { ok: true; doc: PythonProbeDocument } | { ok: false; reason: string };

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
          : `${path}.framework must be numpy for ${id}`
        : typeof framework === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(framework)
          ? undefined
          : `${path}.framework must be one of ${PY_GPU_FRAMEWORKS.join(', ')} for ${id}`,
    () => (m['unit'] === spec.unit ? undefined : `${path}.unit must be ${spec.unit} for ${id}`),
    () => (m['better'] === spec.better ? undefined : `${path}.better must be ${spec.better} for ${id}`),
    () => (m['statistic'] === spec.statistic ? undefined : `${path}.statistic must be ${spec.statistic} for ${id}`),
    () => {
      const status = m['status'];
      if (status === 'failed' || status === 'skipped') {
        const e = text(m, 'error', path, 4096);
        if (e) return e;
        return (m['error'] as string).trim() === '' ? `${path}.error must not be empty` : undefined;
      }
      if (status !== 'ok') return `${path}.status must be ok, failed or skipped`;
      return validateOkMetric(m, path, spec);
    },
  );
}

function validateOkMetric(m: JsonObject, path: string, spec: PyMetricSpec): string | undefined {
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

export function validatePythonProbeDocument(untrusted: unknown): PythonProbeResult {
  try {
    const shape = checkJsonShape(untrusted, 'document');
    if (shape) return { ok: false, reason: shape };
    if (!isObject(untrusted)) return { ok: false, reason: 'document must be an object' };
    const d = untrusted;
    if (d['kind'] !== PYTHON_PROBE_KIND) return { ok: false, reason: `document.kind must be ${PYTHON_PROBE_KIND}` };
    const v = d['schemaVersion'];
    if (typeof v === 'number' && Number.isInteger(v) && v > PYTHON_PROBE_SCHEMA_VERSION) {
      return { ok: false, reason: `the document was made by a newer probe (schema version ${v}); update the page` };
    }
    if (v !== PYTHON_PROBE_SCHEMA_VERSION) return { ok: false, reason: 'document.schemaVersion is not supported' };
    const error = first(
      () => isoDate(d, 'createdAt', 'document'),
      () => isoDate(d, 'startedAt', 'document'),
      () => measured(d, 'durationMs', 'document'),
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
          if (e) return e;
          // validateMetric checked both are text.
          const m = metrics[i] as { id: string; framework: string };
          const key = `${m.id}|${m.framework}`;
          if (seen.has(key)) return `document.metrics[${i}] repeats ${m.id} for ${m.framework}`;
          seen.add(key);
        }
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
    if (error) return { ok: false, reason: error };
    const doc = structuredClone(d) as unknown as PythonProbeDocument;
    if (doc.transfers === undefined) doc.transfers = [];
    return { ok: true, doc };
  } catch (e) {
    return { ok: false, reason: `document could not be read (${e instanceof Error ? e.name : 'error'})` };
  }
}

/** Parse a probe file's text and validate it. */
export function parsePythonProbeJson(textIn: string): PythonProbeResult {
  if (textIn.length > MAX_PYTHON_PROBE_BYTES)
    return { ok: false, reason: 'the file is too large to be a probe document' };
  let value: unknown;
  try {
    value = JSON.parse(textIn);
  } catch {
    return { ok: false, reason: 'the file is not valid JSON' };
  }
  return validatePythonProbeDocument(value);
}
