/**
 * `npx tsx scripts/verify-sweep-browser.ts [--gpu swiftshader|nvidia] [--kinds matmul,softmax] [--port 4392]`
 *
 * The browser variant of `npm run bench -- --verify-sweep` (issue #20): builds the page,
 * serves it, opens it as a first visit (empty storage, so it measures with the quick
 * profile, achievable roofs included), then runs every runnable kind at its three held-out
 * sizes (src/model/workloads/verify-sweep.ts) with "Run this workload" and reads the
 * page's own predicted and measured figures. Nothing is calibrated or typed.
 *
 * `--gpu nvidia` starts Chromium with the flags Chrome documents for a headless NVIDIA
 * server (Vulkan through ANGLE; needs `libvulkan1` and the NVIDIA Vulkan ICD); the default
 * is the software adapter (SwiftShader). Not a test: the figures depend on the machine and
 * its load, printed beside them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { chromium, type Locator, type Page } from '@playwright/test';
import { BROWSER_ARGS, findBrowser } from '../tests/e2e/browser.ts';
import { isRunnableWorkloadId, RUNNABLE_WORKLOAD_IDS } from '../src/model/workloads/runnable.ts';
import { queryFromWorkload } from '../src/model/workloads/url.ts';
import type { PartComparison } from '../src/model/workloads/verify.ts';
import { VERIFY_SWEEP_SIZES, signedPercent, sweepScore, type SweepRow } from '../src/model/workloads/verify-sweep.ts';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(opt('--port') ?? 4392);
const gpu = opt('--gpu') ?? 'swiftshader';
if (gpu !== 'swiftshader' && gpu !== 'nvidia') throw new Error('--gpu must be swiftshader or nvidia');
const kinds = (opt('--kinds')?.split(',') ?? [...RUNNABLE_WORKLOAD_IDS]).filter(isRunnableWorkloadId);
/** Chrome's documented flags for WebGPU on a headless Linux server with an NVIDIA GPU (METHODS.md). */
const NVIDIA_ARGS = [
  '--headless=new',
  '--use-angle=vulkan',
  '--enable-features=Vulkan',
  '--disable-vulkan-surface',
  '--enable-gpu',
  '--ignore-gpu-blocklist',
];
const outDir = 'dist-verify-sweep';
/** A first visit's quick run, achievable roofs included, on a loaded 2-core machine. */
const MEASURE_TIMEOUT_MS = 300_000;
const RUN_TIMEOUT_MS = 300_000;

execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], { stdio: 'ignore' });
const server = spawn(
  'npx',
  ['vite', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  { stdio: 'ignore', detached: true },
);
const base = `http://127.0.0.1:${port}/`;

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer on ${base}`);
}

/** Wait for a run to end: 'complete', or the kind of error it stopped with. */
async function finished(status: Locator): Promise<string> {
  const end = Date.now() + RUN_TIMEOUT_MS;
  while (Date.now() < end) {
    const v = (await status.count()) > 0 ? await status.getAttribute('data-value') : null;
    if (v && /^(complete|mismatch|failed|timeout|device-lost|cancelled)$/.test(v)) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
  return 'timeout';
}

/** One output cell's measured value and prediction, as a comparison. */
async function part(page: Page, name: string): Promise<PartComparison> {
  const cell = page.locator(`#check [data-output="${name}"]`);
  const measured = Number(await cell.getAttribute('data-value'));
  const predicted = Number(await cell.getAttribute('data-predicted'));
  return { predicted, measured, errorPercent: (measured / predicted - 1) * 100 };
}

const executablePath = findBrowser();
const browser = await chromium.launch({
  args: [...BROWSER_ARGS, ...(gpu === 'nvidia' ? NVIDIA_ARGS : [])],
  ...(executablePath ? { executablePath } : {}),
});
const loadStart = loadavg();
try {
  await waitForServer();
  const page = await (await browser.newContext()).newPage();
  const first = VERIFY_SWEEP_SIZES[kinds[0] ?? 'matmul'][0];
  await page.goto(`${base}?${first ? queryFromWorkload(first) : ''}`);
  await page.locator('[data-measuring]').waitFor({ state: 'visible' });
  await page.locator('[data-measuring]').waitFor({ state: 'hidden', timeout: MEASURE_TIMEOUT_MS });
  const adapter = (await page.locator('bench-panel').textContent())?.match(/GPU: ([^·]+)/)?.[1]?.trim() ?? 'unknown';
  const rows: SweepRow[] = [];
  for (const kind of kinds) {
    for (const [i, w] of VERIFY_SWEEP_SIZES[kind].entries()) {
      // The stored run of the first visit fills the fields: the same measured estimate.
      await page.goto(`${base}?${queryFromWorkload(w)}`);
      await page.getByRole('button', { name: 'Run this workload', exact: true }).click();
      const status = page.locator('#check [data-output="verifyStatus"]').first();
      const done = await finished(status);
      if (done !== 'complete') {
        console.log(`${kind} ${JSON.stringify(w.shape)}: ${done}: ${(await status.textContent())?.trim()}`);
        continue;
      }
      const ran = (await page.locator('#check workload-verify .note').first().textContent())?.replace(/^Ran /, '');
      rows.push({
        kind,
        size: ran?.trim().replace(/\.$/, '') ?? JSON.stringify(w.shape),
        tiny: i === 0,
        cpu: await part(page, 'measuredCpuTime'),
        gpu: await part(page, 'measuredGpuTotal'),
        speedup: await part(page, 'measuredSpeedup'),
        upload: await part(page, 'measuredUploadTime'),
        readback: await part(page, 'measuredReadbackTime'),
        gpuCompute: await part(page, 'measuredGpuTime'),
      });
      const r = rows[rows.length - 1] as SweepRow;
      console.log(
        `${r.size}: CPU ${signedPercent(r.cpu.errorPercent)}, GPU ${signedPercent(r.gpu.errorPercent)}, speedup ${signedPercent(r.speedup.errorPercent)}`,
      );
    }
  }
  const s = sweepScore(rows);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  console.log(
    `\n${cpus()[0]?.model.trim() ?? 'CPU'}, ${cpus().length} logical cores; GPU ${adapter}; ${new Date().toISOString()}`,
  );
  console.log(`load average at start ${load(loadStart)}, at end ${load(loadavg())}`);
  console.log(
    `within ±25 %: CPU time ${s.cpu}/${s.of}, GPU time ${s.gpu}/${s.of}, speedup ${s.speedup}/${s.of} (upload ${s.upload}/${s.of}, readback ${s.readback}/${s.of})`,
  );
} finally {
  await browser.close();
  if (server.pid) process.kill(-server.pid);
}
