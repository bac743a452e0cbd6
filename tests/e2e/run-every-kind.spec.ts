/**
 * "Run this workload" runs every kind (issue #18, point 4): in real Chromium on the
 * software adapter (SwiftShader), each kind once at a small size, on both devices. Each
 * run must end complete — every output sampled on both devices matched its CPU reference
 * — with finite, positive times next to the predictions and a finite prediction error.
 * What a kind says about how it ran shows with the result (the direct convolution, the
 * unfused attention path, a pipeline's steps). A pipeline also runs with an expression
 * step (its generated kernels a stage among the others), data on the GPU and off, each
 * step's output checked. An expression in float64 runs on the CPU (its f64x2 kernels) and
 * the GPU side says why not. An FFT length that is not a power of two keeps the button,
 * disabled, with the reason.
 *
 * Sizes are small because SwiftShader is slow (every workgroup barrier costs); the page
 * still scales a size down if its time budget demands it, and says so.
 */
import type { Page } from '@playwright/test';
import { test, expect, seedStoredRun } from './fixtures.ts';

interface KindRun {
  id: string;
  /** The test's name where one kind runs twice (a pipeline with an expression step); else the id. */
  name?: string;
  query: string;
  /** A sentence the result shows about how this kind ran. */
  says?: RegExp;
  /** More outputs than this were checked on the GPU: a step's beside the others'. */
  gpuCheckedOver?: number;
}

/** A pipeline's expression step, `w.<step>.*`, URL-encoded. */
function expressionStep(step: number, expr: string, arrays: string, mode: 'eager' | 'fused'): string {
  return `&w.${step}.expr=${encodeURIComponent(expr)}&w.${step}.arrays=${arrays}&w.${step}.mode=${mode}`;
}

/** One small run per kind, in the picker's order. */
const KINDS: KindRun[] = [
  { id: 'matmul', query: 'w=matmul&w.m=64&w.n=48&w.k=40' },
  { id: 'matvec', query: 'w=matvec&w.m=256&w.n=300&w.batch=1' },
  { id: 'elementwise', query: 'w=elementwise&w.elements=100000&w.inputs=3&w.outputs=1&w.flops=2' },
  { id: 'reduction', query: 'w=reduction&w.elements=100000' },
  { id: 'softmax', query: 'w=softmax&w.rows=16&w.cols=1000' },
  { id: 'layernorm', query: 'w=layernorm&w.rows=16&w.cols=768' },
  {
    id: 'conv2d',
    query: 'w=conv2d&w.batch=1&w.cin=3&w.cout=8&w.h=16&w.w=16&w.kh=3&w.kw=3&w.stride=1&w.pad=1',
    says: /direct convolution \(no im2col\)/,
  },
  {
    id: 'attention',
    query: 'w=attention&w.batch=1&w.heads=2&w.sq=32&w.sk=32&w.d=16&w.causal=1&w.fused=1',
    says: /three-kernel path/,
  },
  { id: 'fft', query: 'w=fft&w.length=4096&w.batch=2&w.complex=0', says: /complex FFT of the real data/ },
  {
    id: 'pipeline',
    query:
      'w=pipeline&w.steps=matmul,elementwise,softmax&w.repeat=2&w.stay=0' +
      '&w.1.m=32&w.1.n=32&w.1.k=32&w.1.batch=1&w.2.elements=4096&w.2.inputs=3&w.2.outputs=1&w.2.flops=2' +
      '&w.3.rows=8&w.3.cols=256',
    says: /Every step copied its inputs up and its output back, every repetition/,
  },
  // An expression step on the GPU, data kept there (the eager chain and its sum between the steps' launches)…
  {
    id: 'pipeline',
    name: 'pipeline with an expression step, data on the GPU',
    query:
      'w=pipeline&w.steps=elementwise,expression&w.repeat=2&w.stay=1' +
      '&w.1.elements=4096&w.1.inputs=3&w.1.outputs=1&w.1.flops=2' +
      expressionStep(2, 'np.exp(a) * b + a.sum()', 'a:4096,b:4096', 'eager'),
    says: /With the data on the GPU, the first step’s inputs were the timed upload/,
    // The elementwise step checks at most 256 outputs: the rest are the expression's.
    gpuCheckedOver: 256,
  },
  // …and copied back after every step (a fused product and chain).
  {
    id: 'pipeline',
    name: 'pipeline with an expression step, data back after every step',
    query:
      'w=pipeline&w.steps=expression,elementwise&w.repeat=2&w.stay=0' +
      expressionStep(1, 'np.tanh(x @ w) + b', 'x:32x64,w:64x16,b:16', 'fused') +
      '&w.2.elements=4096&w.2.inputs=3&w.2.outputs=1&w.2.flops=2',
    says: /Every step copied its inputs up and its output back, every repetition/,
    gpuCheckedOver: 256,
  },
  {
    id: 'expression',
    query: `w=expression&w.expr=${encodeURIComponent('np.exp(a) * b + c.sum()')}&w.arrays=a:100000,b:100000,c:1000&w.mode=fused`,
  },
];

