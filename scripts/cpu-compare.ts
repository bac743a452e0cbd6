/**
 * Side-by-side benchmark of the CPU tiers against a native 128-bit FMA loop on the same
 * machine (issue 4's goal: single-thread Wasm SIMD ≥ 80 % of native; all cores scaling
 * with cores). Not a test: it prints numbers for BENCHMARKS-cpu.md.
 *
 *   npx tsx scripts/cpu-compare.ts [quick|full] [--no-browser] [--mul-add]
 *
 * --mul-add forces the f32x4.mul + f32x4.add flavour (what engines without relaxed SIMD run).
 *
 * 1. Builds scripts/cpu-native-ref.c with the machine's gcc (-O2 -mfma) and runs it on one
 *    core, then one copy per logical core at once (aggregate).
 * 2. Runs the CPU tiers under Node (worker_threads, runCpuTiersNode).
 * 3. Unless --no-browser: serves the source with Vite's dev server (with the COOP/COEP
 *    headers of vite.config.ts) and runs the browser tiers (runCpuTiers, Web Workers) in
 *    headless Chromium through Playwright.
 * Each phase runs alone, so the measurements do not compete for cores.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchProfile, CpuTiersResult } from '../src/bench/types.ts';
import { nodeCpuTierEnv } from '../src/bench/cpu/node.ts';
import type { FlavorRequest } from '../src/bench/cpu/protocol.ts';
import { runCpuTiersWith } from '../src/bench/cpu/runner.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const profile: BenchProfile = args.includes('quick') ? 'quick' : 'full';
const withBrowser = !args.includes('--no-browser');
const flavor: FlavorRequest = args.includes('--mul-add') ? 'mul_add' : 'auto';
const cores = availableParallelism();

interface NativeResult {
  gflops: number;
  chains: number;
}

/** Build the native reference; undefined (with a message) if gcc or FMA3 is missing. */
function buildNative(): string | undefined {
  const exe = join(mkdtempSync(join(tmpdir(), 'cpu-native-')), 'cpu-native-ref');
  try {
    execFileSync('gcc', ['-O2', '-mfma', '-o', exe, join(root, 'scripts/cpu-native-ref.c')], { stdio: 'pipe' });
    return exe;
  } catch (err) {
    console.error(
      `native reference not built (needs gcc on x86-64 with FMA3): ${(err as Error).message.split('\n')[0]}`,
    );
    return undefined;
  }
}

/** Run `copies` instances of the native reference at once; each prints one JSON line. */
async function runNative(exe: string, copies: number, seconds: number): Promise<NativeResult[]> {
  const runs = Array.from({ length: copies }, () => {
    return new Promise<NativeResult>((resolve, reject) => {
      const child = spawn(exe, [String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`native reference exited with ${code}: ${out}`));
        else resolve(JSON.parse(out) as NativeResult);
      });
    });
  });
  return Promise.all(runs);
}

/** Run the browser tiers in headless Chromium against a Vite dev server. */
async function runBrowser(): Promise<{ result: CpuTiersResult; userAgent: string } | undefined> {
  const { createServer } = await import('vite');
  const { chromium } = await import('@playwright/test');
  const { findBrowser, BROWSER_ARGS } = await import('../tests/e2e/browser.ts');
  const server = await createServer({ root, server: { host: '127.0.0.1', port: 0 }, logLevel: 'error' });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const executablePath = findBrowser();
  const browser = await chromium.launch({ args: BROWSER_ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    return await page.evaluate(
      async ({ p, f }) => {
        // Served by Vite's dev server, which compiles the TypeScript modules on request.
        const indexUrl = '/src/bench/cpu/index.ts';
        const runnerUrl = '/src/bench/cpu/runner.ts';
        const index = (await import(/* @vite-ignore */ indexUrl)) as typeof import('../src/bench/cpu/index.ts');
        const runner = (await import(/* @vite-ignore */ runnerUrl)) as typeof import('../src/bench/cpu/runner.ts');
        const env = { ...index.browserCpuTierEnv(), flavor: f };
        return { result: await runner.runCpuTiersWith(env, { profile: p }), userAgent: navigator.userAgent };
      },
      { p: profile, f: flavor },
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

function best(r: CpuTiersResult, id: string): number | undefined {
  const m = r.metrics.find((x) => x.id === id);
  return m && m.status === 'ok' ? m.best : undefined;
}

function fmt(x: number | undefined, digits = 1): string {
  return x === undefined ? 'n/a' : x.toFixed(digits);
}

function pct(x: number | undefined, y: number | undefined): string {
  return x === undefined || y === undefined ? 'n/a' : `${((100 * x) / y).toFixed(0)} %`;
}

async function main(): Promise<void> {
  console.log(`CPU tiers vs native, profile ${profile}, ${cores} logical cores, node ${process.version}`);
  const exe = buildNative();
  let native1: number | undefined;
  let nativeAll: number | undefined;
  let nativeChains: number | undefined;
  if (exe) {
    const seconds = profile === 'quick' ? 1 : 3; // measuring time per native run
    const one = (await runNative(exe, 1, seconds))[0];
    native1 = one?.gflops;
    nativeChains = one?.chains;
    nativeAll = (await runNative(exe, cores, seconds)).reduce((s, r) => s + r.gflops, 0);
  }
  const rows: [string, CpuTiersResult][] = [
    ['node', await runCpuTiersWith({ ...nodeCpuTierEnv(), flavor }, { profile })],
  ];
  if (withBrowser) {
    try {
      const b = await runBrowser();
      if (b) {
        console.log(`browser: ${b.userAgent}`);
        rows.push(['chromium', b.result]);
      }
    } catch (err) {
      console.error(`browser run skipped: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  console.log('');
  console.log(
    `native 128-bit FMA (gcc -O2 -mfma, ${nativeChains ?? '?'} chains): 1 core ${fmt(native1)} GFLOPS; ${cores} copies ${fmt(nativeAll)} GFLOPS`,
  );
  console.log('');
  console.log(
    'runtime   flavor        js (f64)  simd1   simd1/native  simdAll  threads  simdAll/simd1  simdAll/nativeAll',
  );
  for (const [name, r] of rows) {
    const js = best(r, 'cpu.js.gflops');
    const s1 = best(r, 'cpu.simd1.gflops');
    const sa = best(r, 'cpu.simdAll.gflops');
    console.log(
      [
        name.padEnd(9),
        r.simdFlavor.padEnd(13),
        fmt(js).padStart(8),
        fmt(s1).padStart(6),
        pct(s1, native1).padStart(13),
        fmt(sa).padStart(8),
        String(r.threads).padStart(8),
        (s1 && sa ? `${(sa / s1).toFixed(2)}×` : 'n/a').padStart(14),
        pct(sa, nativeAll).padStart(18),
      ].join(' '),
    );
    for (const w of r.warnings) console.log(`  warning: ${w}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
