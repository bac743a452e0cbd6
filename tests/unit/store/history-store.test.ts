import 'fake-indexeddb/auto';
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RAW } from '../../../src/model/estimator/fields.ts';
import { EXPORT_FORMAT, MAX_IMPORT_BYTES } from '../../../src/model/history/io.ts';
import type { InputKey } from '../../../src/model/estimator/estimator.ts';
import type { ValueSource } from '../../../src/model/estimator/measured.ts';
import {
  HistoryError,
  HistoryStore,
  randomId,
  type ChannelLike,
  type HistoryStoreOptions,
} from '../../../src/store/history-store.ts';
import { makeRun } from '../fixtures/history-fixtures.ts';

let dbCount = 0;
const opened: HistoryStore[] = [];

/** A fresh database per test; `channel: null` unless a test wires one. */
function fresh(options: HistoryStoreOptions = {}): { store: HistoryStore; idb: UseStore; dbName: string } {
  dbCount += 1;
  const dbName = `history-test-${dbCount}`;
  const idb = createStore(dbName, 'records');
  return { store: open({ idbStore: idb, ...options }), idb, dbName };
}

function open(options: HistoryStoreOptions): HistoryStore {
  const s = new HistoryStore({ channel: null, ...options });
  opened.push(s);
  return s;
}

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const manual = Object.fromEntries(Object.keys(DEFAULT_RAW).map((k) => [k, 'manual'])) as Record<InputKey, ValueSource>;

