import { test, expect, LABELS, seedStoredRun, type FieldKey } from './fixtures.ts';

test('a first visit: every spec input has its exact label, a help text and a default', async ({ page, estimator }) => {
  await page.goto('/');
  for (const key of Object.keys(LABELS) as FieldKey[]) {
    const input = estimator.input(key);
    await expect(input).toBeVisible();
    await expect(input).not.toHaveValue('');
    await expect(input).toHaveAttribute('aria-invalid', 'false');
  }
  // Task inputs stay the page's defaults (the hardware ones may already be measured).
  await expect(estimator.input('totalGigaOps')).toHaveAttribute('data-source', 'default');
  await expect(estimator.input('launchCount')).toHaveAttribute('data-source', 'default');
  await expect(page.getByText('Typical: 10 – 100 GFLOPS.')).toBeVisible();
  await expect(page.getByText('Typical: 1 – 1000.')).toBeVisible();
});

/**
 * Every other test here is about the calculator, not the benchmark: each visit is a later
 * visit (a stored run for this browser), so nothing is measured.
 */
test.beforeEach(async ({ page }, testInfo) => {
  if (!testInfo.title.startsWith('a first visit')) await seedStoredRun(page);
});

test.describe('the estimator page', () => {
  test('typing Example 1 gives the spec\u2019s results, live', async ({ page, estimator }) => {
    await page.goto('/');
    await estimator.fill({
      cpuGflops: '40',
      gpuTflops: '8',
      totalGigaOps: '500',
      transferGBps: '8',
      dataGB: '0.5',
      launchOverheadMs: '0.08',
      launchCount: '50',
    });
    await expect(estimator.output('cpuTime')).toHaveAttribute('data-value', '12.5');
    expect(await estimator.value('gpuTotalTime')).toBeCloseTo(0.129, 9);
    expect(await estimator.value('speedup')).toBeCloseTo(96.9, 1);
    await expect(estimator.output('speedup')).toHaveText('96.9×');
    await expect(estimator.output('cpuTime')).toHaveText('12.5 s');
    await expect(estimator.output('gpuTotalTime')).toHaveText('129 ms');
    await expect(estimator.output('kernelOverhead')).toHaveText('4 ms');
    expect(await estimator.value('efficiency')).toBeCloseTo(48.45, 1);
    await expect(estimator.output('efficiency')).toHaveText('48.4 %');
    // Every result has an accessible name matching the spec's titles.
    for (const title of [
      'Estimated Speedup Factor (CPU vs. GPU)',
      'CPU Calculation Time',
      'GPU Computation Time',
      'Data Transfer Time',
      'Total Kernel Launch Overhead',
      'Total GPU Overhead',
      'Total GPU Time',
      'GPU Efficiency Ratio',
    ]) {
      await expect(page.getByRole('status', { name: title, exact: true })).toBeVisible();
    }
    await expect(page.locator('[data-verdict]')).toHaveText(/GPU is [0-9.]+× faster/);
    for (const key of Object.keys(LABELS) as FieldKey[]) {
      await expect(estimator.input(key)).toHaveAttribute('data-source', 'manual');
    }
  });

  test('presets load the spec\u2019s two examples; Reset Values restores the defaults', async ({ page, estimator }) => {
    await page.goto('/');
    const defaults = await estimator.input('cpuGflops').inputValue();
    await estimator.loadPreset('Example 2: large-scale scientific simulation');
    await expect(estimator.input('launchCount')).toHaveValue('1000');
    expect(await estimator.value('cpuTime')).toBeCloseTo(33.333, 3);
    expect(await estimator.value('gpuTotalTime')).toBeCloseTo(0.49667, 4);
    expect(await estimator.value('speedup')).toBeCloseTo(67.1, 1);
    await estimator.loadPreset('Example 1: training a small neural network');
    expect(await estimator.value('speedup')).toBeCloseTo(96.9, 1);
    await page.getByRole('button', { name: 'Reset Values' }).click();
    await expect(estimator.input('cpuGflops')).toHaveValue(defaults);
    await expect(estimator.input('cpuGflops')).toHaveAttribute('data-source', 'default');
  });

  test('break-even, verdict, time split, sweep table and Figure 1 follow the inputs', async ({ page, estimator }) => {
    await page.goto('/');
    await estimator.loadPreset('Example 1: training a small neural network');
    // 0.0665 s of overhead / (1/40 − 1/8000) s per Giga-op
    expect(await estimator.value('breakEven')).toBeCloseTo(0.0665 / (1 / 40 - 1 / 8000), 6);
    await expect(page.getByRole('img', { name: 'Where the GPU time goes' })).toBeVisible();
    await expect(page.getByText(/Compute .*\(48\.4 %\)/)).toBeVisible();
    const table = page.locator('sweep-table').getByRole('table');
    await expect(table.getByRole('columnheader')).toHaveText([
      'Total Operations (Giga-ops)',
      'CPU Time (s)',
      'GPU Time (s)',
      'Speedup Factor',
    ]);
    await expect(table.locator('tbody tr')).toHaveCount(9);
    await expect(table.locator('tr.current')).toContainText('500');
    await expect(page.getByText('Figure 1: CPU vs. GPU Execution Time for Varying Task Sizes')).toBeVisible();
    await expect(page.locator('sweep-chart canvas')).toHaveCount(1);
    await expect(page.getByRole('img', { name: /Figure 1.*lines cross at/ })).toBeVisible();

    // A tiny task: the CPU wins and the verdict says so.
    await estimator.fill({ totalGigaOps: '0.01' });
    await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'cpu');
    // No overhead: the GPU always wins and there is no finite break-even.
    await estimator.fill({ dataGB: '0', launchOverheadMs: '0' });
    await expect(estimator.output('breakEven')).toHaveAttribute('data-kind', 'always');
    await expect(estimator.output('breakEven')).toHaveAttribute('data-value', '');
    // A CPU faster than the GPU: it never wins.
    await estimator.fill({ cpuGflops: '9000' });
    await expect(estimator.output('breakEven')).toHaveAttribute('data-kind', 'never');
    await expect(estimator.output('breakEven')).toContainText('GPU never wins');
  });

  const badInputs: [FieldKey, string, RegExp][] = [
    ['cpuGflops', '', /Enter a number/],
    ['gpuTflops', 'fast', /is not a number/],
    ['transferGBps', '-3', /must not be negative/i],
    ['cpuGflops', '0', /greater than 0/],
    ['launchCount', '2.5', /whole number/],
    ['totalGigaOps', '1e308', /at most/],
  ];
  for (const [key, text, message] of badInputs) {
    test(`bad input ${JSON.stringify(text)} in ${key} is flagged at the field and loses nothing`, async ({
      page,
      estimator,
    }) => {
      await page.goto('/');
      await estimator.loadPreset('Example 1: training a small neural network');
      await estimator.fill({ [key]: text });
      const input = estimator.input(key);
      await expect(input).toHaveAttribute('aria-invalid', 'true');
      await expect(input).toHaveValue(text);
      await expect(input).toHaveAccessibleDescription(message);
      for (const out of ['speedup', 'cpuTime', 'gpuTotalTime', 'efficiency', 'breakEven']) {
        await expect(estimator.output(out)).toHaveText('—');
        await expect(estimator.output(out)).toHaveAttribute('data-value', '');
      }
      const body = await page.locator('gpu-payoff-app').evaluate((el) => el.shadowRoot?.textContent ?? '');
      expect(body).not.toMatch(/NaN|Infinity/);
      // The other fields keep what was there.
      await expect(estimator.input('dataGB')).toHaveValue(key === 'dataGB' ? text : '0.5');
      await expect(estimator.input('launchOverheadMs')).toHaveValue('0.08');
      // Fixing it brings the results back.
      await estimator.fill({
        [key]:
          key === 'launchCount'
            ? '50'
            : key === 'totalGigaOps'
              ? '500'
              : key === 'cpuGflops'
                ? '40'
                : key === 'gpuTflops'
                  ? '8'
                  : '8',
      });
      await expect(input).toHaveAttribute('aria-invalid', 'false');
      expect(await estimator.value('speedup')).toBeCloseTo(96.9, 1);
    });
  }
});

