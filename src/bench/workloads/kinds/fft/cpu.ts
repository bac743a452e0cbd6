/**
 * The FFT's CPU part: radix-2 Stockham FFTs (out of place, results in natural order, no
 * bit reversal) on every core, split by whole transforms of the batch. Written once for
 * float32 (f32x4) and float64 (f64x2).
 *
 * One call of `stage(src, dst, tw, groups, nsv, nsBytes, count)` runs one of the log₂N
 * stages for `count` transforms: with span ns, butterfly j of the N/2 takes a = src[j] and
 * c = src[j + N/2], multiplies c by the twiddle e^(−πi·(j mod ns)/ns), and writes a ± c·w to
 * dst[2ns·⌊j/ns⌋ + j mod ns] and that + ns. For ns ≥ lanes the butterflies go a vector at a
 * time (j and the twiddle index advance together); the first stages (ns < lanes) use the
 * scalar twin `stage1`. Real and imaginary parts live in separate arrays, each transform as
 * [re: N][im: N], so a vector holds lanes consecutive values of one part and the complex
 * product needs no shuffles; N·size and (N/2)·size are the loads' constant offsets, so a
 * plan generates its own functions. Twiddles are a table per stage (ns values at ns − 1),
 * computed in float64 when the plan is built, as an FFT library's plan does.
 */
