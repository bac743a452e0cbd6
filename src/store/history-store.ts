/**
 * The history store: the only code that talks to IndexedDB (through idb-keyval).
 *
 * - Database `gpu-payoff-history`, object store `records`; one key per record,
 *   `run:<id>` or `estimate:<id>`, so two tabs writing at once never overwrite each
 *   other (nothing is a read-modify-write of a shared list).
 * - Every value read back goes through `readRecord` (migration + validation). A value
 *   that fails is skipped and reported in `unreadable`; it is never deleted unless the
 *   person asks for it (`discardUnreadable`).
 * - If IndexedDB is missing, blocked, fails, or is full, the store switches to memory:
 *   everything keeps working for this page, `status` says 'memory' and `statusReason` why.
 * - After every write it posts on the BroadcastChannel `gpu-payoff-history`; other tabs'
 *   stores fire `change`, so their lists refresh.
 *
 * Events: `change` (a plain Event) whenever the records or the status may have changed,
 * here or in another tab; `saved` (HistorySavedEvent) and `save-failed`
 * (HistorySaveFailedEvent) for a new run or estimate saved, or refused, in this tab.
 */
import { createStore, delMany, entries, setMany, type UseStore } from 'idb-keyval';
import type { BenchRun } from '../model/bench/bench-run.ts';
import {
  makeEstimateRecord,
  makeRunRecord,
  newestFirst,
  parseRecordKey,
  readRecord,
  recordKey,
  type HistoryRecord,
  type MakeResult,
  type NewEstimate,
  makePythonRunRecord,
  makeVerificationRecord,
  type SavedEstimate,
  type StoredPythonRun,
  type StoredRun,
  type StoredVerification,
} from '../model/history/records.ts';
import type { VerificationSummary } from '../model/history/verification.ts';
import { probeAsBenchRun } from '../model/python/python-lane.ts';
import type { PythonProbeDocument } from '../model/python/python-probe.ts';
import { cleanName } from '../model/history/describe.ts';
import { buildExport, parseImport, runsToCsv, type HistoryExport, type ImportResult } from '../model/history/io.ts';

/** IndexedDB database name (also what tests use to plant records). */
export const HISTORY_DB_NAME = 'gpu-payoff-history';
/** Object store inside HISTORY_DB_NAME; keys are 'run:<id>' / 'estimate:<id>'. */
export const HISTORY_STORE_NAME = 'records';
/** BroadcastChannel name tabs use to tell each other to refresh. */
export const HISTORY_CHANNEL_NAME = 'gpu-payoff-history';

/** 'persistent': IndexedDB works. 'memory': history lasts only until the page closes. */
export type StorageMode = 'persistent' | 'memory';

/** A stored value that could not be read as a record. Kept in storage, reported here. */
export interface UnreadableRecord {
  key: string;
  reason: string;
}

/** Everything the history panel shows, read in one go. */
export interface HistorySnapshot {
  /** Newest first. */
  runs: StoredRun[];
  /** Newest first. */
  estimates: SavedEstimate[];
  /** Python-lane runs (issue #14), newest first; `runs` also lists each as a view (`python` set). */
  pythonRuns: StoredPythonRun[];
  /** Verifications (issue #13), newest first. */
  verifications: StoredVerification[];
  unreadable: UnreadableRecord[];
  status: StorageMode;
  statusReason: string | undefined;
}

/** Which records an export holds; a list left out means none of that kind. */
export interface ExportSelection {
  runIds?: readonly string[];
  estimateIds?: readonly string[];
  verificationIds?: readonly string[];
}

/** The part of BroadcastChannel the store uses (so tests can pass a fake or null). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: () => void): void;
  removeEventListener(type: 'message', listener: () => void): void;
  close(): void;
}

export interface HistoryStoreOptions {
  /** idb-keyval store; default `createStore(HISTORY_DB_NAME, HISTORY_STORE_NAME)`. */
  idbStore?: UseStore;
  /** Cross-tab channel; default a BroadcastChannel when the platform has one; null for none. */
  channel?: ChannelLike | null;
  /** Clock for `savedAt` / `exportedAt`. */
  now?: () => Date;
  /** Id generator; default crypto.randomUUID(). */
  newId?: () => string;
  /** How long the first IndexedDB access may take before falling back to memory, ms. */
  openTimeoutMs?: number;
}

