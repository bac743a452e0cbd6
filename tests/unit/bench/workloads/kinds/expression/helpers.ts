/** Shared by the expression kernel tests: parse with arrays (or fail the test with the message); float64 inputs. */
import {
  parseExpressionFields,
  type ParsedExpression,
} from '../../../../../../src/model/workloads/expression/index.ts';

export function parse(text: string, arrays: string): ParsedExpression {
  const r = parseExpressionFields(text, arrays);
  if (!r.ok) throw new Error(`${text} [${arrays}]: ${JSON.stringify(r)}`);
  return r.expression;
}

/**
 * Whole float64 arrays for `p`'s named arrays: values in [lo, hi) with all 53 bits random
 * (two 32-bit xorshift draws each), so none is a float32 and a kernel that read or computed
 * in float32 anywhere would show.
 */
export function float64Inputs(
  arrays: readonly { name: string; shape: readonly number[] }[],
  seed = 1,
  lo = -2,
  hi = 2,
): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  arrays.forEach((a, k) => {
    let x = ((seed + 7919 * k) * 0x9e3779b9) >>> 0 || 0x1234567;
    const next = () => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x;
    };
    const n = a.shape.reduce((p, d) => p * d, 1);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * ((next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53);
    out.set(a.name, data);
  });
  return out;
}
