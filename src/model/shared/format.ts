/**
 * Number formatting for people: durations in the unit that reads best, speedups as
 * "96.9×", percentages, counts with SI prefixes ("17.2 GFLOP", "1.2 GB"). Non-finite values render as an em dash, never NaN or Infinity.
 */

export const DASH = '—';

/** Three significant digits, without trailing zeros beyond what's needed ("12.5", "0.129"). */
export function sig3(n: number): string {
  if (!Number.isFinite(n)) return DASH;
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 1e6 || abs < 1e-3) {
    return n
      .toExponential(2)
      .replace(/\.?0+e/, 'e')
      .replace('e+', 'e');
  }
  return String(Number(n.toPrecision(3)));
}

/** Digits with thousands separators for large numbers ("12,500"). */
function grouped(n: number): string {
  return n.toLocaleString('en-US', { maximumSignificantDigits: 3 });
}

/** A duration in seconds as ns/µs/ms/s/min/h/days, 3 significant digits. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return DASH;
  if (seconds === 0) return '0 s';
  if (seconds < 1e-6) return `${sig3(seconds * 1e9)} ns`;
  if (seconds < 1e-3) return `${sig3(seconds * 1e6)} µs`;
  if (seconds < 1) return `${sig3(seconds * 1e3)} ms`;
  if (seconds < 60) return `${sig3(seconds)} s`;
  if (seconds < 3600) return `${sig3(seconds / 60)} min`;
  if (seconds < 86400 * 2) return `${sig3(seconds / 3600)} h`;
  if (seconds < 86400 * 365 * 2) return `${grouped(seconds / 86400)} days`;
  return `${grouped(seconds / (86400 * 365))} years`;
}

/** A speedup ratio: "96.9×", "0.42×", "1,230×". */
export function formatSpeedup(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio < 0) return DASH;
  if (ratio >= 1000 && ratio < 1e6) return `${grouped(ratio)}×`;
  return `${sig3(ratio)}×`;
}

/** A percentage with sensible precision: "48.4 %", "0.012 %", "100 %". */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return DASH;
  return `${sig3(percent)} %`;
}

/** Giga-operations with a readable SI prefix: "500 Giga-ops", "2.5 Tera-ops"... kept simple. */
export function formatGigaOps(gigaOps: number): string {
  if (!Number.isFinite(gigaOps) || gigaOps < 0) return DASH;
  if (gigaOps >= 1000 && gigaOps < 1e6) return `${grouped(gigaOps)} Giga-ops`;
  return `${sig3(gigaOps)} Giga-ops`;
}

/**
 * A measured metric's value, as the results table and the CLI print it: whole numbers
 * from 100, one decimal from 10, two from 1, two significant digits below ("0.042").
 */
export function formatMetricValue(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** Plain number for tables: "0.001", "12.5", "1e4" for very large. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return DASH;
  if (Math.abs(n) >= 1000 && Math.abs(n) < 1e6) return grouped(n);
  return sig3(n);
}

const PREFIXES: readonly [number, string][] = [
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** Three significant digits with an SI prefix: "17.2 G", "400 M", "12" (no prefix below 1000). */
export function formatSi(n: number, unit: string): string {
  if (!Number.isFinite(n) || n < 0) return DASH;
  const space = unit === '' ? '' : ' ';
  for (const [scale, prefix] of PREFIXES) {
    if (n >= scale) {
      // Above 1000 E (10^21) the prefix runs out: an exponent reads better than "1000000 E".
      if (scale === 1e18 && n >= 1e21) return `${n.toExponential(2)}${space}${unit}`;
      return `${Number((n / scale).toPrecision(3))} ${prefix}${unit}`;
    }
  }
  return `${Number(n.toPrecision(3))}${space}${unit}`;
}

/** FLOPs: "17.2 GFLOP". */
export function formatFlops(flops: number): string {
  return formatSi(flops, 'FLOP');
}

/** Bytes in decimal units, as bandwidths are quoted: "1.2 GB". */
export function formatBytesSi(bytes: number): string {
  return formatSi(bytes, 'B');
}
