/**
 * History files: the JSON export document, the runs CSV, and reading an imported file
 * back with every record validated. Pure: the store decides what to write.
 */
import { METRIC_IDS, headlineValue } from '../bench/metrics.ts';
import {
  readRecord,
  recordKey,
  type HistoryRecord,
  type SavedEstimate,
  type StoredPythonRun,
  type StoredRun,
  type StoredVerification,
} from './records.ts';
import { browserLabel, deviceLabel, isSoftwareRun, okMetricOf, runUserAgent } from './describe.ts';

/** The `format` field of an export; a file without it is not ours. */
export const EXPORT_FORMAT = 'gpu-payoff-history';
/** Version of the export document. Records inside carry their own schemaVersion. */
export const EXPORT_VERSION = 1;
/**
 * Largest file accepted for import. A full run with raw samples is tens of kilobytes,
 * so 16 MiB holds hundreds of runs; anything bigger is not an export of this app.
 */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
/** Most records one file may hold (runs and estimates together). */
export const MAX_IMPORT_RECORDS = 5000;

/** The JSON document "Export" downloads. */
export interface HistoryExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** ISO 8601. */
  exportedAt: string;
  runs: StoredRun[];
  estimates: SavedEstimate[];
  /** Python-lane runs (issue #14); absent in files from before it, and read as none. */
  pythonRuns?: StoredPythonRun[];
  /** Verifications (issue #13); absent in files from before them, and read as none. */
  verifications?: StoredVerification[];
}

/** Build the export document. */
export function buildExport(
  runs: readonly StoredRun[],
  estimates: readonly SavedEstimate[],
  exportedAt: Date,
  pythonRuns: readonly StoredPythonRun[] = [],
  verifications: readonly StoredVerification[] = [],
): HistoryExport {
  const doc: HistoryExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    runs: [...runs],
    estimates: [...estimates],
  };
  if (pythonRuns.length > 0) doc.pythonRuns = [...pythonRuns];
  if (verifications.length > 0) doc.verifications = [...verifications];
  return doc;
}

/** A file name like "gpu-payoff-history-2026-11-23.json". */
export function exportFileName(ext: 'json' | 'csv', date: Date): string {
  return `gpu-payoff-history-${date.toISOString().slice(0, 10)}.${ext}`;
}

/** One record that an import left out, and why. */
export interface ImportRejection {
  reason: string;
}

/** What an import did. `error` set means the file as a whole was refused and nothing changed. */
export interface ImportResult {
  added: number;
  duplicates: number;
  rejected: ImportRejection[];
  error?: string;
}

