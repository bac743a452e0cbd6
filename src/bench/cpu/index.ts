/**
 * CPU tiers in the browser: each tier's kernels run in module Web Workers (one per thread,
 * each with its own Wasm instance; no SharedArrayBuffer needed), never on the UI thread.
 *
 * ```ts
 * const result = await runCpuTiers({ profile: 'quick', signal, onProgress });
 * // result.metrics: cpu.js.gflops, cpu.simd1.gflops, cpu.simdAll.gflops (ok, failed or cancelled)
 * ```
 */
import type { BenchRunOptions, CpuTiersResult } from '../types.ts';
import type { WorkerReply } from '../workers/protocol.ts';
import { runCpuTiersWith, type CpuTierEnv, type TierWorker } from './runner.ts';

export { CPU_TIERS, TIER_PLANS } from './runner.ts';

/** Wrap a module Web Worker running worker.ts. Throws when workers are unavailable. */
export function createBrowserTierWorker(): TierWorker {
  if (typeof Worker === 'undefined') throw new Error('this browser has no Web Workers');
  const worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module', name: 'cpu-tier' });
  return {
    postMessage: (req) => worker.postMessage(req),
    listen(onReply, onFailure) {
      worker.addEventListener('message', (e: MessageEvent<WorkerReply>) => onReply(e.data));
      // A script that fails to load or throws at top level fires 'error' (with no message
      // for load failures); a reply that cannot be deserialized fires 'messageerror'.
      worker.addEventListener('error', (e: ErrorEvent) => {
        e.preventDefault();
        onFailure(e.message ? `the worker failed: ${e.message}` : 'the worker script failed to load or start');
      });
      worker.addEventListener('messageerror', () => onFailure('a message from the worker could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}

/** The browser environment: hardwareConcurrency workers for the all-cores tier. */
export function browserCpuTierEnv(): CpuTierEnv {
  const cores =
    typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
  return {
    createWorker: createBrowserTierWorker,
    logicalCores: cores,
    now: () => performance.now(),
    platform: 'browser',
    extraDetails: { crossOriginIsolated: typeof crossOriginIsolated === 'boolean' ? crossOriginIsolated : false },
  };
}

/**
 * Measure the CPU tiers in the page (in Web Workers). Resolves with every tier's metric —
 * ok, failed (with a plain-words reason, also in `warnings`) or cancelled; never rejects
 * because a tier failed.
 */
export function runCpuTiers(opts: BenchRunOptions): Promise<CpuTiersResult> {
  return runCpuTiersWith(browserCpuTierEnv(), opts);
}