describe('HistoryStore with IndexedDB', () => {
  it('saves, lists newest first, and survives a new store instance (a reload)', async () => {
    let t = Date.UTC(2026, 10, 20);
    const { store, idb } = fresh({ now: () => new Date((t += 1000)) });
    const a = await store.saveRun(makeRun({ gflops: 1000 }), 'First');
    const b = await store.saveRun(makeRun({ gflops: 2000 }));
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).toMatchObject({ kind: 'run', name: 'First', schemaVersion: 1 });
    expect(b.name).toBe('NVIDIA GeForce RTX 4070 · Chrome 131');
    expect(store.status).toBe('persistent');
    const again = open({ idbStore: idb });
    const runs = (await again.load()).runs;
    expect(runs.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(runs[1]?.run).toEqual(makeRun({ gflops: 1000 }));
    expect(await get(`run:${a.id}`, idb)).toBeDefined();
  });

  it('renames, deletes with the record returned, and restores it unchanged', async () => {
    const { store } = fresh();
    const a = await store.saveRun(makeRun(), 'Old name');
    const renamed = await store.renameRun(a.id, '  New name  ');
    expect(renamed?.name).toBe('New name');
    expect((await store.load()).runs[0]?.name).toBe('New name');
    await expect(store.renameRun(a.id, '   ')).rejects.toBeInstanceOf(HistoryError);
    expect(await store.renameRun('no-such-id', 'x')).toBeUndefined();

    const deleted = await store.deleteRun(a.id);
    expect(deleted?.name).toBe('New name');
    expect((await store.load()).runs).toEqual([]);
    expect(await store.deleteRun(a.id)).toBeUndefined();
    if (deleted) await store.restore(deleted);
    expect((await store.load()).runs).toEqual([deleted]);
  });

  it('saves estimates with computed outputs, provenance and the run they came from', async () => {
    const { store } = fresh();
    const run = await store.saveRun(makeRun());
    const est = await store.saveEstimate({
      raw: { ...DEFAULT_RAW },
      sources: manual,
      name: 'Default task',
      basedOnRunId: run.id,
    });
    expect(est.outputs.speedup).toBeGreaterThan(0);
    const unnamed = await store.saveEstimate({ raw: { ...DEFAULT_RAW }, sources: manual });
    expect(unnamed.name).toMatch(/^[\d.]+× speedup · 100 Giga-ops$/);
    await store.deleteEstimate(unnamed.id);
    expect(est.basedOnRunId).toBe(run.id);
    expect((await store.load()).estimates).toEqual([est]);
    await expect(store.saveEstimate({ raw: { ...DEFAULT_RAW, cpuGflops: 'lots' }, sources: manual })).rejects.toThrow(
      /not valid/,
    );
    const gone = await store.deleteEstimate(est.id);
    expect(gone).toEqual(est);
    expect((await store.load()).estimates).toEqual([]);
    expect((await store.load()).runs).toHaveLength(1);
  });

  it('refuses to save an invalid run instead of storing something unreadable', async () => {
    const { store } = fresh();
    const bad = makeRun();
    bad.durationMs = Number.NaN;
    await expect(store.saveRun(bad)).rejects.toThrow(/could not be saved/);
    expect((await store.load()).runs).toEqual([]);
  });

  it('skips and reports invalid records, never deletes them, and keeps working', async () => {
    const { store, idb } = fresh();
    const good = await store.saveRun(makeRun());
    await set(
      'run:broken',
      { schemaVersion: 1, kind: 'run', id: 'broken', name: 'x', savedAt: 'not a date', run: makeRun() },
      idb,
    );
    await set('run:mismatch', { ...good, id: 'other' }, idb);
    await set('estimate:garbage', 'just a string', idb);
    await set('stray-key', 42, idb);
    const snap = await store.load();
    expect(snap.runs.map((r) => r.id)).toEqual([good.id]);
    expect(snap.unreadable.map((u) => u.key).sort()).toEqual([
      'estimate:garbage',
      'run:broken',
      'run:mismatch',
      'stray-key',
    ]);
    expect(snap.unreadable.find((u) => u.key === 'run:broken')?.reason).toMatch(/savedAt must be a date/);
    expect(store.unreadable).toHaveLength(4);
    // Still there after reading, after clearAll, and after other writes.
    await store.saveRun(makeRun());
    await store.clearAll();
    expect(await get('run:broken', idb)).toBeDefined();
    expect((await store.load()).unreadable).toHaveLength(4);
    // Only an explicit request removes them.
    expect(await store.discardUnreadable()).toBe(4);
    expect(await get('run:broken', idb)).toBeUndefined();
    expect((await store.load()).unreadable).toEqual([]);
  });

  it('migrates an older record on load (and leaves the stored value to be upgraded on its next write)', async () => {
    const { store, idb } = fresh();
    await set('run:legacy-1', { id: 'legacy-1', savedAt: Date.UTC(2025, 5, 1), run: makeRun() }, idb);
    const [run] = (await store.load()).runs;
    expect(run).toMatchObject({
      id: 'legacy-1',
      schemaVersion: 1,
      kind: 'run',
      name: 'Benchmark run',
      savedAt: '2025-06-01T00:00:00.000Z',
    });
    await store.renameRun('legacy-1', 'Renamed');
    expect(await get('run:legacy-1', idb)).toMatchObject({ schemaVersion: 1, name: 'Renamed' });
  });

  it('keeps every record when two stores (two tabs) write to the same database at once', async () => {
    const { store: tab1, dbName } = fresh();
    const tab2 = open({ idbStore: createStore(dbName, 'records') });
    const writes = [];
    for (let i = 0; i < 10; i++) {
      writes.push(tab1.saveRun(makeRun({ gflops: 100 + i }), `tab1-${i}`));
      writes.push(tab2.saveRun(makeRun({ gflops: 200 + i }), `tab2-${i}`));
    }
    writes.push(tab1.saveEstimate({ raw: { ...DEFAULT_RAW }, sources: manual, name: 'est1' }));
    writes.push(tab2.saveEstimate({ raw: { ...DEFAULT_RAW }, sources: manual, name: 'est2' }));
    await Promise.all(writes);
    const fromTab1 = await tab1.load();
    const fromTab2 = await tab2.load();
    expect(fromTab1.runs).toHaveLength(20);
    expect(fromTab1.estimates).toHaveLength(2);
    expect(fromTab2.runs.map((r) => r.id).sort()).toEqual(fromTab1.runs.map((r) => r.id).sort());
    // A rename in one tab and a delete of another record in the other do not interfere.
    const [r0, r1] = fromTab1.runs;
    await Promise.all([tab1.renameRun(r0?.id ?? '', 'renamed'), tab2.deleteRun(r1?.id ?? '')]);
    const after = (await tab2.load()).runs;
    expect(after).toHaveLength(19);
    expect(after.find((r) => r.id === r0?.id)?.name).toBe('renamed');
  });

  it('tells other tabs to refresh through the channel', async () => {
    const listeners = new Set<() => void>();
    const hub = (): ChannelLike => {
      let mine: (() => void) | undefined;
      return {
        postMessage: () => {
          for (const l of listeners) if (l !== mine) l();
        },
        addEventListener: (_t, l) => {
          mine = l;
          listeners.add(l);
        },
        removeEventListener: (_t, l) => listeners.delete(l),
        close: () => undefined,
      };
    };
    const { store: tab1, dbName } = fresh({ channel: hub() });
    const tab2 = open({ idbStore: createStore(dbName, 'records'), channel: hub() });
    let tab2Changes = 0;
    tab2.addEventListener('change', () => (tab2Changes += 1));
    await tab1.saveRun(makeRun());
    expect(tab2Changes).toBe(1);
    expect((await tab2.load()).runs).toHaveLength(1);
  });
});