export type ParsedImport =
  | { ok: true; records: HistoryRecord[]; duplicates: number; rejected: ImportRejection[] }
  | { ok: false; error: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type ListKind = HistoryRecord['kind'];
const KIND_WORDS: Record<ListKind, string> = {
  run: 'Run',
  estimate: 'Estimate',
  'python-run': 'Python run',
  verification: 'Verification',
};

function label(kind: ListKind, index: number, value: unknown): string {
  const name = isObject(value) && typeof value['name'] === 'string' ? value['name'].slice(0, 60) : '';
  return `${KIND_WORDS[kind]} ${index + 1}${name ? ` ("${name}")` : ''}`;
}

/**
 * Read an imported file. File-level problems (too big, not JSON, not our format, a newer
 * version) refuse the whole file; record-level problems reject that record only.
 * Records whose key is in `existingKeys`, or repeated in the file, count as duplicates.
 */
export function parseImport(text: string, existingKeys: ReadonlySet<string>): ParsedImport {
  // A UTF-8 file has at least as many bytes as characters, so this never lets a larger file through.
  if (text.length > MAX_IMPORT_BYTES) {
    return {
      ok: false,
      error: `The file is too large to be a history export (limit ${MAX_IMPORT_BYTES / 1024 / 1024} MB).`,
    };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not valid JSON.' };
  }
  if (!isObject(doc) || doc['format'] !== EXPORT_FORMAT) {
    return { ok: false, error: 'The file is not a GPU payoff history export.' };
  }
  const version = doc['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: 'The file has no readable version.' };
  }
  if (version > EXPORT_VERSION) {
    return {
      ok: false,
      error: `The file was made by a newer version of this app (format version ${version}); update the page and try again.`,
    };
  }
  const runs = doc['runs'] ?? [];
  const estimates = doc['estimates'] ?? [];
  const pythonRuns = doc['pythonRuns'] ?? [];
  const verifications = doc['verifications'] ?? [];
  if (
    !Array.isArray(runs) ||
    !Array.isArray(estimates) ||
    !Array.isArray(pythonRuns) ||
    !Array.isArray(verifications)
  ) {
    return { ok: false, error: 'The file\u2019s runs and estimates must be lists.' };
  }
  if (runs.length + estimates.length + pythonRuns.length + verifications.length > MAX_IMPORT_RECORDS) {
    return { ok: false, error: `The file holds more than ${MAX_IMPORT_RECORDS} records.` };
  }
  const records: HistoryRecord[] = [];
  const rejected: ImportRejection[] = [];
  const seen = new Set(existingKeys);
  let duplicates = 0;
  const take = (kind: ListKind, list: unknown[]) => {
    list.forEach((value, index) => {
      const read = readRecord(value);
      if (!read.ok) {
        rejected.push({ reason: `${label(kind, index, value)}: ${read.reason}.` });
        return;
      }
      if (read.record.kind !== kind) {
        rejected.push({ reason: `${label(kind, index, value)}: it is not a ${kind}.` });
        return;
      }
      const key = recordKey(read.record);
      if (seen.has(key)) {
        duplicates += 1;
        return;
      }
      seen.add(key);
      records.push(read.record);
    });
  };
  take('run', runs);
  take('estimate', estimates);
  take('python-run', pythonRuns);
  take('verification', verifications);
  return { ok: true, records, duplicates, rejected };
}

/** A sentence for people: "Added 2 records, skipped 1 duplicate, rejected 1: …". */
export function describeImport(result: ImportResult): string {
  if (result.error !== undefined) return `Nothing was imported: ${result.error}`;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [`Added ${plural(result.added, 'record')}`];
  if (result.duplicates > 0) parts.push(`skipped ${plural(result.duplicates, 'duplicate')}`);
  if (result.rejected.length > 0) parts.push(`rejected ${result.rejected.length}`);
  return `${parts.join(', ')}.`;
}

// ---------------------------------------------------------------------------------------
// CSV.

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR at the start) gets a leading apostrophe: names are user text.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s) || s !== s.trim()) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/**
 * Runs as CSV, one row per run: identity, conditions, and for every metric any run has
 * its headline value and p10/p90 spread (empty where not measured).
 */
export function runsToCsv(runs: readonly StoredRun[]): string {
  const present = new Set(runs.flatMap((r) => r.run.metrics.map((m) => m.id)));
  const metricIds = METRIC_IDS.filter((id) => present.has(id));
  const units = new Map(
    metricIds.map((id) => [id, runs.flatMap((r) => r.run.metrics).find((m) => m.id === id)?.unit ?? '']),
  );
  const header = [
    'id',
    'name',
    'saved_at',
    'started_at',
    'profile',
    'duration_ms',
    'device',
    'vendor',
    'architecture',
    'software_adapter',
    'browser',
    'user_agent',
    'host',
    'gpu_timer',
    'timestamps_quantized',
    'cross_origin_isolated',
    'cancelled',
    ...metricIds.flatMap((id) => [`${id} [${units.get(id) ?? ''}]`, `${id} p10`, `${id} p90`]),
  ];
  const lines = [header.map(csvField).join(',')];
  for (const r of runs) {
    const run = r.run;
    const row: (string | number | boolean | undefined)[] = [
      r.id,
      r.name,
      r.savedAt,
      run.startedAt,
      run.profile,
      run.durationMs,
      deviceLabel(run),
      run.gpu?.adapter.vendor,
      run.gpu?.adapter.architecture,
      isSoftwareRun(run),
      browserLabel(runUserAgent(run)),
      runUserAgent(run),
      run.environment.host,
      run.gpu?.timer,
      run.gpu?.timestampsQuantized,
      run.environment.crossOriginIsolated,
      run.cancelled,
    ];
    for (const id of metricIds) {
      const m = okMetricOf(run, id);
      if (m && m.unit === units.get(id)) row.push(headlineValue(m), m.p10, m.p90);
      else row.push(undefined, undefined, undefined);
    }
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
