/**
 * How the row-wise kinds (softmax, layernorm) run for real ("Run this workload"), apart
 * from rows.ts so that the first paint, which only counts and estimates, does not load it.
 * Pure.
 */
import type { KindSizeAxis, RunSpec } from './define.ts';
import type { RowsShape } from './rows.ts';

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
