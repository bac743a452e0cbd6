/**
 * Side-by-side benchmark of the CPU tiers against a native 128-bit FMA loop and NumPy on the
 * same machine (single-thread Wasm SIMD ≥ 80 % of native; all cores ≥ 80 % of cores × one
 * thread; memory bandwidth beside NumPy's). Not a test: it prints numbers for BENCHMARKS.md.
 *
 *   npx tsx scripts/cpu-compare.ts [quick|full] [--no-browser] [--mul-add] [--windows N] [--no-numpy]
 *
 * --mul-add forces the f32x4.mul + f32x4.add flavour (what engines without relaxed SIMD run).
 * --windows N: N alternating rounds of the one-thread and all-cores f32 tiers timed the old
 *   way (no barrier, earliest start to latest end) and the new way (barrier + overlap window),
 *   in the same process / page, printing simdAll ÷ (threads × simd1) for each.
 * --workloads: under Node, the CPU workload kernels (matmul, a·b + c, sum, softmax) at three
 *   sizes each, with their achieved fraction of cpu.simdAll.gflops / cpu.mem.gbps measured in
 *   the same run (issue 13's goals: matmul ≥ 60 % of the FLOP peak, a·b + c and sum ≥ 70 % of
 *   the bandwidth).
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
import { availableParallelism, loadavg as loadavgNumbers, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchProfile, CpuTiersResult } from '../src/bench/types.ts';
import { nodeCpuTierEnv } from '../src/bench/cpu/node.ts';
import type { FlavorRequest } from '../src/bench/workers/protocol.ts';
import { bytesLabel, runCpuTiersWith } from '../src/bench/cpu/runner.ts';
import { cpuBandwidthCurveFromDetails } from '../src/model/workloads/precision.ts';
import { runCpuWorkload } from '../src/bench/workloads/cpu/run.ts';
import { cpuWorkFor } from '../src/model/python/python-lane.ts';
import { parseVerifySpec } from '../src/model/workloads/verify.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const profile: BenchProfile = args.includes('quick') ? 'quick' : 'full';
const withBrowser = !args.includes('--no-browser');
const flavor: FlavorRequest = args.includes('--mul-add') ? 'mul_add' : 'auto';
const windowRounds = Number(args[args.indexOf('--windows') + 1] ?? 0) || 0;
const withNumpy = !args.includes('--no-numpy');
const withWorkloads = args.includes('--workloads');
const cores = availableParallelism();
const F32_PAIR = ['cpu.simd1.gflops', 'cpu.simdAll.gflops'] as const;

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
async function runBrowser(): Promise<
  { result: CpuTiersResult; userAgent: string; windows: [CpuTiersResult, CpuTiersResult][] } | undefined
> {
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
    // Not the app's page: a visit there starts the app's own measurement, which would compete
    // with these workers for the cores. Any same-origin document served with COOP/COEP will do.
    await page.goto(`http://127.0.0.1:${port}/favicon.svg`);
    return await page.evaluate(
      async ({ p, f, rounds, pair }) => {
        // Served by Vite's dev server, which compiles the TypeScript modules on request.
        const indexUrl = '/src/bench/cpu/index.ts';
        const runnerUrl = '/src/bench/cpu/runner.ts';
        const index = (await import(/* @vite-ignore */ indexUrl)) as typeof import('../src/bench/cpu/index.ts');
        const runner = (await import(/* @vite-ignore */ runnerUrl)) as typeof import('../src/bench/cpu/runner.ts');
        const env = { ...index.browserCpuTierEnv(), flavor: f };
        const result = await runner.runCpuTiersWith(env, { profile: p });
        const windows: [CpuTiersResult, CpuTiersResult][] = [];
        for (let i = 0; i < rounds; i++) {
          const span = await runner.runCpuTiersWith({ ...env, tiers: pair, window: 'span' }, { profile: p });
          const overlap = await runner.runCpuTiersWith({ ...env, tiers: pair, window: 'overlap' }, { profile: p });
          windows.push([span, overlap]);
        }
        return { result, userAgent: navigator.userAgent, windows };
      },
      { p: profile, f: flavor, rounds: windowRounds, pair: [...F32_PAIR] },
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

function detail(r: CpuTiersResult, id: string, key: string): string | number | boolean | undefined {
  const m = r.metrics.find((x) => x.id === id);
  return m && m.status === 'ok' ? m.details?.[key] : undefined;
}

function fmt(x: number | undefined, digits = 1): string {
  return x === undefined ? 'n/a' : x.toFixed(digits);
}

function pct(x: number | undefined, y: number | undefined): string {
  return x === undefined || y === undefined ? 'n/a' : `${((100 * x) / y).toFixed(0)} %`;
}

