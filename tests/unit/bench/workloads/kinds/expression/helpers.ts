/** Shared by the expression kernel tests: parse with arrays, or fail the test with the message. */
import {
  parseExpressionFields,
  type ParsedExpression,
} from '../../../../../../src/model/workloads/expression/index.ts';

export function parse(text: string, arrays: string): ParsedExpression {
  const r = parseExpressionFields(text, arrays);
  if (!r.ok) throw new Error(`${text} [${arrays}]: ${JSON.stringify(r)}`);
  return r.expression;
}
