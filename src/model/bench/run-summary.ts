/** One-line descriptions of the run whose numbers fill the estimator. Pure. */
import type { BenchRun } from './bench-run.ts';
import { browserLabel, deviceLabel, runUserAgent } from '../history/describe.ts';

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
    return `No GPU measurements: ${sentence(run.gpuUnavailable)} The CPU values are measured; the GPU fields keep their defaults.`;
  }
  const fatal = run.gpu?.error?.trim();
  if (fatal) {
    // The reason that ended the GPU run (a lost device) is said once: the failed metric
    // and the run's own error repeat it, so those lines are left out.
    const others = uniqueErrors(run.errors.filter((e) => !e.includes(fatal)));
    return `The GPU run stopped: ${sentence(fatal)} GPU values measured before that are used; the rest keep their previous values.${others.length ? ` Also failed: ${others.join(' ')}` : ''}`;
  }
  if (run.errors.length) return `Some measurements failed: ${uniqueErrors(run.errors).join(' ')}`;
  return '';
}

/** A reason from the GPU or CPU code may lack its full stop ("… within 15 s"): add one. */
function sentence(text: string): string {
  return text.trim().replace(/[.!?]?$/, (end) => end || '.');
}

/** Each error once, and each as a sentence. */
function uniqueErrors(errors: readonly string[]): string[] {
  return [...new Set(errors.map(sentence))];
}
