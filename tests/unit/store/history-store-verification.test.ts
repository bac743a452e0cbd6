import 'fake-indexeddb/auto';
import { createStore, get, set } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/store/history-store.ts';
import { makeRun } from '../fixtures/history-fixtures.ts';
import { verificationSummaryFixture } from '../fixtures/verification-fixtures.ts';

let n = 0;
const opened: HistoryStore[] = [];
function fresh() {
  n += 1;
  const idb = createStore(`history-verification-test-${n}`, 'records');
  let id = 0;
  const store = new HistoryStore({ idbStore: idb, channel: null, newId: () => `id-${++id}` });
  opened.push(store);
  return { store, idb };
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

describe('HistoryStore and verifications', () => {
  it('saves a verification as verification:<id>, lists it apart from runs, deletes and restores it', async () => {
    const { store, idb } = fresh();
    await store.saveRun(makeRun());
    const saved = await store.saveVerification(verificationSummaryFixture());
    expect(saved.name).toBe('elementwise 1 000 000 elements f32');
    expect(((await get('verification:id-2', idb)) as { kind: string }).kind).toBe('verification');
    const snap = await store.load();
    expect(snap.verifications.map((r) => r.id)).toEqual(['id-2']);
    expect(snap.runs.map((r) => r.id)).toEqual(['id-1']);
    const removed = await store.deleteVerification('id-2');
    expect(removed?.id).toBe('id-2');
    expect(await get('verification:id-2', idb)).toBeUndefined();
    if (removed) await store.restore(removed);
    expect((await store.load()).verifications).toHaveLength(1);
    const cleared = await store.clearAll();
    expect(cleared.verifications).toHaveLength(1);
    expect((await store.load()).verifications).toEqual([]);
  });

  it('refuses an invalid verification', async () => {
    const { store } = fresh();
    await expect(store.saveVerification(verificationSummaryFixture({ predictionError: Number.NaN }))).rejects.toThrow(
      /could not be saved/,
    );
  });

  it('exports verifications that import back; old records still load beside them; a bad one is unreadable', async () => {
    const { store, idb } = fresh();
    await set('run:old', { kind: 'run', id: 'old', savedAt: 0, run: makeRun() }, idb);
    await set(
      'verification:bad',
      {
        schemaVersion: 1,
        kind: 'verification',
        id: 'bad',
        name: 'x',
        savedAt: '2026-11-25T10:00:00.000Z',
        verification: { schemaVersion: 1, workload: 'fft' },
      },
      idb,
    );
    await store.saveVerification(verificationSummaryFixture());
    const snap = await store.load();
    expect(snap.runs.map((r) => r.id)).toEqual(['old']);
    expect(snap.unreadable.map((u) => u.key)).toEqual(['verification:bad']);
    const doc = await store.exportAll();
    expect(doc.verifications?.map((r) => r.kind)).toEqual(['verification']);
    // "Selected runs only" leaves verifications out.
    expect((await store.exportAll({ runIds: ['old'] })).verifications).toBeUndefined();
    const other = fresh().store;
    const result = await other.importDocument(JSON.stringify(doc));
    expect(result).toMatchObject({ added: 2, duplicates: 0, rejected: [] });
    expect((await other.load()).verifications).toHaveLength(1);
  });
});
