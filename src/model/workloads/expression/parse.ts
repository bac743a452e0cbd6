/**
 * The entry point from text: an expression over named arrays, parsed and checked, or the
 * first thing wrong with it at its column. Never throws, never evaluates. Pure.
 */
import { analyze } from './analyze.ts';
import { parseArrays, type NamedArray } from './arrays.ts';
import { ExpressionFailure, type ExpressionError } from './errors.ts';
import type { Node } from './ir.ts';
import { parseSyntax } from './parser.ts';
import type { Syntax } from './syntax.ts';

/** A parsed and checked expression: what counts, snippets and kernel generators take. */
export interface ParsedExpression {
  /** The text as given. */
  text: string;
  arrays: readonly NamedArray[];
  syntax: Syntax;
  /** The checked tree: shapes, types, folded constants. */
  root: Node;
}

export type ExpressionParse = { ok: true; expression: ParsedExpression } | { ok: false; error: ExpressionError };

/** Parse and check `text` over `arrays`. */
export function parseExpression(text: string, arrays: readonly NamedArray[]): ExpressionParse {
  try {
    const syntax = parseSyntax(text);
    const root = analyze(text, syntax, arrays);
    return { ok: true, expression: { text, arrays, syntax, root } };
  } catch (e) {
    if (e instanceof ExpressionFailure) return { ok: false, error: e.error };
    // A bug must still not show a stack trace or a wrong estimate.
    return {
      ok: false,
      error: {
        message: 'this expression could not be read (an internal error); please report it',
        column: 1,
        endColumn: 2,
      },
    };
  }
}

/** Which field a combined parse failed in, with the message to show there. */
export type ExpressionFieldsParse =
  | { ok: true; expression: ParsedExpression }
  | { ok: false; field: 'arrays'; message: string }
  | { ok: false; field: 'expr'; error: ExpressionError };

/** Parse the URL's two fields together (`w.expr`, `w.arrays`): the arrays first, since the expression needs them. */
export function parseExpressionFields(exprText: string, arraysText: string): ExpressionFieldsParse {
  const arrays = parseArrays(arraysText);
  if (!arrays.ok) return { ok: false, field: 'arrays', message: arrays.message };
  const r = parseExpression(exprText, arrays.arrays);
  return r.ok ? r : { ok: false, field: 'expr', error: r.error };
}