/** Thrown for a request the store refuses (invalid run, empty name); the message is for people. */
export class HistoryError extends Error {
  override name = 'HistoryError';
}

/** A run or an estimate was saved in this tab (after the `change` it causes). */
export class HistorySavedEvent extends Event {
  constructor(readonly record: HistoryRecord) {
    super('saved');
  }
}

/** A run or an estimate was refused (the save rejects with the same message). */
export class HistorySaveFailedEvent extends Event {
  constructor(readonly message: string) {
    super('save-failed');
  }
}

/** The storage operations the store needs, in IndexedDB or in memory. */
interface Backend {
  entries(): Promise<[IDBValidKey, unknown][]>;
  setMany(items: [string, unknown][]): Promise<void>;
  delMany(keys: string[]): Promise<void>;
  /** Atomically replace the value at `key` with `fn(old)`; `fn` returning undefined writes nothing. */
  update(key: string, fn: (old: unknown) => unknown): Promise<void>;
  get(key: string): Promise<unknown>;
}

/** An IndexedDB key as text: ours are strings; anything else (a number, date, array or binary key) readably. */
function keyText(k: IDBValidKey): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number') return String(k);
  if (k instanceof Date) return k.toISOString();
  if (Array.isArray(k)) return `[${k.map(keyText).join(', ')}]`;
  return `<binary key, ${(k as ArrayBuffer | ArrayBufferView).byteLength} bytes>`;
}

function idbBackend(store: UseStore): Backend {
  const request = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new DOMException('request failed', 'UnknownError'));
    });
  const done = (tx: IDBTransaction) =>
    new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
    });
  return {
    entries: () => entries<IDBValidKey, unknown>(store),
    setMany: (items) => setMany(items, store),
    delMany: (keys) => delMany(keys, store),
    get: (key) => store('readonly', (s) => request(s.get(key))),
    // idb-keyval's update() would put `undefined` for a missing key; this one leaves it alone.
    update: (key, fn) =>
      store(
        'readwrite',
        (s) =>
          new Promise<void>((resolve, reject) => {
            const r = s.get(key);
            r.onerror = () => reject(r.error ?? new DOMException('request failed', 'UnknownError'));
            r.onsuccess = () => {
              const next = fn(r.result);
              if (next !== undefined) s.put(next, key);
              done(s.transaction).then(resolve, reject);
            };
          }),
      ),
  };
}

function memoryBackend(seed: Iterable<[string, unknown]>): Backend {
  const map = new Map<string, unknown>(seed);
  return {
    entries: async () => [...map.entries()].map(([k, v]) => [k, structuredClone(v)] as [IDBValidKey, unknown]),
    setMany: async (items) => {
      for (const [k, v] of items) map.set(k, structuredClone(v));
    },
    delMany: async (keys) => {
      for (const k of keys) map.delete(k);
    },
    get: async (key) => structuredClone(map.get(key)),
    update: async (key, fn) => {
      const next = fn(structuredClone(map.get(key)));
      if (next !== undefined) map.set(key, next);
    },
  };
}

/** A random UUID, also where crypto.randomUUID is missing (pages served over plain http). */
export function randomId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function describeFailure(e: unknown): string {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  if (name === 'QuotaExceededError') return 'the browser\u2019s storage for this site is full.';
  if (name === 'TimeoutError') return 'the browser\u2019s storage did not respond.';
  return 'this browser does not let the page store data here (private browsing or blocked storage).';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new DOMException('storage did not respond', 'TimeoutError')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

function defaultChannel(): ChannelLike | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  try {
    return new BroadcastChannel(HISTORY_CHANNEL_NAME);
  } catch {
    return null;
  }
}

/**
 * Saved runs and estimates. Every method is async and never rejects because storage
 * failed (it falls back to memory instead); methods reject with HistoryError only for
 * requests that make no sense (saving an invalid run, an empty name).
 */
export class HistoryStore extends EventTarget {
  private readonly idb: Backend | undefined;
  private memory: Backend | undefined;
  private readonly channel: ChannelLike | null;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly openTimeoutMs: number;
  private opened: Promise<void> | undefined;
  /** Last raw contents seen in IndexedDB: seeds memory if storage fails later. */
  private lastSeen = new Map<string, unknown>();
  private mode: StorageMode = 'persistent';
  private reason: string | undefined;
  private lastUnreadable: UnreadableRecord[] = [];
  private readonly onMessage = () => this.dispatchEvent(new Event('change'));

