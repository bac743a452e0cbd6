import 'fake-indexeddb/auto';
import { createStore, get, set } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/store/history-store.ts';
import { cpuProbe } from '../fixtures/python-fixtures.ts';
import { makeRun } from '../fixtures/history-fixtures.ts';

let n = 0;
const opened: HistoryStore[] = [];
function fresh() {
  n += 1;
  const idb = createStore(`history-python-test-${n}`, 'records');
  let id = 0;
  const store = new HistoryStore({ idbStore: idb, channel: null, newId: () => `id-${++id}` });
  opened.push(store);
  return { store, idb };
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

describe('HistoryStore and Python-lane runs', () => {
  it('saves a probe document as python-run:<id> and lists it among the runs as a view', async () => {
    const { store, idb } = fresh();
    await store.saveRun(makeRun());
    const saved = await store.savePythonRun(cpuProbe());
    expect(saved.name).toBe('NumPy 2.4 · OpenBLAS 0.3.31 · 2 threads');
    expect(((await get('python-run:id-2', idb)) as { kind: string }).kind).toBe('python-run');
    const snap = await store.load();
    expect(snap.pythonRuns.map((r) => r.id)).toEqual(['id-2']);
    const view = snap.runs.find((r) => r.id === 'id-2');
    expect(view?.python?.probe.stack.numpy).toBe('2.4.6');
    expect(view?.run.environment.host).toBe('python');
    // CSV: the browser column says Python and the NumPy column is filled.
    const csv = await store.exportCsv();
    expect(csv).toMatch(/Python 3\.11/);
    expect(csv.split('\r\n')[0]).toMatch(/py\.cpu\.matmul\.f32\.gflops \[GFLOPS\]/);
  });

  it('renames, deletes and restores a Python run through its view; clear all removes it', async () => {
    const { store, idb } = fresh();
    const saved = await store.savePythonRun(cpuProbe());
    expect((await store.renameRun(saved.id, 'Laptop NumPy'))?.name).toBe('Laptop NumPy');
    const removed = await store.deleteRun(saved.id);
    expect(removed?.python?.id).toBe(saved.id);
    expect(await get('python-run:id-1', idb)).toBeUndefined();
    if (removed) await store.restore(removed);
    expect(((await get('python-run:id-1', idb)) as { name: string }).name).toBe('Laptop NumPy');
    expect(await get('run:id-1', idb)).toBeUndefined();
    await store.clearAll();
    expect((await store.load()).runs).toEqual([]);
  });

  it('exports Python runs as python-run records that import back; old records still load beside them', async () => {
    const { store, idb } = fresh();
    // A record from before schema versions (version 0) next to the new kind.
    const old: Record<string, unknown> = { kind: 'run', id: 'old', savedAt: 0, run: makeRun() };
    await set('run:old', old, idb);
    await store.savePythonRun(cpuProbe());
    const doc = await store.exportAll();
    expect(doc.runs.map((r) => r.id)).toEqual(['old']);
    expect(doc.pythonRuns?.map((r) => r.kind)).toEqual(['python-run']);
    expect(doc.runs.some((r) => 'python' in r)).toBe(false);
    const other = fresh().store;
    const result = await other.importDocument(JSON.stringify(doc));
    expect(result).toMatchObject({ added: 2, duplicates: 0, rejected: [] });
    expect((await other.load()).pythonRuns).toHaveLength(1);
  });
});