test.describe('the URL holds the estimate', () => {
  test('a copied link reproduces the estimate and the back button undoes an edit', async ({ page, estimator }) => {
    await page.goto('/?cpu=60&gpu=15&ops=2000&bw=15&data=5&lat=0.03&n=1000');
    expect(await estimator.value('speedup')).toBeCloseTo(67.1, 1);
    await expect(estimator.input('cpuGflops')).toHaveAttribute('data-source', 'manual');
    await estimator.input('cpuGflops').fill('30');
    await estimator.input('cpuGflops').press('Tab');
    await expect(page).toHaveURL(/cpu=30/);
    expect(await estimator.value('speedup')).toBeCloseTo(134.2, 1);
    await estimator.input('gpuTflops').fill('30');
    await estimator.input('gpuTflops').press('Tab');
    await expect(page).toHaveURL(/gpu=30/);
    await page.goBack();
    await expect(estimator.input('gpuTflops')).toHaveValue('15');
    await expect(estimator.input('cpuGflops')).toHaveValue('30');
    await page.goBack();
    await expect(estimator.input('cpuGflops')).toHaveValue('60');
    await page.goForward();
    await expect(estimator.input('cpuGflops')).toHaveValue('30');
    // A fresh page from the same link shows the same numbers.
    const url = page.url();
    const speedup = await estimator.value('speedup');
    const other = await page.context().newPage();
    await other.goto(url);
    const again = Number(await other.locator('[data-output="speedup"]').getAttribute('data-value'));
    expect(again).toBeCloseTo(speedup, 9);
    await other.close();
  });

  test('a hostile URL is shown as text with messages, runs nothing, and the page works', async ({
    page,
    estimator,
  }) => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const evil = encodeURIComponent('<img src=x onerror=alert(1)>');
    await page.goto(`/?cpu=${evil}&gpu=-1&ops=1e999&n=${'9'.repeat(500)}&lat=NaN&data=Infinity`);
    await expect(estimator.input('cpuGflops')).toHaveValue('<img src=x onerror=alert(1)>');
    for (const key of [
      'cpuGflops',
      'gpuTflops',
      'totalGigaOps',
      'launchCount',
      'launchOverheadMs',
      'dataGB',
    ] as const) {
      await expect(estimator.input(key)).toHaveAttribute('aria-invalid', 'true');
    }
    await expect(estimator.input('transferGBps')).toHaveAttribute('aria-invalid', 'false');
    await expect(estimator.output('speedup')).toHaveText('—');
    expect(await page.locator('gpu-payoff-app').evaluate((el) => el.shadowRoot?.querySelectorAll('img').length)).toBe(
      0,
    );
    await page.getByRole('button', { name: 'Reset Values' }).click();
    await expect(estimator.output('speedup')).not.toHaveText('—');
    expect(dialogs).toBe(0);
  });
});

