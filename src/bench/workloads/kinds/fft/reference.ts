/**
 * The FFT reference: transform b of the batch is x_b[n] = re + i·im with re the input
 * `SEED.x` and im the input `SEED.c` at b·N + n; its spectrum X_b[k] = Σ_n x_b[n]·e^(−2πi·nk/N)
 * is evaluated directly (a DFT, no FFT shared with the kernels) in float64 for the sampled
 * k, all of them in one pass over the transform's input. The twiddle e^(−2πi·nk/N) is
 * advanced by multiplication and re-anchored every 16 steps at the exact angle (nk mod N,
 * kept exact as an integer), so its error stays near float64's rounding for any N. Pure.
 */
import {
  SEED,
  fillInputs,
  inputAt,
  spreadPositions,
  type Check,
  type KernelDtype,
  type Rounding,
} from '../../inputs.ts';

/** Input element n of transform b: [re, im], as `dtype` stores them. */
export function fftInput(b: number, n: number, length: number, dtype: KernelDtype): [number, number] {
  return [inputAt(SEED.x, b * length + n, dtype), inputAt(SEED.c, b * length + n, dtype)];
}

/** Steps between exact twiddles in the DFT's recurrence: its drift stays below ~2·ANCHOR float64 roundings. */
const ANCHOR = 16;

/** X_b[k] for every k in `ks` (f64), and ‖x_b‖₂ for the tolerance. */
export function dftAt(
  b: number,
  length: number,
  ks: readonly number[],
  dtype: KernelDtype,
): { re: Float64Array; im: Float64Array; norm: number } {
  const re = new Float64Array(ks.length);
  const im = new Float64Array(ks.length);
  // Per k: the exact index m = n·k mod N of the current twiddle, the twiddle, and one step's rotation.
  const m = ks.map(() => 0);
  const wr = new Float64Array(ks.length).fill(1);
  const wi = new Float64Array(ks.length);
  const sr = Float64Array.from(ks, (k) => Math.cos((-2 * Math.PI * k) / length));
  const si = Float64Array.from(ks, (k) => Math.sin((-2 * Math.PI * k) / length));
  let sumSq = 0;
  // The input in chunks, real and imaginary parts side by side (values exact in every stored type).
  const chunk = Math.min(length, 65_536);
  const xr = new Float64Array(chunk);
  const xim = new Float64Array(chunk);
  for (let start = 0; start < length; start += chunk) {
    const count = Math.min(chunk, length - start);
    fillInputs(xr.subarray(0, count), SEED.x, b * length + start, dtype);
    fillInputs(xim.subarray(0, count), SEED.c, b * length + start, dtype);
    for (let i = 0; i < count; i++) {
      const n = start + i;
      const a = xr[i] as number;
      const c = xim[i] as number;
      sumSq += a * a + c * c;
      for (let j = 0; j < ks.length; j++) {
        if (n % ANCHOR === 0) {
          const angle = (-2 * Math.PI * (m[j] as number)) / length;
          wr[j] = Math.cos(angle);
          wi[j] = Math.sin(angle);
        }
        const r = wr[j] as number;
        const s = wi[j] as number;
        re[j] = (re[j] as number) + a * r - c * s;
        im[j] = (im[j] as number) + a * s + c * r;
        // Next twiddle: rotate by e^(−2πik/N); the exact index advances by k (mod N).
        wr[j] = r * (sr[j] as number) - s * (si[j] as number);
        wi[j] = r * (si[j] as number) + s * (sr[j] as number);
        m[j] = ((m[j] as number) + (ks[j] as number)) % length;
      }
    }
  }
  return { re, im, norm: Math.sqrt(sumSq) };
}

/**
 * Tolerance of one output: a radix-2 FFT's rounding grows like log₂N times ‖x‖₂ per
 * output (8 standard deviations), each store to device memory in the stored type adds
 * its rounding (`stores`: the passes that write intermediate results), plus the output's
 * own rounding and the float64 reference's. A wrong butterfly or twiddle moves outputs by ~‖x‖₂/√N·√(2^stage), far more.
 */
export function fftTolerance(length: number, norm: number, value: number, r: Rounding, stores: number): number {
  // The float64 DFT's own rounding matters against a float64 FFT: its sum of N terms, and
  // the twiddle recurrence's drift on each term (Σ|x| ≤ √N·‖x‖₂).
  const reference = (8 + 4 * ANCHOR) * 2 ** -53 * Math.sqrt(length);
  return (
    (8 * r.compute * (Math.log2(length) + 1) + 4 * r.store * stores + reference) * norm + r.store * value + r.compute
  );
}

/**
 * Check transforms [t0, t0 + count) (`get(b, k)` gives [re, im] of X_b[k]) at up to
 * `counts.transforms` sampled transforms and `counts.points` outputs each (fewer transforms
 * when they are long: about 2²⁴ points in all, never fewer than one), both ends included.
 */
export function checkFft(
  get: (b: number, k: number) => [number, number],
  length: number,
  t0: number,
  count: number,
  dtype: KernelDtype,
  r: Rounding,
  stores = 1,
  counts: { transforms: number; points: number } = { transforms: 3, points: 8 },
): Check {
  const transforms = Math.max(1, Math.min(counts.transforms, Math.floor(2 ** 24 / length)));
  let checked = 0;
  const ks = spreadPositions(length, counts.points, 17);
  for (const lt of spreadPositions(count, transforms, 5)) {
    const b = t0 + lt;
    const want = dftAt(b, length, ks, dtype);
    for (const [j, k] of ks.entries()) {
      const [gr, gi] = get(b, k);
      const wr = want.re[j] as number;
      const wi = want.im[j] as number;
      const tol = fftTolerance(length, want.norm, Math.hypot(wr, wi), r, stores);
      if (!(Math.hypot(gr - wr, gi - wi) <= tol)) {
        return { ok: false, error: `X[${b}][${k}] is ${gr} + ${gi}i; the reference gives ${wr} + ${wi}i` };
      }
      checked++;
    }
  }
  return { ok: true, checked };
}
