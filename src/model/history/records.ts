/**
 * What the history keeps: saved benchmark runs and saved estimates, their schema version,
 * their storage keys, the one migration function every record passes through on load
 * (from IndexedDB or an imported file), and how a new record is made. The validation that
 * decides whether a record can be trusted lives in validate.ts; `readRecord` runs it. How a
 * run is described for people is in describe.ts.
 *
 * Pure: no DOM, no IndexedDB. Anything read back from storage or a file is `unknown`
 * until `readRecord` says otherwise; nothing here throws on hostile input.
 */
import { BENCH_RUN_SCHEMA_VERSION, type BenchRun } from '../bench/bench-run.ts';
import { estimate, type EstimatorOutputs, type InputKey } from '../estimator/estimator.ts';
import { validateInputs, type RawInputs } from '../estimator/fields.ts';
import type { ValueSource } from '../estimator/measured.ts';
import { savedWorkloadName, type SavedWorkload } from '../workloads/saved.ts';
import type { SavedAnswer } from '../answer/saved.ts';
import { cleanName, defaultEstimateName, defaultRunName } from './describe.ts';
import {
  checkJsonShape,
  isObject,
  validateBenchRun,
  validateEnvelope,
  validateEstimateBody,
  validateVerificationBody,
  type Json,
  type JsonObject,
} from './validate.ts';
import { displayText } from '../shared/text.ts';
import { describeStack, type PythonProbeDocument } from '../python/python-probe.ts';
import { validatePythonProbeDocument } from '../python/python-probe-validate.ts';
import { VERIFICATION_SCHEMA_VERSION, type VerificationSummary } from './verification.ts';

/**
 * Version of the record envelope (StoredRun / SavedEstimate). Bump it when the envelope
 * changes and add a step to `MIGRATIONS`.
 *
 * History: 0 = a record without `schemaVersion` (hand-made or from a pre-release build):
 * no `kind`, `savedAt` possibly epoch milliseconds, `name` possibly missing.
 * 1 = the current shape below.
 */
export const HISTORY_SCHEMA_VERSION = 1;

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
  /**
   * Set only on the view of a Python-lane run that the store lists among the runs (so the
   * list, comparison and CSV show it): `run` is then `probeAsBenchRun(python.probe)`. Never
   * stored: the store writes the python-run record instead.
   */
  python?: StoredPythonRun;
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
  sources: Record<InputKey, ValueSource>;
  outputs: EstimatorOutputs;
  /** The stored run the measured values came from, if any. */
  basedOnRunId?: string;
  /** The workload the estimate was made for (issue #12); absent in classic mode and in older records. */
  workload?: SavedWorkload;
  /** The answer's bounds and break-even when it was saved (issue #17); absent in older records. */
  answer?: SavedAnswer;
}

/**
 * A Python-lane run (issue #14): the document `python/gpu_payoff_probe.py --json` wrote,
 * imported through "Measure with Python". Same envelope as a run; key 'python-run:<id>'.
 * A new kind needs no envelope version bump: older records are untouched by it.
 */
export interface StoredPythonRun {
  schemaVersion: typeof HISTORY_SCHEMA_VERSION;
  kind: 'python-run';
  id: string;
  /** The stack by default: "NumPy 2.4 · OpenBLAS 0.3.31 · 2 threads". */
  name: string;
  savedAt: string;
  /** The probe's document, validated by `validatePythonProbeDocument`. */
  probe: PythonProbeDocument;
}

/**
 * A verification (issue #13): "Run this workload"'s prediction against its measurement,
 * with the workload, the sizes asked and run, the achieved fractions and where it ran.
 * Same envelope; key 'verification:<id>'. The body has its own version
 * (`verification.schemaVersion`, migrated by `migrateRecord`).
 */
export interface StoredVerification {
  schemaVersion: typeof HISTORY_SCHEMA_VERSION;
  kind: 'verification';
  id: string;
  /** The workload in words by default: "matmul 256×256×256 f32". */
  name: string;
  savedAt: string;
  verification: VerificationSummary;
}

export type HistoryRecord = StoredRun | SavedEstimate | StoredPythonRun | StoredVerification;

/** Storage key of a record: one key per record, so concurrent writers never collide. */
export function recordKey(record: Pick<HistoryRecord, 'kind' | 'id'>): string {
  return `${record.kind}:${record.id}`;
}

