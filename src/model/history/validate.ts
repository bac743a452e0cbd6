/**
 * Validation of untrusted history data: anything read back from IndexedDB or parsed from
 * an imported file. Structural sanity first (`checkJsonShape`), then the fields of a
 * BenchRun, a record's envelope and an estimate's body, each checked strictly enough
 * that the UI, the estimator and the CSV export can trust what passes.
 *
 * Pure: no DOM, no IndexedDB. Every check returns an error string (what is wrong, where)
 * or undefined; nothing here throws on hostile input. `readRecord` in history.ts runs
 * these after migration.
 */
import { BENCH_RUN_SCHEMA_VERSION } from '../bench/bench-run.ts';
import { estimate, type EstimatorInputs, type EstimatorOutputs, type OutputKey } from '../estimator/estimator.ts';
import { FIELDS, MAX_RAW_LENGTH, parseField } from '../estimator/fields.ts';
import { displayText } from '../shared/text.ts';
import type { ValueSource } from '../estimator/measured.ts';
import { isMetricId } from '../bench/metrics.ts';
import { MAX_TIMELINE_LABEL, MAX_TIMELINE_STEPS } from '../bench/timeline.ts';
import { validateSavedWorkload } from '../workloads/saved.ts';
import { validateSavedAnswer } from '../answer/saved.ts';
import { MAX_NAME_LENGTH } from './describe.ts';
import { RUNNABLE_WORKLOAD_IDS } from '../workloads/types.ts';

/** Limits on any string inside a record (user agents, error messages, details). */
export const MAX_STRING_LENGTH = 4096;
/** Limit on any array inside a record (raw samples, transfer points, warnings). */
export const MAX_ARRAY_LENGTH = 20_000;
/** Limit on keys per object (device limits have ~40). */
export const MAX_OBJECT_KEYS = 500;
/** Nesting limit: a BenchRun is about 5 deep; anything far deeper is not ours. */
export const MAX_DEPTH = 16;
/** Values in one record (numbers, strings, ...); a full run is a few thousand. */
export const MAX_NODES_PER_RECORD = 200_000;
/**
 * Largest magnitude accepted for a measured value. The fastest GPUs are ~1e5 GFLOPS;
 * 1e15 leaves ten orders of headroom and still rejects 1e300-style garbage that would
 * break every sum, ratio and chart axis.
 */
export const MAX_MEASURED_VALUE = 1e15;
/** Largest run duration accepted, ms (a week). */
export const MAX_DURATION_MS = 7 * 24 * 3600 * 1000;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Keys that would touch prototypes if a record were ever merged into another object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const OUTPUT_KEYS: readonly OutputKey[] = [
  'cpuTime',
  'gpuComputeTime',
  'transferTime',
  'kernelOverhead',
  'totalOverhead',
  'gpuTotalTime',
  'speedup',
  'efficiency',
];

const ESTIMATE_SOURCES: readonly ValueSource[] = ['default', 'manual', 'measured', 'workload'];

// ---------------------------------------------------------------------------------------
// Validation helpers. Each returns an error string (what is wrong, where) or undefined.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Structural sanity of anything parsed or read back: only plain JSON values, finite
 * numbers, bounded strings, arrays, objects, depth and total size, no prototype keys.
 * Returns the first problem found.
 */
export function checkJsonShape(value: unknown, path = 'record'): string | undefined {
  let nodes = 0;
  const walk = (v: unknown, p: string, depth: number): string | undefined => {
    nodes += 1;
    if (nodes > MAX_NODES_PER_RECORD) return `${path} is too large`;
    if (depth > MAX_DEPTH) return `${p} is nested too deeply`;
    if (v === null || typeof v === 'boolean') return undefined;
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : `${p} is not a finite number`;
    if (typeof v === 'string') return v.length <= MAX_STRING_LENGTH ? undefined : `${p} is too long`;
    if (Array.isArray(v)) {
      if (v.length > MAX_ARRAY_LENGTH) return `${p} has too many entries`;
      for (let i = 0; i < v.length; i++) {
        const e = walk(v[i], `${p}[${i}]`, depth + 1);
        if (e) return e;
      }
      return undefined;
    }
    if (typeof v === 'object') {
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return `${p} is not a plain object`;
      const keys = Object.keys(v);
      if (keys.length > MAX_OBJECT_KEYS) return `${p} has too many fields`;
      for (const k of keys) {
        if (FORBIDDEN_KEYS.has(k)) return `${p} has a forbidden field "${k.slice(0, 20)}"`;
        const child = (v as Record<string, unknown>)[k];
        // An optional field set to undefined (structured clone keeps it) means "absent".
        if (child === undefined) continue;
        const e = walk(child, `${p}.${k.slice(0, 40)}`, depth + 1);
        if (e) return e;
      }
      return undefined;
    }
    return `${p} has an unsupported type (${typeof v})`;
  };
  return walk(value, path, 0);
}

