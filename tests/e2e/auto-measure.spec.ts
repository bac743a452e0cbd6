import { test, expect, seedStoredRun } from './fixtures.ts';

/** A run on SwiftShader takes ~10–30 s on a 2-core machine. */
const RUN_TIMEOUT = 90_000;
const HARDWARE_FIELDS = ['cpuGflops', 'gpuTflops', 'transferGBps', 'launchOverheadMs'] as const;

test.describe('visit the page, get your numbers', () => {
  test.setTimeout(240_000);

  test('a fresh visit measures and fills the four hardware inputs with no click', async ({ page, estimator }) => {
    await page.goto('/');
    // Progress is visible near the estimator while the calculator keeps working.
    await expect(page.locator('[data-measuring]')).toBeVisible();
    await expect(page.getByRole('progressbar', { name: /Measuring this machine/ }).first()).toBeVisible();
    // One run, one Cancel: the calculator's; the bench panel says where it is.
    await expect(page.locator('bench-panel [data-cancel-elsewhere]')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(1);
    await expect(page.locator('measure-controls').getByRole('button', { name: 'Cancel' })).toBeVisible();
    // Until measured, the answer says it comes from defaults: where the answer is, not in green.
    const basis = page.locator('answer-card [data-basis]');
    await expect(basis).toContainText('Estimate from default values \u2014 measuring this machine\u2026');
    await expect(page.locator('[data-verdict]')).toHaveAttribute('data-provisional', 'true');
    await expect(page.locator('[data-verdict]')).toHaveClass(/provisional/);
    await expect(page.locator('[data-verdict]')).not.toHaveClass(/\bgpu\b/);
    // The phone summary bar says the same (it is in the page at every width; shown on phones).
    await expect(page.locator('[data-peek]')).toHaveAttribute('data-peek', 'provisional');
    await expect(page.locator('[data-peek]')).toContainText('Defaults \u00b7 measuring');
    // Each field fills the moment its metric is done: the GPU rate while the CPU is still measured.
    await expect(estimator.input('gpuTflops')).toHaveAttribute('data-source', 'measured', { timeout: RUN_TIMEOUT });
    await expect(page.locator('[data-measuring]')).toBeVisible();
    await estimator.fill({ totalGigaOps: '250' });
    await expect(estimator.output('cpuTime')).not.toHaveText('—');

    for (const key of HARDWARE_FIELDS) {
      await expect(estimator.input(key)).toHaveAttribute('data-source', 'measured', { timeout: RUN_TIMEOUT });
    }
    // Task-specific inputs keep the user's values.
    await expect(estimator.input('totalGigaOps')).toHaveValue('250');
    await expect(estimator.input('totalGigaOps')).toHaveAttribute('data-source', 'manual');
    await expect(estimator.input('dataGB')).toHaveAttribute('data-source', 'default');
    for (const key of HARDWARE_FIELDS) {
      const v = Number(await estimator.input(key).inputValue());
      expect(Number.isFinite(v) && v > 0, `${key} = ${v}`).toBe(true);
    }
    // The values match the run's own metrics (GPU TFLOPS = gpu.f32.gflops / 1000).
    const f32 = Number(await page.locator('[data-metric="gpu.f32.gflops"]').getAttribute('data-value'));
    expect(Number(await estimator.input('gpuTflops').inputValue())).toBeCloseTo(f32 / 1000, 5);
    // Provenance is visible, the software adapter is flagged, and a speedup range is shown.
    await expect(page.locator('[data-run-summary]')).toContainText('Measured');
    await expect(page.locator('[data-software-warning]')).toBeVisible();
    // Said once on the page (this machine's GPU is the software adapter), not in every card.
    await expect(page.locator('[data-software-warning]')).toHaveCount(1);
    await expect(page.getByText(/emulat/i)).toHaveCount(1);
    await expect(page.locator('[data-output="speedupRange"]')).toContainText('Measured spread');
    const low = Number(await page.locator('[data-output="speedupRange"]').getAttribute('data-low'));
    const high = Number(await page.locator('[data-output="speedupRange"]').getAttribute('data-high'));
    const s = await estimator.value('speedup');
    expect(low).toBeLessThanOrEqual(s * (1 + 1e-9));
    expect(high).toBeGreaterThanOrEqual(s * (1 - 1e-9));
    // Measured: the answer is no longer provisional.
    await expect(basis).toHaveCount(0);
    await expect(page.locator('[data-verdict]')).toHaveAttribute('data-provisional', 'false');
    // The hardware card reports what the browser says.
    await expect(page.locator('hardware-card [data-hw="fallback-flag"]')).toHaveText('yes');
    await expect(page.locator('hardware-card [data-hw="cores"]')).toContainText('logical');
  });

  test('a typed value survives a re-run; "Use measured values" restores it', async ({ page, estimator }) => {
    await seedStoredRun(page);
    await page.goto('/');
    await expect(estimator.input('cpuGflops')).toHaveAttribute('data-source', 'measured');
    await expect(page.locator('[data-run-summary]')).toContainText('Taken from your history');
    const measured = await estimator.input('cpuGflops').inputValue();
    await estimator.input('cpuGflops').fill('12.5');
    await expect(estimator.input('cpuGflops')).toHaveAttribute('data-source', 'manual');

    await page.getByRole('button', { name: 'Re-measure' }).click();
    await expect(page.locator('[data-measuring]')).toBeVisible();
    await expect(page.locator('[data-measuring]')).toBeHidden({ timeout: RUN_TIMEOUT });
    await expect(estimator.input('cpuGflops')).toHaveValue('12.5');
    await expect(estimator.input('cpuGflops')).toHaveAttribute('data-source', 'manual');
    await expect(estimator.input('gpuTflops')).toHaveAttribute('data-source', 'measured');
    await expect(page.locator('[data-run-summary]')).not.toContainText('Taken from your history');

    await page.getByRole('button', { name: 'Use measured values' }).click();
    await expect(estimator.input('cpuGflops')).toHaveAttribute('data-source', 'measured');
    await expect(estimator.input('cpuGflops')).not.toHaveValue('12.5');
    expect(Number(await estimator.input('cpuGflops').inputValue())).toBeGreaterThan(0);
    void measured;
  });

  test('choosing a CPU tier and the launch mode changes the measured inputs', async ({ page, estimator }) => {
    await seedStoredRun(page);
    await page.goto('/');
    await expect(estimator.input('cpuGflops')).toHaveAttribute('data-source', 'measured');
    const js = Number(await page.locator('[data-metric="cpu.js.gflops"]').getAttribute('data-value'));
    await page.getByLabel('CPU baseline').selectOption({ label: 'Plain loops, one core' });
    await expect(page.getByText(/pure-Python for-loops/)).toBeVisible();
    expect(Number(await estimator.input('cpuGflops').inputValue())).toBeCloseTo(js, 2);
    const roundtrip = Number(await page.locator('[data-metric="gpu.roundtrip.ms"]').getAttribute('data-value'));
    await page.getByLabel('Wait for every kernel').check();
    expect(Number(await estimator.input('launchOverheadMs').inputValue())).toBeCloseTo(roundtrip, 3);
    await expect(estimator.input('launchOverheadMs')).toHaveAttribute('data-source', 'measured');
  });

  test('a later visit applies the stored run at once and measures nothing', async ({ page, estimator }) => {
    const stored = await seedStoredRun(page, { gflops: 1234 });
    await page.goto('/');
    await expect(estimator.input('gpuTflops')).toHaveAttribute('data-source', 'measured');
    await expect(estimator.input('gpuTflops')).toHaveValue('1.234');
    await expect(page.locator('[data-run-summary]')).toContainText('Taken from your history');
    await expect(page.locator('[data-measuring]')).toHaveCount(0);
    await expect(page.locator('answer-card [data-basis]')).toHaveCount(0);
    void stored;
  });

  test('cancel mid-run leaves a clear state and a working calculator', async ({ page, estimator }) => {
    await page.goto('/');
    await expect(page.locator('[data-measuring]')).toBeVisible();
    await page.locator('measure-controls').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('[data-run-problem]')).toContainText('cancelled', { timeout: RUN_TIMEOUT });
    // A Cancel the user pressed is news, not an error: no alert role.
    await expect(page.locator('[data-run-problem]')).not.toHaveAttribute('role', 'alert');
    await expect(page.locator('[data-run-summary]')).toContainText('cancelled');
    await expect(page.getByRole('button', { name: 'Re-measure' })).toBeEnabled();
    await estimator.fill({ totalGigaOps: '42' });
    await expect(estimator.output('speedup')).not.toHaveText('—');
    expect(await estimator.value('speedup')).toBeGreaterThan(0);
  });
});

