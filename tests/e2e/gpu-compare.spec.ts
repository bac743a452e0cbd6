/**
 * "Which GPU would pay off?" (issue #19) as a person uses it: a link with `gpus=`, the rows
 * and their outputs against the pure model for the same inputs, this machine's row against
 * the answer card, the warnings of the examples (on the rows and on the answer),
 * rows that do not fit, hostile `gpus=` values, the options and the picker, all kept in
 * the address bar.
 */
import type { Page } from '@playwright/test';
import { compareDevicesOn } from '../../src/model/catalog/compare.ts';
import { compareDevices, cpuRatesOf, cpuSide } from '../../src/model/catalog/compare-devices.ts';
import { rowOutputs, ROW_OUTPUT_NAMES } from '../../src/model/catalog/compare-outputs.ts';
import { readCompareSettings, type CompareRaw } from '../../src/model/catalog/compare-url.ts';
import { sourceOf } from '../../src/model/catalog/sources.ts';
import { gpuById } from '../../src/model/catalog/registry.ts';
import { machineRatesFromFields } from '../../src/model/workloads/precision.ts';
import type { Workload } from '../../src/model/workloads/types.ts';
import { HISTORY_SCHEMA_VERSION, type StoredPythonRun } from '../../src/model/history/records.ts';
import { gpuProbe } from '../unit/fixtures/python-fixtures.ts';
import { test, expect, plantRecords, seedStoredRun } from './fixtures.ts';

/** This machine, typed into the link so every number is known: 100 GFLOPS CPU, a 1 TFLOPS GPU. */
const RATES = 'cpu=100&gpu=1&bw=10&lat=0.02&cpuMem=20&gpuMem=100';
const MACHINE = machineRatesFromFields(
  { cpuGflops: 100, gpuTflops: 1, transferGBps: 10, launchOverheadMs: 0.02 },
  { cpuMemGBps: 20, gpuMemGBps: 100 },
);

const matmulQuery = (n: number, dtype = 'f32') => `w=matmul&w.m=${n}&w.n=${n}&w.k=${n}&w.batch=1&w.dtype=${dtype}`;
const matmul = (n: number): Workload => ({ id: 'matmul', dtype: 'f32', shape: { m: n, n, k: n, batch: 1 } });

/** Open the page at `query` (this machine typed in) and wait for the comparison of the current inputs. */
async function open(page: Page, query: string): Promise<void> {
  await seedStoredRun(page);
  await page.goto(`/?${RATES}&${query}`);
  await ready(page);
}

async function ready(page: Page): Promise<void> {
  await expect(page.locator('#gpus [data-compare-ready="true"]')).toHaveCount(1, { timeout: 30_000 });
}

const row = (page: Page, id: string) => page.locator(`#gpus [data-device="${id}"]`);
const warning = (page: Page, device: string, id: string) => row(page, device).locator(`[data-warning="${id}"]`);

async function outputsOf(page: Page, id: string): Promise<Record<string, { value: string; kind: string | null }>> {
  const out: Record<string, { value: string; kind: string | null }> = {};
  for (const name of ROW_OUTPUT_NAMES) {
    const el = row(page, id).locator(`[data-output="${name}"]`);
    out[name] = { value: (await el.getAttribute('data-value')) ?? 'missing', kind: await el.getAttribute('data-kind') };
  }
  return out;
}

/** The model's rows for the same link, against this machine's CPU as the answer uses it. */
function modelRows(w: Workload, raw: CompareRaw) {
  const s = readCompareSettings(raw, { probeGpuIds: [], probeCpuIds: [] });
  const gpu = { kind: 'this-machine' as const, f64PerF32Ratio: MACHINE.gpuF64PerF32Ratio, unifiedMemory: false };
  return compareDevicesOn({
    workload: w,
    machine: MACHINE,
    cpu: cpuSide(s, cpuRatesOf(MACHINE), [])!,
    devices: compareDevices(s, { name: 'This machine', gpu }, []),
    options: s.options,
    thisMachineBasis: '',
  }).rows;
}

