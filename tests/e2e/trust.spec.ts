/**
 * Issue 10, "Trust what the page says", in the real page: numbers read as meant, bidi
 * text neutralised, the verdict's reason, measured values that explain themselves, chart
 * and table details, the servers' headers. Visits are later visits (a stored run for this
 * browser), so nothing here measures except where a test says so.
 */
import { test, expect, seedStoredRun } from './fixtures.ts';

/** The GPU's compute alone is slower than the CPU: 13.8 s against 1.27 s, ≈ 99 % efficiency. */
const COMPUTE_SLOWER = '?cpu=78.74&gpu=0.007246&ops=100&bw=16&data=0.01&lat=0.05&n=100';

test.describe('numbers as people type them', () => {
  test.beforeEach(async ({ page }) => {
    await seedStoredRun(page);
  });

  test('"1,5" is 1.5 and the field says so; "1,500" is refused as ambiguous; never silently 15', async ({
    page,
    estimator,
  }) => {
    await page.goto('/');
    await estimator.loadPreset('Example 1: training a small neural network');
    await estimator.fill({ cpuGflops: '1,5' });
    await expect(estimator.input('cpuGflops')).toHaveAttribute('aria-invalid', 'false');
    await expect(estimator.input('cpuGflops')).toHaveAccessibleDescription(
      /Read as 1\.5 \(comma as the decimal mark\)/,
    );
    // CPU time = 500 / 1.5, not 500 / 15.
    expect(await estimator.value('cpuTime')).toBeCloseTo(500 / 1.5, 6);
    await estimator.fill({ cpuGflops: '1,500' });
    await expect(estimator.input('cpuGflops')).toHaveAttribute('aria-invalid', 'true');
    await expect(estimator.input('cpuGflops')).toHaveAccessibleDescription(/could mean 1500 or 1\.5/);
    await expect(estimator.output('speedup')).toHaveText('—');
    await estimator.fill({ cpuGflops: '1\u00a0000,5' });
    expect(await estimator.value('cpuTime')).toBeCloseTo(500 / 1000.5, 9);
  });

  test('a link with "1,5" reads as 1.5 and says so; bidi controls in a link never reach the page\u2019s text', async ({
    page,
    estimator,
  }) => {
    await page.goto(`/?cpu=1,5&gpu=${encodeURIComponent('\u202Eabc')}&ops=500`);
    await expect(estimator.input('cpuGflops')).toHaveAccessibleDescription(/Read as 1\.5/);
    await expect(estimator.input('gpuTflops')).toHaveAccessibleDescription(/"abc" is not a number/);
    const text = await page.locator('gpu-payoff-app').evaluate((el) => {
      const walk = (root: ShadowRoot | Element): string =>
        [...root.querySelectorAll('*')]
          .map(
            (e) =>
              (e.shadowRoot ? walk(e.shadowRoot) : '') +
              [...e.childNodes].map((n) => (n.nodeType === 3 ? n.textContent : '')).join(''),
          )
          .join(' ');
      return el.shadowRoot ? walk(el.shadowRoot) : '';
    });
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
  });
});

test.describe('the verdict says why', () => {
  test.beforeEach(async ({ page }) => {
    await seedStoredRun(page);
  });

  test('compute alone slower: the verdict and the Formula footnote say so, not "overheads outweigh"', async ({
    page,
  }) => {
    await page.goto(`/${COMPUTE_SLOWER}`);
    const verdict = page.locator('[data-verdict]');
    await expect(verdict).toHaveAttribute('data-verdict', 'cpu');
    await expect(verdict).toHaveText(
      /the GPU\u2019s compute alone \(13\.8 s\) takes longer than the whole CPU run \(1\.27 s\)/,
    );
    await expect(verdict).not.toContainText('overhead');
    await expect(page.locator('[data-formula-note]')).toContainText(
      'For your inputs: T_GPU_compute alone exceeds T_CPU.',
    );
  });

  test('never "about even" beside "GPU never wins"', async ({ page, estimator }) => {
    // GPU rate = CPU rate, a little transfer: speedup ≈ 0.98, and the GPU never wins.
    await page.goto('/?cpu=8000&gpu=8&ops=500&bw=8&data=0.01&lat=0.08&n=1');
    expect(await estimator.value('speedup')).toBeGreaterThan(0.91);
    await expect(estimator.output('breakEven')).toContainText('GPU never wins');
    await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'cpu');
    await expect(page.locator('[data-verdict]')).not.toContainText('about as long');
    await expect(page.getByRole('img', { name: /GPU line stays above the CPU line/ })).toBeVisible();
  });
});

test.describe('measured values explain themselves', () => {
  test('a field says which statistic fills it and why, with the spread in its own unit; the speedup range says what it is', async ({
    page,
    estimator,
  }) => {
    await seedStoredRun(page, { gflops: 7.236 });
    await page.goto('/');
    await expect(estimator.input('gpuTflops')).toHaveAttribute('data-source', 'measured');
    const help = page.locator('estimator-form [data-field="gpuTflops"] .help');
    await expect(help).toContainText('the best of 3 samples, because a peak rate');
    await expect(help).toContainText(/Samples ranged [\d.]+–[\d.]+ TFLOPS/);
    await expect(help).not.toContainText('GFLOPS');
    const range = page.locator('[data-output="speedupRange"]');
    await expect(range).toContainText(
      /^Measured spread: [\d.,]+× – [\d.,]+×, the speedup at the p10 and p90 of every measured input \(the values 10 % and 90 % of its samples fall below\)\. The estimate (lies within it|sits at its (top|bottom))/,
    );
  });
});

test.describe('chart, table and phone', () => {
  test.beforeEach(async ({ page }) => {
    await seedStoredRun(page);
  });

  test('the chart legend at rest shows your task\u2019s values, not a row of dashes', async ({ page }) => {
    await page.goto('/');
    const legend = page.locator('sweep-chart .u-legend');
    await expect(legend).toContainText('CPU time');
    await expect(legend).not.toContainText('—');
    await expect(legend).not.toContainText('--');
  });

  test('on a phone the sweep table shows all four columns and its whole title; swatches stay with labels', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/');
    const table = page.locator('sweep-table table');
    await table.scrollIntoViewIfNeeded();
    for (const name of ['Total Operations (Giga-ops)', 'CPU Time (s)', 'GPU Time (s)', 'Speedup Factor']) {
      const box = await table.getByRole('columnheader', { name }).boundingBox();
      expect(box, name).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), `${name} inside the screen`).toBeLessThanOrEqual(360);
    }
    const title = page.locator('sweep-table .title');
    await expect(title).toHaveText('Task-size sweep (data size and launches held at your values)');
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // Each legend entry sits on one line: its swatch and label share a row.
    const rows = await page.locator('sweep-chart .u-legend .u-series').evaluateAll((els) =>
      els.map((el) => {
        const marker = el.querySelector('.u-marker')?.getBoundingClientRect();
        const label = el.querySelector('.u-label')?.getBoundingClientRect();
        return marker && label ? Math.abs(marker.top + marker.height / 2 - (label.top + label.height / 2)) : 0;
      }),
    );
    for (const d of rows) expect(d).toBeLessThan(8);
  });
});

test('the preview server sends CSP (frame-ancestors), nosniff and Referrer-Policy as headers', async ({ page }) => {
  const response = await page.goto('/favicon.svg');
  const page1 = await page.request.get('/');
  for (const headers of [response?.headers() ?? {}, page1.headers()]) {
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  }
});
