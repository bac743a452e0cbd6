/**
 * Describing a stored run for people: browser and device in a few words, whether the GPU
 * was a software adapter, and the names new records get. Pure.
 */
import type { BenchRun } from '../bench/bench-run.ts';
import type { EstimatorOutputs } from '../estimator/estimator.ts';
import type { RawInputs } from '../estimator/fields.ts';
import { formatSpeedup } from '../shared/format.ts';
import { parseBrowser } from '../bench/browser.ts';
import { okMetricIn, type MetricId, type MetricOk } from '../bench/metrics.ts';
import { displayText } from '../shared/text.ts';

/** Longest name accepted; names are labels, not documents. */
export const MAX_NAME_LENGTH = 120;

/** Trim a name and clamp it to MAX_NAME_LENGTH; undefined when nothing is left. */
export function cleanName(name: string): string | undefined {
  // Control characters would only make a name unreadable in the list and in CSV.
  // eslint-disable-next-line no-control-regex
  const t = displayText(name.replace(/[\u0000-\u001f\u007f]+/g, ' ')).trim();
  if (t === '') return undefined;
  if (t.length <= MAX_NAME_LENGTH) return t;
  // Cut on code points so an emoji is never split in half.
  let out = '';
  for (const ch of t) {
    if (out.length + ch.length > MAX_NAME_LENGTH) break;
    out += ch;
  }
  return out.trim();
}

/** Short browser name and version from a user agent: "Chrome 131", "Firefox 133", "Safari 18.1". */
export function browserLabel(userAgent: string): string {
  // The view of a Python-lane run says "Python 3.11" where a browser run names its browser.
  const py = /^Python\/(\d+(?:\.\d+)?)/.exec(userAgent);
  if (py) return `Python ${py[1]}`;
  const b = parseBrowser(userAgent);
  const majorMinor = b.version.split('.').slice(0, 2).join('.');
  if (b.name === 'Node') return `Node ${majorMinor}${/dawn/i.test(userAgent) ? ' (Dawn)' : ''}`;
  if (!b.name) return userAgent.trim() === '' ? 'unknown browser' : 'other browser';
  return `${b.name} ${b.name === 'Safari' ? majorMinor : b.version.split('.')[0]}`;
}

/** The user agent a run was measured in (the environment's, else the GPU section's). */
export function runUserAgent(run: BenchRun): string {
  return run.environment.userAgent || run.gpu?.userAgent || '';
}

/** The adapter in a few words: description, else vendor + architecture, else "no GPU". */
export function deviceLabel(run: BenchRun): string {
  const a = run.gpu?.adapter;
  if (!a) return 'no GPU';
  const description = a.description.trim();
  if (description) return description.slice(0, 80);
  const parts = [a.vendor, a.architecture, a.device].map((s) => s.trim()).filter((s) => s !== '');
  return parts.length > 0 ? parts.join(' ').slice(0, 80) : 'unnamed GPU';
}

/** True when the GPU numbers come from a software / fallback adapter. */
export function isSoftwareRun(run: BenchRun): boolean {
  return run.software || run.gpu?.adapter.isFallbackAdapter === true;
}

/** The name a newly saved run gets: where it was measured. */
export function defaultRunName(run: BenchRun): string {
  return cleanName(`${deviceLabel(run)} · ${browserLabel(runUserAgent(run))}`) ?? 'Benchmark run';
}

/** The name a saved estimate gets when none is given: its result and its size. */
export function defaultEstimateName(raw: RawInputs, outputs: EstimatorOutputs): string {
  return (
    cleanName(`${formatSpeedup(outputs.speedup)} speedup · ${raw.totalGigaOps.trim()} Giga-ops`) ?? 'Saved estimate'
  );
}

/** The metric with this id, when it was measured. */
export function okMetricOf(run: BenchRun, id: MetricId): MetricOk | undefined {
  return okMetricIn(run.metrics, id);
}