test.describe('Which GPU would pay off?', () => {
  test('gpus=h100-sxm,t4,rtx-4090: one row each, in order, outputs as the model computes them, a source link each', async ({
    page,
  }) => {
    await open(page, `${matmulQuery(4096)}&gpus=h100-sxm,t4,rtx-4090`);
    const ids = await page
      .locator('#gpus tbody[data-device]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-device')));
    expect(ids).toEqual(['h100-sxm', 't4', 'rtx-4090']);
    for (const r of modelRows(matmul(4096), { gpus: 'h100-sxm,t4,rtx-4090' })) {
      const expected = rowOutputs(r);
      const shown = await outputsOf(page, r.id);
      for (const name of ROW_OUTPUT_NAMES) {
        expect(shown[name]?.value, `${r.id} ${name}`).toBe(expected[name].value);
        expect(shown[name]?.kind ?? undefined, `${r.id} ${name} kind`).toBe(expected[name].kind);
      }
      const url = sourceOf(gpuById(r.id)!.fp32.source).url;
      await expect(row(page, r.id).locator('[data-source]')).toHaveAttribute('href', url);
      // Honest labels: rated × typical efficiency, never "measured", with the efficiency used and why.
      await expect(row(page, r.id).locator('[data-basis-text]')).toHaveText('rated × typical efficiency');
      await expect(row(page, r.id).locator('[data-why]')).toContainText(
        /rated [\d.]+ TFLOPS × 0\.\d+, a large plain-FP32 matmul/,
      );
    }
    await expect(row(page, 'h100-sxm').locator('[data-why]')).toHaveText(
      'FP32 rated 67 TFLOPS × 0.80, a large plain-FP32 matmul',
    );
    expect(new URL(page.url()).searchParams.get('gpus')).toBe('h100-sxm,t4,rtx-4090');
  });

  test('this machine’s row shows exactly the answer card’s values, labelled as the answer is', async ({ page }) => {
    await open(page, `${matmulQuery(2048)}&gpus=this-machine,l4`);
    for (const name of ['gpuTime', 'speedup', 'gpuBound', 'breakEvenSize']) {
      const card = await page.locator(`#results answer-card [data-output="${name}"]`).getAttribute('data-value');
      await expect(row(page, 'this-machine').locator(`[data-output="${name}"]`)).toHaveAttribute(
        'data-value',
        card ?? 'none',
      );
    }
    await expect(row(page, 'this-machine').locator('[data-basis-text]')).toHaveText('typed');
    await expect(page.locator('#gpus [data-webgpu-note]')).toContainText(
      'WebGPU reaches less than CUDA on the same GPU',
    );
  });

  test('the issue’s warnings: f64-consumer on float64 only, transfer-bound, too-small, capacity on t4 not h200', async ({
    page,
  }) => {
    await open(page, `${matmulQuery(4096, 'f64')}&gpus=rtx-4090`);
    await expect(warning(page, 'rtx-4090', 'f64-consumer')).toHaveCount(1);
    await open(page, `${matmulQuery(4096, 'f32')}&gpus=rtx-4090`);
    await expect(row(page, 'rtx-4090')).toHaveCount(1);
    await expect(warning(page, 'rtx-4090', 'f64-consumer')).toHaveCount(0);

    await open(page, 'w=elementwise&w.elements=1000000000&w.inputs=2&w.outputs=1&w.flops=2&w.dtype=f32&gpus=h100-sxm');
    await expect(warning(page, 'h100-sxm', 'transfer-bound')).toHaveCount(1);

    await open(page, `${matmulQuery(32)}&gpus=h100-sxm`);
    await expect(warning(page, 'h100-sxm', 'too-small')).toHaveCount(1);
    // This machine's answer gets its own warnings, on the answer card.
    await expect(page.locator('#results [data-warning="too-small"]')).toHaveCount(1);
    // Each warning says what goes wrong, how much, the fix, and its source.
    const w = warning(page, 'h100-sxm', 'too-small');
    await w.locator('summary').click();
    await expect(w).toContainText('The fix');
    await expect(w.locator('a')).toHaveAttribute('href', /^https:\/\//);

    await open(page, `${matmulQuery(50000)}&gpus=t4,h200`);
    await expect(warning(page, 't4', 'capacity')).toHaveCount(1);
    await expect(warning(page, 'h200', 'capacity')).toHaveCount(0);
    // No time as if it fitted: empty values, and words.
    const t4 = row(page, 't4');
    await expect(t4.locator('[data-output="gpuTime"]')).toHaveAttribute('data-value', '');
    await expect(t4.locator('[data-output="gpuTime"]')).toHaveAttribute('data-kind', 'over-capacity');
    await expect(t4.locator('[data-output="gpuTime"]')).toHaveText('does not fit in memory');
    await expect(t4.locator('[data-output="speedup"]')).toHaveAttribute('data-value', '');
    await expect(t4.locator('[data-no-time]')).toContainText('exceeds the 16 GB of memory');
    expect(
      Number(await row(page, 'h200').locator('[data-output="gpuTime"]').getAttribute('data-value')),
    ).toBeGreaterThan(0);
  });

  test('hostile gpus= values: each left out with a clear message, none run or shown raw', async ({ page }) => {
    const thirteen =
      'h200,h100-sxm,h100-pcie,a100-80-sxm,a100-40-sxm,a100-80-pcie,a100-40-pcie,l40s,l4,a10,t4,v100,p100';
    const bad = ['rtx-4900', 't4', '%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E', 'l4%E2%80%AE', `${thirteen}`].join(
      ',',
    );
    await open(page, `${matmulQuery(1024)}&gpus=${bad}`);
    const messages = page.locator('#gpus [data-compare-messages]');
    await expect(messages).toContainText('Unknown GPU “rtx-4900”; did you mean rtx-4090? It was left out.');
    await expect(messages).toContainText('t4 is listed more than once; it is shown once.');
    await expect(messages).toContainText('is not a GPU id: ids are lowercase letters, digits and hyphens');
    await expect(messages).toContainText('contains invisible control characters');
    await expect(messages).toContainText('At most 12 GPUs are compared at once; left out:');
    const text = (await messages.textContent()) ?? '';
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await expect(page.locator('#gpus tbody[data-device]')).toHaveCount(12);
    await expect(page.locator('#gpus script')).toHaveCount(0);
    // The address bar keeps only what was read, once the page writes it.
    await page.locator('#gpus [data-option="w.tf32"]').check();
    await ready(page);
    const gpus = new URL(page.url()).searchParams.get('gpus') ?? '';
    expect(gpus.split(',')).toHaveLength(12);
    expect(gpus).not.toMatch(/script|rtx-4900/);
  });

  test('the options change the answer and stay in the URL: TF32, pinned memory, CUDA graphs', async ({ page }) => {
    await open(page, `${matmulQuery(4096)}&gpus=h100-sxm`);
    const time = async () =>
      Number(await row(page, 'h100-sxm').locator('[data-output="gpuTime"]').getAttribute('data-value'));
    const before = await time();
    await page.locator('#gpus [data-option="w.tf32"]').check();
    await expect.poll(time).toBeLessThan(before);
    await expect(page).toHaveURL(/w\.tf32=1/);
    await expect(row(page, 'h100-sxm').locator('[data-why]')).toContainText('TF32 tensor rated');
    await page.locator('#gpus [data-option="w.pinned"]').check();
    await expect(page).toHaveURL(/w\.pinned=1/);
    await page.reload();
    await ready(page);
    await expect(page.locator('#gpus [data-option="w.tf32"]')).toBeChecked();
    await expect(page.locator('#gpus [data-option="w.pinned"]')).toBeChecked();
    await expect(page.locator('#gpus [data-option="w.graphs"]')).not.toBeChecked();
    await page.goBack();
    await expect(page.locator('#gpus [data-option="w.pinned"]')).not.toBeChecked();
  });

  test('the picker: find a GPU by name, add it, remove one; the URL follows', async ({ page }) => {
    await open(page, `${matmulQuery(1024)}&gpus=t4`);
    await page.locator('#gpus compare-picker summary').click();
    await page.getByLabel('Find a GPU').fill('mi300');
    await expect(page.locator('#gpus [data-pick="h100-sxm"]')).toBeHidden();
    await page.locator('#gpus [data-pick="mi300x"]').check();
    await expect(row(page, 'mi300x')).toHaveCount(1);
    expect(new URL(page.url()).searchParams.get('gpus')).toBe('t4,mi300x');
    await page.getByRole('button', { name: 'Remove NVIDIA T4 16 GB' }).click();
    await expect(row(page, 't4')).toHaveCount(0);
    expect(new URL(page.url()).searchParams.get('gpus')).toBe('mi300x');
  });

  test('a typed GPU: its figures as given; a bad field is marked with the estimator’s message', async ({ page }) => {
    await open(page, `${matmulQuery(2048)}&gpus=typed&typed.name=Lab%20card&typed.fp32=10&typed.gbps=400`);
    const typed = row(page, 'typed');
    await expect(typed.locator('[data-basis-text]')).toHaveText('typed: your figures, used as given');
    await expect(typed).toContainText('Lab card');
    const field = page.getByLabel('FP32 rate (TFLOPS)');
    await field.fill('-2');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#gpus [data-typed-gpu]')).toContainText('Must not be negative.');
    await expect(typed.locator('[data-output="gpuTime"]')).toHaveAttribute('data-kind', 'invalid');
  });

  test('a typed CPU to compare against: every row’s speedup is over its time', async ({ page }) => {
    await open(page, `${matmulQuery(4096)}&gpus=h100-sxm&vs=typed&vs.gflops=1000&vs.gbps=50`);
    await expect(page.locator('#gpus [data-cpu-label]')).toContainText('1000 GFLOPS');
    const cpu = Number(await page.locator('#gpus [data-cpu-time]').getAttribute('data-value'));
    expect(cpu).toBeCloseTo((2 * 4096 ** 3) / 1e12, 9);
    const gpu = Number(await row(page, 'h100-sxm').locator('[data-output="gpuTime"]').getAttribute('data-value'));
    const speedup = Number(await row(page, 'h100-sxm').locator('[data-output="speedup"]').getAttribute('data-value'));
    expect(speedup).toBeCloseTo(cpu / gpu, 9);
  });

  test('an imported Python run: its GPU is a row labelled measured, its NumPy a CPU to compare against', async ({
    page,
  }) => {
    await seedStoredRun(page);
    const record: StoredPythonRun = {
      schemaVersion: HISTORY_SCHEMA_VERSION,
      kind: 'python-run',
      id: '0f0f0f0f-aaaa-4bbb-8ccc-123456789abc',
      name: 'PyTorch 2.5 · CUDA 12.4 · NVIDIA H100 80GB HBM3',
      savedAt: new Date().toISOString(),
      probe: gpuProbe(),
    };
    await plantRecords(page, [[`python-run:${record.id}`, record]]);
    await page.goto(`/?${RATES}&${matmulQuery(4096)}`);
    await ready(page);
    // Not named in the link: shown by default, after this machine.
    const probe = row(page, 'probe-0f0f0f0f');
    await expect(probe).toContainText('NVIDIA H100 80GB HBM3 (imported run)');
    await expect(probe.locator('[data-basis-text]')).toHaveText(/^measured/);
    await expect(probe.locator('[data-why]')).toContainText('FP32 measured 50 TFLOPS (Python probe: PyTorch 2.5');
    await expect(row(page, 'h100-sxm').locator('[data-basis-text]')).toHaveText('rated × typical efficiency');
    // This browser's GPU is a software adapter: WebGPU and CUDA are not compared.
    await expect(page.locator('#gpus [data-webgpu-note]')).toContainText('software adapter');
    // The run's NumPy as the CPU.
    await page.getByLabel('Compare against').selectOption('probe-0f0f0f0f');
    await ready(page);
    await expect(page.locator('#gpus [data-cpu-label]')).toContainText('NumPy');
    await expect(page).toHaveURL(/vs=probe-0f0f0f0f/);
  });

  test('a custom task: the section says the comparison needs a workload’s shape', async ({ page }) => {
    await seedStoredRun(page);
    await page.goto(`/?${RATES}&ops=100&data=1&n=10&gpus=t4`);
    await expect(page.locator('#gpus [data-compare-problem]')).toContainText('needs the shape of your code');
    await expect(page.locator('#gpus tbody[data-device]')).toHaveCount(0);
  });
});