test.describe('two tabs', () => {
  test.setTimeout(180_000);
  test('opened together: one measures, the other says it waits and then uses that run', async ({ page, estimator }) => {
    await page.goto('/');
    await expect(page.locator('[data-measuring]')).toBeVisible();
    const other = await page.context().newPage();
    await other.goto('/');
    const otherBasis = other.locator('answer-card [data-basis]');
    await expect(otherBasis).toContainText('another tab is measuring this machine');
    await expect(other.locator('[data-measuring]')).toHaveCount(0);
    await expect(estimator.input('gpuTflops')).toHaveAttribute('data-source', 'measured', { timeout: RUN_TIMEOUT });
    await expect(page.locator('[data-measuring]')).toBeHidden({ timeout: RUN_TIMEOUT });
    // The waiting tab takes the stored run: same values, marked as from history, never measured itself.
    const gpu = await estimator.input('gpuTflops').inputValue();
    await expect(other.getByLabel('GPU Operations per Second (TFLOPS)', { exact: true })).toHaveValue(gpu, {
      timeout: 30_000,
    });
    await expect(other.locator('[data-run-summary]')).toContainText('Taken from your history');
    await expect(otherBasis).toHaveCount(0);
    const runs = await other.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('gpu-payoff-history');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error(String(open.error)));
      });
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const req = db.transaction('records').objectStore('records').getAllKeys();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      db.close();
      return keys.map(String).filter((k) => k.startsWith('run:')).length;
    });
    expect(runs, 'one stored run, not one per tab').toBe(1);
    await other.close();
  });
});

