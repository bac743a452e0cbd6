/**
 * The convolution's CPU part: a direct convolution (no im2col) on every core, split by
 * output rows — one (image, output row) pair is a unit. Written once for float32 (f32x4)
 * and float64 (f64x2).
 *
 * `conv(x, w, y, rows, Q, C, R, S, sx, rowStep, wrow, plane, wstep, pq)` computes, for
 * `rows` output rows of one image and one block of output channels, every output pixel:
 * `A` v128 accumulators hold A·lanes channels (16 in float32 with A = 4, 16 in float64 with
 * A = 8, fewer for a layer with fewer channels), and each of the pixel's C·R·S taps
 * broadcasts one input value and multiply-adds it with A vectors of filter values, then the
 * lanes are stored to their output planes. So the input window (re-read by neighbouring
 * pixels, from cache) and the filter block (C·R·S·16 values, in L1 or L2) are read in
 * place: the kernel moves each array once, as the model counts.
 *
 * Layouts chosen so the inner loop needs no branch and only unit-stride vector loads: the
 * input carries its zero padding ([n][c][padded rows the slice reads][W + 2·pad]); the
 * filters are stored [c][r][s][k] with K padded to whole blocks (the layout oneDNN reorders
 * filters to once, here how the inputs are built, so nothing is reordered); the output is
 * [n][Kp][the slice's rows][Q].
 */
import type { Conv2dShape } from '../../../../model/workloads/kinds/conv2d.ts';
import { CONV2D_CPU_CHANNEL_BLOCK } from '../../../../model/workloads/kinds/conv2d-run.ts';
import { I, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import type { SimdFlavor } from '../../../wasm/simd.ts';
import { SEED, fillInputs, inputAt, roundingOf } from '../../inputs.ts';
import { WorkloadInstance, align64 } from '../../cpu/instance.ts';
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import { advance, lanesFor, type Lanes } from '../../cpu/lanes.ts';
import { checkConv2d, conv2dOutput } from './reference.ts';

/** Accumulators for `cout` channels: whole vectors up to the channel block (16 channels). */
export function conv2dAccumulators(L: Lanes, cout: number): number {
  return Math.min(CONV2D_CPU_CHANNEL_BLOCK / L.lanes, Math.ceil(cout / L.lanes));
}

/** `local += local2` (a pointer advanced by a byte stride held in a local). */
const step = (ptr: number, by: number): number[] => [...I.get(ptr), ...I.get(by), ...I.i32Add(), ...I.set(ptr)];

export function conv2dFunc(L: Lanes, flavor: SimdFlavor, accs: number): FuncDef {
  // params 0 x, 1 w, 2 y, 3 rows, 4 Q, 5 C, 6 R, 7 S, 8 sx, 9 rowStep, 10 wrow, 11 plane, 12 wstep, 13 pq (bytes);
  // locals 14 qc, 15 xq, 16 yq, 17 cc, 18 pc, 19 rc, 20 pr, 21 sc, 22 ps, 23 pw, 24 po (i32); 25 xs, 26 wv, 27.. acc (v128)
  const [x, w, y, rows, Q, C, R, S, sx, rowStep, wrow, plane, wstep, pq] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
  ];
  const [qc, xq, yq, cc, pc, rc, pr, sc, ps, pw, po, xs, wv] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];
  const acc = (j: number): number => 27 + j;
  const tap: number[] = [...I.get(ps), ...L.loadSplat(0), ...I.set(xs)];
  for (let j = 0; j < accs; j++) {
    tap.push(...I.get(pw), ...I.v128Load(16 * j), ...I.set(wv), ...L.madd(flavor, xs, wv, acc(j)), ...I.set(acc(j)));
  }
  tap.push(...advance(ps, L.bytes), ...step(pw, wstep));
  const filterRow = [
    ...I.get(pr),
    ...I.set(ps),
    ...I.get(S),
    ...I.set(sc),
    ...countdownLoop(sc, tap),
    ...step(pr, wrow),
  ];
  const channel = [...I.get(pc), ...I.set(pr), ...I.get(R), ...I.set(rc), ...countdownLoop(rc, filterRow)];
  channel.push(...step(pc, plane));
  const pixel: number[] = [];
  for (let j = 0; j < accs; j++) pixel.push(...L.vconst(0), ...I.set(acc(j)));
  pixel.push(...I.get(xq), ...I.set(pc), ...I.get(w), ...I.set(pw), ...I.get(C), ...I.set(cc));
  pixel.push(...countdownLoop(cc, channel));
  // Lane l of accumulator j is channel j·lanes + l: one output plane (pq bytes) after another.
  pixel.push(...I.get(yq), ...I.set(po));
  for (let j = 0; j < accs; j++) {
    for (let l = 0; l < L.lanes; l++) {
      pixel.push(...I.get(po), ...I.get(acc(j)), ...L.extract(l), ...L.sStore(0), ...step(po, pq));
    }
  }
  pixel.push(...step(xq, sx), ...advance(yq, L.bytes));
  const row = [...I.get(x), ...I.set(xq), ...I.get(y), ...I.set(yq), ...I.get(Q), ...I.set(qc)];
  row.push(...countdownLoop(qc, pixel), ...step(x, rowStep));
  row.push(...I.get(y), ...I.get(Q), ...I.i32(L.bytes), ...I.i32Mul(), ...I.i32Add(), ...I.set(y));
  return {
    name: 'conv',
    params: Array<typeof T.i32>(14).fill(T.i32),
    results: [],
    locals: [...Array<typeof T.i32>(11).fill(T.i32), ...Array<typeof T.v128>(2 + accs).fill(T.v128)],
    body: countdownLoop(rows, row),
  };
}

