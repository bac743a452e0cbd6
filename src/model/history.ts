/**
 * What the history keeps: saved benchmark runs and saved estimates, their schema version,
 * the one migration function every record passes through on load (from IndexedDB or an
 * imported file), and the validation that decides whether a record can be trusted.
 *
 * Pure: no DOM, no IndexedDB. Anything read back from storage or a file is `unknown`
 * until `readRecord` says otherwise; nothing here throws on hostile input.
 */
import { BENCH_RUN_SCHEMA_VERSION, type BenchRun } from './bench-run.ts';
import type { EstimatorOutputs, InputKey, OutputKey } from './estimator.ts';
import { FIELDS, MAX_RAW_LENGTH, type RawInputs } from './fields.ts';
import { formatSpeedup } from './format.ts';
import type { Metric, MetricId } from './metrics.ts';

/**
 * Version of the record envelope (StoredRun / SavedEstimate). Bump it when the envelope
 * changes and add a step to `MIGRATIONS`.
 *
 * History: 0 = a record without `schemaVersion` (hand-made or from a pre-release build):
 * no `kind`, `savedAt` possibly epoch milliseconds, `name` possibly missing.
 * 1 = the current shape below.
 */
export const HISTORY_SCHEMA_VERSION = 1;

/** Where an estimator value came from; the same words as the estimator form uses. */
export type EstimateSource = 'default' | 'manual' | 'measured';

/** A benchmark run kept in the history. */
export interface StoredRun {
  schemaVersion: typeof HISTORY_SCHEMA_VERSION;
  kind: 'run';
  /** crypto.randomUUID(); also the storage key's suffix ('run:<id>'). */
  id: string;
  /** User-editable; 1 to MAX_NAME_LENGTH characters. */
  name: string;
  /** ISO 8601, when it was saved. */
  savedAt: string;
  /** The run exactly as the bench produced it (metrics with spread and raw samples). */
  run: BenchRun;
}

/** An estimate kept in the history: the inputs as typed, where each came from, and the results. */
export interface SavedEstimate {
  schemaVersion: typeof HISTORY_SCHEMA_VERSION;
  kind: 'estimate';
  id: string;
  name: string;
  savedAt: string;
  /** Raw text of every field, exactly as the form held it. */
  raw: RawInputs;
  sources: Record<InputKey, EstimateSource>;
  outputs: EstimatorOutputs;
  /** The stored run the measured values came from, if any. */
  basedOnRunId?: string;
}

export type HistoryRecord = StoredRun | SavedEstimate;

/** Longest name accepted; names are labels, not documents. */
export const MAX_NAME_LENGTH = 120;
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

/**
 * Every metric id this build knows, with its label. A `Record` over the `MetricId` union,
 * so adding an id to metrics.ts without a label here fails type-checking.
 */
export const METRIC_LABELS: Readonly<Record<MetricId, string>> = {
  'gpu.f32.gflops': 'GPU f32 throughput',
  'gpu.f16.gflops': 'GPU f16 throughput',
  'gpu.upload.gbps': 'Upload bandwidth (CPU → GPU)',
  'gpu.upload.latency.ms': 'Upload latency',
  'gpu.readback.gbps': 'Readback bandwidth (GPU → CPU)',
  'gpu.readback.latency.ms': 'Readback latency',
  'gpu.device.gbps': 'GPU memory bandwidth',
  'gpu.dispatch.us': 'Kernel dispatch overhead',
  'gpu.encode.us': 'Command encoding overhead',
  'gpu.roundtrip.ms': 'Submit-to-finish round trip',
  'cpu.js.gflops': 'CPU plain loops, one core',
  'cpu.simd1.gflops': 'CPU SIMD, one core',
  'cpu.simdAll.gflops': 'CPU SIMD, all cores',
};

/** Metric ids in display order. */
export const METRIC_ORDER = Object.keys(METRIC_LABELS) as MetricId[];

