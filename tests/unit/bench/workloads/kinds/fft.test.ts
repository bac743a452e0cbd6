/**
 * The radix-2 FFT: the reference (a direct DFT with an anchored twiddle recurrence) against
 * the textbook DFT sum with a fresh cos/sin per term; the CPU Stockham kernel, float32 and
 * float64, against the reference at every output for lengths 1 to 4096 and a batch split
 * among slices; the check rejects a wrong output and a spectrum in bit-reversed order.
 */
import { describe, expect, it } from 'vitest';
import { WorkloadInstance } from '../../../../../src/bench/workloads/cpu/instance.ts';
import { roundingOf } from '../../../../../src/bench/workloads/inputs.ts';
import { fftCpu, fftFuncs, fftPlan } from '../../../../../src/bench/workloads/kinds/fft/cpu.ts';
import { checkFft, dftAt, fftInput, fftTolerance } from '../../../../../src/bench/workloads/kinds/fft/reference.ts';
import { CPU_DTYPES } from './flavors.ts';
import { lanesFor } from '../../../../../src/bench/workloads/cpu/lanes.ts';

/** X[k] = Σ x[n]·e^(−2πi·nk/N), each term's angle from scratch. */
function textbook(b: number, length: number, k: number): [number, number] {
  let re = 0;
  let im = 0;
  for (let n = 0; n < length; n++) {
    const [a, c] = fftInput(b, n, length, 'f64');
    const angle = (-2 * Math.PI * ((n * k) % length)) / length;
    re += a * Math.cos(angle) - c * Math.sin(angle);
    im += a * Math.sin(angle) + c * Math.cos(angle);
  }
  return [re, im];
}

describe('the FFT reference', () => {
  it.each([1, 2, 8, 1000, 4096])('equals the textbook DFT for N = %i', (length) => {
    const ks = [...new Set([0, 1, Math.floor(length / 2), length - 1, Math.floor(length / 3)])];
    const got = dftAt(2, length, ks, 'f64');
    for (const [j, k] of ks.entries()) {
      const [re, im] = textbook(2, length, k);
      expect(Math.abs((got.re[j] as number) - re)).toBeLessThan(1e-9 * Math.max(1, got.norm));
      expect(Math.abs((got.im[j] as number) - im)).toBeLessThan(1e-9 * Math.max(1, got.norm));
    }
  });
});

describe.each(CPU_DTYPES)('FFT CPU kernel %s', (dtype) => {
  const L = lanesFor(dtype);
  const r = roundingOf(dtype);
  it.each([1, 2, 4, 8, 16, 64, 512, 4096])('N = %i, three transforms: every output matches the reference', (length) => {
    const t0 = 5;
    const plan = fftPlan(WorkloadInstance.createSync(fftFuncs(L, length)), L, length, t0, 3);
    plan.run();
    plan.run(); // a second run starts from the same input
    const ks = Array.from({ length }, (_, k) => k);
    for (let b = t0; b < t0 + 3; b++) {
      const want = dftAt(b, length, ks, dtype);
      for (const k of ks) {
        const [gr, gi] = plan.get(b, k);
        const wr = want.re[k] as number;
        const wi = want.im[k] as number;
        expect(Math.hypot(gr - wr, gi - wi), `X[${b}][${k}]`).toBeLessThanOrEqual(
          fftTolerance(length, want.norm, Math.hypot(wr, wi), r, 1),
        );
      }
    }
    expect(checkFft(plan.get, length, t0, 3, dtype, r)).toMatchObject({ ok: true });
  });
});

describe('FFT check and slices', () => {
  const length = 64;
  const r = roundingOf('f32');
  const L = lanesFor('f32');
  const plan = fftPlan(WorkloadInstance.createSync(fftFuncs(L, length)), L, length, 0, 2);
  plan.run();
  it('counts distinct outputs; rejects a wrong one, and the spectrum in bit-reversed order', () => {
    const all = { transforms: 2, points: 64 };
    expect(checkFft(plan.get, length, 0, 2, 'f32', r, 1, all)).toEqual({ ok: true, checked: 128 });
    const wrong = (b: number, k: number): [number, number] => {
      const [re, im] = plan.get(b, k);
      return b === 1 && k === 37 ? [re + 1e-3, im] : [re, im];
    };
    expect(checkFft(wrong, length, 0, 2, 'f32', r, 1, all).ok).toBe(false);
    const reverse = (k: number) => parseInt(k.toString(2).padStart(6, '0').split('').reverse().join(''), 2);
    expect(checkFft((b, k) => plan.get(b, reverse(k)), length, 0, 2, 'f32', r, 1, all).ok).toBe(false);
  });
  it('splits the batch into whole transforms', () => {
    const s = fftCpu.slices({ length: 8, batch: 7, complex: true }, 3);
    expect(s.reduce((a, x) => a + x.count, 0)).toBe(7);
    expect(s.every((x) => x.length === 8)).toBe(true);
  });
});
