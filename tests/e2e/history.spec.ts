/**
 * The history in the real page: runs kept across reloads, compared, deleted and
 * restored, runs and saved estimates renamed, exported and imported into a fresh browser profile, corrupt records
 * reported, blocked storage survived.
 *
 * Runs are planted straight into IndexedDB (database `gpu-payoff-history`, object store
 * `records`, keys `run:<id>`), the same place the store keeps them, so no benchmark has
 * to run. The page mounts `<history-panel>` inside `<section id="history">`.
 *
 * The page measures on every visit and saves that run too, so these tests look for the
 * runs they planted by id and never count all rows.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { HISTORY_SCHEMA_VERSION, type SavedEstimate, type StoredRun } from '../../src/model/history/records.ts';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../../src/model/history/io.ts';
import { HISTORY_DB_NAME, HISTORY_STORE_NAME } from '../../src/store/history-store.ts';
import { FIREFOX_UA, makeRun, type RunOptions } from '../unit/fixtures/history-fixtures.ts';
import { test, expect, LABELS, seedStoredRun } from './fixtures.ts';

function storedRun(id: string, name: string, day: number, o: RunOptions = {}): StoredRun {
  const startedAt = `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'run',
    id,
    name,
    savedAt: startedAt.replace('10:00:00', '10:00:05'),
    run: makeRun({ ...o, startedAt }),
  };
}

const RUN_A = storedRun('run-a', 'Desk GPU before driver update', 20, { gflops: 1000, uploadGBps: 10 });
const RUN_B = storedRun('run-b', 'Desk GPU after driver update', 21, { gflops: 1500, uploadGBps: 8 });
const RUN_C = storedRun('run-c', 'Same desk in Firefox', 22, { gflops: 900, userAgent: FIREFOX_UA, fallback: true });

const SAVED_ESTIMATE: SavedEstimate = {
  schemaVersion: HISTORY_SCHEMA_VERSION,
  kind: 'estimate',
  id: 'est-1',
  name: 'Nightly training job',
  savedAt: '2026-11-22T10:00:00.000Z',
  raw: {
    cpuGflops: '40',
    gpuTflops: '8',
    totalGigaOps: '500',
    transferGBps: '8',
    dataGB: '0.5',
    launchOverheadMs: '0.08',
    launchCount: '50',
  },
  sources: {
    cpuGflops: 'manual',
    gpuTflops: 'manual',
    totalGigaOps: 'manual',
    transferGBps: 'manual',
    dataGB: 'manual',
    launchOverheadMs: 'manual',
    launchCount: 'manual',
  },
  outputs: {
    cpuTime: 12.5,
    gpuComputeTime: 0.0625,
    transferTime: 0.0625,
    kernelOverhead: 0.004,
    totalOverhead: 0.0665,
    gpuTotalTime: 0.129,
    speedup: 96.9,
    efficiency: 48.45,
  },
};

/** Put values into the history database exactly where the store keeps them. */
async function plant(page: Page, entries: [string, unknown][]): Promise<void> {
  await page.evaluate(
    async ({ db, store, entries }) => {
      const open = indexedDB.open(db);
      open.onupgradeneeded = () => {
        if (!open.result.objectStoreNames.contains(store)) open.result.createObjectStore(store);
      };
      const conn = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error('could not open the database'));
      });
      const tx = conn.transaction(store, 'readwrite');
      for (const [k, v] of entries) tx.objectStore(store).put(v, k);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('the seeding transaction failed'));
      });
      conn.close();
    },
    { db: HISTORY_DB_NAME, store: HISTORY_STORE_NAME, entries },
  );
}

async function plantRuns(page: Page, runs: StoredRun[]): Promise<void> {
  await plant(
    page,
    runs.map((r): [string, unknown] => [`run:${r.id}`, r]),
  );
}

/** Ids of the listed runs, top to bottom. */
async function listedIds(page: Page): Promise<string[]> {
  return panel(page)
    .locator('tbody tr[data-run-id]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id') ?? ''));
}

/**
 * Track the page's own benchmark (bench-start / bench-complete bubble out of every
 * shadow root), so a test can wait until a run that would overwrite measured fields is over.
 */
async function trackBench(page: Page): Promise<void> {
  await page.addInitScript(() => {
    let running = 0;
    document.addEventListener('bench-start', () => (running += 1));
    document.addEventListener('bench-complete', () => (running = Math.max(0, running - 1)));
    (window as unknown as { __benchRunning: () => boolean }).__benchRunning = () => running > 0;
  });
}