import type { FftShape } from '../../../../model/workloads/kinds/fft.ts';
import { I, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { WorkloadInstance, align64 } from '../../cpu/instance.ts';
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import { advance, lanesFor, type Lanes } from '../../cpu/lanes.ts';
import { checkFft } from './reference.ts';

/** `local += local2` (a pointer advanced by a byte stride held in a local). */
const step = (ptr: number, by: number): number[] => [...I.get(ptr), ...I.get(by), ...I.i32Add(), ...I.set(ptr)];

/**
 * The stage function for transforms of `length` points: vectors of the element type
 * (`scalar` false) or single values (the stages with ns < lanes).
 */
export function fftStageFunc(L: Lanes, length: number, scalar: boolean): FuncDef {
  // params 0 src, 1 dst, 2 tw, 3 groups, 4 nsv, 5 nsBytes, 6 count;
  // locals 7 g, 8 k, 9 pj, 10 po, 11 pw, 12 q (i32), 13 ar, 14 ai, 15 cr, 16 ci, 17 wr, 18 wi, 19 tr, 20 ti
  const [src, dst, tw, groups, nsv, nsBytes, count] = [0, 1, 2, 3, 4, 5, 6];
  const [g, k, pj, po, pw, q] = [7, 8, 9, 10, 11, 12];
  const [ar, ai, cr, ci, wr, wi, tr, ti] = [13, 14, 15, 16, 17, 18, 19, 20];
  const nb = length * L.bytes;
  const hb = (length / 2) * L.bytes;
  const load = (offset: number): number[] =>
    scalar ? (L.bytes === 4 ? I.f32Load(offset) : I.f64Load(offset)) : I.v128Load(offset);
  const store = (offset: number): number[] => (scalar ? L.sStore(offset) : I.v128Store(offset));
  const [add, sub, mul] = scalar ? [L.sAdd, L.sSub, L.sMul] : [L.add, L.sub, L.mul];
  const width = scalar ? L.bytes : 16;
  const butterfly: number[] = [];
  for (const [local, ptr, offset] of [
    [ar, pj, 0],
    [ai, pj, nb],
    [cr, pj, hb],
    [ci, pj, hb + nb],
    [wr, pw, 0],
    [wi, pw, nb],
  ] as const) {
    butterfly.push(...I.get(ptr), ...load(offset), ...I.set(local));
  }
  // t = c·w: (cr·wr − ci·wi) + i(cr·wi + ci·wr)
  butterfly.push(...I.get(cr), ...I.get(wr), ...mul, ...I.get(ci), ...I.get(wi), ...mul, ...sub, ...I.set(tr));
  butterfly.push(...I.get(cr), ...I.get(wi), ...mul, ...I.get(ci), ...I.get(wr), ...mul, ...add, ...I.set(ti));
  butterfly.push(...I.get(po), ...I.get(nsBytes), ...I.i32Add(), ...I.set(q));
  for (const [ptr, offset, a, t, op] of [
    [po, 0, ar, tr, add],
    [po, nb, ai, ti, add],
    [q, 0, ar, tr, sub],
    [q, nb, ai, ti, sub],
  ] as const) {
    butterfly.push(...I.get(ptr), ...I.get(a), ...I.get(t), ...op, ...store(offset));
  }
  butterfly.push(...advance(pj, width), ...advance(po, width), ...advance(pw, width));
  const group = [...I.get(tw), ...I.set(pw), ...I.get(nsv), ...I.set(k), ...countdownLoop(k, butterfly)];
  group.push(...step(po, nsBytes));
  const transform = [...I.get(src), ...I.set(pj), ...I.get(dst), ...I.set(po), ...I.get(groups), ...I.set(g)];
  // Transforms sit a whole number of cache lines apart (fftPlan's layout).
  const stride = align64(2 * nb);
  transform.push(...countdownLoop(g, group), ...advance(src, stride), ...advance(dst, stride));
  const value = scalar ? L.scalar : T.v128;
  return {
    name: scalar ? 'stage1' : 'stage',
    params: Array<typeof T.i32>(7).fill(T.i32),
    results: [],
    locals: [...Array<typeof T.i32>(6).fill(T.i32), ...Array<typeof value>(8).fill(value)],
    body: countdownLoop(count, transform),
  };
}

type StageFn = (
  src: number,
  dst: number,
  tw: number,
  groups: number,
  nsv: number,
  nsBytes: number,
  count: number,
) => void;

export interface FftPlan {
  run(): void;
  /** X_b[k] after run, [re, im] (global transform b). */
  get: (b: number, k: number) => [number, number];
}

/** Transforms [t0, t0 + count) of `length` points (a power of two). */
export function fftPlan(inst: WorkloadInstance, L: Lanes, length: number, t0: number, count: number): FftPlan {
  const nb = length * L.bytes;
  const block = align64(2 * nb);
  // Input, two ping-pong buffers (each transform [re | im]), then the twiddle table [re | im].
  const [inOff, aOff, bOff] = [0, count * block, 2 * count * block];
  const twOff = 3 * count * block;
  inst.ensure(twOff + 2 * nb + 64);
  const input = inst.view(L, inOff, (count * block) / L.bytes);
  for (let t = 0; t < count; t++) {
    const at = (t * block) / L.bytes;
    fillInputs(input.subarray(at, at + length), SEED.x, (t0 + t) * length, L.dtype);
    fillInputs(input.subarray(at + length, at + 2 * length), SEED.c, (t0 + t) * length, L.dtype);
  }
  // Stage ns's twiddles e^(−πi·k/ns), k < ns, at ns − 1: N − 1 values in all.
  const tw = inst.view(L, twOff, 2 * length);
  for (let ns = 1; ns < length; ns *= 2) {
    for (let k = 0; k < ns; k++) {
      tw[ns - 1 + k] = Math.cos((-Math.PI * k) / ns);
      tw[length + ns - 1 + k] = Math.sin((-Math.PI * k) / ns);
    }
  }
  const vector = inst.fn<StageFn>('stage');
  const scalar = inst.fn<StageFn>('stage1');
  const stages = Math.round(Math.log2(length));
  const out = stages === 0 ? inOff : stages % 2 === 1 ? aOff : bOff;
  return {
    run: () => {
      let src = inOff;
      let dst = aOff;
      for (let ns = 1; ns < length; ns *= 2) {
        const groups = length / 2 / ns;
        const tws = twOff + (ns - 1) * L.bytes;
        if (ns < L.lanes) scalar(src, dst, tws, groups, ns, ns * L.bytes, count);
        else vector(src, dst, tws, groups, ns / L.lanes, ns * L.bytes, count);
        src = dst;
        dst = dst === aOff ? bOff : aOff;
      }
    },
    get: (b, k) => {
      const view = inst.view(L, out, (count * block) / L.bytes);
      const at = ((b - t0) * block) / L.bytes + k;
      return [view[at] as number, view[at + length] as number];
    },
  };
}

/** The FFT's functions for transforms of `length` points. */
export function fftFuncs(L: Lanes, length: number): FuncDef[] {
  // Lengths below the vector width have no vector stage; a stub keeps the exports fixed.
  return [fftStageFunc(L, Math.max(length, 2), false), fftStageFunc(L, Math.max(length, 2), true)];
}

/** Transforms [t0, t0 + count) of the batch. */
export type FftSlice = { kind: 'fft'; length: number; t0: number; count: number };

export const fftCpu: CpuKernel<FftShape, FftSlice> = {
  slices: (s, threads) =>
    splitRange(s.batch, threads, 1).map((r) => ({ kind: 'fft', length: s.length, t0: r.start, count: r.count })),
  async prepare(slice, dtype) {
    const { length, t0, count } = slice;
    if (!(count >= 1 && t0 >= 0 && 2 ** Math.round(Math.log2(length)) === length))
      throw new Error(`transforms ${t0}..${t0 + count} of ${length} points: not a power of two, or empty`);
    const L = lanesFor(dtype);
    const plan = fftPlan(await WorkloadInstance.create(fftFuncs(L, length)), L, length, t0, count);
    return {
      run: () => (plan.run(), undefined),
      check: () => checkFft(plan.get, length, t0, count, dtype, roundingOf(dtype)),
    };
  },
};
