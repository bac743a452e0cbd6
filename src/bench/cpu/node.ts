/**
 * CPU tiers under Node: the same kernels and runner as the browser, in node:worker_threads.
 *
 * The worker entry is TypeScript (worker-node.ts). Node 20 cannot load it by itself, and
 * `--import tsx` in a worker's execArgv does not apply to the worker's entry module (tried:
 * "Unknown file extension .ts"), neither under the tsx CLI nor under vitest. So each worker
 * starts from a tiny data: URL module that registers tsx's ESM hooks through its API
 * (`tsx/esm/api`, a dev dependency) and then imports the entry. If this file is ever
 * compiled to .js, the entry is loaded directly.
 *
 * Relaxed SIMD is behind `--experimental-wasm-relaxed-simd` in Node 20's V8 (11.3);
 * Chromium ships it (since 114) and Node 22 enables it by default. To measure what the
 * machine offers a browser, this module turns the V8 flag on before starting workers
 * (recorded as `relaxedSimdFlag` in the details). Set GPU_PAYOFF_NO_RELAXED_SIMD=1 to skip.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BenchRunOptions, CpuTiersResult } from '../types.ts';
import type { WorkerReply } from '../workers/protocol.ts';
import { runCpuTiersWith, type CpuTierEnv, type TierWorker } from './runner.ts';
import { detectSimdSupport } from './wasm-kernel.ts';

/** The worker's entry: the .ts file itself, or a bootstrap that registers tsx first. */
function workerEntryUrl(): URL {
  const entry = new URL('../worker-node.ts', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return entry;
  // tsx's ESM API; its CommonJS build mis-resolves its own hooks when registered from a worker.
  const tsxApi = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const bootstrap =
    `import(${JSON.stringify(pathToFileURL(tsxApi).href)})` +
    `.then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

/** Wrap a worker thread running worker-node.ts. */
export function createNodeTierWorker(): TierWorker {
  const worker = new Worker(workerEntryUrl(), { name: 'cpu-tier' });
  let terminated = false;
  return {
    postMessage: (req) => worker.postMessage(req),
    listen(onReply, onFailure) {
      worker.on('message', (reply: WorkerReply) => onReply(reply));
      worker.on('error', (err: Error) => onFailure(`the worker failed: ${err.message}`));
      worker.on('messageerror', () => onFailure('a message from the worker could not be read'));
      worker.on('exit', (code: number) => {
        if (!terminated) onFailure(`the worker exited unexpectedly (code ${code})`);
      });
    },
    terminate: () => {
      terminated = true;
      void worker.terminate();
    },
  };
}

/** Turn on relaxed SIMD in this process's V8 where it is still behind a flag. */
export function enableRelaxedSimd(): boolean {
  if (process.env['GPU_PAYOFF_NO_RELAXED_SIMD'] === '1') return false;
  if (detectSimdSupport().relaxed) return false; // already on: nothing to record
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return detectSimdSupport().relaxed;
}

/** The Node environment: os.availableParallelism() workers for the all-cores tier. */
export function nodeCpuTierEnv(): CpuTierEnv {
  const relaxedSimdFlag = enableRelaxedSimd();
  return {
    createWorker: createNodeTierWorker,
    logicalCores: availableParallelism(),
    now: () => performance.now(),
    platform: `node ${process.version}`,
    extraDetails: { relaxedSimdFlag },
  };
}

/**
 * Measure the CPU tiers under Node (worker threads). Same contract as the browser's
 * `runCpuTiers`: every tier appears in `metrics`, ok, failed or cancelled.
 */
export function runCpuTiersNode(opts: BenchRunOptions): Promise<CpuTiersResult> {
  return runCpuTiersWith(nodeCpuTierEnv(), opts);
}
