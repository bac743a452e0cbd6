/**
 * FLOP conventions of expressions, in one place: what one element of each operation counts,
 * and the multiply chain of a whole-number power (which the generated kernels follow, so
 * the count and the code agree). Pure.
 */
import type { Node } from './ir.ts';
import type { Reduction } from './syntax.ts';

/** Largest |n| for which x**n counts (and runs) as multiplies rather than pow. */
export const MAX_SQUARING_EXPONENT = 16;

/** FLOPs per element of pow(x, y) in general: log, multiply, exp. */
export const POW_FLOPS = 3;

/** The exponent of x**n when it is a whole number with |n| ≤ 16, else undefined. */
export function smallIntegerExponent(node: Node): number | undefined {
  if (node.op !== 'binary' || node.fn !== 'pow' || node.right.op !== 'const') return undefined;
  const p = node.right.value;
  return Number.isInteger(p) && Math.abs(p) <= MAX_SQUARING_EXPONENT ? p : undefined;
}

/**
 * Multiplies of x**|n| by repeated squaring (x⁸ = ((x²)²)²; x⁵ = x⁴·x): ⌊log₂|n|⌋ squarings
 * and popcount(|n|) − 1 products. 0 for n = 0 or ±1.
 */
export function squaringMultiplies(n: number): number {
  let m = Math.abs(n);
  if (m <= 1) return 0;
  let squarings = -1;
  let ones = 0;
  while (m > 0) {
    squarings++;
    ones += m & 1;
    m >>>= 1;
  }
  return squarings + ones - 1;
}

/**
 * FLOPs per element of one elementwise node: 1 for + − × ÷, negation, abs, maximum,
 * minimum, comparisons and where; 1 for exp, log, sqrt, sin, cos, tanh (the page's
 * convention, as for softmax's exp); x**n as its multiplies (plus one division for n < 0);
 * any other power 3. Views, inputs and numbers cost nothing.
 */
export function elementwiseFlops(node: Node): number {
  switch (node.op) {
    case 'unary':
    case 'where':
      return 1;
    case 'binary': {
      if (node.fn !== 'pow') return 1;
      const p = smallIntegerExponent(node);
      if (p === undefined) return POW_FLOPS;
      return squaringMultiplies(p) + (p < 0 ? 1 : 0);
    }
    default:
      return 0;
  }
}

/** FLOPs of a reduction of `inElements` values to `outElements`: sum n, mean n + 1, max n per output. */
export function reductionFlops(fn: Reduction, inElements: number, outElements: number): number {
  return fn === 'mean' ? inElements + outElements : inElements;
}
