import { writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { seedStoredRun } from './fixtures.ts';

/** The page's Cancel buttons for a measurement (one at a time: where the run was started). */
function cancelButtons(page: Page): Locator {
  return page.getByRole('button', { name: 'Cancel', exact: true });
}

/**
 * The page measures on first visit; cancel that automatic run (with the real Cancel
 * button, the calculator's: the run was not started from the panel) so each test starts
 * and observes its own run. Returns the idle panel.
 */
async function idlePanel(page: Page): Promise<Locator> {
  const panel = page.locator('bench-panel');
  const runButton = panel.getByRole('button', { name: 'Run benchmark' });
  await expect(runButton).toBeVisible();
  const running = await panel.evaluate((el) => (el as unknown as { running: boolean }).running);
  if (running) await page.locator('measure-controls').getByRole('button', { name: 'Cancel' }).click();
  // Cancellation takes effect after the current step.
  await expect(runButton).toBeEnabled({ timeout: 60_000 });
  return panel;
}

/** GPU metrics every quick run must produce on the software adapter (f16 is optional). */
const GPU_IDS = [
  'gpu.f32.gflops',
  'gpu.upload.gbps',
  'gpu.upload.latency.ms',
  'gpu.readback.gbps',
  'gpu.readback.latency.ms',
  'gpu.device.gbps',
  'gpu.dispatch.us',
  'gpu.encode.us',
  'gpu.roundtrip.ms',
] as const;

test('quick benchmark on the software adapter: validated numbers, fallback warning, charts', async ({ page }) => {
  // SwiftShader runs the GPU suite on the CPU; then the CPU tiers run too.
  test.setTimeout(180_000);
  // A later visit: no automatic run to cancel first.
  await seedStoredRun(page);
  await page.goto('/');
  const panel = await idlePanel(page);
  await panel.getByLabel('quick').check();

  const completed = page.evaluate(
    () =>
      new Promise<{ metrics: number; software: boolean; cancelled: boolean }>((resolve) => {
        document.addEventListener(
          'bench-complete',
          (e) => {
            const run = e.detail.run;
            resolve({ metrics: run.metrics.length, software: run.software, cancelled: run.cancelled });
          },
          { once: true },
        );
      }),
  );
  await panel.getByRole('button', { name: 'Run benchmark' }).click();

  // While running: a named progress bar, an enabled Cancel, a disabled Run.
  await expect(panel.getByRole('progressbar', { name: 'Benchmark progress' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  await expect(panel.getByRole('button', { name: 'Run benchmark' })).toBeDisabled();
  // One run, one Cancel: the panel's, where it was started; the calculator says where it is.
  await expect(cancelButtons(page)).toHaveCount(1);
  await expect(page.locator('measure-controls [data-measuring]')).toContainText('cancel it there');
  await expect(page.locator('measure-controls').getByRole('button', { name: 'Cancel' })).toHaveCount(0);

  const detail = await completed;
  expect(detail.cancelled).toBe(false);
  expect(detail.software).toBe(true);

  for (const id of GPU_IDS) {
    const row = panel.locator(`tr[data-metric="${id}"]`);
    await expect(row, id).toHaveAttribute('data-status', 'ok');
    const value = Number(await row.getAttribute('data-value'));
    expect(Number.isFinite(value) && value > 0, `${id} = ${value}`).toBe(true);
  }
  // f16 is either measured or skipped with a reason, never failed.
  await expect(panel.locator('tr[data-metric="gpu.f16.gflops"]')).not.toHaveAttribute('data-status', 'failed');

  // The software-adapter warning is said once on the page, in the calculator where its
  // values are used; the panel names the adapter as software, the hardware card says yes.
  await expect(panel.locator('[data-software-adapter]')).toHaveText('(software adapter)');
  await expect(page.locator('[data-software-warning]')).toHaveCount(1);
  await expect(page.locator('[data-software-warning]')).toBeVisible();
  await expect(page.getByText(/emulat/i)).toHaveCount(1);
  await expect(page.locator('hardware-card [data-hw="fallback-flag"]')).toHaveText('yes');
  await expect(panel.getByRole('img', { name: /Upload: time vs size/ })).toBeVisible();
  await expect(panel.getByRole('img', { name: /Readback: time vs size/ })).toBeVisible();
  await expect(panel.locator('transfer-chart canvas')).toHaveCount(2);

  // Keep the run document and screenshots for BENCHMARKS.md and for looking at.
  const runJson = await panel.evaluate((el) =>
    JSON.stringify((el as unknown as { lastRun: unknown }).lastRun, null, 2),
  );
  writeFileSync('/tmp/bench-run-browser.json', runJson);
  await page.setViewportSize({ width: 1100, height: 1800 });
  await panel.screenshot({ path: '/tmp/bench-panel.png' });
  await page.setViewportSize({ width: 360, height: 1800 });
  await panel.screenshot({ path: '/tmp/bench-panel-360.png' });
});

test('cancel keeps finished metrics and marks the rest cancelled', async ({ page }) => {
  test.setTimeout(120_000);
  await seedStoredRun(page);
  await page.goto('/');
  const panel = await idlePanel(page);
  // Press Cancel (the real button) the moment the second GPU step starts, so the first
  // step's metric is finished and the rest are not: no timing guesswork.
  const completed = page.evaluate(
    () =>
      new Promise<Record<string, string>>((resolve) => {
        const host =
          document.querySelector('gpu-payoff-app')?.shadowRoot?.querySelector('bench-panel') ??
          document.querySelector('bench-panel');
        document.addEventListener('bench-progress', (e) => {
          if (e.detail.step.startsWith('GPU memory bandwidth')) {
            const cancel = [...(host?.shadowRoot?.querySelectorAll('button') ?? [])].find(
              (b) => b.textContent?.trim() === 'Cancel',
            );
            cancel?.click();
          }
        });
        document.addEventListener(
          'bench-complete',
          (e) => resolve(Object.fromEntries(e.detail.run.metrics.map((m) => [m.id, m.status]))),
          { once: true },
        );
      }),
  );
  await panel.getByRole('button', { name: 'Run benchmark' }).click();
  const statuses = await completed;
  expect(statuses['gpu.f32.gflops']).toBe('ok');
  expect(statuses['gpu.device.gbps']).toBe('cancelled');
  expect(statuses['gpu.roundtrip.ms']).toBe('cancelled');
  await expect(panel.getByText('Cancelled: finished measurements are kept.')).toBeVisible();
  await expect(panel.locator('tr[data-metric="gpu.f32.gflops"]')).toHaveAttribute('data-status', 'ok');
  await expect(panel.getByRole('button', { name: 'Run benchmark' })).toBeEnabled();
});

test('a lost GPU device is said once on the page, not in every place that shows the run', async ({ page }) => {
  test.setTimeout(180_000);
  // Keep each GPU device the page asks for, so the test can lose it mid-run.
  await page.addInitScript(() => {
    type Device = { destroy(): void };
    type Adapter = { requestDevice: (this: unknown, ...args: unknown[]) => Promise<Device> };
    const w = globalThis as unknown as { GPUAdapter?: { prototype: Adapter }; lostDevices: Device[] };
    w.lostDevices = [];
    const proto = w.GPUAdapter?.prototype;
    if (!proto) return;
    const request = proto.requestDevice;
    proto.requestDevice = async function (this: unknown, ...args: unknown[]) {
      const device = await request.apply(this, args);
      w.lostDevices.push(device);
      return device;
    };
  });
  await seedStoredRun(page);
  await page.goto('/');
  const panel = await idlePanel(page);
  const completed = page.evaluate(
    () =>
      new Promise<string | undefined>((resolve) => {
        let lost = false;
        document.addEventListener('bench-progress', (e) => {
          if (lost || !e.detail.step.startsWith('GPU memory bandwidth')) return;
          lost = true;
          for (const d of (globalThis as unknown as { lostDevices: { destroy(): void }[] }).lostDevices) d.destroy();
        });
        document.addEventListener('bench-complete', (e) => resolve(e.detail.run.gpu?.error), { once: true });
      }),
  );
  await panel.getByRole('button', { name: 'Run benchmark' }).click();
  const error = await completed;
  expect(error).toMatch(/GPU device lost/);
  // Said once, in the calculator's note; the failed and skipped rows only say that the run stopped.
  await expect(page.locator('[data-run-problem]')).toContainText('The GPU run stopped: GPU device lost');
  await expect(page.getByText(/GPU device lost/)).toHaveCount(1);
  await expect(panel.locator('tr[data-status="skipped"]').first()).toContainText('not run: the run ended early');
});

test('without WebGPU the panel says why and what to do, and the CPU still runs', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    delete (Navigator.prototype as { gpu?: unknown }).gpu;
  });
  await page.goto('/');
  const panel = await idlePanel(page);
  await expect(panel.getByText('This browser has no WebGPU.')).toBeVisible();
  await panel.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(panel.locator('tr[data-metric="cpu.js.gflops"]')).toHaveAttribute('data-status', 'ok', {
    timeout: 90_000,
  });
  await expect(panel.getByText('This browser has no WebGPU.')).toBeVisible();
  await expect(panel.locator('tr[data-metric="gpu.f32.gflops"]')).toHaveCount(0);
});
