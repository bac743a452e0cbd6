/**
 * Predictions that hold (issue #20), in real Chromium on the software adapter: a fresh
 * visit measures the peaks and then the achievable roofs of the page's own kernels, with
 * no calibration and nothing typed; the estimate then predicts a workload at sizes the
 * measurement never ran, and "Run this workload" checks it. The page's predictionError
 * must be within ±60 % for two kinds — a looser bound than the benchmark's ±25 %, because
 * the browser shares two cores with its own page and whatever else runs; the real figures
 * are the CLI's (`npm run bench -- --verify-sweep`, BENCHMARKS.md). The run's timeline must
 * show no CPU step beside a GPU step.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

const MEASURE_TIMEOUT = 240_000;

async function measured(page: Page): Promise<void> {
  await expect(page.locator('[data-measuring]')).toBeVisible();
  await expect(page.locator('[data-measuring]')).toBeHidden({ timeout: MEASURE_TIMEOUT });
}

async function predictionError(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Run this workload', exact: true }).click();
  const status = page.locator('#check [data-output="verifyStatus"]');
  await expect(status).toHaveAttribute('data-value', /^(complete|mismatch|failed|timeout|device-lost)$/, {
    timeout: 150_000,
  });
  expect(await status.getAttribute('data-value'), (await status.textContent()) ?? '').toBe('complete');
  return Number(await page.locator('#check [data-output="predictionError"]').getAttribute('data-value'));
}

test.describe('predictions that hold (issue #20)', () => {
  test.describe.configure({ timeout: 480_000 });

  test('a default estimate, measured on visit, predicts two kinds at held-out sizes within ±60 %', async ({ page }) => {
    // elementwise a·b + c over 3·10⁶ values: no ladder size (they are powers of 16).
    await page.goto('/?w=elementwise&w.elements=3000000&w.inputs=3&w.outputs=1&w.flops=2&w.dtype=f32');
    // While the machine is measured, a run waits: it would disturb the measurement and predict from defaults.
    const run = page.getByRole('button', { name: 'Run this workload', exact: true });
    await expect(page.locator('workload-verify [data-output="verifyWaiting"]')).toBeVisible();
    await expect(run).toBeDisabled();
    await measured(page);
    await expect(page.locator('workload-verify [data-output="verifyWaiting"]')).toHaveCount(0);
    await expect(run).toBeEnabled();
    // The figures the estimate uses are on the page, measured, with where they came from.
    const table = page.locator('achievable-table');
    for (const field of ['gpu.elementwise.eff', 'gpu.elementwise.us', 'cpu.elementwise.eff']) {
      await expect(table.locator(`[data-field="${field}"] input`)).toHaveAttribute('data-source', 'measured');
    }
    await expect(table).toContainText('How these were measured');
    for (const param of ['cpuCall', 'upLat', 'backLat']) {
      await expect(page.locator(`machine-fields [data-param="${param}"] input`)).toHaveAttribute(
        'data-source',
        'measured',
      );
    }
    // No CPU step ran beside a GPU step.
    await expect(page.locator('bench-panel [data-output="timelineOverlaps"]')).toHaveAttribute('data-value', '0');
    const elementwise = await predictionError(page);
    console.log(`predictionError, elementwise 3·10⁶: ${(elementwise * 100).toFixed(1)} %`);
    expect(Math.abs(elementwise), `elementwise 3·10⁶: predictionError ${elementwise}`).toBeLessThanOrEqual(0.6);

    // Ten complex FFTs of 2048 points (the ladder runs 8 transforms of powers of 8), from the
    // same visit's measurement (the link keeps the measured fields). A reduction of 10⁵ values
    // stood here until it swung from −47 % to +74 % between runs: on SwiftShader its time at
    // that size moves by half from one run to the next (BENCHMARKS.md).
    await page.goto('/?w=fft&w.length=2048&w.batch=10&w.complex=1&w.dtype=f32');
    await expect(page.locator('[data-run-summary]')).toContainText(/Measured|Taken from your history/);
    const fft = await predictionError(page);
    console.log(`predictionError, fft 10 × 2048: ${(fft * 100).toFixed(1)} %`);
    expect(Math.abs(fft), `fft 10 × 2048: predictionError ${fft}`).toBeLessThanOrEqual(0.6);
  });
});
