/** The elementwise reference: out = a·b + c, element by element. Pure. */
import { SEED, inputAt, spreadPositions, type Check, type KernelDtype } from '../../inputs.ts';

/**
 * Element i as a multiply then an add, each rounded to `dtype` (what the CPU kernels do:
 * exactly), and the fused result (a GPU's `fma` may fuse), both from the stored inputs.
 */
export function axpbElement(i: number, dtype: KernelDtype): { unfused: number; fused: number } {
  const a = inputAt(SEED.a, i, dtype);
  const b = inputAt(SEED.b, i, dtype);
  const c = inputAt(SEED.c, i, dtype);
  if (dtype === 'f64') return { unfused: a * b + c, fused: a * b + c };
  // float16 is computed in float32 and rounded once on store (the GPU kernel).
  const f = Math.fround;
  return { unfused: f(f(a * b) + c), fused: f(a * b + c) };
}

/** Check out[0..len) (global indices first..) at both ends and sampled indices: exact, as the CPU kernel rounds. */
export function checkAxpb(out: Float32Array | Float64Array, first: number, dtype: 'f32' | 'f64', count = 64): Check {
  let checked = 0;
  for (const li of spreadPositions(out.length, count)) {
    const want = axpbElement(first + li, dtype).unfused;
    if (out[li] !== want) return { ok: false, error: `out[${first + li}] is ${out[li]}; expected ${want}` };
    checked++;
  }
  return { ok: true, checked };
}