/** Split a storage key into kind and id; undefined for a key that is not a record's. */
export function parseRecordKey(key: unknown): { kind: HistoryRecord['kind']; id: string } | undefined {
  if (typeof key !== 'string') return undefined;
  const m = /^(run|estimate|python-run|verification):(.+)$/.exec(key);
  if (!m) return undefined;
  return { kind: m[1] as HistoryRecord['kind'], id: m[2] as string };
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
  if (v > BENCH_RUN_SCHEMA_VERSION)
    return { error: `the run was made by a newer version of this app (run version ${v})` };
  while (v < BENCH_RUN_SCHEMA_VERSION) {
    const step = BENCH_RUN_MIGRATIONS[v];
    v += 1;
    r = step ? step(r) : r;
    r = { ...r, schemaVersion: v };
  }
  return { run: r };
}

/**
 * Steps for the verification body's own version (VERIFICATION_SCHEMA_VERSION): version n
 * to n + 1. None yet; a body without a version is from before it had one and is refused.
 */
const VERIFICATION_MIGRATIONS: Record<number, (o: JsonObject) => JsonObject> = {};

function migrateVerification(body: Json | undefined): { body?: Json; error?: string } {
  if (!isObject(body)) return { error: 'verification must be an object' };
  let b = body;
  let v = b['schemaVersion'];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return { error: 'verification.schemaVersion is missing' };
  if (v > VERIFICATION_SCHEMA_VERSION)
    return { error: `the verification was made by a newer version of this app (version ${v})` };
  while (v < VERIFICATION_SCHEMA_VERSION) {
    const step = VERIFICATION_MIGRATIONS[v];
    if (!step) return { error: `verification version ${v} can no longer be read` };
    v += 1;
    b = { ...step(b), schemaVersion: v };
  }
  return { body: b };
}

export type MigrateResult = { ok: true; value: JsonObject; upgradedFrom?: number } | { ok: false; reason: string };

/**
 * The one migration function: bring any stored or imported record up to
 * HISTORY_SCHEMA_VERSION (and its embedded BenchRun up to BENCH_RUN_SCHEMA_VERSION).
 * Does not validate beyond what it needs; `readRecord` validates afterwards.
 */
export function migrateRecord(value: unknown): MigrateResult {
  if (!isObject(value)) return { ok: false, reason: 'record is not an object' };
  let o = value;
  const declared = o['schemaVersion'];
  let v = declared === undefined ? 0 : declared;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    return { ok: false, reason: 'record has an unreadable schemaVersion' };
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
  if (o['kind'] === 'verification') {
    const m = migrateVerification(o['verification']);
    if (m.error !== undefined || m.body === undefined)
      return { ok: false, reason: m.error ?? 'verification is missing' };
    if (m.body !== o['verification']) o = { ...o, verification: m.body };
  }
  return from < HISTORY_SCHEMA_VERSION ? { ok: true, value: o, upgradedFrom: from } : { ok: true, value: o };
}

export type ReadResult = { ok: true; record: HistoryRecord; upgradedFrom?: number } | { ok: false; reason: string };

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
          : o['kind'] === 'python-run'
            ? validatePythonRunBody(o)
            : o['kind'] === 'verification'
              ? validateVerificationBody(o['verification'], 'record.verification', VERIFICATION_SCHEMA_VERSION)
              : 'record.kind must be run, estimate, python-run or verification');
    if (error) return { ok: false, reason: error };
    const record = structuredClone(o) as unknown as HistoryRecord;
    // `python` marks the store's view of a Python-lane run; a stored or imported run never has one.
    if (record.kind === 'run') delete record.python;
    // Bidi controls would disguise a name wherever it is shown ("\u202Egnp.exe" as "exe.png").
    record.name = displayText(record.name).trim() || 'Unnamed';
    return migrated.upgradedFrom === undefined
      ? { ok: true, record }
      : { ok: true, record, upgradedFrom: migrated.upgradedFrom };
  } catch (e) {
    // Only a getter or proxy in a hand-made object could get here; report, don't crash.
    return { ok: false, reason: `record could not be read (${e instanceof Error ? e.name : 'error'})` };
  }
}

/** The probe document inside a python-run record, checked by the page's importer. */
function validatePythonRunBody(o: JsonObject): string | undefined {
  const read = validatePythonProbeDocument(o['probe']);
  // The reason is a sentence; the record's own errors are path-first clauses.
  return read.ok ? undefined : `record.probe: ${read.reason.replace(/\.$/, '')}`;
}

