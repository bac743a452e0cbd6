/**
 * What the first paint does not need, loaded with dynamic `import()` so the calculator (the
 * estimator form and its results) is interactive before the rest arrives (issue #11: the
 * first paint's JavaScript ≤ 60 KB gzip, `npm run size`).
 *
 * - Elements below the calculator (charts and uPlot, the benchmark panel, history, the
 *   hardware card, the roofline results) are defined after the first paint, on idle.
 *   Until then they are unknown elements: Lit still sets their properties and listens for
 *   their events, and Lit's upgrade keeps the properties set before the definition.
 * - The benchmark code (GPU suite, shaders, CPU tiers) loads when a run starts.
 * - The history store (idb-keyval, record validation, import/export) loads at once, beside
 *   the hardware detection, since startup reads it to decide whether to measure.
 * - The hardware detection (the GPU adapter's request and its details) loads at once too:
 *   startup awaits it before anything it decides is shown, so it need not be in the first
 *   paint's script.
 */
import type { BenchRun } from '../model/bench/bench-run.ts';
import type { HardwareReport } from '../model/bench/hardware.ts';
import type { RunBenchmarkOptions } from '../bench/run.ts';
import type { HistoryStore } from '../store/history-store.ts';
import { loadWorkloadKinds } from '../model/workloads/kinds/index.ts';

/** Resolves after the next frame is painted, or on idle, whichever the browser offers. */
function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    // A frame callback runs before that frame's paint; a task queued from it runs after.
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

let laterElements: Promise<void> | undefined;

/** Define the elements below the calculator once the first frame is painted (once per page). */
export function defineLaterElements(): Promise<void> {
  laterElements ??= afterFirstPaint()
    .then(() =>
      Promise.all([
        import('./estimator/sweep-chart.ts'),
        import('./estimator/machine-fields.ts'),
        import('./bench/measure-controls.ts'),
        import('./workloads/workload-verify.ts'),
        import('./estimator/sweep-table.ts'),
        import('./estimator/formula-section.ts'),
        import('./workloads/workload-results.ts'),
        import('./bench/hardware-card.ts'),
        import('./bench/bench-panel.ts'),
        import('./history/history-panel.ts'),
        import('./python/python-panel.ts'),
        import('./catalog/gpu-compare.ts'),
      ]),
    )
    .then(() => undefined);
  return laterElements;
}

/** The page's benchmark runner, loaded on the first run (and only then). */
export async function runBenchmarkLazily(opts: RunBenchmarkOptions): Promise<BenchRun> {
  const { runBenchmark } = await import('../bench/run.ts');
  return runBenchmark(opts);
}

/** What this browser has (CPU threads, the GPU adapter), from its own chunk, loaded at startup. */
export async function detectHardwareLazily(): Promise<HardwareReport> {
  const { detectHardware } = await import('../bench/detect.ts');
  return detectHardware();
}

/**
 * The page's one history store, from its own chunk, once the workload kinds' lazily loaded
 * parts are in too: validating a saved estimate of an expression needs its parser.
 */
export async function loadHistoryStore(): Promise<HistoryStore> {
  const [{ defaultHistoryStore }] = await Promise.all([import('../store/history-store.ts'), loadWorkloadKinds()]);
  return defaultHistoryStore();
}
