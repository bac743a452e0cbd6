/**
 * "Run this workload" (issues #13, #18): in real Chromium on the software adapter
 * (SwiftShader), run matmul 256³, elementwise 10⁶, matvec, layernorm and a softmax row of
 * 65 536 on both devices and check that the page shows validated, finite measurements next
 * to the predictions, with finite errors; float64 runs on the CPU alone and says why;
 * bfloat16 keeps the button, disabled, with the reason; a run edited mid-way is cancelled
 * and says so. Every kind once, and a shape its kernels cannot run: run-every-kind.spec.ts.
 *
 * SwiftShader's matmul is slow (~0.1 GFLOPS: workgroup barriers are expensive there), so
 * the test waits up to two minutes for one run; the page scales the size down only if the
 * time budget demands it, and then says so with data-ran-size.
 */
import type { Page } from '@playwright/test';
import { test, expect, seedStoredRun } from './fixtures.ts';

const TIME_OUTPUTS = ['measuredCpuTime', 'measuredGpuTime', 'measuredUploadTime', 'measuredReadbackTime'] as const;
const RATE_OUTPUTS = ['achievedCpuGflops', 'achievedGpuGflops', 'achievedCpuGbps', 'achievedGpuGbps'] as const;

function out(page: Page, name: string) {
  return page.locator(`#check [data-output="${name}"]`);
}

async function value(page: Page, name: string): Promise<number> {
  const v = await out(page, name).getAttribute('data-value');
  return Number(v);
}

async function runAndCheck(page: Page, query: string, maxSize: number): Promise<void> {
  await page.goto(`/?${query}`);
  const button = page.getByRole('button', { name: 'Run this workload', exact: true });
  await expect(button).toBeEnabled();
  await button.click();
  // Pending: progress and a Cancel button, the run button disabled.
  const verify = page.locator('#check workload-verify');
  await expect(verify.getByRole('button', { name: 'Cancel', exact: true })).toBeVisible();
  await expect(button).toBeDisabled();
  const status = out(page, 'verifyStatus');
  await expect(status).toHaveAttribute('data-value', /^(complete|mismatch|failed|timeout|device-lost)$/, {
    timeout: 150_000,
  });
  expect(await status.getAttribute('data-value'), (await status.textContent()) ?? '').toBe('complete');
  for (const name of TIME_OUTPUTS) {
    const v = await value(page, name);
    expect(v, name).toBeGreaterThan(0);
    expect(Number.isFinite(v), name).toBe(true);
  }
  for (const name of RATE_OUTPUTS) expect(Number.isFinite(await value(page, name)), name).toBe(true);
  const speedup = await value(page, 'measuredSpeedup');
  expect(speedup).toBeGreaterThan(0);
  expect(Number.isFinite(speedup)).toBe(true);
  // predictionError = measured / predicted − 1: above −1, finite.
  const error = await value(page, 'predictionError');
  expect(Number.isFinite(error)).toBe(true);
  expect(error).toBeGreaterThan(-1);
  expect(await value(page, 'measuredLaunches')).toBeGreaterThanOrEqual(1);
  // The table says what it validated, counted as distinct outputs on each device.
  await expect(page.locator('#check workload-verify')).toContainText(
    /Validated: [\d,]+ sampled outputs? on the GPU and [\d,]+ sampled outputs? on the CPU after each of its \d+ runs/,
  );
  const ran = await status.getAttribute('data-ran-size');
  if (ran !== null) {
    expect(Number(ran)).toBeLessThan(maxSize);
    await expect(page.locator('#check workload-verify')).toContainText('Scaled down to');
  }
}

/** Open matmul 256³ and start its run (seconds on SwiftShader: long enough to act while it runs). */
async function startMatmulRun(page: Page): Promise<void> {
  await page.goto('/?w=matmul&w.m=256&w.n=256&w.k=256&w.dtype=f32');
  await page.getByRole('button', { name: 'Run this workload', exact: true }).click();
  await expect(
    page.locator('#check workload-verify').getByRole('button', { name: 'Cancel', exact: true }),
  ).toBeVisible();
}

