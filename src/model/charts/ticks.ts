/**
 * Tick marks for the log-log charts: at round values of a unit a person reads at a
 * glance (1 ms, 10 s, 1 min, 1 h, 1 day, 100 years) rather than at powers of ten of
 * seconds ("2.78 h", "1.67 min"), and few enough that their labels never collide. Pure.
 */

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const YEAR = 365 * DAY;

/** One round duration: its value in seconds and how it reads. */
interface RoundDuration {
  seconds: number;
  label: string;
}

function grouped(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** Every round duration from 1 fs to 10^15 years, ascending. */
const ROUND_DURATIONS: readonly RoundDuration[] = (() => {
  const out: RoundDuration[] = [];
  const decades = (unitSeconds: number, unit: string, from: number, to: number) => {
    for (let e = from; e <= to; e++) {
      const n = 10 ** e;
      out.push({ seconds: n * unitSeconds, label: `${n < 1 ? String(n) : grouped(n)} ${unit}` });
    }
  };
  decades(1e-12, 'ps', 0, 2);
  decades(1e-9, 'ns', 0, 2);
  decades(1e-6, 'µs', 0, 2);
  decades(1e-3, 'ms', 0, 2);
  decades(1, 's', 0, 1);
  out.push({ seconds: MINUTE, label: '1 min' }, { seconds: 10 * MINUTE, label: '10 min' });
  out.push({ seconds: HOUR, label: '1 h' }, { seconds: 10 * HOUR, label: '10 h' });
  out.push({ seconds: DAY, label: '1 day' }, { seconds: 10 * DAY, label: '10 days' });
  out.push({ seconds: 100 * DAY, label: '100 days' });
  out.push({ seconds: YEAR, label: '1 year' });
  for (let e = 1; e <= 15; e++) {
    const n = 10 ** e;
    const label = e >= 6 ? `10${superscript(e)} years` : `${grouped(n)} years`;
    out.push({ seconds: n * YEAR, label });
  }
  return out;
})();

function superscript(n: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return [...String(n)].map((d) => digits[Number(d)] ?? d).join('');
}

/** Thin a sorted list to at most `maxCount`, keeping every k-th from the first. */
function thin<T>(items: readonly T[], maxCount: number): T[] {
  const max = Math.max(2, Math.floor(maxCount));
  if (items.length <= max) return [...items];
  const step = Math.ceil(items.length / max);
  return items.filter((_, i) => i % step === 0);
}

/** Relative slack so a tick exactly at the axis end (10 ms when the data end there) is kept. */
const EDGE = 1e-9;

/**
 * Ticks for a log time axis from `min` to `max` seconds: round durations only, at most
 * `maxCount` of them, evenly thinned. Falls back to the two ends when no round value lies
 * inside (a range narrower than one step).
 */
export function durationTicks(min: number, max: number, maxCount: number): { values: number[]; labels: string[] } {
  const inside = ROUND_DURATIONS.filter((d) => d.seconds >= min * (1 - EDGE) && d.seconds <= max * (1 + EDGE));
  const picked = thin(inside, maxCount);
  return { values: picked.map((d) => d.seconds), labels: picked.map((d) => d.label) };
}

/** The label of a round duration (as `durationTicks` gives it), or undefined for another value. */
export function durationTickLabel(seconds: number): string | undefined {
  return ROUND_DURATIONS.find((d) => Math.abs(d.seconds - seconds) <= d.seconds * 1e-9)?.label;
}

/** Powers of ten from `min` to `max`, at most `maxCount` of them, every k-th decade. */
export function decadeTicks(min: number, max: number, maxCount: number): number[] {
  const lo = Math.ceil(Math.log10(min) - EDGE);
  const hi = Math.floor(Math.log10(max) + EDGE);
  const all: number[] = [];
  for (let e = lo; e <= hi; e++) all.push(Number((10 ** e).toPrecision(12)));
  return thin(all, maxCount);
}

/** A power of ten as a plain axis label: "0.001", "1", "1,000", "10⁶". */
export function decadeLabel(n: number): string {
  const e = Math.round(Math.log10(n));
  if (e >= 6 || e <= -4) return `10${superscript(e).replace('-', '⁻')}`;
  return e < 0 ? String(Number(n.toPrecision(1))) : grouped(n);
}