describe('HistoryStore without working IndexedDB', () => {
  it('falls back to memory when opening the database throws (blocked storage)', async () => {
    const blocked: UseStore = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    const store = open({ idbStore: blocked });
    const run = await store.saveRun(makeRun());
    expect(store.status).toBe('memory');
    expect(store.statusReason).toMatch(/does not let the page store data/);
    expect((await store.load()).runs).toEqual([run]);
    expect((await store.load()).status).toBe('memory');
  });

  it('falls back to memory when opening hangs', async () => {
    const hangs: UseStore = () => new Promise(() => undefined);
    const store = open({ idbStore: hangs, openTimeoutMs: 20 });
    expect((await store.load()).runs).toEqual([]);
    expect(store.status).toBe('memory');
    expect(store.statusReason).toMatch(/did not respond/);
  });

  it('keeps what was stored and carries on in memory when the quota is exceeded', async () => {
    const { idb } = fresh();
    const first = await open({ idbStore: idb }).saveRun(makeRun(), 'before the disk filled');
    let full = false;
    const quota: UseStore = (mode, cb) =>
      full && mode === 'readwrite' ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : idb(mode, cb);
    const store = open({ idbStore: quota });
    let changes = 0;
    store.addEventListener('change', () => (changes += 1));
    expect((await store.load()).runs).toHaveLength(1);
    full = true;
    const second = await store.saveRun(makeRun(), 'after');
    expect(store.status).toBe('memory');
    expect(store.statusReason).toMatch(/full/);
    expect(changes).toBeGreaterThanOrEqual(2);
    expect((await store.load()).runs.map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
    // Nothing half-written in IndexedDB.
    expect(await get(`run:${second.id}`, idb)).toBeUndefined();
  });
});

describe('export and import', () => {
  it('an export imported into an empty database reproduces the history; importing again adds only duplicates', async () => {
    const { store: source } = fresh();
    await source.saveRun(makeRun({ gflops: 1 }), 'one');
    await source.saveRun(makeRun({ gflops: 2 }), 'two');
    await source.saveEstimate({ raw: { ...DEFAULT_RAW }, sources: manual, name: 'est' });
    const text = JSON.stringify(await source.exportAll());
    const { store: target } = fresh();
    expect(await target.importDocument(text)).toEqual({ added: 3, duplicates: 0, rejected: [] });
    const a = await source.load();
    const b = await target.load();
    expect(b.runs).toEqual(a.runs);
    expect(b.estimates).toEqual(a.estimates);
    expect(await target.importDocument(text)).toEqual({ added: 0, duplicates: 3, rejected: [] });
  });

  it('exports a selection only', async () => {
    const { store } = fresh();
    const one = await store.saveRun(makeRun(), 'one');
    await store.saveRun(makeRun(), 'two');
    const doc = await store.exportAll({ runIds: [one.id] });
    expect(doc.format).toBe(EXPORT_FORMAT);
    expect(doc.runs.map((r) => r.id)).toEqual([one.id]);
    expect(doc.estimates).toEqual([]);
    const csv = await store.exportCsv([one.id]);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2);
  });

  it.each([
    ['malformed JSON', '{"format":', /not valid JSON/],
    ['a wrong format', JSON.stringify({ format: 'excel', version: 1 }), /not a GPU payoff history/],
    ['a newer version', JSON.stringify({ format: EXPORT_FORMAT, version: 7, runs: [] }), /newer version/],
    ['an oversize file', 'x'.repeat(MAX_IMPORT_BYTES + 10), /too large/],
  ])('refuses %s and changes nothing', async (_n, text, error) => {
    const { store } = fresh();
    const before = await store.saveRun(makeRun());
    const result = await store.importDocument(text);
    expect(result.added).toBe(0);
    expect(result.error).toMatch(error);
    expect((await store.load()).runs).toEqual([before]);
  });

  it('adds valid records, rejects hostile ones with reasons, and never overwrites a stored key (even an unreadable one)', async () => {
    const { store, idb } = fresh();
    await set('run:taken', 'corrupt but mine', idb);
    const good = {
      schemaVersion: 1,
      kind: 'run',
      id: 'fresh-1',
      name: '<script>alert("x")</script>',
      savedAt: '2026-01-01T00:00:00Z',
      run: makeRun(),
    };
    const clash = { ...good, id: 'taken', name: 'would overwrite' };
    const huge = { ...good, id: 'huge', run: { ...makeRun(), durationMs: 1e300 } };
    const text = JSON.stringify({ format: EXPORT_FORMAT, version: 1, runs: [good, clash, huge], estimates: [] });
    const result = await store.importDocument(text);
    expect(result.added).toBe(1);
    expect(result.duplicates).toBe(1);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]?.reason).toMatch(/durationMs/);
    expect(await get('run:taken', idb)).toBe('corrupt but mine');
    const [run] = (await store.load()).runs;
    expect(run?.name).toBe('<script>alert("x")</script>');
  });
});

describe('randomId', () => {
  it('makes v4 UUIDs', () => {
    expect(randomId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
