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
import type { CompareRow, NoTime } from './compare.ts';

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
