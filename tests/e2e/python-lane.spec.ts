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
let hostileFile = '';

/** An ok metric of the probe's shape whose samples all equal `value` (so its statistics do too). */
function claimedMetric(id: string, unit: string, better: 'higher' | 'lower', value: number) {
  const statistic = better === 'higher' ? 'best' : 'median';
  const stats = { n: 3, best: value, median: value, p10: value, p90: value, mean: value, stdev: 0 };
  return {
    id,
    framework: 'torch',
    status: 'ok',
    unit,
    better,
    statistic,
    value,
    ...stats,
    samples: [value, value, value],
    validated: true,
  };
}

test.describe('Measure with Python', () => {
  test.beforeAll(() => {
    // The real probe, with a small CPU budget so the test spends seconds, not the profile's 20 s;
    // 6 s leaves its matmul sweeps room to pass n=256 on a busy machine (else they say the
    // budget was too small instead of giving a number, and nothing would fill the estimator).
    const json = execFileSync(
      PYTHON,
      ['python/gpu_payoff_probe.py', '--quick', '--json', '--quiet', '--device', 'cpu', '--budget', '6'],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const dir = mkdtempSync(join(tmpdir(), 'gpu-payoff-probe-'));
    probeFile = join(dir, 'probe.json');
    writeFileSync(probeFile, json);
    const bad = JSON.parse(json) as { metrics: { status: string; value: number }[] };
    bad.metrics.find((m) => m.status === 'ok')!.value = -5;
    badFile = join(dir, 'tampered.json');
    writeFileSync(badFile, JSON.stringify(bad));
    // Issue #19: an "H100" that claims 1e15 GFLOPS, 1e15 GB/s upload, 1e-12 GB/s readback and
    // a 1e15 ms sync, the rest of the document real.
    const hostile = JSON.parse(json) as Record<string, unknown> & { metrics: unknown[] };
    hostile['device'] = { framework: 'torch', name: 'NVIDIA H100 80GB HBM3', backend: 'cuda', index: 0 };
    hostile['primaryFramework'] = 'torch';
    delete hostile['gpuUnavailable'];
    hostile.metrics.push(
      claimedMetric('py.gpu.matmul.f32.gflops', 'GFLOPS', 'higher', 1e15),
      claimedMetric('py.gpu.upload.gbps', 'GB/s', 'higher', 1e15),
      claimedMetric('py.gpu.readback.gbps', 'GB/s', 'higher', 1e-12),
      claimedMetric('py.gpu.sync.ms', 'ms', 'lower', 1e15),
    );
    hostileFile = join(dir, 'h100.json');
    writeFileSync(hostileFile, JSON.stringify(hostile));
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
    await expect(alert).toContainText('tampered.json was not imported.');
    await expect(alert).toContainText(/ \(py\.cpu\.[\w.]+, numpy\), the field “value” must not be negative\./);
    await expect(alert).toContainText('Nothing saved was changed');
    await expect(panel.getByLabel('Import probe.json')).toHaveAttribute('aria-invalid', 'true');
    await panel.getByLabel('Import probe.json').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "something else"}'),
    });
    await expect(alert).toHaveText(
      'notes.json was not imported. The file is not a document from gpu_payoff_probe.py --json: it has no kind, not “gpu-payoff/python-probe”. Nothing saved was changed.',
    );
    // The good run is still there, in the panel and in history, after a reload.
    await page.reload();
    await expect(panel.locator('li[data-python-run]')).toHaveCount(1);
    await expect(page.locator('history-panel').locator('tr[data-run-id]', { hasText: 'NumPy' })).toHaveCount(1);
  });

  test('a document claiming figures beyond any GPU is refused with the metric named (#19)', async ({ page }) => {
    await page.goto('/');
    const panel = page.locator('python-panel');
    await panel.getByLabel('Import probe.json').setInputFiles(hostileFile);
    const alert = panel.getByRole('alert');
    await expect(alert).toContainText('h100.json was not imported.');
    await expect(alert).toContainText(
      /In metrics\[\d+\] \(py\.gpu\.matmul\.f32\.gflops, torch\), the field “value”, 1e15 GFLOPS, is beyond any device \(the page believes 1 to 2e6 GFLOPS for GPU matmul float32\)\./,
    );
    await expect(alert).toContainText('Nothing saved was changed.');
    await expect(panel.getByLabel('Import probe.json')).toHaveAttribute('aria-invalid', 'true');
    // Nothing entered history: no Python run, and no H100 row to compare against.
    await expect(panel.locator('li[data-python-run]')).toHaveCount(0);
    await expect(page.locator('history-panel').getByText('NVIDIA H100')).toHaveCount(0);
  });
});
