/**
 * The layer norm's CPU part: whole rows per worker. `layernorm(x, y, g, b, rows, vecs,
 * invCols, pad, eps)` runs three passes over each row of `vecs` v128, the row in L1 between
 * them (sums in blocks added into a float64 total): Σx → mean; Σ(x − mean)² → variance (the zero padding's `pad`·mean² taken back out);
 * y = (x − mean)·(1/√(var + ε))·γ + β. Written once for float32 (f32x4) and float64 (f64x2).
 */
import type { LayernormShape } from '../../../../model/workloads/kinds/layernorm.ts';
import { I, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { WorkloadInstance, align64 } from '../../cpu/instance.ts';
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import {
  advance,
  blockedSumEnd,
  blockedSumStart,
  blockedSumStep,
  lanesFor,
  type BlockedSum,
  type Lanes,
} from '../../cpu/lanes.ts';
import { LAYERNORM_EPS, checkLayernorm, layernormBeta, layernormGamma } from './reference.ts';

export function layernormFunc(L: Lanes): FuncDef {
  // params 0 x, 1 y, 2 g, 3 b, 4 rows, 5 vecs (i32), 6 invCols, 7 pad, 8 eps (scalars);
  // locals 9 k, 10 px, 11 py, 12 pg, 13 pb, 14 blk (i32), 15 s, 16 t, 17 mv, 18 rv, 19 tot (v128), 20 mean (scalar)
  const [x, y, g, b, rows, vecs, invCols, pad, eps] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [k, px, py, pg, pb, blk, s, t, mv, rv, tot, mean] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const sum: BlockedSum = { partial: s, total: tot, counter: blk };
  const row: number[] = [];
  // pass 1: mean = Σx / cols (blocks of the element type into a float64 total)
  row.push(...blockedSumStart(L, sum), ...I.get(x), ...I.set(px), ...I.get(vecs), ...I.set(k));
  row.push(
    ...countdownLoop(k, [
      ...I.get(s),
      ...I.get(px),
      ...I.v128Load(0),
      ...L.add,
      ...I.set(s),
      ...blockedSumStep(L, sum),
      ...advance(px),
    ]),
  );
  row.push(...blockedSumEnd(L, sum), ...I.get(invCols), ...L.sMul, ...I.tee(mean), ...L.splat, ...I.set(mv));
  // pass 2: var = (Σ(x − mean)² − pad·mean²) / cols; rv = 1/√(var + ε)
  row.push(...blockedSumStart(L, sum), ...I.get(x), ...I.set(px), ...I.get(vecs), ...I.set(k));
  row.push(
    ...countdownLoop(k, [
      ...I.get(px),
      ...I.v128Load(0),
      ...I.get(mv),
      ...L.sub,
      ...I.tee(t),
      ...I.get(t),
      ...L.mul,
      ...I.get(s),
      ...L.add,
      ...I.set(s),
      ...blockedSumStep(L, sum),
      ...advance(px),
    ]),
  );
  row.push(
    ...L.sConst(1),
    ...blockedSumEnd(L, sum),
    ...I.get(pad),
    ...I.get(mean),
    ...L.sMul,
    ...I.get(mean),
    ...L.sMul,
  );
  row.push(
    ...L.sSub,
    ...I.get(invCols),
    ...L.sMul,
    ...I.get(eps),
    ...L.sAdd,
    ...L.sSqrt,
    ...L.sDiv,
    ...L.splat,
    ...I.set(rv),
  );
  // pass 3: y = (x − mean)·rstd·γ + β
  row.push(...I.get(x), ...I.set(px), ...I.get(y), ...I.set(py), ...I.get(g), ...I.set(pg), ...I.get(b), ...I.set(pb));
  row.push(...I.get(vecs), ...I.set(k));
  row.push(
    ...countdownLoop(k, [
      ...I.get(py),
      ...I.get(px),
      ...I.v128Load(0),
      ...I.get(mv),
      ...L.sub,
      ...I.get(rv),
      ...L.mul,
      ...I.get(pg),
      ...I.v128Load(0),
      ...L.mul,
      ...I.get(pb),
      ...I.v128Load(0),
      ...L.add,
      ...I.v128Store(0),
      ...advance(px),
      ...advance(py),
      ...advance(pg),
      ...advance(pb),
    ]),
  );
  // next row
  row.push(...I.get(px), ...I.set(x), ...I.get(py), ...I.set(y));
  return {
    name: 'layernorm',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, L.scalar, L.scalar, L.scalar],
    results: [],
    locals: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.v128, T.v128, T.v128, T.v128, T.v128, L.scalar],
    body: countdownLoop(rows, row),
  };
}

type LayernormFn = (
  x: number,
  y: number,
  g: number,
  b: number,
  rows: number,
  vecs: number,
  invCols: number,
  pad: number,
  eps: number,
) => void;

export interface LayernormPlan {
  run(): void;
  get: (r: number, c: number) => number;
}

/** Layer norm of rows [r0, r0 + rows) of the global input, rows of `cols`. */
export function layernormPlan(inst: WorkloadInstance, L: Lanes, rows: number, cols: number, r0: number): LayernormPlan {
  const vecs = Math.ceil(cols / L.lanes);
  const stride = vecs * L.lanes;
  const rowsBytes = align64(rows * stride * L.bytes);
  const paramBytes = align64(stride * L.bytes);
  const [xOff, yOff, gOff, bOff] = [0, rowsBytes, 2 * rowsBytes, 2 * rowsBytes + paramBytes];
  inst.ensure(bOff + paramBytes);
  const x = inst.view(L, xOff, rows * stride);
  const g = inst.view(L, gOff, stride);
  const b = inst.view(L, bOff, stride);
  x.fill(0);
  g.fill(0);
  b.fill(0);
  for (let r = 0; r < rows; r++)
    fillInputs(x.subarray(r * stride, r * stride + cols), SEED.x, (r0 + r) * cols, L.dtype, 1, 1);
  for (let c = 0; c < cols; c++) {
    g[c] = layernormGamma(c, L.dtype);
    b[c] = layernormBeta(c, L.dtype);
  }
  const fn = inst.fn<LayernormFn>('layernorm');
  return {
    run: () => fn(xOff, yOff, gOff, bOff, rows, vecs, 1 / cols, stride - cols, LAYERNORM_EPS),
    get: (r, c) => inst.view(L, yOff, rows * stride)[r * stride + c] as number,
  };
}

/** Rows [r0, r0 + rows) of a layer norm over rows of `cols`. */
export type LayernormSlice = { kind: 'layernorm'; cols: number; r0: number; rows: number };

export const layernormCpu: CpuKernel<LayernormShape, LayernormSlice> = {
  slices: (s, threads) =>
    splitRange(s.rows, threads, 1).map((r) => ({ kind: 'layernorm', cols: s.cols, r0: r.start, rows: r.count })),
  async prepare(slice, dtype) {
    const L = lanesFor(dtype);
    const { cols, r0, rows } = slice;
    const plan = layernormPlan(await WorkloadInstance.create([layernormFunc(L)]), L, rows, cols, r0);
    return {
      run: () => (plan.run(), undefined),
      check: () => checkLayernorm((r, c) => plan.get(r - r0, c), r0, rows, cols, dtype, roundingOf(dtype)),
    };
  },
};