async function waitForBenchIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => !(window as unknown as { __benchRunning: () => boolean }).__benchRunning(), null, {
    timeout: 90_000,
  });
}

function panel(page: Page) {
  return page.locator('#history history-panel');
}

function row(page: Page, id: string) {
  return panel(page).locator(`tr[data-run-id="${id}"]`);
}

test.describe('history', () => {
  // A later visit: the page applies a stored run instead of measuring, so these tests
  // spend no time (and no cores) on a benchmark they do not look at.
  test.beforeEach(async ({ page }) => {
    await seedStoredRun(page);
  });

  test('two saved runs are listed after a reload, with device, browser, headline metrics and the fallback marker', async ({
    page,
    foreignRequests,
  }) => {
    void foreignRequests;
    await page.goto('/');
    await expect(panel(page).locator('[data-storage="persistent"]')).toBeVisible();
    await plantRuns(page, [RUN_A, RUN_C]);
    await page.reload();
    await expect(row(page, 'run-a')).toBeVisible();
    await expect(row(page, 'run-c')).toBeVisible();
    await page.reload();
    await expect(row(page, 'run-a')).toBeVisible();
    await expect(row(page, 'run-c')).toBeVisible();
    // Newest first.
    expect((await listedIds(page)).filter((id) => id === 'run-a' || id === 'run-c')).toEqual(['run-c', 'run-a']);
    const a = row(page, 'run-a');
    await expect(a.locator('[data-name]')).toHaveText(RUN_A.name);
    await expect(a.locator('[data-device]')).toHaveText('NVIDIA GeForce RTX 4070');
    await expect(a.locator('[data-browser]')).toHaveText('Chrome 131');
    await expect(a.locator('[data-headline="gpu.f32.gflops"]')).toHaveText('1,000 GFLOPS');
    await expect(a.locator('[data-headline="gpu.upload.gbps"]')).toHaveText('10 GB/s');
    await expect(a.locator('[data-fallback]')).toHaveCount(0);
    const c = row(page, 'run-c');
    await expect(c.locator('[data-browser]')).toHaveText('Firefox 133');
    await expect(c.locator('[data-fallback]')).toHaveText(/software GPU/);
  });

  test('comparing shows every metric side by side with differences, the better value, a chart, and flags unlike setups', async ({
    page,
    foreignRequests,
  }) => {
    void foreignRequests;
    await page.goto('/');
    await plantRuns(page, [RUN_A, RUN_B, RUN_C]);
    await page.reload();
    const compare = panel(page).locator('history-compare');
    await expect(compare).toHaveCount(0);
    await panel(page)
      .getByRole('checkbox', { name: `Compare “${RUN_A.name}”` })
      .check();
    await panel(page)
      .getByRole('checkbox', { name: `Compare “${RUN_B.name}”` })
      .check();
    await expect(compare.locator('thead th[data-compare-run]')).toHaveText([
      new RegExp(RUN_A.name),
      new RegExp(RUN_B.name),
    ]);
    await expect(compare.locator('[data-like-for-like="yes"]')).toBeVisible();
    // Names are untrusted text: each is isolated (<bdi>), so it cannot reorder the words around it.
    await expect(row(page, 'run-a').locator('[data-name]')).toHaveCSS('unicode-bidi', 'isolate');
    await expect(compare.locator('thead th[data-compare-run] bdi')).toHaveText([RUN_A.name, RUN_B.name]);
    await expect(compare.locator('caption bdi')).toHaveText(RUN_A.name);
    const f32 = compare.locator('tr[data-compare-metric="gpu.f32.gflops"]');
    await expect(f32.locator('td[data-compare-run="run-a"]')).toContainText('1,000 GFLOPS');
    const bCell = f32.locator('td[data-compare-run="run-b"]');
    await expect(bCell).toContainText('1,500 GFLOPS');
    await expect(bCell).toContainText('+50.0 % better');
    await expect(bCell).toHaveAttribute('data-best', '');
    expect(Number(await bCell.getAttribute('data-diff'))).toBeCloseTo(50, 6);
    // Upload got slower: run A's value is the better one.
    const upload = compare.locator('tr[data-compare-metric="gpu.upload.gbps"]');
    await expect(upload.locator('td[data-compare-run="run-b"]')).toContainText('−20.0 % worse');
    await expect(upload.locator('td[data-compare-run="run-a"]')).toHaveAttribute('data-best', '');
    // Every metric a run has gets a row, including one that was skipped.
    await expect(compare.locator('tr[data-compare-metric="gpu.f16.gflops"]')).toContainText('skipped');
    await expect(compare.locator('history-chart canvas').first()).toBeVisible();

    await panel(page)
      .getByRole('checkbox', { name: `Compare “${RUN_C.name}”` })
      .check();
    await expect(compare.locator('thead th[data-compare-run]')).toHaveCount(3);
    const warning = compare.locator('[data-like-for-like="no"]');
    await expect(warning).toContainText('Not like-for-like');
    await expect(warning.locator('[data-issue="browser"]')).toHaveText('Different browsers: Chrome 131, Firefox 133.');
    await expect(warning.locator('[data-issue="software"]')).toBeVisible();
  });

  test('delete, then undo, restores the run; a delete without undo lasts', async ({ page, foreignRequests }) => {
    void foreignRequests;
    await page.goto('/');
    await plantRuns(page, [RUN_A, RUN_B]);
    await page.reload();
    await row(page, 'run-a')
      .getByRole('button', { name: `Delete “${RUN_A.name}”` })
      .click();
    await expect(row(page, 'run-a')).toHaveCount(0);
    const undo = panel(page).getByRole('button', { name: 'Undo' });
    await expect(undo).toBeVisible();
    await undo.click();
    await expect(row(page, 'run-a')).toBeVisible();
    await expect(undo).toHaveCount(0);
    await page.reload();
    await expect(row(page, 'run-a')).toBeVisible();

    await row(page, 'run-b')
      .getByRole('button', { name: `Delete “${RUN_B.name}”` })
      .click();
    await expect(row(page, 'run-b')).toHaveCount(0);
    await page.reload();
    await expect(row(page, 'run-a')).toBeVisible();
    await expect(row(page, 'run-b')).toHaveCount(0);
  });

  test('rename inline with the keyboard, and clear all only after confirming', async ({ page, foreignRequests }) => {
    void foreignRequests;
    await page.goto('/');
    await plantRuns(page, [RUN_A, RUN_B]);
    await page.reload();
    await row(page, 'run-a')
      .getByRole('button', { name: `Rename “${RUN_A.name}”` })
      .click();
    const input = panel(page).getByLabel(`New name for run “${RUN_A.name}”`);
    await expect(input).toBeFocused();
    await input.fill('Escape keeps the old name');
    await input.press('Escape');
    await expect(row(page, 'run-a').locator('[data-name]')).toHaveText(RUN_A.name);
    await row(page, 'run-a')
      .getByRole('button', { name: `Rename “${RUN_A.name}”` })
      .click();
    await panel(page).getByLabel(`New name for run “${RUN_A.name}”`).fill('Work laptop');
    await page.keyboard.press('Enter');
    await expect(row(page, 'run-a').locator('[data-name]')).toHaveText('Work laptop');
    await page.reload();
    await expect(row(page, 'run-a').locator('[data-name]')).toHaveText('Work laptop');

    await panel(page).getByRole('button', { name: 'Clear all…' }).click();
    await panel(page).getByRole('button', { name: 'Cancel' }).click();
    await expect(panel(page).locator('[data-confirm-clear]')).toHaveCount(0);
    await expect(row(page, 'run-a')).toBeVisible();
    await expect(row(page, 'run-b')).toBeVisible();
    await panel(page).getByRole('button', { name: 'Clear all…' }).click();
    await panel(page).getByRole('button', { name: 'Delete everything' }).click();
    await expect(panel(page).locator('[data-message]')).toContainText(/Deleted \d+ records?\./);
    await expect(row(page, 'run-a')).toHaveCount(0);
    await expect(row(page, 'run-b')).toHaveCount(0);
    await page.reload();
    await expect(panel(page).locator('[data-storage]')).toBeVisible();
    await expect(row(page, 'run-a')).toHaveCount(0);
    await expect(row(page, 'run-b')).toHaveCount(0);
  });

  test('a saved estimate is renamed inline with the keyboard; an empty name is refused at the field', async ({
    page,
    foreignRequests,
  }) => {
    void foreignRequests;
    await page.goto('/');
    await plant(page, [['estimate:est-1', SAVED_ESTIMATE]]);
    await page.reload();
    const item = panel(page).locator('li[data-estimate-id="est-1"]');
    const name = item.locator('.name');
    await expect(name).toHaveText(SAVED_ESTIMATE.name);
    await expect(name).toHaveCSS('unicode-bidi', 'isolate');

    // Escape cancels and gives focus back to "Rename".
    const rename = item.getByRole('button', { name: `Rename estimate “${SAVED_ESTIMATE.name}”` });
    await rename.focus();
    await page.keyboard.press('Enter');
    const input = panel(page).getByLabel(`New name for estimate “${SAVED_ESTIMATE.name}”`);
    await expect(input).toBeFocused();
    await page.keyboard.type('Escape keeps the old name');
    await page.keyboard.press('Escape');
    await expect(name).toHaveText(SAVED_ESTIMATE.name);
    await expect(rename).toBeFocused();

    // An empty name: a message at the field, still editing, the old name kept.
    await page.keyboard.press('Enter');
    await expect(input).toBeFocused();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Enter');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(item.getByRole('alert')).toHaveText('A name cannot be empty.');
    await expect(input).toHaveAccessibleDescription('A name cannot be empty.');
    await page.keyboard.type('   ');
    await page.keyboard.press('Enter');
    await expect(item.getByRole('alert')).toHaveText('A name cannot be empty.');
    await page.keyboard.press('Escape');
    await expect(name).toHaveText(SAVED_ESTIMATE.name);
    await expect(item.getByRole('alert')).toHaveCount(0);

    // Enter saves; the name is text, not markup; focus returns to "Rename".
    const newName = 'Weekly <b>retrain</b>';
    await rename.click();
    await input.fill(newName);
    await page.keyboard.press('Enter');
    await expect(name).toHaveText(newName);
    await expect(name.locator('b')).toHaveCount(0);
    await expect(item.getByRole('button', { name: `Rename estimate “${newName}”` })).toBeFocused();
    await page.reload();
    await expect(name).toHaveText(newName);
    await expect(item.getByRole('button', { name: `Open estimate “${newName}”` })).toBeVisible();
  });

  test('export, then import into a fresh browser profile, reproduces the history; hostile names stay text', async ({
    page,
    browser,
    foreignRequests,
  }, testInfo) => {
    void foreignRequests;
    const hostile = storedRun('run-x', '<img src=x onerror="window.__pwned=1">', 23);
    await page.goto('/');
    await plantRuns(page, [RUN_A, RUN_B, hostile]);
    await page.reload();
    for (const id of ['run-a', 'run-b', 'run-x']) await expect(row(page, id)).toBeVisible();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel(page).getByRole('button', { name: 'Export all (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^gpu-payoff-history-\d{4}-\d{2}-\d{2}\.json$/);
    const file = testInfo.outputPath('history.json');
    await download.saveAs(file);
    const doc = JSON.parse(await readFile(file, 'utf8')) as {
      format: string;
      version: number;
      runs: StoredRun[];
      estimates: unknown[];
    };
    expect(doc.format).toBe(EXPORT_FORMAT);
    expect(doc.version).toBe(EXPORT_VERSION);
    expect(doc.runs.map((r) => r.id)).toEqual(expect.arrayContaining(['run-a', 'run-b', 'run-x']));
    const total = doc.runs.length + doc.estimates.length;

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      panel(page).getByRole('button', { name: 'Export runs (CSV)' }).click(),
    ]);
    const csvFile = testInfo.outputPath('runs.csv');
    await csvDownload.saveAs(csvFile);
    const csv = await readFile(csvFile, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^id,name,saved_at,/);
    expect(csv).toContain('run-b');

    const context = await browser.newContext();
    try {
      const fresh = await context.newPage();
      const errors: string[] = [];
      fresh.on('pageerror', (e) => errors.push(e.message));
      await fresh.goto('/');
      await expect(panel(fresh).locator('[data-storage="persistent"]')).toBeVisible();
      await expect(row(fresh, 'run-a')).toHaveCount(0);
      await panel(fresh).getByLabel('Import history (JSON)').setInputFiles(file);
      await expect(panel(fresh).locator('[data-message]')).toContainText(`Added ${total} records.`);
      await fresh.reload();
      for (const r of [RUN_A, RUN_B, hostile]) {
        await expect(row(fresh, r.id).locator('[data-name]')).toHaveText(r.name);
        await expect(row(fresh, r.id).locator('[data-headline="gpu.f32.gflops"]')).toHaveText(
          await row(page, r.id).locator('[data-headline="gpu.f32.gflops"]').innerText(),
        );
      }
      // The name is text, not markup.
      await expect(row(fresh, 'run-x').locator('img')).toHaveCount(0);
      expect(await fresh.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      // Importing the same file again adds nothing.
      const before = await listedIds(fresh);
      await panel(fresh).getByLabel('Import history (JSON)').setInputFiles(file);
      await expect(panel(fresh).locator('[data-message]')).toContainText(
        `Added 0 records, skipped ${total} duplicates.`,
      );
      expect((await listedIds(fresh)).filter((id) => doc.runs.some((r) => r.id === id))).toEqual(
        before.filter((id) => doc.runs.some((r) => r.id === id)),
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a bad import file is refused with a clear message and changes nothing', async ({
    page,
    foreignRequests,
  }, testInfo) => {
    void foreignRequests;
    await page.goto('/');
    await plantRuns(page, [RUN_A]);
    await page.reload();
    await expect(row(page, 'run-a')).toBeVisible();
    const input = panel(page).getByLabel('Import history (JSON)');

    const notJson = testInfo.outputPath('broken.json');
    await writeFile(notJson, '{"format": "gpu-payoff-history", "runs": [');
    await input.setInputFiles(notJson);
    await expect(panel(page).locator('[data-message="error"]')).toContainText(
      'Nothing was imported: The file is not valid JSON.',
    );

    const newer = testInfo.outputPath('newer.json');
    await writeFile(newer, JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION + 1, runs: [] }));
    await input.setInputFiles(newer);
    await expect(panel(page).locator('[data-message="error"]')).toContainText('newer version');

    const hostile = testInfo.outputPath('hostile.json');
    const huge = structuredClone(storedRun('run-huge', 'Huge numbers', 24));
    const first = huge.run.metrics[0];
    if (first && first.status === 'ok') first.best = 1e300;
    await writeFile(
      hostile,
      JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, runs: [huge, RUN_A], estimates: [] }),
    );
    await input.setInputFiles(hostile);
    const message = panel(page).locator('[data-message]');
    await expect(message).toContainText('Added 0 records, skipped 1 duplicate, rejected 1.');
    await expect(message).toContainText('Run 1 ("Huge numbers")');
    await expect(row(page, 'run-huge')).toHaveCount(0);
    await expect(row(page, 'run-a').locator('[data-name]')).toHaveText(RUN_A.name);
  });

  test('a corrupt record in IndexedDB is reported, kept, and the page still works', async ({
    page,
    estimator,
    foreignRequests,
  }) => {
    void foreignRequests;
    await page.goto('/');
    await plant(page, [
      [`run:${RUN_A.id}`, RUN_A],
      [
        'run:corrupt',
        {
          schemaVersion: 1,
          kind: 'run',
          id: 'corrupt',
          name: 'x',
          savedAt: '2026-11-20T00:00:00Z',
          run: { metrics: 'garbage' },
        },
      ],
    ]);
    await page.reload();
    await expect(row(page, 'run-a')).toBeVisible();
    const notice = panel(page).locator('[data-unreadable]');
    await expect(notice).toContainText('1 record could not be read');
    // The estimator is unaffected.
    await estimator.fill({
      cpuGflops: '40',
      gpuTflops: '8',
      totalGigaOps: '500',
      transferGBps: '8',
      dataGB: '0.5',
      launchOverheadMs: '0.08',
      launchCount: '50',
    });
    await expect(estimator.output('cpuTime')).toHaveText('12.5 s');
    // Still there after a reload: never silently deleted.
    await page.reload();
    await expect(panel(page).locator('[data-unreadable]')).toContainText('1 record could not be read');
    await expect(page.getByLabel(LABELS.cpuGflops, { exact: true })).toBeVisible();
  });

  test('a second tab sees a change without reloading', async ({ page, context, foreignRequests }, testInfo) => {
    void foreignRequests;
    await page.goto('/');
    const other = await context.newPage();
    await other.goto('/');
    await expect(panel(other).locator('[data-storage="persistent"]')).toBeVisible();
    await expect(row(other, 'run-a')).toHaveCount(0);
    const file = testInfo.outputPath('history.json');
    await writeFile(
      file,
      JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, runs: [RUN_A], estimates: [] }),
    );
    await panel(page).getByLabel('Import history (JSON)').setInputFiles(file);
    await expect(row(page, 'run-a')).toBeVisible();
    // BroadcastChannel tells the other tab to re-read; no reload.
    await expect(row(other, 'run-a')).toBeVisible();
    await row(other, 'run-a')
      .getByRole('button', { name: `Delete “${RUN_A.name}”` })
      .click();
    await expect(row(page, 'run-a')).toHaveCount(0);
  });

  test('"Apply to estimator" and "Open" send their events with the record', async ({ page, foreignRequests }) => {
    void foreignRequests;
    await page.goto('/');
    await plant(page, [
      [`run:${RUN_B.id}`, RUN_B],
      ['estimate:est-1', SAVED_ESTIMATE],
    ]);
    await page.reload();
    await page.evaluate(() => {
      const w = window as unknown as { __heard: string[] };
      w.__heard = [];
      document.addEventListener('history-apply-run', (e) =>
        w.__heard.push(`apply ${e.detail.record.id} ${e.detail.run.metrics.length}`),
      );
      document.addEventListener('history-open-estimate', (e) =>
        w.__heard.push(`open ${e.detail.estimate.id} ${e.detail.estimate.raw.gpuTflops}`),
      );
    });
    await row(page, 'run-b')
      .getByRole('button', { name: `Apply “${RUN_B.name}” to the estimator` })
      .click();
    await panel(page).getByRole('button', { name: 'Open estimate “Nightly training job”' }).click();
    expect(await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard)).toEqual([
      `apply run-b ${RUN_B.run.metrics.length}`,
      'open est-1 8',
    ]);
  });

  test('a saved run can be applied to the estimator and a saved estimate reopened', async ({
    page,
    estimator,
    foreignRequests,
  }) => {
    void foreignRequests;
    test.setTimeout(150_000);
    await trackBench(page);
    await page.goto('/');
    await plant(page, [
      [`run:${RUN_B.id}`, RUN_B],
      ['estimate:est-1', SAVED_ESTIMATE],
    ]);
    await page.reload();
    await expect(row(page, 'run-b')).toBeVisible();
    // The visit's own measurement would overwrite measured fields when it ends: let it end first.
    await waitForBenchIdle(page);
    // RUN_B measured 1,500 GFLOPS on the GPU: the estimator's TFLOPS field takes 1.5.
    await row(page, 'run-b')
      .getByRole('button', { name: `Apply “${RUN_B.name}” to the estimator` })
      .click();
    await expect(estimator.input('gpuTflops')).toHaveValue('1.5');
    await expect(estimator.input('gpuTflops')).toHaveAttribute('data-source', 'measured');

    await panel(page).getByRole('button', { name: 'Open estimate “Nightly training job”' }).click();
    await expect(estimator.input('gpuTflops')).toHaveValue('8');
    await expect(estimator.input('launchCount')).toHaveValue('50');
    await expect(estimator.output('cpuTime')).toHaveText('12.5 s');
  });

  test('with storage blocked the page keeps working and says history will not persist', async ({
    page,
    estimator,
    foreignRequests,
  }, testInfo) => {
    void foreignRequests;
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', {
        configurable: true,
        get() {
          throw new DOMException('The user denied permission to access the database.', 'SecurityError');
        },
      });
    });
    await page.goto('/');
    await expect(panel(page).locator('[data-storage="memory"]')).toContainText('History will not persist');
    await estimator.fill({
      cpuGflops: '40',
      gpuTflops: '8',
      totalGigaOps: '500',
      transferGBps: '8',
      dataGB: '0.5',
      launchOverheadMs: '0.08',
      launchCount: '50',
    });
    await expect(estimator.output('cpuTime')).toHaveText('12.5 s');
    // History still works for this page, in memory.
    const file = testInfo.outputPath('history.json');
    await writeFile(
      file,
      JSON.stringify({
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: new Date().toISOString(),
        runs: [RUN_A, RUN_B],
        estimates: [],
      }),
    );
    await panel(page).getByLabel('Import history (JSON)').setInputFiles(file);
    await expect(row(page, 'run-a')).toBeVisible();
    await expect(row(page, 'run-b')).toBeVisible();
    await panel(page)
      .getByRole('checkbox', { name: `Compare “${RUN_A.name}”` })
      .check();
    await panel(page)
      .getByRole('checkbox', { name: `Compare “${RUN_B.name}”` })
      .check();
    await expect(panel(page).locator('history-compare tr[data-compare-metric="gpu.f32.gflops"]')).toContainText(
      '+50.0 %',
    );
    await page.reload();
    await expect(panel(page).locator('[data-storage="memory"]')).toBeVisible();
    await expect(row(page, 'run-a')).toHaveCount(0);
  });
});