/** The metrics shown in the history list and charted in a comparison. */
export const HEADLINE_METRICS: readonly MetricId[] = ['gpu.f32.gflops', 'gpu.upload.gbps', 'cpu.simdAll.gflops'];

export function isMetricId(value: unknown): value is MetricId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(METRIC_LABELS, value);
}

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

const ESTIMATE_SOURCES: readonly EstimateSource[] = ['default', 'manual', 'measured'];

/** Storage key of a record: one key per record, so concurrent writers never collide. */
export function recordKey(record: Pick<HistoryRecord, 'kind' | 'id'>): string {
  return `${record.kind}:${record.id}`;
}

/** Split a storage key into kind and id; undefined for a key that is not a record's. */
export function parseRecordKey(key: unknown): { kind: HistoryRecord['kind']; id: string } | undefined {
  if (typeof key !== 'string') return undefined;
  const m = /^(run|estimate):(.+)$/.exec(key);
  if (!m) return undefined;
  return { kind: m[1] as HistoryRecord['kind'], id: m[2] as string };
}

// ---------------------------------------------------------------------------------------
// Validation helpers. Each returns an error string (what is wrong, where) or undefined.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: unknown): v is JsonObject {
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
        if (typeof s !== 'number' || Math.abs(s) > MAX_MEASURED_VALUE) return `${path}.samples holds an impossible value`;
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
  );
}