/** Sort newest first by savedAt, ties by id so the order is stable. */
export function newestFirst<T extends { savedAt: string; id: string }>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => Date.parse(b.savedAt) - Date.parse(a.savedAt) || (a.id < b.id ? -1 : 1));
}

// ---------------------------------------------------------------------------------------
// New records.

/** What a new record gets from whoever saves it: its id, when, and a name if one was given. */
export interface NewRecordMeta {
  id: string;
  savedAt: Date;
  /** Cleaned with `cleanName`; the default name when left out or empty. */
  name?: string | undefined;
}

/** The estimator's state to save; `outputs` are computed from `raw` when left out. */
export interface NewEstimate {
  raw: RawInputs;
  sources: Record<InputKey, ValueSource>;
  name?: string;
  basedOnRunId?: string;
  outputs?: EstimatorOutputs;
  workload?: SavedWorkload;
  answer?: SavedAnswer;
}

export type MakeResult<T> = { ok: true; record: T } | { ok: false; reason: string };

/** Pass a new record through the same checks as one read back, so nothing invalid is ever stored. */
function checked<K extends HistoryRecord['kind']>(
  kind: K,
  candidate: Record<string, unknown>,
): MakeResult<Extract<HistoryRecord, { kind: K }>> {
  const read = readRecord(candidate);
  if (!read.ok) return read;
  if (read.record.kind !== kind) return { ok: false, reason: `not a ${kind}` };
  return { ok: true, record: read.record as Extract<HistoryRecord, { kind: K }> };
}

/** A stored run for `run`, named after where it was measured unless a name is given. */
export function makeRunRecord(run: BenchRun, meta: NewRecordMeta): MakeResult<StoredRun> {
  return checked('run', {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'run',
    id: meta.id,
    name: (meta.name !== undefined ? cleanName(meta.name) : undefined) ?? defaultRunName(run),
    savedAt: meta.savedAt.toISOString(),
    run,
  });
}

/**
 * A saved estimate for the estimator's state. Outputs are computed from `raw` when not
 * given; invalid inputs are refused.
 */
export function makeEstimateRecord(input: NewEstimate, meta: NewRecordMeta): MakeResult<SavedEstimate> {
  let outputs = input.outputs;
  if (!outputs) {
    const valid = validateInputs(input.raw).inputs;
    if (!valid) return { ok: false, reason: 'some inputs are not valid' };
    outputs = estimate(valid);
  }
  const candidate: Record<string, unknown> = {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'estimate',
    id: meta.id,
    name: (meta.name !== undefined ? cleanName(meta.name) : undefined) ?? defaultEstimateName(input.raw, outputs),
    savedAt: meta.savedAt.toISOString(),
    raw: { ...input.raw },
    sources: { ...input.sources },
    outputs: { ...outputs },
  };
  if (input.basedOnRunId !== undefined) candidate['basedOnRunId'] = input.basedOnRunId;
  if (input.answer !== undefined) candidate['answer'] = { ...input.answer, breakEven: { ...input.answer.breakEven } };
  if (input.workload !== undefined) {
    candidate['workload'] = { ...input.workload };
    if (meta.name === undefined || cleanName(meta.name) === undefined)
      candidate['name'] = cleanName(savedWorkloadName(input.workload)) ?? candidate['name'];
  }
  return checked('estimate', candidate);
}

/** A Python-lane run for a probe document, named after its stack unless a name is given. */
export function makePythonRunRecord(probe: PythonProbeDocument, meta: NewRecordMeta): MakeResult<StoredPythonRun> {
  return checked('python-run', {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'python-run',
    id: meta.id,
    name:
      (meta.name !== undefined ? cleanName(meta.name) : undefined) ?? cleanName(describeStack(probe)) ?? 'Python run',
    savedAt: meta.savedAt.toISOString(),
    probe,
  });
}

/** A verification record for a summary, named after its workload unless a name is given. */
export function makeVerificationRecord(
  verification: VerificationSummary,
  meta: NewRecordMeta,
): MakeResult<StoredVerification> {
  return checked('verification', {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'verification',
    id: meta.id,
    name:
      (meta.name !== undefined ? cleanName(meta.name) : undefined) ?? cleanName(verification.label) ?? 'Verification',
    savedAt: meta.savedAt.toISOString(),
    verification,
  });
}
