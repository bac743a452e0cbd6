/**
 * The README's screenshots, taken from the page as a visitor sees it. Collected only with
 * SCREENSHOTS=1 (they rewrite docs/*.png):
 *
 *   SCREENSHOTS=1 npx playwright test screenshots
 */
import { chromium } from '@playwright/test';
import { BROWSER_ARGS, findBrowser } from './browser.ts';
import { test, expect, seedStoredRun } from './fixtures.ts';

test.setTimeout(180_000);

test('the first seconds of a visit: defaults, said to be defaults, while this machine is measured', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await expect(page.locator('answer-card [data-basis]')).toContainText('measuring this machine');
  // Wait until the bar has moved, so the picture shows progress rather than "Starting".
  await expect
    .poll(
      async () => Number(await page.locator('answer-card progress').evaluate((p) => (p as HTMLProgressElement).value)),
      {
        timeout: 60_000,
      },
    )
    .toBeGreaterThan(0.05);
  await page.screenshot({ path: 'docs/screenshot-first-seconds.png' });
});

test('a visit without WebGPU (Chromium started without --enable-unsafe-webgpu)', async ({ baseURL }) => {
  const executablePath = findBrowser();
  const browser = await chromium.launch({
    args: BROWSER_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'),
    ...(executablePath ? { executablePath } : {}),
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(baseURL ?? '/');
  await expect(page.locator('answer-card [data-basis]')).toContainText('The GPU side is not measured here', {
    timeout: 60_000,
  });
  // The CPU measured, the GPU side still unmeasured: the state a visitor is left with.
  await expect(page.locator('[data-measuring]')).toHaveCount(0, { timeout: 90_000 });
  await page.screenshot({ path: 'docs/screenshot-no-webgpu.png' });
  await browser.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the phone layout, ${scheme}`, async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      colorScheme: scheme,
    });
    const page = await context.newPage();
    await seedStoredRun(page);
    await page.goto('/');
    await expect(page.locator('[data-peek]')).toHaveAttribute('data-peek', 'answer');
    await page.screenshot({ path: `docs/screenshot-phone-${scheme}.png` });
    await page.locator('sweep-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshot-phone-${scheme}-sweep.png` });
    await context.close();
  });
}

/** The comparison of issue #19: a 4096³ float32 matmul on this machine, three catalog GPUs and a typed one. */
const COMPARE_URL =
  '/?w=matmul&w.m=4096&w.n=4096&w.k=4096&w.batch=1&w.dtype=f32&gpus=this-machine,h100-sxm,t4,rtx-4090,m2-max';

test('which GPU would pay off: the comparison on a desktop', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await seedStoredRun(page);
  await page.goto(COMPARE_URL);
  await expect(page.locator('#gpus [data-compare-ready="true"]')).toHaveCount(1, { timeout: 30_000 });
  // One row's figures and one warning opened, so the picture shows the sources and what a warning says.
  await page.locator('#gpus [data-device="h100-sxm"] details.figures summary').click();
  await page.locator('#gpus [data-device="t4"] [data-warning="transfer-bound"] summary').click();
  await page.locator('#gpus').screenshot({ path: 'docs/screenshot-gpu-compare.png' });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`which GPU would pay off: the comparison on a phone, ${scheme}`, async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      colorScheme: scheme,
    });
    const page = await context.newPage();
    await seedStoredRun(page);
    await page.goto(COMPARE_URL);
    await expect(page.locator('#gpus [data-compare-ready="true"]')).toHaveCount(1, { timeout: 30_000 });
    // The section's sentence at the top, then the first rows.
    await page.locator('#gpus compare-table .summary').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `docs/screenshot-gpu-compare-phone-${scheme}.png` });
    await context.close();
  });
}

/** Issue #17's link: the "before" pictures were taken from the build before it (docs/issue17-before-*.png). */
const ISSUE17_LINK =
  '/?cpu=100&gpu=10&bw=10&lat=0.01&cpuMem=20&gpuMem=1000&w=elementwise&w.elements=100000000&w.inputs=2&w.outputs=1&w.flops=2&w.dtype=f32';

test('one answer: the issue-17 link on a desktop and a phone, after', async ({ browser }) => {
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: name === 'phone' ? 2 : 1 });
    const page = await context.newPage();
    await seedStoredRun(page);
    await page.goto(ISSUE17_LINK);
    await expect(page.locator('#results [data-output="speedup"]')).not.toHaveAttribute('data-value', '');
    await page.screenshot({ path: `docs/issue17-after-${name}.png` });
    await context.close();
  }
});
