/**
 * One question, one answer (issue #17): the issue's link gives one answer in the card, the
 * phone bar and the copied report; every output name on the page carries one value; the
 * answer is in view at 1280×800; a conflicting link is read with notices; a Python GPU run
 * fills every field it has a figure for; measured values carry no "Read as" note; saved
 * estimates compare side by side.
 */
import type { Page } from '@playwright/test';
import { HISTORY_SCHEMA_VERSION } from '../../src/model/history/records.ts';
import { gpuProbe, pyMetric } from '../unit/fixtures/python-fixtures.ts';
import { test, expect, plantRecords, seedStoredRun } from './fixtures.ts';

const ISSUE_LINK =
  '/?cpu=100&gpu=10&bw=10&lat=0.01&cpuMem=20&gpuMem=1000&w=elementwise&w.elements=100000000&w.inputs=2&w.outputs=1&w.flops=2&w.dtype=f32';

/** Every element with a data-output, by name: the values it carries on this page. */
async function outputsOnPage(page: Page): Promise<Record<string, string[]>> {
  return page.locator('gpu-payoff-app').evaluate((app) => {
    const out: Record<string, string[]> = {};
    const visit = (root: ParentNode) => {
      for (const el of root.querySelectorAll<HTMLElement>('*')) {
        const name = el.dataset['output'];
        // A GPU comparison row carries its own device's figures under the same names.
        if (name && !el.closest('[data-device]')) (out[name] ??= []).push(el.dataset['value'] ?? '');
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    if (app.shadowRoot) visit(app.shadowRoot);
    return out;
  });
}

test.beforeEach(async ({ page }) => {
  await seedStoredRun(page);
});

test.describe('one answer', () => {
  test('the issue’s link: CPU 60 ms and 0.495× in the card, the phone bar and the copied report', async ({
    page,
    context,
    estimator,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(ISSUE_LINK);
    await expect(estimator.output('cpuTime')).toHaveAttribute('data-value', /^0\.06(0*\d)?$/);
    expect(await estimator.value('cpuTime')).toBeCloseTo(0.06, 12);
    expect(await estimator.value('speedup')).toBeCloseTo(0.495, 3);
    const speedupText = (await estimator.output('speedup').textContent())?.trim();
    expect(speedupText).toBe('0.495×');
    await expect(page.locator('[data-verdict]')).toContainText(/The CPU is 2\.02× faster/);

    // Every output name has one value on the page.
    const outputs = await outputsOnPage(page);
    for (const name of ['cpuTime', 'speedup', 'gpuTime', 'gpuTotalTime', 'breakEvenSize', 'flops']) {
      expect(outputs[name], name).toBeDefined();
    }
    for (const [name, values] of Object.entries(outputs)) expect(new Set(values).size, name).toBe(1);

    // The phone bar.
    await page.setViewportSize({ width: 390, height: 800 });
    await expect(page.locator('[data-peek] strong')).toHaveText(speedupText ?? '');

    // The copied report.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Copy Results' }).click();
    await expect(page.getByText('Copied to the clipboard ✓')).toBeVisible();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain(`## GPU payoff: ${speedupText} speedup`);
    expect(text).toContain('**Code:** Elementwise 100,000,000 elements, 2 in, 1 out, float32');
    expect(text).toContain('| CPU | 60 ms | memory-bound |');
    expect(text).toContain('| GPU | 121 ms | memory-bound |');
    expect(text).toContain('| CPU Memory Bandwidth (GB/s) | 20 | typed |');
    const link = /Reproduce: (\S+)/.exec(text)?.[1] ?? '';
    expect(link).toContain('w=elementwise');
    // The report's link reproduces the answer.
    await page.goto(link);
    expect(await estimator.value('speedup')).toBeCloseTo(0.495, 3);
  });

  test('at 1280×800 the speedup is in view without scrolling: a first visit and a workload link', async ({
    page,
    browser,
    estimator,
  }) => {
    const inView = async (p: Page, url: string) => {
      const speedup = p.locator('#results [data-output="speedup"]');
      await expect(speedup).not.toHaveAttribute('data-value', '');
      const box = await speedup.boundingBox();
      expect(box, url).not.toBeNull();
      expect(box!.y + box!.height, url).toBeLessThanOrEqual(800);
      await expect(p.locator('[data-verdict]')).toBeInViewport();
    };
    // A first visit (nothing stored): it measures, and says so under the answer.
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const first = await fresh.newPage();
      await first.goto('/');
      await expect(first.locator('[data-basis]')).toBeVisible();
      await inView(first, 'first visit');
      await first.getByRole('button', { name: 'Cancel' }).first().click();
    } finally {
      await fresh.close();
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const url of ['/', ISSUE_LINK, '/?w=conv2d']) {
      await page.goto(url);
      await inView(page, url);
    }
    void estimator; // its fixture fails the test on any request to another origin
  });

  test('a conflicting link is read or refused, and the page says which', async ({ page, estimator }) => {
    await page.goto('/?w=matmul&ops=1&data=1000&n=7&w.m=4096&w.m=1&w.dtype=float64&cpu=80');
    const notices = page.locator('[data-link-notices] li');
    await expect(notices).toHaveCount(3);
    await expect(notices.nth(0)).toContainText('w.m 2 times');
    await expect(page.getByLabel('Rows of A and C (m)', { exact: true })).toHaveValue('2048');
    await expect(page.getByLabel('Data type', { exact: true })).toHaveValue('f64');
    await expect(notices.nth(1)).toContainText('ops, data and n describe the code');
    await expect(notices.nth(2)).toContainText('w.dtype=“float64” was read as float64');
    // The machine rate in the same link applies.
    await expect(estimator.input('cpuGflops')).toHaveValue('80');
    await expect(estimator.input('cpuGflops')).toHaveAttribute('data-source', 'manual');
    expect(new URL(page.url()).searchParams.has('ops')).toBe(false);
  });

  test('a measured value is not “Read as …”; a typed one that reads differently is', async ({ page, estimator }) => {
    await page.goto('/?w=matmul');
    // The seeded run's upload, dispatch etc. are filled as measured.
    await expect(estimator.input('transferGBps')).toHaveAttribute('data-source', 'measured');
    await expect(page.locator('[data-read-as]').filter({ hasText: /Read as/ })).toHaveCount(0);
    await estimator.fill({ transferGBps: '1.500' });
    await expect(page.getByText('Read as 1.5 (a point marks decimals here: for 1500, type 1500).')).toBeVisible();
  });

  test('a Python GPU run fills every field it has a figure for, GPU memory bandwidth too, and says what it left', async ({
    page,
    estimator,
  }) => {
    const doc = gpuProbe() as unknown as { metrics: unknown[] };
    doc.metrics.push(pyMetric('py.gpu.device.gbps', 'torch', [2700, 2900, 2800]));
    await plantRecords(page, [
      [
        'python-run:h100',
        {
          schemaVersion: HISTORY_SCHEMA_VERSION,
          kind: 'python-run',
          id: 'h100',
          name: 'H100 box',
          savedAt: new Date().toISOString(),
          probe: doc,
        },
      ],
    ]);
    await page.goto('/?w=elementwise');
    await page.getByRole('button', { name: 'Use in estimator: H100 box' }).click();
    const gpuMem = page.getByLabel('GPU Memory Bandwidth (GB/s)', { exact: true });
    await expect(gpuMem).toHaveValue('2900');
    await expect(page.locator('machine-fields [data-field="gpuMemGBps"] .badge')).toHaveText('Python: PyTorch');
    await expect(estimator.input('gpuTflops')).toHaveValue('50');
    await expect(page.locator('[data-lane-applied]')).toContainText('no figure for');
    await expect(page.locator('[data-lane-applied]')).toContainText('GPU float64 ratio');
    // The software-adapter warning no longer speaks for the GPU fields.
    await expect(page.locator('[data-software-warning]')).toHaveCount(0);
  });

  test('saved estimates compare side by side: times, speedup, bounds and break-even', async ({ page }) => {
    await page.goto('/?w=matmul&w.m=512&w.n=512&w.k=512');
    await page.getByRole('button', { name: 'Save estimate' }).click();
    await page.getByLabel('Workload', { exact: true }).selectOption('elementwise');
    await page.getByRole('button', { name: 'Save estimate' }).click();
    const items = page.locator('[data-estimate-id]');
    await expect(items).toHaveCount(2);
    for (const i of [0, 1]) await items.nth(i).getByRole('checkbox').check();
    const table = page.locator('[data-estimate-compare]');
    await expect(table).toBeVisible();
    await expect(table.locator('[data-compare-row="code"] td').nth(0)).toContainText('Elementwise');
    await expect(table.locator('[data-compare-row="code"] td').nth(1)).toContainText('Matrix multiply');
    await expect(table.locator('[data-compare-row="cpuBound"] td').nth(0)).toHaveText(/-bound$/);
    await expect(table.locator('[data-compare-row="breakEven"] td').nth(1)).not.toHaveText('not saved');
    const speedups = await table
      .locator('[data-compare-row="speedup"] td')
      .evaluateAll((tds) => tds.map((td) => Number((td as HTMLElement).dataset['value'])));
    expect(speedups.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
  });
});
