/**
 * "What does your code do?" (issue #12): pick each workload in the page, read its outputs
 * (counts, roofline times, bounds, break-even), check them against the pure model for the
 * same inputs, and check that the page's link reproduces them in a fresh browser whose
 * measurements differ. Also: bad parameters get field-level messages, classic mode is
 * untouched, Back restores the previous workload, a saved estimate keeps its workload.
 */
import type { Page } from '@playwright/test';
import { okMetric } from '../../src/model/bench/metrics.ts';
import { breakEvenSize } from '../../src/model/workloads/break-even.ts';
import { machineRatesFromFields } from '../../src/model/workloads/precision.ts';
import { estimateWorkload } from '../../src/model/workloads/roofline.ts';
import { defaultWorkload } from '../../src/model/workloads/specs.ts';
import { loadWorkloadKinds } from '../../src/model/workloads/kinds/index.ts';
import { WORKLOAD_IDS, type Workload } from '../../src/model/workloads/types.ts';
import { validateWorkloadForm, workloadFormFromQuery } from '../../src/model/workloads/url.ts';
import { test, expect, LABELS, plantRecords, seedStoredRun, type EstimatorPage } from './fixtures.ts';

const COUNT_OUTPUTS = ['flops', 'deviceBytes', 'hostBytes', 'launches', 'intensity'] as const;
const TIME_OUTPUTS = ['cpuTime', 'gpuTime', 'speedup'] as const;

const CPU_MEM = 'CPU Memory Bandwidth (GB/s)';
const GPU_MEM = 'GPU Memory Bandwidth (GB/s)';

/** A stored run that also measured memory bandwidth, so gpuMem and cpuMem come from it. */
async function seedRunWithBandwidth(page: Page, gpuGBps: number, cpuGBps: number): Promise<void> {
  const record = await seedStoredRun(page);
  record.run.metrics.push(
    okMetric('gpu.device.gbps', 'GB/s', 'higher', [gpuGBps * 0.9, gpuGBps, gpuGBps * 0.95]),
    okMetric('cpu.mem.gbps', 'GB/s', 'higher', [cpuGBps * 0.9, cpuGBps, cpuGBps * 0.95]),
  );
  await plantRecords(page, [[`run:${record.id}`, record]]);
}

/** The workload results section: its outputs share names with the classic results (cpuTime, speedup). */
function out(page: Page, name: string) {
  return page.locator(`#results [data-output="${name}"]`);
}

async function num(page: Page, name: string): Promise<number> {
  const v = await out(page, name).getAttribute('data-value');
  if (v === null || v === '') throw new Error(`no data-value on ${name}`);
  return Number(v);
}

/** Everything the page shows for the workload, as numbers and words. */
async function readOutputs(page: Page): Promise<Record<string, number | string>> {
  await expect(out(page, 'speedup')).toHaveCount(1);
  const o: Record<string, number | string> = {};
  for (const k of [...COUNT_OUTPUTS, ...TIME_OUTPUTS]) o[k] = await num(page, k);
  // No finite break-even: an empty value, and data-kind says why (never Infinity).
  for (const k of ['cpuBound', 'gpuBound', 'breakEvenSize'])
    o[k] = (await out(page, k).getAttribute('data-value')) ?? '';
  o['breakEvenKind'] = (await out(page, 'breakEvenSize').getAttribute('data-kind')) ?? '';
  o['breakEvenUnit'] = (await out(page, 'breakEvenSize').getAttribute('data-unit')) ?? '';
  return o;
}

/** The model's answer for the rates the page's fields hold now. */
async function modelFor(page: Page, estimator: EstimatorPage, w: Workload) {
  const field = async (label: string) => Number(await page.getByLabel(label, { exact: true }).inputValue());
  const machine = machineRatesFromFields(
    {
      cpuGflops: Number(await estimator.input('cpuGflops').inputValue()),
      gpuTflops: Number(await estimator.input('gpuTflops').inputValue()),
      transferGBps: Number(await estimator.input('transferGBps').inputValue()),
      launchOverheadMs: Number(await estimator.input('launchOverheadMs').inputValue()),
    },
    { cpuMemGBps: await field(CPU_MEM), gpuMemGBps: await field(GPU_MEM) },
  );
  return { estimate: estimateWorkload(w, machine), breakEven: breakEvenSize(w, machine) };
}

/** The shared link the answer card copies (every field, so it reproduces the estimate anywhere). */
async function sharedLink(page: Page): Promise<string> {
  return page.evaluate(() => {
    const app = document.querySelector('gpu-payoff-app');
    const card = app?.shadowRoot?.querySelector('answer-card') as (Element & { report?: { link: string } }) | null;
    return card?.report?.link ?? '';
  });
}