  constructor(options: HistoryStoreOptions = {}) {
    super();
    let idb: Backend | undefined;
    try {
      idb = idbBackend(options.idbStore ?? createStore(HISTORY_DB_NAME, HISTORY_STORE_NAME));
    } catch (e) {
      this.toMemory(e);
    }
    this.idb = idb;
    this.channel = options.channel === undefined ? defaultChannel() : options.channel;
    this.channel?.addEventListener('message', this.onMessage);
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomId;
    this.openTimeoutMs = options.openTimeoutMs ?? 5000;
  }

  /** 'persistent' while IndexedDB works; 'memory' once it has failed (until the page reloads). */
  get status(): StorageMode {
    return this.mode;
  }

  /** Why history will not persist, in words that finish "History will not persist: …". */
  get statusReason(): string | undefined {
    return this.reason;
  }

  /** Records the last `load()` could not read (they stay in storage). */
  get unreadable(): readonly UnreadableRecord[] {
    return this.lastUnreadable;
  }

  /** Stop listening to other tabs. */
  close(): void {
    this.channel?.removeEventListener('message', this.onMessage);
    this.channel?.close();
  }

  private toMemory(e: unknown): void {
    if (this.mode === 'memory') return;
    this.mode = 'memory';
    this.reason = describeFailure(e);
    this.memory = memoryBackend(this.lastSeen);
    this.dispatchEvent(new Event('change'));
  }

  /** Run one storage operation in IndexedDB, or in memory once IndexedDB has failed. */
  private async use<T>(op: (b: Backend) => Promise<T>): Promise<T> {
    if (this.mode === 'persistent' && this.idb) {
      const idb = this.idb;
      if (!this.opened) {
        // The first access opens the database; a browser that blocks storage can hang here.
        // (async wrapper: a blocked indexedDB.open throws synchronously.)
        this.opened = withTimeout((async () => idb.entries())(), this.openTimeoutMs).then(
          (all) => {
            this.lastSeen = new Map(all.map(([k, v]) => [keyText(k), v]));
          },
          (e: unknown) => this.toMemory(e),
        );
      }
      await this.opened;
      if (this.mode === 'persistent') {
        try {
          return await op(idb);
        } catch (e) {
          this.toMemory(e);
        }
      }
    }
    this.memory ??= memoryBackend([]);
    this.mode = 'memory';
    return op(this.memory);
  }

  private changed(): void {
    if (this.mode === 'persistent') {
      try {
        this.channel?.postMessage({ type: 'changed' });
      } catch {
        // A closed channel only means other tabs refresh on their next load.
      }
    }
    this.dispatchEvent(new Event('change'));
  }

  private async write(records: HistoryRecord[]): Promise<void> {
    const items = records.map((r): [string, unknown] => [recordKey(r), r]);
    await this.use((b) => b.setMany(items));
    for (const [k, v] of items) this.lastSeen.set(k, v);
  }

  /** Read everything: valid runs and estimates (newest first), and what could not be read. */
  async load(): Promise<HistorySnapshot> {
    const all = await this.use((b) => b.entries());
    if (this.mode === 'persistent') this.lastSeen = new Map(all.map(([k, v]) => [keyText(k), v]));
    const runs: StoredRun[] = [];
    const estimates: SavedEstimate[] = [];
    const pythonRuns: StoredPythonRun[] = [];
    const verifications: StoredVerification[] = [];
    const unreadable: UnreadableRecord[] = [];
    for (const [rawKey, value] of all) {
      const key = keyText(rawKey).slice(0, 200);
      const parsed = parseRecordKey(rawKey);
      if (!parsed) {
        unreadable.push({ key, reason: 'not a history record' });
        continue;
      }
      const read = readRecord(value);
      if (!read.ok) {
        unreadable.push({ key, reason: read.reason });
      } else if (read.record.kind !== parsed.kind || read.record.id !== parsed.id) {
        unreadable.push({ key, reason: 'record does not match its key' });
      } else if (read.record.kind === 'run') {
        runs.push(read.record);
      } else if (read.record.kind === 'python-run') {
        pythonRuns.push(read.record);
        runs.push(pythonRunView(read.record));
      } else if (read.record.kind === 'verification') {
        verifications.push(read.record);
      } else {
        estimates.push(read.record);
      }
    }
    this.lastUnreadable = unreadable;
    return {
      runs: newestFirst(runs),
      estimates: newestFirst(estimates),
      pythonRuns: newestFirst(pythonRuns),
      verifications: newestFirst(verifications),
      unreadable,
      status: this.mode,
      statusReason: this.reason,
    };
  }

