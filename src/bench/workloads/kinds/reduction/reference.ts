/** The reduction reference: Σx over a range of the input `SEED.x`, in float64. Pure. */
import { SEED, inputAt, type KernelDtype } from '../../inputs.ts';

/** Reference sum of x[first, first + len) in f64 from the stored inputs, and Σ|x| for the tolerance. */
export function sumReference(first: number, len: number, dtype: KernelDtype): { value: number; absSum: number } {
  let value = 0;
  let absSum = 0;
  for (let i = first; i < first + len; i++) {
    const x = inputAt(SEED.x, i, dtype);
    value += x;
    absSum += Math.abs(x);
  }
  return { value, absSum };
}