function validateName(o: JsonObject, path: string): string | undefined {
  const v = o['name'];
  if (typeof v !== 'string' || v.trim() === '') return `${path}.name must be non-empty text`;
  if (v.length > MAX_NAME_LENGTH) return `${path}.name is longer than ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

function validateEnvelope(o: JsonObject, path: string): string | undefined {
  return first(
    () => (typeof o['id'] === 'string' && ID_RE.test(o['id']) ? undefined : `${path}.id is not a valid id`),
    () => validateName(o, path),
    () => isoDate(o, 'savedAt', path),
  );
}

function validateEstimateBody(o: JsonObject, path: string): string | undefined {
  const raw = o['raw'];
  const sources = o['sources'];
  const outputs = o['outputs'];
  if (!isObject(raw)) return `${path}.raw must be an object`;
  if (!isObject(sources)) return `${path}.sources must be an object`;
  if (!isObject(outputs)) return `${path}.outputs must be an object`;
  for (const f of FIELDS) {
    // One character over MAX_RAW_LENGTH: the form keeps that much to show "too long".
    const e = str(raw, f.key, `${path}.raw`, MAX_RAW_LENGTH + 1) ?? oneOf(sources, f.key, `${path}.sources`, ESTIMATE_SOURCES);
    if (e) return e;
  }
  for (const k of OUTPUT_KEYS) {
    const e = num(outputs, k, `${path}.outputs`, 0, Number.MAX_VALUE);
    if (e) return e;
  }
  const based = o['basedOnRunId'];
  if (based !== undefined && (typeof based !== 'string' || !ID_RE.test(based))) {
    return `${path}.basedOnRunId is not a valid id`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Migration.

/** One step per old version: takes a record of version n, returns one of version n + 1. */
const MIGRATIONS: Record<number, (o: JsonObject) => JsonObject> = {
  0: (o) => {
    const kind = o['kind'] ?? ('run' in o ? 'run' : 'raw' in o ? 'estimate' : undefined);
    const savedAt =
      typeof o['savedAt'] === 'number' && Number.isFinite(o['savedAt']) && Math.abs(o['savedAt']) <= 8.64e15
        ? new Date(o['savedAt']).toISOString()
        : o['savedAt'];
    const out: JsonObject = { ...o, schemaVersion: 1, savedAt: savedAt ?? null };
    if (kind !== undefined) out['kind'] = kind;
    if (typeof o['name'] !== 'string' || o['name'].trim() === '') {
      out['name'] = kind === 'estimate' ? 'Saved estimate' : 'Benchmark run';
    }
    return out;
  },
};

/**
 * The embedded BenchRun has its own version (BENCH_RUN_SCHEMA_VERSION, owned by the
 * bench). A bump that only adds optional fields needs no step here: the version is
 * carried forward and validation still checks what the history reads. A bump that
 * renames or reshapes fields adds a step from version n to n + 1.
 */
const BENCH_RUN_MIGRATIONS: Record<number, (o: JsonObject) => JsonObject> = {};

function migrateBenchRun(run: Json | undefined): { run?: Json; error?: string } {
  if (!isObject(run)) return { error: 'run must be an object' };
  let r = run;
  let v = r['schemaVersion'];
  if (typeof v !== 'number' || !Number.isInteger(v)) return { error: 'run.schemaVersion is missing' };
  if (v > BENCH_RUN_SCHEMA_VERSION) return { error: `the run was made by a newer version of this app (run version ${v})` };
  while (v < BENCH_RUN_SCHEMA_VERSION) {
    const step = BENCH_RUN_MIGRATIONS[v];
    v += 1;
    r = step ? step(r) : r;
    r = { ...r, schemaVersion: v };
  }
  return { run: r };
}

export type MigrateResult =
  | { ok: true; value: JsonObject; upgradedFrom?: number }
  | { ok: false; reason: string };

/**
 * The one migration function: bring any stored or imported record up to
 * HISTORY_SCHEMA_VERSION (and its embedded BenchRun up to BENCH_RUN_SCHEMA_VERSION).
 * Does not validate beyond what it needs; `readRecord` validates afterwards.
 */
export function migrateRecord(value: unknown): MigrateResult {
  if (!isObject(value as Json)) return { ok: false, reason: 'record is not an object' };
  let o = value as JsonObject;
  const declared = o['schemaVersion'];
  let v = declared === undefined ? 0 : declared;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return { ok: false, reason: 'record has an unreadable schemaVersion' };
  if (v > HISTORY_SCHEMA_VERSION) {
    return { ok: false, reason: `record was made by a newer version of this app (version ${v})` };
  }
  const from = v;
  while (v < HISTORY_SCHEMA_VERSION) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, reason: `record version ${v} can no longer be read` };
    o = step(o);
    v += 1;
  }
  if (o['kind'] === 'run') {
    const m = migrateBenchRun(o['run']);
    if (m.error !== undefined || m.run === undefined) return { ok: false, reason: m.error ?? 'run is missing' };
    if (m.run !== o['run']) o = { ...o, run: m.run };
  }
  return from < HISTORY_SCHEMA_VERSION ? { ok: true, value: o, upgradedFrom: from } : { ok: true, value: o };
}

export type ReadResult =
  | { ok: true; record: HistoryRecord; upgradedFrom?: number }
  | { ok: false; reason: string };

/**
 * Turn untrusted data (an IndexedDB value, an entry of an imported file) into a record:
 * shape check, migration, validation. Never throws. The returned record is a fresh
 * copy, so later edits cannot reach the caller's object.
 */
export function readRecord(value: unknown): ReadResult {
  try {
    const shape = checkJsonShape(value);
    if (shape) return { ok: false, reason: shape };
    const migrated = migrateRecord(value);
    if (!migrated.ok) return migrated;
    const o = migrated.value;
    const error =
      validateEnvelope(o, 'record') ??
      (o['kind'] === 'run'
        ? validateBenchRun(o['run'], 'record.run')
        : o['kind'] === 'estimate'
          ? validateEstimateBody(o, 'record')
          : 'record.kind must be run or estimate');
    if (error) return { ok: false, reason: error };
    const record = structuredClone(o) as unknown as HistoryRecord;
    return migrated.upgradedFrom === undefined
      ? { ok: true, record }
      : { ok: true, record, upgradedFrom: migrated.upgradedFrom };
  } catch (e) {
    // Only a getter or proxy in a hand-made object could get here; report, don't crash.
    return { ok: false, reason: `record could not be read (${e instanceof Error ? e.name : 'error'})` };
  }
}

/** Trim a name and clamp it to MAX_NAME_LENGTH; undefined when nothing is left. */
export function cleanName(name: string): string | undefined {
  // Control characters would only make a name unreadable in the list and in CSV.
  // eslint-disable-next-line no-control-regex
  const t = name.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (t === '') return undefined;
  if (t.length <= MAX_NAME_LENGTH) return t;
  // Cut on code points so an emoji is never split in half.
  let out = '';
  for (const ch of t) {
    if (out.length + ch.length > MAX_NAME_LENGTH) break;
    out += ch;
  }
  return out.trim();
}

// ---------------------------------------------------------------------------------------
// Describing a run for people.

/** Short browser name and version from a user agent: "Chrome 131", "Firefox 133", "Safari 18.1". */
export function browserLabel(userAgent: string): string {
  const ua = userAgent.slice(0, MAX_STRING_LENGTH);
  const node = /^node\s+v?(\d+(?:\.\d+)?)/i.exec(ua);
  if (node) return `Node ${node[1]}${/dawn/i.test(ua) ? ' (Dawn)' : ''}`;
  const rules: [RegExp, string][] = [
    [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
    [/OPR\/(\d+)/, 'Opera'],
    [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/FxiOS\/(\d+)/, 'Firefox'],
    [/CriOS\/(\d+)/, 'Chrome'],
    [/HeadlessChrome\/(\d+)/, 'Headless Chrome'],
    [/Chrome\/(\d+)/, 'Chrome'],
    [/Chromium\/(\d+)/, 'Chromium'],
  ];
  for (const [re, name] of rules) {
    const m = re.exec(ua);
    if (m) return `${name} ${m[1]}`;
  }
  const safari = /Version\/(\d+(?:\.\d+)?).*Safari\//.exec(ua);
  if (safari) return `Safari ${safari[1]}`;
  return ua.trim() === '' ? 'unknown browser' : 'other browser';
}

/** The user agent a run was measured in (the environment's, else the GPU section's). */
export function runUserAgent(run: BenchRun): string {
  return run.environment.userAgent || run.gpu?.userAgent || '';
}

/** The adapter in a few words: description, else vendor + architecture, else "no GPU". */
export function deviceLabel(run: BenchRun): string {
  const a = run.gpu?.adapter;
  if (!a) return 'no GPU';
  const description = a.description.trim();
  if (description) return description.slice(0, 80);
  const parts = [a.vendor, a.architecture, a.device].map((s) => s.trim()).filter((s) => s !== '');
  return parts.length > 0 ? parts.join(' ').slice(0, 80) : 'unnamed GPU';
}

/** True when the GPU numbers come from a software / fallback adapter. */
export function isSoftwareRun(run: BenchRun): boolean {
  return run.software || run.gpu?.adapter.isFallbackAdapter === true;
}

/** The name a newly saved run gets: where it was measured. */
export function defaultRunName(run: BenchRun): string {
  return cleanName(`${deviceLabel(run)} · ${browserLabel(runUserAgent(run))}`) ?? 'Benchmark run';
}

/** The name a saved estimate gets when none is given: its result and its size. */
export function defaultEstimateName(raw: RawInputs, outputs: EstimatorOutputs): string {
  return cleanName(`${formatSpeedup(outputs.speedup)} speedup · ${raw.totalGigaOps.trim()} Giga-ops`) ?? 'Saved estimate';
}

/** The metric with this id, when it was measured. */
export function okMetricOf(run: BenchRun, id: MetricId): Extract<Metric, { status: 'ok' }> | undefined {
  const m = run.metrics.find((x) => x.id === id);
  return m && m.status === 'ok' ? m : undefined;
}

/** Sort newest first by savedAt, ties by id so the order is stable. */
export function newestFirst<T extends { savedAt: string; id: string }>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => Date.parse(b.savedAt) - Date.parse(a.savedAt) || (a.id < b.id ? -1 : 1));
}