  /** Save a completed benchmark run under a new id. Rejects with HistoryError if the run is not valid. */
  async saveRun(run: BenchRun, name?: string): Promise<StoredRun> {
    const made = makeRunRecord(run, { id: this.newId(), savedAt: this.now(), name });
    return this.save(made, 'The run could not be saved');
  }

  /** Save a verification (issue #13) under a new id. Rejects with HistoryError if it is not valid. */
  async saveVerification(verification: VerificationSummary, name?: string): Promise<StoredVerification> {
    const made = makeVerificationRecord(verification, { id: this.newId(), savedAt: this.now(), name });
    return this.save(made, 'The verification could not be saved');
  }

  /** Delete a verification; resolves to the deleted record (pass it to `restore` to undo). */
  deleteVerification(id: string): Promise<StoredVerification | undefined> {
    return this.remove('verification', id);
  }

  /**
   * Save a Python-lane run (an imported probe document, already validated by
   * `parsePythonProbeJson`); named after its stack. Rejects with HistoryError if invalid.
   */
  async savePythonRun(probe: PythonProbeDocument, name?: string): Promise<StoredPythonRun> {
    const made = makePythonRunRecord(probe, { id: this.newId(), savedAt: this.now(), name });
    return this.save(made, 'The Python run could not be saved');
  }

  /**
   * Save the estimator's current state. Outputs are computed from `raw` when not given;
   * rejects with HistoryError when the inputs are not all valid.
   */
  async saveEstimate(input: NewEstimate): Promise<SavedEstimate> {
    const made = makeEstimateRecord(input, { id: this.newId(), savedAt: this.now(), name: input.name });
    return this.save(made, 'The estimate could not be saved');
  }

  /** Write a new record and announce it (`saved`), or announce and throw why it was refused (`save-failed`). */
  private async save<T extends HistoryRecord>(made: MakeResult<T>, refused: string): Promise<T> {
    if (!made.ok) {
      const error = new HistoryError(`${refused}: ${made.reason}.`);
      this.dispatchEvent(new HistorySaveFailedEvent(error.message));
      throw error;
    }
    await this.write([made.record]);
    this.changed();
    this.dispatchEvent(new HistorySavedEvent(made.record));
    return made.record;
  }

  private async rename<K extends HistoryRecord['kind']>(
    kind: K,
    id: string,
    name: string,
  ): Promise<Extract<HistoryRecord, { kind: K }> | undefined> {
    const clean = cleanName(name);
    if (clean === undefined) throw new HistoryError('A name cannot be empty.');
    let renamed: HistoryRecord | undefined;
    const key = recordKey({ kind, id });
    await this.use((b) =>
      b.update(key, (old) => {
        const read = readRecord(old);
        // Missing or unreadable: leave the stored value exactly as it is.
        if (!read.ok || read.record.kind !== kind || read.record.id !== id) return undefined;
        renamed = { ...read.record, name: clean };
        return renamed;
      }),
    );
    if (!renamed) return undefined;
    this.lastSeen.set(key, renamed);
    this.changed();
    return renamed as Extract<HistoryRecord, { kind: K }>;
  }

  /** Rename a run (or a Python-lane run, by its view); undefined when there is no such run. */
  async renameRun(id: string, name: string): Promise<StoredRun | undefined> {
    const run = await this.rename('run', id, name);
    if (run) return run;
    const py = await this.rename('python-run', id, name);
    return py ? pythonRunView(py) : undefined;
  }

  /** Rename a saved estimate; undefined when there is no such estimate. */
  renameEstimate(id: string, name: string): Promise<SavedEstimate | undefined> {
    return this.rename('estimate', id, name);
  }

  private async remove<K extends HistoryRecord['kind']>(
    kind: K,
    id: string,
  ): Promise<Extract<HistoryRecord, { kind: K }> | undefined> {
    const key = recordKey({ kind, id });
    const old = await this.use((b) => b.get(key));
    const read = readRecord(old);
    // An unreadable value is not deleted through here: it is not a run the person saw.
    if (!read.ok || read.record.kind !== kind) return undefined;
    await this.use((b) => b.delMany([key]));
    this.lastSeen.delete(key);
    this.changed();
    return read.record as Extract<HistoryRecord, { kind: K }>;
  }

