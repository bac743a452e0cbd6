/**
 * Which stored run describes the machine and browser the page is running on now, so a
 * later visit can apply it at once instead of measuring again. Pure.
 */
import type { BenchRun } from './bench-run.ts';
import type { HardwareReport } from './hardware.ts';
import type { StoredRun } from '../history/records.ts';

/**
 * Same browser build (exact user agent) and the same adapter as reported (vendor,
 * architecture, device, description, fallback). A driver or browser update therefore
 * counts as a new setup and gets measured afresh.
 */
export function sameSetup(run: BenchRun, hw: HardwareReport): boolean {
  if (run.environment.host !== 'browser' || run.environment.userAgent !== hw.userAgent) return false;
  const a = run.gpu?.adapter;
  if (!hw.gpu.available) return a === undefined;
  if (!a) return false;
  return (
    a.vendor === hw.gpu.vendor &&
    a.architecture === hw.gpu.architecture &&
    a.device === hw.gpu.device &&
    a.description === hw.gpu.description &&
    a.isFallbackAdapter === hw.gpu.isFallbackAdapter
  );
}

/** The newest complete (not cancelled, at least one measured metric) run for this setup. */
export function latestRunFor(runs: readonly StoredRun[], hw: HardwareReport): StoredRun | undefined {
  let best: StoredRun | undefined;
  for (const r of runs) {
    if (r.run.cancelled || !r.run.metrics.some((m) => m.status === 'ok') || !sameSetup(r.run, hw)) continue;
    if (!best || r.run.startedAt > best.run.startedAt) best = r;
  }
  return best;
}