function loadavg(): string {
  return loadavgNumbers()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/**
 * NumPy's bandwidth on 1e8 float32 (400 MB per array, far beyond any cache), best of 5, as
 * counted bytes per second: `np.add(a, b, out=c)` reads 2 and writes 1 array (like the
 * triad), `np.copyto(c, a)` reads 1 and writes 1, `a.sum()` reads 1. NumPy runs these on one
 * thread, so they compare with cpu.mem1.gbps.
 */
function runNumpy(): Record<string, number> | undefined {
  const py = `
import numpy as np, time, json
n = 10**8
a = np.random.rand(n).astype(np.float32); b = np.random.rand(n).astype(np.float32); c = np.empty_like(a)
def best(f, reps=5):
    f(); t = []
    for _ in range(reps):
        t0 = time.perf_counter(); f(); t.append(time.perf_counter() - t0)
    return min(t)
out = {
  'add': 3 * 4 * n / best(lambda: np.add(a, b, out=c)) / 1e9,
  'copy': 2 * 4 * n / best(lambda: np.copyto(c, a)) / 1e9,
  'sum': 4 * n / best(lambda: a.sum()) / 1e9,
  'triad': 3 * 4 * n / best(lambda: (np.multiply(a, np.float32(0.5), out=c), np.add(c, b, out=c))) / 1e9,
}
print(json.dumps(out))
`;
  try {
    const out = execFileSync('python3', ['-c', py], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out) as Record<string, number>;
  } catch (err) {
    console.error(`NumPy comparison skipped: ${(err as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

/** One line per window-comparison round: simdAll ÷ (threads × simd1), old and new. */
function printWindows(name: string, windows: readonly [CpuTiersResult, CpuTiersResult][]): void {
  if (windows.length === 0) return;
  console.log('');
  console.log(`${name}: all cores ÷ (threads × one thread), same session, alternating (best samples)`);
  console.log('round  span: simd1  simdAll  ratio   | overlap: simd1  simdAll  ratio  skew med/max ms  per worker');
  const ratios: [number, number][] = [];
  windows.forEach(([span, overlap], i) => {
    const row = (r: CpuTiersResult): [string, number] => {
      const s1 = best(r, F32_PAIR[0]);
      const sa = best(r, F32_PAIR[1]);
      const ratio = s1 && sa ? sa / (r.threads * s1) : Number.NaN;
      return [`${fmt(s1).padStart(6)} ${fmt(sa).padStart(8)} ${ratio.toFixed(2).padStart(6)}`, ratio];
    };
    const [a, ra] = row(span);
    const [b, rb] = row(overlap);
    ratios.push([ra, rb]);
    const skew = `${detail(overlap, F32_PAIR[1], 'startSkewMs.median')}/${detail(overlap, F32_PAIR[1], 'startSkewMs.max')}`;
    const workers = Array.from({ length: overlap.threads }, (_, w) =>
      detail(overlap, F32_PAIR[1], `worker${w}.gflops`),
    );
    console.log(`${String(i + 1).padStart(5)}  ${a}   |        ${b}  ${skew.padStart(15)}  ${workers.join(', ')}`);
  });
  const med = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1] ?? Number.NaN;
  console.log(
    `median ratio: span ${med(ratios.map((r) => r[0])).toFixed(2)}, overlap ${med(ratios.map((r) => r[1])).toFixed(2)}; loadavg now ${loadavg()}`,
  );
}

/** The workload kernels at three sizes each, against the peaks of the same run. */
async function printWorkloads(
  env: ReturnType<typeof nodeCpuTierEnv>,
  tiers: CpuTiersResult | undefined,
): Promise<void> {
  const peak = tiers ? best(tiers, 'cpu.simdAll.gflops') : undefined;
  const bw = tiers ? best(tiers, 'cpu.mem.gbps') : undefined;
  // Three sizes of each runnable kind, in the CLI's --verify form (read through the page's validation).
  const specs = [
    'matmul:m=256,n=256,k=256',
    'matmul:m=512,n=512,k=512',
    'matmul:m=1024,n=1024,k=1024',
    'matvec:m=4096,n=4096',
    'matvec:m=8192,n=8192',
    'matvec:m=4096,n=4096,batch=16',
    'elementwise:elements=1e6',
    'elementwise:elements=1e7',
    'elementwise:elements=3e7',
    'reduction:elements=1e6',
    'reduction:elements=1e7',
    'reduction:elements=3e7',
    'softmax:rows=256,cols=256',
    'softmax:rows=1000,cols=1000',
    'softmax:rows=4096,cols=4096',
    'layernorm:rows=256,cols=256',
    'layernorm:rows=1000,cols=1000',
    'layernorm:rows=4096,cols=4096',
  ];
  console.log('');
  console.log(
    `workloads (Node workers, median of 5 runs; peaks of this run: simdAll ${fmt(peak)} GFLOPS, mem ${fmt(bw)} GB/s)`,
  );
  console.log(
    'workload                         median ms  best ms   GFLOPS (best)   GB/s (best)   of peak (median / best)',
  );
  for (const spec of specs) {
    const parsed = parseVerifySpec(spec);
    if (!parsed.ok) throw new Error(`${spec}: ${parsed.message}`);
    const w = parsed.workload;
    try {
      const r = await runCpuWorkload(env, w, { runs: 5 });
      const bestG = r.flops / r.bestSeconds / 1e9;
      const bestB = r.bytes / r.bestSeconds / 1e9;
      const frac =
        cpuWorkFor(w.id) === 'compute'
          ? `${pct(r.achievedGflops, peak)} / ${pct(bestG, peak)} of FLOPS`
          : `${pct(r.achievedGbps, bw)} / ${pct(bestB, bw)} of mem`;
      const name = spec.replace(':', ' ').replace(/,/g, ' ');
      console.log(
        `${name.padEnd(32)} ${(r.seconds * 1e3).toFixed(2).padStart(9)} ${(r.bestSeconds * 1e3).toFixed(2).padStart(8)}   ${fmt(r.achievedGflops).padStart(6)} (${fmt(bestG)})   ${fmt(r.achievedGbps).padStart(6)} (${fmt(bestB)})   ${frac}`,
      );
    } catch (err) {
      console.log(`${spec}: failed: ${(err as Error).message}`);
    }
  }
}

async function main(): Promise<void> {
  console.log(`CPU tiers vs native, profile ${profile}, ${cores} logical cores, node ${process.version}`);
  console.log(`loadavg at start: ${loadavg()}`);
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
  const numpy = withNumpy ? runNumpy() : undefined;
  const nodeEnv = { ...nodeCpuTierEnv(), flavor };
  const rows: [string, CpuTiersResult][] = [['node', await runCpuTiersWith(nodeEnv, { profile })]];
  const nodeWindows: [CpuTiersResult, CpuTiersResult][] = [];
  for (let i = 0; i < windowRounds; i++) {
    nodeWindows.push([
      await runCpuTiersWith({ ...nodeEnv, tiers: F32_PAIR, window: 'span' }, { profile }),
      await runCpuTiersWith({ ...nodeEnv, tiers: F32_PAIR, window: 'overlap' }, { profile }),
    ]);
  }
  let browserWindows: [CpuTiersResult, CpuTiersResult][] = [];
  if (withBrowser) {
    try {
      const b = await runBrowser();
      if (b) {
        console.log(`browser: ${b.userAgent}`);
        rows.push(['chromium', b.result]);
        browserWindows = b.windows;
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
    'runtime   flavor        js (f64)  simd1   simd1/native  simdAll  threads  simdAll/(threads×simd1)  simdAll/nativeAll  f64 1T  f64 all',
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
        (s1 && sa ? (sa / (r.threads * s1)).toFixed(2) : 'n/a').padStart(24),
        pct(sa, nativeAll).padStart(18),
        fmt(best(r, 'cpu.simd1.f64.gflops')).padStart(7),
        fmt(best(r, 'cpu.simdAll.f64.gflops')).padStart(8),
      ].join(' '),
    );
    for (const w of r.warnings) console.log(`  warning: ${w}`);
  }
  console.log('');
  console.log('memory bandwidth, GB/s (counted bytes: triad and np.add 2 reads + 1 write, copy 1 + 1, sum 1 read)');
  if (numpy) {
    console.log(
      `NumPy (1 thread, 1e8 float32): np.add ${fmt(numpy['add'])}, a*0.5 then +b in place ${fmt(numpy['triad'])}, copyto ${fmt(numpy['copy'])}, sum ${fmt(numpy['sum'])}`,
    );
  }
  for (const [name, r] of rows) {
    const m1 = best(r, 'cpu.mem1.gbps');
    const m = best(r, 'cpu.mem.gbps');
    const vsNumpy = numpy ? ` (mem1 ÷ np.add ${pct(m1, numpy['add'])})` : '';
    console.log(`${name.padEnd(9)} cpu.mem1.gbps ${fmt(m1)}  cpu.mem.gbps ${fmt(m)} (${r.threads} threads)${vsNumpy}`);
    for (const [label, id] of [
      ['1 thread ', 'cpu.mem1.gbps'],
      ['all cores', 'cpu.mem.gbps'],
    ] as const) {
      const metric = r.metrics.find((x) => x.id === id);
      if (metric?.status !== 'ok') continue;
      const sweep = cpuBandwidthCurveFromDetails(metric.details)
        .map((p) => `${bytesLabel(p.workingSetBytes)} ${(p.bytesPerSecond / 1e9).toFixed(0)}`)
        .join(' · ');
      console.log(`  sweep ${label}: ${sweep}`);
    }
  }
  if (withWorkloads) await printWorkloads(nodeEnv, rows[0]?.[1]);
  printWindows('node', nodeWindows);
  printWindows('chromium', browserWindows);
  console.log(`loadavg at end: ${loadavg()}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
