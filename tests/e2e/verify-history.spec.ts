/**
 * Verifications in history and calibrated estimates (issue #13), in real Chromium on the
 * software adapter: after "Run this workload" (elementwise 10⁶: quick on SwiftShader),
 * the verification is listed in the history panel with its prediction error, the compare
 * view gives the prediction error per workload, and the workload estimate switches to
 * rates calibrated from it, with a "calibrated" source badge, a way back to the raw
 * measured peaks, and the same after a reload.
 */
import type { Page } from '@playwright/test';
import { test, expect, seedStoredRun } from './fixtures.ts';

const QUERY = 'w=elementwise&w.elements=1000000&w.inputs=3&w.outputs=1&w.flops=2&w.dtype=f32';

async function runOnce(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Run this workload', exact: true });
  await expect(button).toBeEnabled();
  await button.click();
  const status = page.locator('#check [data-output="verifyStatus"]');
  await expect(status).toHaveAttribute('data-value', /^(complete|mismatch|failed|timeout|device-lost)$/, {
    timeout: 150_000,
  });
  expect(await status.getAttribute('data-value'), (await status.textContent()) ?? '').toBe('complete');
}

test.describe('Verifications in history (issue #13)', () => {
  test.describe.configure({ timeout: 240_000 });

  test.beforeEach(async ({ page }) => {
    // A stored run: the page applies it and starts no benchmark that would compete for the cores.
    await seedStoredRun(page);
  });

  test('a run is saved in history, compared per workload, and calibrates the estimate', async ({ page }) => {
    await page.goto(`/?${QUERY}`);
    // No verification yet: the estimate uses the raw peaks and offers no calibration.
    await expect(page.locator('#why [data-output="rateSource"]')).toHaveCount(0);
    await runOnce(page);
    const error = Number(await page.locator('#check [data-output="predictionError"]').getAttribute('data-value'));

    // History lists it, with the same prediction error and the size that ran.
    const item = page.locator('#history history-verification-list li[data-workload="elementwise"]');
    await expect(item).toHaveCount(1);
    await expect(item.locator('[data-ran-size="1000000"]')).toContainText('elements');
    const saved = Number(await item.locator('[data-output="historyPredictionError"]').getAttribute('data-value'));
    expect(saved).toBeCloseTo(error, 6);
    // The compare view: prediction error per workload.
    const row = page.locator('#history [data-compare-workload="elementwise"]');
    await expect(row).toHaveCount(1);
    const mae = Number(await row.locator('[data-output="medianAbsPredictionError"]').getAttribute('data-value'));
    expect(mae).toBeCloseTo(Math.abs(error), 6);

    // The estimate now uses calibrated rates, says so, and can go back to the raw peaks.
    const source = page.locator('#why [data-output="rateSource"]');
    await expect(source).toHaveAttribute('data-value', 'calibrated');
    await expect(source.locator('.badge')).toHaveText('calibrated');
    await expect(source).toContainText('Calibrated from 1 verification of elementwise');
    await page.getByRole('button', { name: 'Use raw measured peaks', exact: true }).click();
    await expect(source).toHaveAttribute('data-value', 'measured');
    await page.getByRole('button', { name: 'Use calibrated rates', exact: true }).click();
    await expect(source).toHaveAttribute('data-value', 'calibrated');
    // The result of the run stays on screen through the re-render.
    await expect(page.locator('#check [data-output="verifyStatus"]')).toHaveAttribute('data-value', 'complete');

    // Kept across visits: after a reload the verification is listed and the estimate calibrated.
    await page.reload();
    await expect(page.locator('#history history-verification-list li[data-workload="elementwise"]')).toHaveCount(1);
    await expect(page.locator('#why [data-output="rateSource"]')).toHaveAttribute('data-value', 'calibrated');
    // Other workload kinds are not calibrated by it.
    await page.goto('/?w=reduction&w.elements=1000000&w.dtype=f32');
    await expect(page.locator('#why [data-output="rateSource"]')).toHaveCount(0);
  });
});