function str(o: JsonObject, key: string, path: string, max = MAX_STRING_LENGTH): string | undefined {
  const v = o[key];
  if (typeof v !== 'string') return `${path}.${key} must be text`;
  if (v.length > max) return `${path}.${key} is too long`;
  return undefined;
}

function bool(o: JsonObject, key: string, path: string): string | undefined {
  return typeof o[key] === 'boolean' ? undefined : `${path}.${key} must be true or false`;
}

function num(o: JsonObject, key: string, path: string, min: number, max: number): string | undefined {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${path}.${key} must be a number`;
  if (v < min || v > max) return `${path}.${key} is out of range (${String(v).slice(0, 24)})`;
  return undefined;
}

function oneOf(o: JsonObject, key: string, path: string, allowed: readonly string[]): string | undefined {
  const v = o[key];
  if (typeof v === 'string' && allowed.includes(v)) return undefined;
  return `${path}.${key} must be one of ${allowed.join(', ')}`;
}

function stringArray(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (!Array.isArray(v)) return `${path}.${key} must be a list`;
  return v.every((s) => typeof s === 'string') ? undefined : `${path}.${key} must be a list of text`;
}

function first(...checks: (() => string | undefined)[]): string | undefined {
  for (const c of checks) {
    const e = c();
    if (e) return e;
  }
  return undefined;
}

function isoDate(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (typeof v !== 'string' || v.length > 40 || !Number.isFinite(Date.parse(v))) {
    return `${path}.${key} must be a date`;
  }
  return undefined;
}

function validateMetric(m: Json, path: string): string | undefined {
  if (!isObject(m)) return `${path} must be an object`;
  const measured = (key: string) => num(m, key, path, -MAX_MEASURED_VALUE, MAX_MEASURED_VALUE);
  return first(
    () => (isMetricId(m['id']) ? undefined : `${path}.id is not a known metric`),
    () => oneOf(m, 'status', path, ['ok', 'failed', 'skipped', 'cancelled']),
    () => str(m, 'unit', path, 32),
    () => oneOf(m, 'better', path, ['higher', 'lower']),
    () => {
      if (m['status'] !== 'ok') return str(m, 'error', path);
      const samples = m['samples'];
      if (!Array.isArray(samples) || samples.length === 0) return `${path}.samples must be a non-empty list`;
      for (const s of samples) {
        if (typeof s !== 'number' || Math.abs(s) > MAX_MEASURED_VALUE)
          return `${path}.samples holds an impossible value`;
      }
      return first(
        () => num(m, 'n', path, 1, MAX_ARRAY_LENGTH),
        () => measured('best'),
        () => measured('median'),
        () => measured('p10'),
        () => measured('p90'),
        () => measured('mean'),
        () => num(m, 'stdev', path, 0, MAX_MEASURED_VALUE),
        () => (m['details'] === undefined || isObject(m['details']) ? undefined : `${path}.details must be an object`),
      );
    },
  );
}

function validateAdapter(a: Json | undefined, path: string): string | undefined {
  if (!isObject(a)) return `${path} must be an object`;
  return first(
    () => str(a, 'vendor', path, 256),
    () => str(a, 'architecture', path, 256),
    () => str(a, 'device', path, 256),
    () => str(a, 'description', path, 512),
    () => bool(a, 'isFallbackAdapter', path),
    () => stringArray(a, 'features', path),
  );
}

function validateGpu(g: Json | undefined, path: string): string | undefined {
  if (g === undefined) return undefined;
  if (!isObject(g)) return `${path} must be an object`;
  // The fields the history reads are checked strictly; the rest of the GPU section
  // (limits, transfers, references, ...) only has to pass checkJsonShape, so small
  // additions to the GPU suite's result do not make older builds reject new runs.
  return first(
    () => validateAdapter(g['adapter'], `${path}.adapter`),
    () => oneOf(g, 'timer', path, ['timestamp-query', 'wall-clock']),
    () =>
      g['timestampsQuantized'] === undefined || typeof g['timestampsQuantized'] === 'boolean'
        ? undefined
        : `${path}.timestampsQuantized must be true or false`,
    () => bool(g, 'crossOriginIsolated', path),
    () => str(g, 'userAgent', path),
    () => (isObject(g['limits']) ? undefined : `${path}.limits must be an object`),
  );
}

function validateCpu(c: Json | undefined, path: string): string | undefined {
  if (c === undefined) return undefined;
  if (!isObject(c)) return `${path} must be an object`;
  return first(
    () => num(c, 'logicalCores', path, 0, 1_000_000),
    () => num(c, 'threads', path, 0, 1_000_000),
    () => oneOf(c, 'simdFlavor', path, ['relaxed_madd', 'mul_add', 'none']),
    () => stringArray(c, 'warnings', path),
  );
}

/** A run's timeline: optional; each step labelled, on a device, ending no earlier than it started. */
function validateTimeline(t: Json | undefined, path: string): string | undefined {
  if (t === undefined) return undefined;
  if (!Array.isArray(t)) return `${path} must be a list`;
  if (t.length > MAX_TIMELINE_STEPS) return `${path} has too many steps`;
  for (let i = 0; i < t.length; i++) {
    const s = t[i];
    const p = `${path}[${i}]`;
    if (!isObject(s)) return `${p} must be an object`;
    const e = first(
      () => str(s, 'step', p, MAX_TIMELINE_LABEL),
      () => oneOf(s, 'device', p, ['cpu', 'gpu']),
      () => num(s, 'startMs', p, 0, MAX_DURATION_MS),
      () => num(s, 'endMs', p, 0, MAX_DURATION_MS),
      () => ((s['endMs'] as number) >= (s['startMs'] as number) ? undefined : `${p} ends before it starts`),
    );
    if (e) return e;
  }
  return undefined;
}

/** Validate a BenchRun document (already migrated to the current version). */
export function validateBenchRun(r: Json | undefined, path = 'run'): string | undefined {
  if (!isObject(r)) return `${path} must be an object`;
  return first(
    () => (r['schemaVersion'] === BENCH_RUN_SCHEMA_VERSION ? undefined : `${path}.schemaVersion is not supported`),
    () => {
      const metrics = r['metrics'];
      if (!Array.isArray(metrics)) return `${path}.metrics must be a list`;
      if (metrics.length > 256) return `${path}.metrics has too many entries`;
      for (let i = 0; i < metrics.length; i++) {
        const e = validateMetric(metrics[i] as Json, `${path}.metrics[${i}]`);
        if (e) return e;
      }
      return undefined;
    },
    () => oneOf(r, 'profile', path, ['quick', 'full']),
    () => isoDate(r, 'startedAt', path),
    () => num(r, 'durationMs', path, 0, MAX_DURATION_MS),
    () => {
      const env = r['environment'];
      if (!isObject(env)) return `${path}.environment must be an object`;
      return first(
        () => oneOf(env, 'host', `${path}.environment`, ['browser', 'node']),
        () => str(env, 'userAgent', `${path}.environment`),
        () => bool(env, 'crossOriginIsolated', `${path}.environment`),
      );
    },
    () => validateGpu(r['gpu'], `${path}.gpu`),
    () => (r['gpuUnavailable'] === undefined ? undefined : str(r, 'gpuUnavailable', path)),
    () => validateCpu(r['cpu'], `${path}.cpu`),
    () => bool(r, 'software', path),
    () => stringArray(r, 'errors', path),
    () => bool(r, 'cancelled', path),
    () => validateTimeline(r['timeline'], `${path}.timeline`),
  );
}

function validateName(o: JsonObject, path: string): string | undefined {
  const v = o['name'];
  if (typeof v !== 'string' || v.trim() === '') return `${path}.name must be non-empty text`;
  if (v.length > MAX_NAME_LENGTH) return `${path}.name is longer than ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

export function validateEnvelope(o: JsonObject, path: string): string | undefined {
  return first(
    () => (typeof o['id'] === 'string' && ID_RE.test(o['id']) ? undefined : `${path}.id is not a valid id`),
    () => validateName(o, path),
    () => isoDate(o, 'savedAt', path),
  );
}

export function validateEstimateBody(o: JsonObject, path: string): string | undefined {
  const raw = o['raw'];
  const sources = o['sources'];
  const outputs = o['outputs'];
  if (!isObject(raw)) return `${path}.raw must be an object`;
  if (!isObject(sources)) return `${path}.sources must be an object`;
  if (!isObject(outputs)) return `${path}.outputs must be an object`;
  for (const f of FIELDS) {
    // One character over MAX_RAW_LENGTH: the form keeps that much to show "too long".
    const e =
      str(raw, f.key, `${path}.raw`, MAX_RAW_LENGTH + 1) ?? oneOf(sources, f.key, `${path}.sources`, ESTIMATE_SOURCES);
    if (e) return e;
  }
  for (const k of OUTPUT_KEYS) {
    const e = num(outputs, k, `${path}.outputs`, 0, Number.MAX_VALUE);
    if (e) return e;
  }
  // The same rules as a typed value: "NaN", "1e308" or 2.5 launches are refused here too,
  // with the field's own message, and the saved results must be what those inputs give.
  const inputs: Partial<EstimatorInputs> = {};
  for (const f of FIELDS) {
    const value = raw[f.key];
    const text = typeof value === 'string' ? value : '';
    const parsed = parseField(f, text);
    if (!parsed.ok)
      return `${path}.raw.${f.key} "${displayText(text).slice(0, 24)}" is not a valid ${f.unit} value: ${parsed.message}`;
    inputs[f.key] = parsed.value;
  }
  if (o['answer'] !== undefined) {
    const bad = validateSavedAnswer(o['answer'], `${path}.answer`);
    if (bad) return bad;
  }
  const hasWorkload = o['workload'] !== undefined;
  // Classic (custom) estimates: the seed's formulas on the saved inputs. A workload's answer
  // is the roofline's, which also rests on figures a link carries (its query): there the
  // saved results must at least hold together (the GPU total is its parts, the speedup the
  // ratio), and match the workload's own summary (checked below).
  const expected = hasWorkload ? consistentOutputs(outputs) : estimate(inputs as EstimatorInputs);
  for (const k of OUTPUT_KEYS) {
    const saved = outputs[k] as number;
    const want = expected[k];
    // Saved results are rounded for display at most; half a percent allows for that.
    if (Math.abs(saved - want) > 5e-3 * Math.max(Math.abs(want), 1e-300)) {
      return `${path}.outputs.${k} (${saved}) does not follow from its inputs (${want})`;
    }
  }
  const based = o['basedOnRunId'];
  if (based !== undefined && (typeof based !== 'string' || !ID_RE.test(based))) {
    return `${path}.basedOnRunId is not a valid id`;
  }
  // Optional: estimates saved in classic mode, or before workloads existed, have none.
  if (!hasWorkload) return undefined;
  const bad = validateSavedWorkload(o['workload'], `${path}.workload`);
  if (bad) return bad;
  const w = o['workload'] as { cpuSeconds: number; gpuSeconds: number; speedup: number };
  const pairs: [string, number, number][] = [
    ['cpuSeconds', w.cpuSeconds, outputs['cpuTime'] as number],
    ['gpuSeconds', w.gpuSeconds, outputs['gpuTotalTime'] as number],
    ['speedup', w.speedup, outputs['speedup'] as number],
  ];
  for (const [k, a, b] of pairs) {
    if (Math.abs(a - b) > 5e-3 * Math.max(Math.abs(b), 1e-300)) {
      return `${path}.workload.${k} (${a}) is not the saved answer's (${b})`;
    }
  }
  return undefined;
}

/**
 * The outputs a saved answer implies from its own times: totals from parts, the speedup
 * from the totals, the efficiency as saved (it needs the GPU's rate, which the times do
 * not carry).
 */
function consistentOutputs(outputs: JsonObject): EstimatorOutputs {
  const n = (k: string) => outputs[k] as number;
  const totalOverhead = n('transferTime') + n('kernelOverhead');
  const gpuTotalTime = n('gpuComputeTime') + totalOverhead;
  return {
    cpuTime: n('cpuTime'),
    gpuComputeTime: n('gpuComputeTime'),
    transferTime: n('transferTime'),
    kernelOverhead: n('kernelOverhead'),
    totalOverhead,
    gpuTotalTime,
    speedup: gpuTotalTime > 0 ? n('cpuTime') / gpuTotalTime : 1,
    efficiency: n('efficiency'),
  };
}

// ---------------------------------------------------------------------------------------
// Verifications (issue #13).

const VERIFICATION_TIME_KEYS = [
  'cpuSeconds',
  'gpuComputeSeconds',
  'uploadSeconds',
  'readbackSeconds',
  'gpuTotalSeconds',
  'speedup',
] as const;
const ACHIEVED_NUMBER_KEYS = [
  'cpuGflops',
  'cpuGbps',
  'gpuGflops',
  'gpuGbps',
  'cpuFlopsFraction',
  'cpuBandwidthFraction',
  'gpuFlopsFraction',
  'gpuBandwidthFraction',
  'cpuRoofFraction',
  'gpuRoofFraction',
] as const;
/** Most launches one verified run makes (softmax and attention are a handful; a margin for more). */
const MAX_LAUNCHES = 1e6;

function validateTimes(t: Json | undefined, path: string): string | undefined {
  if (!isObject(t)) return `${path} must be an object`;
  return first(...VERIFICATION_TIME_KEYS.map((k) => () => num(t, k, path, 0, MAX_MEASURED_VALUE)), () =>
    num(t, 'launches', path, 0, MAX_LAUNCHES),
  );
}

/**
 * The body of a verification record (already migrated to `version`): workload, sizes,
 * prediction, measurement, achieved rates and environment, every number finite and in range.
 */
export function validateVerificationBody(v: Json | undefined, path: string, version: number): string | undefined {
  if (!isObject(v)) return `${path} must be an object`;
  return first(
    () => (v['schemaVersion'] === version ? undefined : `${path}.schemaVersion is not supported`),
    () => oneOf(v, 'workload', path, RUNNABLE_WORKLOAD_IDS),
    () => str(v, 'label', path, MAX_NAME_LENGTH * 2),
    () => str(v, 'sizeUnit', path, 40),
    () => num(v, 'requestedSize', path, 1, MAX_MEASURED_VALUE),
    () => num(v, 'ranSize', path, 1, MAX_MEASURED_VALUE),
    () => bool(v, 'scaledDown', path),
    () => validateTimes(v['predicted'], `${path}.predicted`),
    () => validateTimes(v['measured'], `${path}.measured`),
    () => num(v, 'predictionError', path, -1, MAX_MEASURED_VALUE),
    () => {
      const a = v['achieved'];
      if (!isObject(a)) return `${path}.achieved must be an object`;
      return first(
        ...ACHIEVED_NUMBER_KEYS.map((k) => () => num(a, k, `${path}.achieved`, 0, MAX_MEASURED_VALUE)),
        () => oneOf(a, 'cpuBound', `${path}.achieved`, ['compute', 'memory']),
        () => oneOf(a, 'gpuBound', `${path}.achieved`, ['compute', 'memory']),
      );
    },
    () => num(v, 'hostBytes', path, 0, MAX_MEASURED_VALUE),
    () =>
      v['measuredBreakEvenSize'] === undefined
        ? undefined
        : num(v, 'measuredBreakEvenSize', path, 1, MAX_MEASURED_VALUE),
    () => {
      const e = v['environment'];
      if (!isObject(e)) return `${path}.environment must be an object`;
      return first(
        () => str(e, 'userAgent', `${path}.environment`),
        () => str(e, 'adapter', `${path}.environment`, 400),
        () => str(e, 'gpuTimer', `${path}.environment`, 40),
        () => num(e, 'cpuThreads', `${path}.environment`, 0, 4096),
      );
    },
  );
}
