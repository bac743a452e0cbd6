/**
 * A comparison row's figures as the page shows them (issue #19): the same `data-output`
 * names and `data-value` contract as the answer card (outputs.ts) — times in seconds, the
 * speedup as a ratio, `compute` / `memory`, the break-even size in the axis unit or empty
 * with `data-kind` `always` / `never` — so a row of this machine carries exactly the
 * answer's values. A row with no time (over capacity, a type the GPU cannot run, a field to
 * fix) has empty values and words, and `data-kind` says why. Never Infinity, never NaN.
 * Pure.
 */
import { boundWords, exactSize, type OutputValue } from '../answer/outputs.ts';
import { DASH, formatDuration, formatSpeedup } from '../shared/format.ts';
import type { CompareResult, CompareRow, NoTime } from './compare.ts';

/** The figures each row carries. */
export const ROW_OUTPUT_NAMES = ['gpuTime', 'speedup', 'gpuBound', 'breakEvenSize'] as const;
export type RowOutputName = (typeof ROW_OUTPUT_NAMES)[number];

/** A row figure: the answer's shape, with `kind` also naming why there is no time. */
export interface RowOutputValue extends Omit<OutputValue, 'kind'> {
  kind?: OutputValue['kind'] | NoTime['reason'];
}

/** Short words for a row with no time. */
export const NO_TIME_WORDS: Readonly<Record<NoTime['reason'], string>> = {
  'over-capacity': 'does not fit in memory',
  unsupported: 'cannot run this data type',
  invalid: 'not computed',
};

const num = (n: number): string => String(n);

/** Every figure of a row: value and text. */
export function rowOutputs(row: CompareRow): Record<RowOutputName, RowOutputValue> {
  const t = row.time;
  const be = row.breakEven;
  if (!t) {
    const reason = row.noTime?.reason ?? 'invalid';
    return {
      gpuTime: { value: '', text: NO_TIME_WORDS[reason], kind: reason },
      speedup: { value: '', text: DASH, kind: reason },
      gpuBound: { value: '', text: DASH },
      breakEvenSize: { value: '', text: DASH },
    };
  }
  return {
    gpuTime: { value: num(t.gpuSeconds), text: formatDuration(t.gpuSeconds) },
    speedup: { value: num(t.speedup), text: formatSpeedup(t.speedup) },
    gpuBound: { value: t.bound, text: boundWords(t.bound) },
    breakEvenSize: be
      ? {
          value: be.kind === 'finite' ? num(be.size) : '',
          text: be.kind === 'finite' ? exactSize(be.size, be.unit) : be.kind,
          kind: be.kind,
          unit: be.unit,
        }
      : { value: '', text: DASH },
  };
}

/** The workload's own size in words: "n = 4,096", "10⁹ elements" as exactSize writes it, "n ≈ 2,520" when not whole. */
function sizeWords(size: number, unit: string): string {
  if (Number.isInteger(size)) return exactSize(size, unit);
  const near = Math.round(size).toLocaleString('en-US');
  return unit === 'n' ? `n ≈ ${near}` : `≈ ${near} ${unit}`;
}

/**
 * The comparison in one sentence, at the workload's own size: how many devices beat the
 * CPU, the fastest with its time and speedup, and how many cannot run it at all.
 */
export function compareSummary(result: Pick<CompareResult, 'rows' | 'current' | 'unit'>): string {
  const timed = result.rows.filter((r) => r.time);
  const at = `At your size (${sizeWords(result.current, result.unit)})`;
  const missing = result.rows.length - timed.length;
  const cannot =
    missing > 0
      ? ` ${missing === 1 ? '1 device gives no time (see its row)' : `${missing} devices give no time (see their rows)`}.`
      : '';
  if (timed.length === 0) return `${at} no device here gives a time.${cannot}`;
  const best = timed.reduce((a, b) => ((b.time?.gpuSeconds ?? Infinity) < (a.time?.gpuSeconds ?? Infinity) ? b : a));
  const t = best.time as NonNullable<CompareRow['time']>;
  const winners = timed.filter((r) => (r.time?.speedup ?? 0) > 1).length;
  const beat =
    winners === 0
      ? 'none of them beats the CPU'
      : `${winners} of ${timed.length} beat${winners === 1 ? 's' : ''} the CPU`;
  return `${at}, ${beat}; the fastest is ${best.name}: ${formatDuration(t.gpuSeconds)}, ${formatSpeedup(t.speedup)} the CPU’s speed.${cannot}`;
}