test.describe('Run this workload (issue #13)', () => {
  test.describe.configure({ timeout: 240_000 });

  test.beforeEach(async ({ page }) => {
    // A stored run: the page applies it and starts no benchmark that would compete for the cores.
    await seedStoredRun(page);
  });

  test('matmul 256³: validated, finite measurements and errors', async ({ page, estimator }) => {
    void estimator;
    await runAndCheck(page, 'w=matmul&w.m=256&w.n=256&w.k=256&w.dtype=f32', 256);
  });

  test('elementwise 10⁶: validated, finite measurements and errors', async ({ page, estimator }) => {
    void estimator;
    await runAndCheck(page, 'w=elementwise&w.elements=1000000&w.inputs=3&w.outputs=1&w.flops=2&w.dtype=f32', 1e6);
  });

  test('with the sweep: a measured break-even (or why there is none) and measured points on the crossover chart', async ({
    page,
  }) => {
    await page.goto('/?w=elementwise&w.elements=100000&w.inputs=3&w.outputs=1&w.flops=2&w.dtype=f32');
    const verify = page.locator('#check workload-verify');
    await verify.getByLabel('Also sweep sizes for the measured crossover').check();
    await page.getByRole('button', { name: 'Run this workload', exact: true }).click();
    const status = out(page, 'verifyStatus');
    await expect(status).toHaveAttribute('data-value', /^(complete|mismatch|failed|timeout|device-lost)$/, {
      timeout: 150_000,
    });
    expect(await status.getAttribute('data-value'), (await status.textContent()) ?? '').toBe('complete');
    await expect(verify).toContainText('Measured break-even:');
    // A finite crossover is a plain number in the size unit; otherwise the page says which side always wins.
    const size = out(page, 'measuredBreakEvenSize');
    if ((await size.count()) > 0) {
      const v = Number(await size.getAttribute('data-value'));
      expect(Number.isFinite(v) && v > 0).toBe(true);
    } else {
      await expect(verify).toContainText(/Measured break-even:\s+the GPU (wins from|does not win)/);
    }
    // The measured sweep is drawn over the predicted lines.
    await expect(page.locator('#why crossover-chart')).toContainText('Measured GPU');
  });

  test('matvec (LLM decode, batch 2) runs once at a small size: validated, finite', async ({ page }) => {
    await runAndCheck(page, 'w=matvec&w.m=256&w.n=512&w.batch=2&w.dtype=f32', 512);
  });

  test('layernorm runs once at a small size: validated, finite', async ({ page }) => {
    await runAndCheck(page, 'w=layernorm&w.rows=64&w.cols=768&w.dtype=f32', 64);
  });

  test('softmax over one row of 65 536 values runs (it used to overflow the call stack)', async ({ page }) => {
    await runAndCheck(page, 'w=softmax&w.rows=1&w.cols=65536&w.dtype=f32', 1);
  });

  test('an expression runs eager (its chain of kernels) and fused (one generated kernel) at 10⁵: validated, finite', async ({
    page,
  }) => {
    const query = (mode: string) =>
      `w=expression&w.expr=${encodeURIComponent('a*b + c')}&w.arrays=a:100000,b:100000,c:100000&w.mode=${mode}&w.dtype=f32`;
    await runAndCheck(page, query('eager'), 1e5);
    // Eager: a*b into a temporary, then + c: two dispatches; fused: one.
    expect(await value(page, 'measuredLaunches')).toBe(2);
    await runAndCheck(page, query('fused'), 1e5);
    expect(await value(page, 'measuredLaunches')).toBe(1);
  });

  test('an expression with a product and a reduction runs too: (x @ w).sum() eager', async ({ page }) => {
    await runAndCheck(
      page,
      `w=expression&w.expr=${encodeURIComponent('(x @ w).sum()')}&w.arrays=x:64x96,w:96x64&w.mode=eager&w.dtype=f32`,
      64,
    );
    // The product, then the sum's two passes.
    expect(await value(page, 'measuredLaunches')).toBe(3);
  });

  test('float64 runs on the CPU in float64 and says plainly that WebGPU cannot', async ({ page }) => {
    await page.goto('/?w=elementwise&w.elements=100000&w.inputs=3&w.outputs=1&w.flops=2&w.dtype=f64');
    const verify = page.locator('#check workload-verify');
    await expect(verify).toContainText('float64 runs on the CPU only: WebGPU has no float64');
    await page.getByRole('button', { name: 'Run this workload', exact: true }).click();
    const status = out(page, 'verifyStatus');
    await expect(status).toHaveAttribute('data-value', /^(complete|mismatch|failed|timeout|device-lost)$/, {
      timeout: 150_000,
    });
    expect(await status.getAttribute('data-value'), (await status.textContent()) ?? '').toBe('complete');
    await expect(status).toHaveAttribute('data-dtype', 'f64');
    expect(await value(page, 'measuredCpuTime')).toBeGreaterThan(0);
    // The GPU did not run: no number, not a NaN.
    await expect(out(page, 'measuredGpuTime')).toHaveAttribute('data-value', '');
    await expect(out(page, 'measuredGpuTime')).toHaveText('not run');
    await expect(verify).toContainText(/on the CPU after each of its \d+ runs/);
  });

  test('bfloat16 runs nowhere: the button stays, disabled, with the reason', async ({ page }) => {
    await page.goto('/?w=matmul&w.m=64&w.n=64&w.k=64&w.dtype=bf16');
    await expect(page.getByRole('button', { name: 'Run this workload', exact: true })).toBeDisabled();
    await expect(page.locator('#check workload-verify')).toContainText('bfloat16 cannot run here');
  });

  test('runs follow the form: editing the shape mid-run cancels the run and says what it was running', async ({
    page,
  }) => {
    await startMatmulRun(page);
    const m = page.getByLabel('Rows of A and C (m)', { exact: true });
    await m.fill('128');
    await m.press('Enter');
    const status = out(page, 'verifyStatus');
    await expect(status).toHaveAttribute('data-value', 'cancelled', { timeout: 30_000 });
    await expect(status).toContainText(
      'Cancelled: the workload changed while it ran (it was running Matrix multiply 256',
    );
  });

  test('switching to classic mid-run cancels the run, and the workload view says so on the way back', async ({
    page,
  }) => {
    await startMatmulRun(page);
    const picker = page.getByLabel('Workload', { exact: true });
    await picker.selectOption('');
    await expect(page.locator('#check workload-verify')).toHaveCount(0);
    await picker.selectOption('matmul');
    const status = out(page, 'verifyStatus');
    await expect(status).toHaveAttribute('data-value', 'cancelled');
    await expect(status).toContainText('Cancelled: the page left the workload while it ran');
  });
});