  /** Delete a run (or a Python-lane run, by its view); resolves to the deleted record (pass it to `restore` to undo). */
  async deleteRun(id: string): Promise<StoredRun | undefined> {
    const run = await this.remove('run', id);
    if (run) return run;
    const py = await this.remove('python-run', id);
    return py ? pythonRunView(py) : undefined;
  }

  /** Delete a saved estimate; resolves to the deleted record for undo. */
  deleteEstimate(id: string): Promise<SavedEstimate | undefined> {
    return this.remove('estimate', id);
  }

  /** Put a deleted record back, unchanged (same id, name and date). */
  async restore(record: HistoryRecord): Promise<void> {
    // The view of a Python-lane run puts back the python-run record it shows.
    const read = readRecord(record.kind === 'run' && record.python ? record.python : record);
    if (!read.ok) throw new HistoryError(`The record could not be restored: ${read.reason}.`);
    await this.write([read.record]);
    this.changed();
  }

  /**
   * Delete every readable run and estimate. Unreadable values stay (see
   * `discardUnreadable`). Resolves to what was deleted.
   */
  async clearAll(): Promise<{ runs: StoredRun[]; estimates: SavedEstimate[]; verifications: StoredVerification[] }> {
    const snap = await this.load();
    const keys = [...snap.runs.map((r) => r.python ?? r), ...snap.estimates, ...snap.verifications].map(recordKey);
    if (keys.length > 0) {
      await this.use((b) => b.delMany(keys));
      for (const k of keys) this.lastSeen.delete(k);
    }
    this.changed();
    return { runs: snap.runs, estimates: snap.estimates, verifications: snap.verifications };
  }

  /** Delete the values that could not be read, when the person asks to. Resolves to how many. */
  async discardUnreadable(): Promise<number> {
    const snap = await this.load();
    const keys = snap.unreadable.map((u) => u.key);
    if (keys.length === 0) return 0;
    await this.use((b) => b.delMany(keys));
    for (const k of keys) this.lastSeen.delete(k);
    this.lastUnreadable = [];
    this.changed();
    return keys.length;
  }

  /** The JSON export document: everything, or only the selected records. */
  async exportAll(selection?: ExportSelection): Promise<HistoryExport> {
    const snap = await this.load();
    const pick = <T extends { id: string }>(all: T[], ids: readonly string[] | undefined): T[] =>
      selection === undefined ? all : all.filter((r) => ids?.includes(r.id) === true);
    // Views of Python-lane runs leave as the python-run records they show.
    const runs = pick(snap.runs, selection?.runIds);
    return buildExport(
      runs.filter((r) => !r.python),
      pick(snap.estimates, selection?.estimateIds),
      this.now(),
      runs.flatMap((r) => (r.python ? [r.python] : [])),
      pick(snap.verifications, selection?.verificationIds),
    );
  }

  /** Runs as CSV: all of them, or those in `runIds`. */
  async exportCsv(runIds?: readonly string[]): Promise<string> {
    const runs = (await this.load()).runs;
    return runsToCsv(runIds === undefined ? runs : runs.filter((r) => runIds.includes(r.id)));
  }

  /**
   * Import a JSON export. Nothing stored is changed: records already present (same
   * id), even unreadable ones, count as duplicates; a refused file adds nothing.
   */
  async importDocument(text: string): Promise<ImportResult> {
    const all = await this.use((b) => b.entries());
    const parsed = parseImport(text, new Set(all.map(([k]) => keyText(k))));
    if (!parsed.ok) return { added: 0, duplicates: 0, rejected: [], error: parsed.error };
    if (parsed.records.length > 0) {
      await this.write(parsed.records);
      this.changed();
    }
    return { added: parsed.records.length, duplicates: parsed.duplicates, rejected: parsed.rejected };
  }
}

/** A Python-lane run as the history lists it among the runs: its document seen as a run. */
export function pythonRunView(record: StoredPythonRun): StoredRun {
  return {
    schemaVersion: record.schemaVersion,
    kind: 'run',
    id: record.id,
    name: record.name,
    savedAt: record.savedAt,
    run: probeAsBenchRun(record.probe),
    python: record,
  };
}

let shared: HistoryStore | undefined;

/** The page's store (one per page), created on first use. */
export function defaultHistoryStore(): HistoryStore {
  shared ??= new HistoryStore();
  return shared;
}
