/**
 * How an expression fails: a message in plain words and the columns it points at, so the
 * page can underline the place (issue #18: "a clear message at the column where it fails").
 * Inside the parser a failure is thrown as an `ExpressionFailure` and caught at the public
 * entry points; nothing thrown ever leaves them. Pure.
 */

/** A failure at a place in the expression text. Columns are 1-based; `endColumn` is exclusive. */
export interface ExpressionError {
  message: string;
  /** First column of the failing part (1 = the first character of the text). */
  column: number;
  /** One past its last column (≥ column + 1, so the underline is never empty). */
  endColumn: number;
}

/** Thrown inside the parser and the analysis; converted to `ExpressionError` by the public API. */
export class ExpressionFailure extends Error {
  readonly error: ExpressionError;
  constructor(error: ExpressionError) {
    super(error.message);
    this.name = 'ExpressionFailure';
    this.error = error;
  }
}

/** Throw a failure spanning the 0-based offsets [start, end) of the text. */
export function fail(message: string, start: number, end: number = start + 1): never {
  const column = start + 1;
  throw new ExpressionFailure({ message, column, endColumn: Math.max(column + 1, end + 1) });
}