function out(page: Page, name: string) {
  return page.locator(`#check [data-output="${name}"]`);
}

async function value(page: Page, name: string): Promise<number> {
  return Number(await out(page, name).getAttribute('data-value'));
}

test.describe('Run this workload runs every kind (issue #18)', () => {
  test.describe.configure({ timeout: 180_000 });

  test.beforeEach(async ({ page }) => {
    // A stored run: the page applies it and starts no benchmark that would compete for the cores.
    await seedStoredRun(page);
  });

  for (const kind of KINDS) {
    test(`${kind.name ?? kind.id}: validated on both devices, complete, finite errors`, async ({ page }) => {
      await page.goto(`/?${kind.query}&w.dtype=f32`);
      const button = page.getByRole('button', { name: 'Run this workload', exact: true });
      await expect(button).toBeEnabled();
      await button.click();
      const status = out(page, 'verifyStatus');
      await expect(status).toHaveAttribute('data-value', /^(complete|mismatch|failed|timeout|device-lost)$/, {
        timeout: 150_000,
      });
      expect(await status.getAttribute('data-value'), (await status.textContent()) ?? '').toBe('complete');
      await expect(status).toHaveAttribute('data-dtype', 'f32');
      const verify = page.locator('#check workload-verify');
      // Complete: both devices ran and every sampled output matched.
      await expect(verify).toContainText(
        /Validated: [\d,]+ sampled outputs? on the GPU and [\d,]+ sampled outputs? on the CPU after each of its \d+ runs/,
      );
      for (const name of ['measuredCpuTime', 'measuredGpuTime', 'measuredUploadTime', 'measuredReadbackTime']) {
        const v = await value(page, name);
        expect(Number.isFinite(v) && v > 0, `${name} = ${v}`).toBe(true);
      }
      const error = await value(page, 'predictionError');
      expect(Number.isFinite(error) && error > -1, `predictionError = ${error}`).toBe(true);
      const speedup = await value(page, 'measuredSpeedup');
      expect(Number.isFinite(speedup) && speedup > 0).toBe(true);
      expect(await value(page, 'measuredLaunches')).toBeGreaterThanOrEqual(1);
      if (kind.says) await expect(verify).toContainText(kind.says);
      if (kind.gpuCheckedOver !== undefined) {
        const gpuChecked = Number(await out(page, 'verifyChecked').getAttribute('data-gpu'));
        expect(gpuChecked).toBeGreaterThan(kind.gpuCheckedOver);
      }
    });
  }

  test('expression in float64: its generated f64x2 kernels run on the CPU and match; the GPU says plainly why not', async ({
    page,
  }) => {
    const expr = encodeURIComponent('np.exp(a) * b + np.sin(c).sum()');
    await page.goto(`/?w=expression&w.expr=${expr}&w.arrays=a:100000,b:100000,c:1000&w.mode=fused&w.dtype=f64`);
    const verify = page.locator('#check workload-verify');
    await expect(verify).toContainText('float64 runs on the CPU only: WebGPU has no float64');
    const button = page.getByRole('button', { name: 'Run this workload', exact: true });
    await expect(button).toBeEnabled();
    await button.click();
    const status = out(page, 'verifyStatus');
    await expect(status).toHaveAttribute('data-value', /^(complete|mismatch|failed|timeout|device-lost)$/, {
      timeout: 150_000,
    });
    expect(await status.getAttribute('data-value'), (await status.textContent()) ?? '').toBe('complete');
    await expect(status).toHaveAttribute('data-dtype', 'f64');
    expect(await value(page, 'measuredCpuTime')).toBeGreaterThan(0);
    await expect(out(page, 'measuredGpuTime')).toHaveText('not run');
    await expect(verify).toContainText(/[\d,]+ sampled outputs? on the CPU after each of its \d+ runs/);
  });

  test('an FFT length that is not a power of two says why, and the button stays disabled', async ({ page }) => {
    await page.goto('/?w=fft&w.length=1000&w.batch=1&w.dtype=f32');
    await expect(page.getByRole('button', { name: 'Run this workload', exact: true })).toBeDisabled();
    await expect(page.locator('#check workload-verify')).toContainText(
      'Not runnable: a radix-2 kernel needs a power of two length; N = 1,000 is not',
    );
  });
});
