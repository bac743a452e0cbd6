/**
 * The Python lane (issue #14) as a person uses it: run the real probe (python/gpu_payoff_probe.py
 * --quick --json, on this machine's NumPy), import its output through "Measure with Python",
 * see the run in history under its stack, let it fill the estimator (source badge "Python:
 * NumPy"), and see a bad file refused with a clear message that changes nothing.
 *
 * PYTHON names the interpreter (default python3); `.ci/run` sets it to /usr/bin/python3
 * when the default one lacks NumPy.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, LABELS, seedStoredRun } from './fixtures.ts';

const PYTHON = process.env['PYTHON'] ?? 'python3';
let probeFile = '';
let badFile = '';

test.describe('Measure with Python', () => {
  test.beforeAll(() => {
    // The real probe, with a small CPU budget so the test spends seconds, not the profile's 20 s.
    const json = execFileSync(
      PYTHON,
      ['python/gpu_payoff_probe.py', '--quick', '--json', '--quiet', '--device', 'cpu', '--budget', '4'],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const dir = mkdtempSync(join(tmpdir(), 'gpu-payoff-probe-'));
    probeFile = join(dir, 'probe.json');
    writeFileSync(probeFile, json);
    const bad = JSON.parse(json) as { metrics: { value: number }[] };
    bad.metrics[0]!.value = -5;
    badFile = join(dir, 'tampered.json');
    writeFileSync(badFile, JSON.stringify(bad));
  });

  test.beforeEach(async ({ page }) => {
    await seedStoredRun(page);
  });

  test('imports the real probe’s document: listed in history under its stack, and it fills the estimator', async ({
    page,
    estimator,
  }) => {
    await page.goto('/');
    const panel = page.locator('python-panel');
    await expect(panel.getByText('python3 gpu_payoff_probe.py --json > probe.json')).toBeVisible();
    // The script downloads from this origin.
    const href = await panel.getByRole('link', { name: 'Download gpu_payoff_probe.py' }).getAttribute('href');
    const scriptUrl = new URL(href ?? '', page.url());
    expect(scriptUrl.origin).toBe(new URL(page.url()).origin);
    const script = await page.request.get(scriptUrl.href);
    expect(script.ok()).toBe(true);
    expect(await script.text()).toMatch(/^#!.*python|gpu_payoff_probe/m);

    await panel.getByLabel('Import probe.json').setInputFiles(probeFile);
    const status = panel.getByRole('status');
    await expect(status).toContainText(/Added “NumPy \d+\.\d+ · \S+ [\d.]+( · \d+ threads?)?” to history/);
    const stack = /NumPy \d+\.\d+ · [^“”]+/.exec((await status.textContent()) ?? '')?.[0]?.trim() ?? '';
    expect(stack).not.toBe('');

    // History lists it among the runs, with its stack as the name and Python as the "browser".
    const historyRow = page.locator('history-panel').locator('tr[data-run-id]', { hasText: stack });
    await expect(historyRow).toBeVisible();
    await expect(historyRow.locator('[data-browser]')).toHaveText(/^Python 3\.\d+$/);
    await expect(historyRow.locator('[data-device]')).toHaveText('no GPU');

    // "Apply to estimator" on that history row: the CPU field takes NumPy's matmul rate.
    const before = await estimator.input('cpuGflops').inputValue();
    await historyRow.getByRole('button', { name: /Apply .* to the estimator/ }).click();
    const cpuField = page.locator('estimator-form [data-field="cpuGflops"]');
    await expect(cpuField.locator('.badge')).toHaveText('Python: NumPy');
    await expect(cpuField).toContainText('From the Python probe run of');
    const after = Number(await estimator.input('cpuGflops').inputValue());
    expect(after).toBeGreaterThan(0);
    expect(String(after)).not.toBe(before);
    // No GPU framework in the probe: the GPU rate stays the browser's own measurement.
    await expect(page.locator('estimator-form [data-field="gpuTflops"] .badge')).toHaveText('measured');
    await expect(panel.getByText('in the estimator', { exact: true })).toBeVisible();

    // Stop using it: the CPU field is the browser's again.
    await panel.getByRole('button', { name: `Stop using: ${stack}` }).click();
    await expect(cpuField.locator('.badge')).toHaveText('measured');
    await expect(estimator.input('cpuGflops')).toHaveValue(before);

    // With the seeded browser run on "this machine", the calibration factor appears and can be used.
    await expect(panel.locator('[data-factor="cpu"] th')).toHaveText('NumPy sgemm ÷ Wasm SIMD, all cores');
    await panel.getByLabel(/Calibrate browser-only estimates/).check();
    await expect(cpuField.locator('.badge')).toHaveText('calibrated');
    await expect(estimator.input('cpuGflops')).toHaveValue(String(after));
    await expect(page.getByLabel(LABELS.cpuGflops)).toHaveAttribute('data-source', 'measured');
  });

  test('a tampered or foreign file is refused with a clear message, and nothing saved is lost', async ({ page }) => {
    await page.goto('/');
    const panel = page.locator('python-panel');
    await panel.getByLabel('Import probe.json').setInputFiles(probeFile);
    await expect(panel.getByRole('status')).toContainText('to history');
    await panel.getByLabel('Import probe.json').setInputFiles(badFile);
    const alert = panel.getByRole('alert');
    await expect(alert).toContainText('tampered.json was not imported');
    await expect(alert).toContainText('metrics[0].value must not be negative');
    await expect(alert).toContainText('Nothing saved was changed');
    await expect(panel.getByLabel('Import probe.json')).toHaveAttribute('aria-invalid', 'true');
    await panel.getByLabel('Import probe.json').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "something else"}'),
    });
    await expect(alert).toContainText('notes.json was not imported: it is not a document from gpu_payoff_probe.py');
    // The good run is still there, in the panel and in history, after a reload.
    await page.reload();
    await expect(panel.locator('li[data-python-run]')).toHaveCount(1);
    await expect(page.locator('history-panel').locator('tr[data-run-id]', { hasText: 'NumPy' })).toHaveCount(1);
  });
});