test.describe('copy, keyboard, layout', () => {
  test('Copy Results puts a Markdown report on the clipboard and says so', async ({ page, context, estimator }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/');
    await estimator.loadPreset('Example 1: training a small neural network');
    await page.getByRole('button', { name: 'Copy Results' }).click();
    await expect(page.getByText('Copied to the clipboard ✓')).toBeVisible();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain('## GPU payoff: 96.9× speedup');
    expect(text).toContain('**Code:** Custom task: 500 Giga-ops, 0.5 GB moved, 50 launches');
    expect(text).toContain('| GPU | 129 ms | compute-bound |');
    expect(text).toContain('| CPU Operations per Second (GFLOPS) | 40 | typed |');
    expect(text).toMatch(/Reproduce: http:\/\/127\.0\.0\.1:\d+\/\?cpu=40&gpu=8/);
  });

  test('works with the keyboard alone', async ({ page, estimator }) => {
    await page.goto('/');
    await estimator.input('cpuGflops').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('25');
    await page.keyboard.press('Tab');
    await expect(estimator.input('gpuTflops')).toBeFocused();
    await expect(estimator.input('cpuGflops')).toHaveValue('25');
    expect(await estimator.value('cpuTime')).toBeCloseTo(100 / 25, 9);
    // Reach Reset Values from the preset menu with Tab and press it with Enter.
    await page.getByLabel('Load an example').focus();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Reset Values' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(estimator.input('cpuGflops')).toHaveValue('50');
  });

  test('fits a 360 px phone without sideways scrolling', async ({ page, estimator }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/');
    await expect(estimator.output('speedup')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await estimator.input('cpuGflops').boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(360);
  });

  test('follows the dark colour scheme', async ({ browser }) => {
    const dark = await browser.newPage({ colorScheme: 'dark' });
    const light = await browser.newPage({ colorScheme: 'light' });
    await dark.goto('/');
    await light.goto('/');
    const bg = (p: typeof dark) => p.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const [d, l] = [await bg(dark), await bg(light)];
    expect(d).not.toBe(l);
    const lum = (c: string) => {
      const [r, g, b] = (c.match(/\d+/g) ?? []).map(Number);
      return (r ?? 0) + (g ?? 0) + (b ?? 0);
    };
    expect(lum(d)).toBeLessThan(lum(l));
    await dark.close();
    await light.close();
  });
});
