/** One-line descriptions of the run whose numbers fill the estimator. Pure. */
import type { BenchRun } from './bench-run.ts';
import { browserLabel, deviceLabel, runUserAgent } from './history/describe.ts';

/** "Measured <when>, quick profile, <GPU>, <browser>." plus where it came from. */
export function runSummary(run: BenchRun, fromHistory: boolean, locale?: string): string {
  const when = new Date(run.startedAt).toLocaleString(locale);
  const state = run.cancelled ? ' (cancelled: partial results)' : '';
  const origin = fromHistory ? ' Taken from your history.' : '';
  return `Measured ${when}, ${run.profile} profile, ${deviceLabel(run)}, ${browserLabel(runUserAgent(run))}${state}.${origin}`;
}

/** Why a run gave fewer numbers than it should, in plain words; empty when it did not. */
export function runProblem(run: BenchRun): string {
  if (run.cancelled) {
    return 'The measurement was cancelled; values measured before that are used, the rest keep their previous values.';
  }
  if (run.gpuUnavailable) {
    // The reason comes from the GPU code and may lack its full stop ("… within 15 s").
    const reason = run.gpuUnavailable.trim().replace(/[.!?]?$/, (end) => end || '.');
    return `No GPU measurements: ${reason} The CPU values are measured; the GPU fields keep their defaults.`;
  }
  if (run.errors.length) return `Some measurements failed: ${run.errors.join(' ')}`;
  return '';
}
