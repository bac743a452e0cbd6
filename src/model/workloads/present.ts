/**
 * How the workload figures read on the page: counts with SI prefixes (decimal, like the
 * GB/s they are divided by) and sizes along a workload's axis, exactly. The answer's
 * break-even and bounds in words are in src/model/answer/outputs.ts. Pure.
 */

export { formatBytesSi, formatFlops, formatSi } from '../shared/format.ts';

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A size exactly as it is (issue #17: sizes are exact, never "510" for 512): whole numbers
 * with thousands separators ("512", "1,048,576"); a whole power of ten from 10⁵ up as the
 * power ("10⁸", as axis ends are written); a fractional position on an axis (a non-square
 * matmul's equivalent n) to one decimal.
 */
export function formatSize(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (!Number.isInteger(n)) return n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const exp = Math.round(Math.log10(n));
  if (n >= 1e5 && 10 ** exp === n) return `10${[...String(exp)].map((d) => SUPERSCRIPT[Number(d)] ?? d).join('')}`;
  return n.toLocaleString('en-US');
}
