/**
 * What the row-wise kinds share (softmax, layernorm: a rows × cols matrix, each row on its
 * own): the size axes and the shape in words (how they run: rows-run.ts). Pure.
 */
import type { KindSizeAxis } from './define.ts';

/** A shape of rows of `cols` values. */
export type RowsShape = { rows: number; cols: number };

/** The rows axis of a row-wise kind (row length kept). */
export function rowsAxis<S extends RowsShape>(s: S): KindSizeAxis<S> {
  return {
    label: `rows of ${s.cols.toLocaleString('en-US')} columns`,
    unit: 'rows',
    integer: true,
    min: 1,
    max: 1e8,
    current: s.rows,
    at: (rows) => ({ ...s, rows }),
  };
}

/** '4,096 × 32,000'. */
export function rowsText(s: RowsShape): string {
  return `${s.rows.toLocaleString('en-US')} × ${s.cols.toLocaleString('en-US')}`;
}
