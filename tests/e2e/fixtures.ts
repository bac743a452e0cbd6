/**
 * Shared Playwright fixtures: a page object for the estimator, and a guard that fails
 * any test whose page makes a request to another origin or throws an uncaught error.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { okMetric } from '../../src/model/bench/metrics.ts';
import { HISTORY_SCHEMA_VERSION, type StoredRun } from '../../src/model/history/records.ts';
import { HISTORY_DB_NAME, HISTORY_STORE_NAME } from '../../src/store/history-store.ts';
import { makeRun, type RunOptions } from '../unit/fixtures/history-fixtures.ts';

export const LABELS = {
  cpuGflops: 'CPU Operations per Second (GFLOPS)',
  gpuTflops: 'GPU Operations per Second (TFLOPS)',
  totalGigaOps: 'Total Operations in Task (Giga-operations)',
  transferGBps: 'Data Transfer Rate (CPU-GPU, GB/s)',
  dataGB: 'Data Size to Transfer (GB)',
  launchOverheadMs: 'Single Kernel Launch Overhead (ms)',
  launchCount: 'Number of Kernel Launches',
} as const;

export type FieldKey = keyof typeof LABELS;

export class EstimatorPage {
  constructor(readonly page: Page) {}

  input(key: FieldKey): Locator {
    return this.page.getByLabel(LABELS[key], { exact: true });
  }

  /** An output of the answer card (the GPU comparison's rows carry some of the same names, each in its row). */
  output(key: string): Locator {
    return this.page.locator(`#results [data-output="${key}"]`);
  }

  async value(key: string): Promise<number> {
    const raw = await this.output(key).getAttribute('data-value');
    if (raw === null || raw === '') throw new Error(`output ${key} has no value`);
    return Number(raw);
  }

  async fill(values: Partial<Record<FieldKey, string>>): Promise<void> {
    for (const [key, v] of Object.entries(values) as [FieldKey, string][]) {
      await this.input(key).fill(v);
    }
  }

  async loadPreset(name: string): Promise<void> {
    await this.page.getByLabel('Load an example').selectOption({ label: name });
  }
}

/** What the browser under test reports about itself: the page matches stored runs on these. */
async function browserSetup(page: Page) {
  return page.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    const info = adapter?.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
    return {
      userAgent: navigator.userAgent,
      adapter: info
        ? {
            vendor: info.vendor,
            architecture: info.architecture,
            device: info.device,
            description: info.description,
            isFallbackAdapter: Boolean(info.isFallbackAdapter),
          }
        : undefined,
    };
  });
}

/** Put records into the history database exactly where the store keeps them. */
export async function plantRecords(page: Page, entries: [string, unknown][]): Promise<void> {
  await page.evaluate(
    async ({ db, store, entries }) => {
      const open = indexedDB.open(db);
      open.onupgradeneeded = () => {
        if (!open.result.objectStoreNames.contains(store)) open.result.createObjectStore(store);
      };
      const conn = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error(String(open.error)));
      });
      const tx = conn.transaction(store, 'readwrite');
      for (const [k, v] of entries) tx.objectStore(store).put(v, k);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error(String(tx.error)));
      });
      conn.close();
    },
    { db: HISTORY_DB_NAME, store: HISTORY_STORE_NAME, entries },
  );
}

/**
 * Make the next visit a *later* visit: store a complete run for this very browser and
 * adapter, so the page applies it at once and measures nothing. Most specs test the
 * calculator, not the benchmark; a full run on a loaded 2-core machine costs 15–30 s,
 * so only the specs about measuring measure. The page must be on the app's origin
 * (any file of it, e.g. the favicon, so the app does not start); returns the record.
 */
export async function seedStoredRun(page: Page, o: RunOptions = {}): Promise<StoredRun> {
  if (!page.url().startsWith('http')) await page.goto('/favicon.svg');
  const setup = await browserSetup(page);
  const run = makeRun({
    userAgent: setup.userAgent,
    fallback: setup.adapter?.isFallbackAdapter ?? false,
    ...(setup.adapter ? {} : { noGpu: true }),
    startedAt: new Date(Date.now() - 60_000).toISOString(),
    ...o,
  });
  if (run.gpu && setup.adapter) run.gpu.adapter = { ...run.gpu.adapter, ...setup.adapter };
  run.software = setup.adapter?.isFallbackAdapter ?? false;
  // Every metric the estimator's choices read, so tier and launch-mode switches have values.
  run.metrics.push(
    okMetric('cpu.js.gflops', 'GFLOPS', 'higher', [0.9, 1, 0.95]),
    okMetric('cpu.simd1.gflops', 'GFLOPS', 'higher', [3.8, 4, 3.9]),
    okMetric('gpu.roundtrip.ms', 'ms', 'lower', [0.3, 0.32, 0.35]),
  );
  const record: StoredRun = {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'run',
    id: 'seeded-run',
    name: 'Seeded run for this browser',
    savedAt: new Date().toISOString(),
    run,
  };
  await plantRecords(page, [[`run:${record.id}`, record]]);
  return record;
}

interface Fixtures {
  estimator: EstimatorPage;
  /** Requests the page made outside its own origin; the fixture fails the test if any. */
  foreignRequests: string[];
}

export const test = base.extend<Fixtures>({
  foreignRequests: async ({ page, baseURL }, use) => {
    const foreign: string[] = [];
    const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await use(foreign);
    expect(foreign, 'requests to other origins').toEqual([]);
    expect(errors, 'uncaught page errors').toEqual([]);
  },
  estimator: async ({ page, foreignRequests }, use) => {
    void foreignRequests;
    await use(new EstimatorPage(page));
  },
});

export { expect };
