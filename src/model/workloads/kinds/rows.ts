/**
 * What the row-wise kinds share (softmax, layernorm: a rows × cols matrix, each row on its
 * own): the size axes, the shape in words and how a run fits. Pure.
 */
import type { KindSizeAxis, RunSpec } from './define.ts';

/** A shape of rows of `cols` values. */
export type RowsShape = { rows: number; cols: number };

/**
 * The row-length axis of a row-wise kind (softmax, layernorm): what a run shrinks once a
 * single row is left and it still does not fit.
 */
export function rowLengthAxis<S extends RowsShape>(s: S): KindSizeAxis<S> {
  return {
    label: `columns of ${s.rows.toLocaleString('en-US')} row${s.rows === 1 ? '' : 's'}`,
    unit: 'columns',
    integer: true,
    min: 1,
    max: 1e9,
    current: s.cols,
    at: (cols) => ({ ...s, cols }),
  };
}

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

/**
 * How a row-wise kind runs: as asked; its rows padded to whole vec4; shrunk along the rows
 * first, then, once a single row is left, along the row's length.
 */
export function rowwiseRun<S extends RowsShape>(): RunSpec<S> {
  return {
    runnable: (s) => ({ shape: s, notes: [] }),
    largestArrayElements: (s) => s.rows * Math.ceil(s.cols / 4) * 4,
    fitAxes: (s) => [rowLengthAxis(s)],
  };
}