test.describe('without WebGPU', () => {
  test.setTimeout(120_000);
  test('explains why and keeps a working calculator', async ({ page, estimator }) => {
    await page.addInitScript(() => {
      delete (Navigator.prototype as { gpu?: unknown }).gpu;
    });
    await page.goto('/');
    await expect(page.locator('hardware-card [data-hw="no-webgpu"]')).toContainText('WebGPU is not available');
    // Never a verdict that looks measured: the GPU side is not measured here, and what to do.
    const basis = page.locator('answer-card [data-basis]');
    await expect(basis).toContainText('The GPU side is not measured here', { timeout: RUN_TIMEOUT });
    await expect(basis).toContainText('Type your GPU\u2019s numbers');
    await expect(basis).toContainText('import a run measured on another machine');
    await expect(page.locator('[data-verdict]')).toHaveAttribute('data-provisional', 'true');
    await estimator.loadPreset('Example 1: training a small neural network');
    expect(await estimator.value('speedup')).toBeCloseTo(96.9, 1);
    // The CPU is still measured; the run says plainly that there are no GPU numbers.
    await expect(page.locator('[data-run-problem]')).toContainText('No GPU measurements', { timeout: RUN_TIMEOUT });
    await page.getByRole('button', { name: 'Reset Values' }).click();
    await page.getByRole('button', { name: 'Use measured values' }).click();
    await expect(estimator.input('cpuGflops')).toHaveAttribute('data-source', 'measured');
    await expect(estimator.input('gpuTflops')).toHaveAttribute('data-source', 'default');
  });
});
