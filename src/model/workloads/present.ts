/**
 * How the workload figures read on the page: counts with SI prefixes (decimal, like the
 * GB/s they are divided by), the break-even sentence along the workload's own size, and
 * the value a `data-output` element carries for it. Pure.
 */
import { formatDuration } from '../shared/format.ts';
import type { SizeBreakEven } from './break-even.ts';
import type { Bound } from './roofline.ts';

export { formatBytesSi, formatFlops, formatSi } from '../shared/format.ts';

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A size as people say it: whole numbers to 10 000 with two significant digits ("700",
 * "1,200"), then a mantissa and a power of ten ("3·10⁷", "2.5·10⁹").
 */
export function formatSize(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 10_000) {
    const rounded = n < 100 ? Math.round(n) : Number(n.toPrecision(2));
    return rounded.toLocaleString('en-US');
  }
  const e = Math.floor(Math.log10(n));
  let mantissa = Number((n / 10 ** e).toPrecision(2));
  let exp = e;
  if (mantissa >= 10) {
    mantissa /= 10;
    exp += 1;
  }
  const power = `10${[...String(exp)].map((d) => SUPERSCRIPT[Number(d)] ?? d).join('')}`;
  return mantissa === 1 ? power : `${mantissa}·${power}`;
}

/** "n ≈ 700" for matmul's axis (its unit is the symbol n), "≈ 3·10⁷ elements" for others. */
export function sizeText(size: number, unit: string): string {
  return unit === 'n' ? `n ≈ ${formatSize(size)}` : `≈ ${formatSize(size)} ${unit}`;
}

/**
 * The sentence: "The GPU wins from n ≈ 700." / "…at every size from 1 …" / "…at no size up
 * to …". The size is in the workload's own unit; the chart's axis says what it measures.
 */
export function breakEvenText(be: SizeBreakEven): string {
  switch (be.kind) {
    case 'finite':
      return `The GPU wins from ${sizeText(be.size, be.unit)}; below that the CPU is as fast or faster.`;
    case 'always':
      return `The GPU wins at every size, from ${be.unit === 'n' ? 'n = ' : ''}${formatSize(be.minSize)}${unitSuffix(be.unit)} up.`;
    case 'never':
      return `The GPU wins at no size up to ${be.unit === 'n' ? 'n = ' : ''}${formatSize(be.maxSize)}${unitSuffix(be.unit)} with these rates.`;
  }
}

/** The break-even in a few words, for a results tile: "n ≈ 700", "any size", "none". */
export function breakEvenShort(be: SizeBreakEven): string {
  switch (be.kind) {
    case 'finite':
      return sizeText(be.size, be.unit);
    case 'always':
      return 'any size';
    case 'never':
      return 'none';
  }
}

/** " elements" after a number; nothing for matmul's n, which the axis label already names. */
function unitSuffix(unit: string): string {
  return unit === 'n' ? '' : ` ${unit}`;
}

/**
 * What the `breakEvenSize` output carries: `data-value` is a plain number that JavaScript's
 * `Number()` reads: the size where the GPU starts to win; the smallest size searched when
 * it always wins; `Infinity` when it never does. `data-kind` says which.
 */
export function breakEvenDataValue(be: SizeBreakEven): { value: string; kind: SizeBreakEven['kind'] } {
  switch (be.kind) {
    case 'finite':
      return { value: String(be.size), kind: be.kind };
    case 'always':
      return { value: String(be.minSize), kind: be.kind };
    case 'never':
      return { value: 'Infinity', kind: be.kind };
  }
}

/** "memory-bound (bandwidth)" for the results' bound cells. */
export function boundText(bound: Bound): string {
  return bound === 'memory' ? 'memory-bound' : 'compute-bound';
}

/** A time for the results, e.g. "55 ms"; re-exported so the elements need one import. */
export const formatSeconds = formatDuration;