type ConvFn = (...args: number[]) => void;

export interface Conv2dPlan {
  run(): void;
  /** y[n][k][p][q] after run (global indices, within the plan's rows). */
  get: (n: number, k: number, p: number, q: number) => number;
}

/**
 * Output rows [u0, u0 + units) of the convolution, a row u being image ⌊u/P⌋, output row
 * u mod P: the images it touches (padded), every filter, the output planes of those images.
 */
export function conv2dPlan(
  inst: WorkloadInstance,
  L: Lanes,
  s: Conv2dShape,
  u0: number,
  units: number,
  accs: number,
): Conv2dPlan {
  const { p: P, q: Q } = conv2dOutput(s);
  const block = accs * L.lanes;
  const kp = Math.ceil(s.cout / block) * block;
  const wp = s.w + 2 * s.pad;
  const nFirst = Math.floor(u0 / P);
  const nLast = Math.floor((u0 + units - 1) / P);
  const taps = s.cin * s.kh * s.kw;
  const b = L.bytes;
  // Per image this worker touches: its output rows [p0, p1), the padded input rows they read
  // [p0·stride, (p1 − 1)·stride + R), and where its input and output blocks start. A worker
  // holds only those rows: one image split among the workers is not copied whole by each.
  const parts: { n: number; p0: number; rows: number; inRows: number; xAt: number; yAt: number }[] = [];
  let xElems = 0;
  let yElems = 0;
  for (let n = nFirst; n <= nLast; n++) {
    const p0 = n === nFirst ? u0 % P : 0;
    const p1 = n === nLast ? ((u0 + units - 1) % P) + 1 : P;
    const inRows = (p1 - 1) * s.stride + s.kh - p0 * s.stride;
    parts.push({ n, p0, rows: p1 - p0, inRows, xAt: xElems, yAt: yElems });
    xElems += s.cin * inRows * wp;
    yElems += kp * (p1 - p0) * Q;
  }
  const xOff = 0;
  const wOff = align64(xElems * b);
  const yOff = wOff + align64(taps * kp * b);
  inst.ensure(yOff + yElems * b);
  const x = inst.view(L, xOff, xElems);
  x.fill(0);
  for (const part of parts) {
    for (let c = 0; c < s.cin; c++) {
      for (let r = 0; r < part.inRows; r++) {
        const h = part.p0 * s.stride + r - s.pad;
        if (h < 0 || h >= s.h) continue;
        const at = part.xAt + (c * part.inRows + r) * wp + s.pad;
        fillInputs(x.subarray(at, at + s.w), SEED.x, ((part.n * s.cin + c) * s.h + h) * s.w, L.dtype);
      }
    }
  }
  // Filters [c][r][s][k]: tap t = (c·R + r)·S + s holds channel k at t·Kp + k; PyTorch's index is k·C·R·S + t.
  const wt = inst.view(L, wOff, taps * kp);
  wt.fill(0);
  for (let k = 0; k < s.cout; k++) {
    for (let t = 0; t < taps; t++) wt[t * kp + k] = inputAt(SEED.a, k * taps + t, L.dtype);
  }
  const fn = inst.fn<ConvFn>('conv');
  return {
    run: () => {
      for (const part of parts) {
        for (let kb = 0; kb < kp; kb += block) {
          fn(
            xOff + part.xAt * b,
            wOff + kb * b,
            yOff + (part.yAt + kb * part.rows * Q) * b,
            part.rows,
            Q,
            s.cin,
            s.kh,
            s.kw,
            s.stride * b,
            s.stride * wp * b,
            wp * b,
            part.inRows * wp * b,
            kp * b,
            part.rows * Q * b,
          );
        }
      }
    },
    get: (n, k, p, q) => {
      const part = parts[n - nFirst] as (typeof parts)[number];
      return inst.view(L, yOff, yElems)[part.yAt + (k * part.rows + p - part.p0) * Q + q] as number;
    },
  };
}

/** Output rows [u0, u0 + units) of the convolution (a row: one image's output row). */
export type Conv2dSlice = { kind: 'conv2d'; u0: number; units: number } & Conv2dShape;

export const conv2dCpu: CpuKernel<Conv2dShape, Conv2dSlice> = {
  slices: (s, threads) =>
    splitRange(s.batch * conv2dOutput(s).p, threads, 1).map((r) => ({
      kind: 'conv2d',
      ...s,
      u0: r.start,
      units: r.count,
    })),
  async prepare(slice, dtype, flavor) {
    const { kind: _kind, u0, units, ...shape } = slice;
    const rowsTotal = shape.batch * conv2dOutput(shape).p;
    if (!(u0 >= 0 && units >= 1 && u0 + units <= rowsTotal))
      throw new Error(`output rows ${u0}..${u0 + units} outside 0..${rowsTotal}`);
    const L = lanesFor(dtype);
    const accs = conv2dAccumulators(L, shape.cout);
    const plan = conv2dPlan(await WorkloadInstance.create([conv2dFunc(L, flavor, accs)]), L, shape, u0, units, accs);
    return {
      run: () => (plan.run(), undefined),
      check: () => checkConv2d(plan.get, shape, u0, units, dtype, roundingOf(dtype)),
    };
  },
};
