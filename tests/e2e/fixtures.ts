/**
 * Shared Playwright fixtures: a page object for the estimator, and a guard that fails
 * any test whose page makes a request to another origin or throws an uncaught error.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const LABELS = {
  cpuGflops: 'CPU Operations per Second (GFLOPS)',
  gpuTflops: 'GPU Operations per Second (TFLOPS)',
  totalGigaOps: 'Total Operations in Task (Giga-operations)',
  transferGBps: 'Data Transfer Rate (CPU-GPU, GB/s)',
  dataGB: 'Data Size to Transfer (GB)',
  launchOverheadMs: 'Single Kernel Launch Overhead (ms)',
  launchCount: 'Number of Kernel Launches',
} as const;

export type FieldKey = keyof typeof LABELS;

export class EstimatorPage {
  constructor(readonly page: Page) {}

  input(key: FieldKey): Locator {
    return this.page.getByLabel(LABELS[key], { exact: true });
  }

  output(key: string): Locator {
    return this.page.locator(`[data-output="${key}"]`);
  }

  async value(key: string): Promise<number> {
    const raw = await this.output(key).getAttribute('data-value');
    if (raw === null || raw === '') throw new Error(`output ${key} has no value`);
    return Number(raw);
  }

  async fill(values: Partial<Record<FieldKey, string>>): Promise<void> {
    for (const [key, v] of Object.entries(values) as [FieldKey, string][]) {
      await this.input(key).fill(v);
    }
  }

  async loadPreset(name: string): Promise<void> {
    await this.page.getByLabel('Load an example').selectOption({ label: name });
  }
}

interface Fixtures {
  estimator: EstimatorPage;
  /** Requests the page made outside its own origin; the fixture fails the test if any. */
  foreignRequests: string[];
}

export const test = base.extend<Fixtures>({
  foreignRequests: async ({ page, baseURL }, use) => {
    const foreign: string[] = [];
    const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await use(foreign);
    expect(foreign, 'requests to other origins').toEqual([]);
    expect(errors, 'uncaught page errors').toEqual([]);
  },
  estimator: async ({ page, foreignRequests }, use) => {
    void foreignRequests;
    await use(new EstimatorPage(page));
  },
});

export { expect };