test.beforeAll(async () => {
  // The expression kind's parser loads lazily, as in the page.
  await loadWorkloadKinds();
});

test.beforeEach(async ({ page }) => {
  await seedRunWithBandwidth(page, 512, 31);
});

test.describe('workloads', () => {
  for (const id of WORKLOAD_IDS) {
    test(`${id}: picked in the page, outputs match the model, the link reproduces them`, async ({
      page,
      estimator,
      browser,
    }) => {
      await page.goto('/');
      await page.getByLabel('Workload', { exact: true }).selectOption(id);
      // The stored run's bandwidths fill the new fields, marked measured.
      await expect(page.getByLabel(GPU_MEM, { exact: true })).toHaveValue('512');
      await expect(page.getByLabel(GPU_MEM, { exact: true })).toHaveAttribute('data-source', 'measured');
      await expect(page.getByLabel(CPU_MEM, { exact: true })).toHaveValue('31');
      const shown = await readOutputs(page);

      // The URL names the workload with its defaults.
      const params = new URL(page.url()).searchParams;
      expect(params.get('w')).toBe(id);
      expect(params.get('w.dtype')).toBe('f32');
      const form = workloadFormFromQuery(params).form;
      expect(form).toBeDefined();
      const w = form ? validateWorkloadForm(form).workload : undefined;
      expect(w).toEqual(defaultWorkload(id));
      if (!w) return;

      const { estimate, breakEven } = await modelFor(page, estimator, w);
      const c = estimate.counts;
      const r = estimate.roofline;
      const expected: Record<string, number> = {
        flops: c.flops,
        deviceBytes: c.deviceBytes,
        hostBytes: c.hostBytes,
        launches: c.launches,
        intensity: r.intensityFlopsPerByte,
        cpuTime: r.cpu.totalSeconds,
        gpuTime: r.gpu.totalSeconds,
        speedup: r.speedup,
      };
      for (const [k, v] of Object.entries(expected)) {
        const got = shown[k] as number;
        expect(Number.isFinite(got), k).toBe(true);
        expect(Math.abs(got - v), k).toBeLessThanOrEqual(Math.abs(v) * 1e-12);
      }
      expect(shown['breakEvenKind']).toBe(breakEven.kind);
      expect(shown['breakEvenSize']).toBe(breakEven.kind === 'finite' ? String(breakEven.size) : '');
      expect(shown['cpuBound']).toBe(r.cpu.bound);
      expect(shown['gpuBound']).toBe(r.gpu.bound);
      expect(shown['breakEvenUnit']).toBe(breakEven.unit);
      expect(c.flops).toBeGreaterThan(0);

      // Each count shows its formula; the convention is said on the page.
      await expect(page.getByText('one fused multiply-add = 2 FLOPs', { exact: false })).toBeVisible();
      await expect(page.locator('#why .formula').first()).toContainText('=');

      // A workload is described by its shape: the custom task's three fields are not on the page.
      await expect(estimator.input('totalGigaOps')).toHaveCount(0);
      await expect(estimator.input('launchCount')).toHaveCount(0);

      // The link, opened in a fresh browser whose stored run measured other bandwidths.
      const link = await sharedLink(page);
      expect(link).toContain(`w=${id}`);
      expect(link).toContain('gpuMem=512');
      const other = await browser.newContext();
      try {
        const fresh = await other.newPage();
        await seedRunWithBandwidth(fresh, 100, 9);
        await fresh.goto(link);
        expect(await readOutputs(fresh)).toEqual(shown);
        await expect(fresh.getByLabel(GPU_MEM, { exact: true })).toHaveAttribute('data-source', 'manual');
      } finally {
        await other.close();
      }
    });
  }

  test('bad parameters get field-level messages, and no estimate', async ({ page }) => {
    await page.goto('/?w=matmul&w.m=-3&w.k=2.5&w.dtype=f128&gpuMem=0');
    const m = page.getByLabel('Rows of A and C (m)', { exact: true });
    await expect(m).toHaveAttribute('aria-invalid', 'true');
    await expect(m).toHaveValue('-3');
    await expect(page.getByText('Must not be negative.')).toBeVisible();
    await expect(page.getByLabel('Inner dimension (k)', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Use a whole number of columns.')).toBeVisible();
    await expect(page.getByLabel('Data type', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Use one of f32, f16, bf16, f64.')).toBeVisible();
    await expect(page.getByLabel(GPU_MEM, { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Must be greater than 0: a rate of zero never finishes.')).toBeVisible();
    await expect(out(page, 'speedup')).toHaveAttribute('data-value', '');
    await expect(out(page, 'speedup')).toHaveText('—');
    await expect(page.getByText('Fix the workload fields marked above')).toBeVisible();

    // Fixing the fields brings the estimate.
    await m.fill('512');
    await page.getByLabel('Inner dimension (k)', { exact: true }).fill('512');
    await page.getByLabel('Data type', { exact: true }).selectOption('f64');
    await page.getByLabel(GPU_MEM, { exact: true }).fill('900');
    expect(await num(page, 'flops')).toBe(2 * 512 * 2048 * 512);
    // float64: the GPU rate comes from a ratio the page shows and lets the user change.
    const ratio = page.getByLabel('GPU float64 ÷ float32 rate', { exact: true });
    await expect(ratio).toBeVisible();
    await expect(ratio).toHaveAttribute('data-source', 'default');
    await expect(page.getByText(/WebGPU cannot run float64: the GPU rate is the measured float32 rate/)).toBeVisible();
    const before = await num(page, 'gpuTime');
    await ratio.fill('1/2');
    await expect(page.getByText('Read as 0.5 (a fraction).')).toBeVisible();
    await expect.poll(() => num(page, 'gpuTime')).toBeLessThan(before);
    expect(new URL(page.url()).searchParams.get('gpuF64')).toBe('1/2');
  });

  test('an unknown workload gets a message at the picker; a custom task is the seed page', async ({
    page,
    estimator,
  }) => {
    await page.goto('/?w=banana');
    await expect(page.getByLabel('Workload', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('"banana" is not a workload.', { exact: false })).toBeVisible();
    await page.getByLabel('Workload', { exact: true }).selectOption('reduction');
    await expect(page.getByLabel('Workload', { exact: true })).toHaveAttribute('aria-invalid', 'false');
    // A workload is described by its shape; the answer is its roofline's.
    await expect(estimator.input('totalGigaOps')).toHaveCount(0);
    await expect(page.locator('#why workload-results')).toHaveCount(1);
    // Back to a custom task: the seed's three fields at their defaults, the URL carries no w.
    await page.getByLabel('Workload', { exact: true }).selectOption('');
    await expect(estimator.input('totalGigaOps')).toHaveAttribute('data-source', 'default');
    await expect(estimator.input('totalGigaOps')).toHaveValue('100');
    await expect(page.locator('#why workload-results')).toHaveCount(0);
    expect(new URL(page.url()).searchParams.has('w')).toBe(false);
    await expect(page.getByLabel(LABELS.totalGigaOps, { exact: true })).toBeEditable();
  });

  test('Back returns to the previous workload and shape', async ({ page }) => {
    await page.goto('/');
    const picker = page.getByLabel('Workload', { exact: true });
    await picker.selectOption('matmul');
    const m = page.getByLabel('Rows of A and C (m)', { exact: true });
    await m.fill('1000');
    await m.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('w.m')).toBe('1000');
    await picker.selectOption('fft');
    await expect(page.getByLabel('Length (N)', { exact: true })).toBeVisible();
    await page.goBack();
    await expect(picker).toHaveValue('matmul');
    await expect(m).toHaveValue('1000');
    expect(await num(page, 'flops')).toBe(2 * 1000 * 2048 * 2048);
    await page.goBack();
    await expect(m).toHaveValue('2048');
  });

  test('a saved estimate keeps its workload; opening it restores it', async ({ page, estimator }) => {
    await page.goto('/?w=softmax&w.rows=1000&w.cols=5000');
    // The stored run (beforeEach) fills the fields and nothing is measured, so the speedup
    // read here is the one saved, not a default that a measurement replaces a moment later.
    await expect(estimator.input('gpuTflops')).toHaveAttribute('data-source', 'measured');
    await expect(page.getByLabel(GPU_MEM, { exact: true })).toHaveValue('512');
    await expect(page.locator('[data-measuring]')).toHaveCount(0);
    const speedup = await num(page, 'speedup');
    await page.getByRole('button', { name: 'Save estimate' }).click();
    const item = page.locator('[data-estimate-id]').first();
    await expect(item.locator('[data-workload]')).toContainText('Softmax over rows 1,000 × 5,000, float32');
    await page.getByLabel('Workload', { exact: true }).selectOption('');
    await expect(page.locator('#why workload-results')).toHaveCount(0);
    await item.getByRole('button', { name: /^Open estimate/ }).click();
    await expect(page.getByLabel('Workload', { exact: true })).toHaveValue('softmax');
    await expect(page.getByLabel('Rows', { exact: true })).toHaveValue('1000');
    expect(await num(page, 'speedup')).toBe(speedup);
  });
});
