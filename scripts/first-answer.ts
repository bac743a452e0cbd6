/**
 * `npx tsx scripts/first-answer.ts [--visits 3] [--port 4391]`: how soon a first visit gets
 * a measured estimate (issue #11). Builds the page, serves it with `vite preview`, and opens
 * it `--visits` times in fresh browser contexts (empty IndexedDB, so each is a first visit
 * that measures with the quick profile). Per visit it prints, from navigation start:
 *
 * - the first contentful paint,
 * - when the calculator's first field could be typed into (the form rendered),
 * - `gpu-payoff:first-measured-estimate`: the root's mark when the fourth of the four measured
 *   fields (CPU GFLOPS, GPU TFLOPS, transfer rate, launch overhead) holds a measured value,
 * - when the whole quick run was over ('bench-complete'),
 * - all-core scaling: `cpu.simdAll.gflops` ÷ (logical cores × `cpu.simd1.gflops`), the
 *   issue #20 goal being ≥ 0.9 on a first visit.
 *
 * Not a test: the figures depend on the machine and its load, printed beside them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { BROWSER_ARGS, findBrowser } from '../tests/e2e/browser.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const visits = opt('--visits', 3);
const port = opt('--port', 4391);
const outDir = 'dist-first-answer';
/** Longest wait for one visit's run; the quick profile takes seconds, a loaded machine more. */
const VISIT_TIMEOUT_MS = 120_000;

execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], { stdio: 'ignore' });
const server = spawn(
  'npx',
  ['vite', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  {
    stdio: 'ignore',
    detached: true,
  },
);
const url = `http://127.0.0.1:${port}/`;

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer on ${url}`);
}

interface Visit {
  scaling: number;
  fcpMs: number;
  formMs: number;
  firstEstimateMs: number;
  completeMs: number;
  steps: string[];
}

const executablePath = findBrowser();
const browser = await chromium.launch({ args: BROWSER_ARGS, ...(executablePath ? { executablePath } : {}) });
try {
  await waitForServer();
  const rows: Visit[] = [];
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`load average before: ${load()}`);
  for (let v = 0; v < visits; v++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __complete?: number; __steps: string[] };
      w.__steps = [];
      window.addEventListener('bench-complete', () => (w.__complete = performance.now()), { capture: true });
      // Each step of the run as it starts, for --steps.
      window.addEventListener(
        'bench-progress',
        (e) => {
          const step = (e as CustomEvent<{ step: string }>).detail.step;
          if (w.__steps.at(-1)?.endsWith(` ${step}`) !== true)
            w.__steps.push(`${(performance.now() / 1000).toFixed(2)} s ${step}`);
        },
        { capture: true },
      );
    });
    await page.goto(url);
    const formMs = await page
      .getByLabel(/CPU Operations per Second/)
      .first()
      .waitFor()
      .then(() => page.evaluate(() => performance.now()));
    await page.waitForFunction(
      () => (window as unknown as { __complete?: number }).__complete !== undefined,
      undefined,
      { timeout: VISIT_TIMEOUT_MS, polling: 100 },
    );
    const row = await page.evaluate((formAt) => {
      const mark = performance.getEntriesByName('gpu-payoff:first-measured-estimate')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        fcpMs: fcp?.startTime ?? NaN,
        formMs: formAt,
        firstEstimateMs: mark?.startTime ?? NaN,
        completeMs: (window as unknown as { __complete: number }).__complete,
        steps: (window as unknown as { __steps: string[] }).__steps,
      };
    }, formMs);
    // The results table renders after the run: the headline of each tier, and the cores the page used.
    await page.locator('bench-panel [data-metric="cpu.simd1.gflops"][data-value]').waitFor({ timeout: 30_000 });
    const tier = async (id: string) =>
      Number(await page.locator(`bench-panel [data-metric="${id}"]`).getAttribute('data-value'));
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const scaling = (await tier('cpu.simdAll.gflops')) / (cores * (await tier('cpu.simd1.gflops')));
    rows.push({ ...row, scaling });
    if (args.includes('--steps')) console.log(row.steps.map((l) => `  ${l}`).join('\n'));
    const s = (ms: number) => (ms / 1000).toFixed(2).padStart(6);
    console.log(
      `visit ${v + 1}: first paint ${s(row.fcpMs)} s, form ready ≤ ${s(row.formMs)} s, ` +
        `four measured fields ${s(row.firstEstimateMs)} s, quick run done ${s(row.completeMs)} s, ` +
        `all cores ${scaling.toFixed(2)} × (cores × one core)`,
    );
    await context.close();
  }
  const sorted = rows.map((r) => r.firstEstimateMs).sort((a, b) => a - b);
  console.log(`first measured estimate, median of ${visits}: ${((sorted[visits >> 1] ?? NaN) / 1000).toFixed(2)} s`);
  console.log(`load average after: ${load()}`);
} finally {
  await browser.close();
  if (server.pid) process.kill(-server.pid);
}
