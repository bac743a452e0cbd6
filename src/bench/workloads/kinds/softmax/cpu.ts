/**
 * The softmax's CPU part: whole rows per worker. `softmax(x, y, rows, vecs)` runs each row
 * of `vecs` v128 (padded with the lowest finite value, so padding changes neither the max
 * nor the sum): its max, then y = exp(x − max) with a running sum (cpu/vexp.ts; blocks
 * added into a float64 total, so a row of millions does not stagnate), then y ·= 1/sum. Written once for float32 (f32x4) and float64 (f64x2).
 */
import type { SoftmaxShape } from '../../../../model/workloads/kinds/softmax.ts';
import { I, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { WorkloadInstance, align64 } from '../../cpu/instance.ts';
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import {
  advance,
  blockedSumEnd,
  blockedSumStart,
  blockedSumStep,
  horizontal,
  lanesFor,
  type BlockedSum,
  type Lanes,
} from '../../cpu/lanes.ts';
import { vexp } from '../../cpu/vexp.ts';
import { SOFTMAX_SCALE, checkSoftmax } from './reference.ts';

export function softmaxFunc(L: Lanes): FuncDef {
  // params 0 x, 1 y, 2 rows, 3 vecs; locals 4 k, 5 px, 6 py, 7 blk (i32), 8 m, 9 s, 10 t, 11 n, 12 tot (v128)
  const [x, y, rows, vecs, k, px, py, blk, m, s, t, n, tot] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const sum: BlockedSum = { partial: s, total: tot, counter: blk };
  const row: number[] = [];
  // pass 1: m = max over the row
  row.push(...L.vconst(L.lowest), ...I.set(m), ...I.get(x), ...I.set(px), ...I.get(vecs), ...I.set(k));
  row.push(...countdownLoop(k, [...I.get(m), ...I.get(px), ...I.v128Load(0), ...L.max, ...I.set(m), ...advance(px)]));
  row.push(...horizontal(L, m, L.sMax), ...L.splat, ...I.set(m));
  // pass 2: y = exp(x − m), sum += y (blocks of the element type into a float64 total)
  row.push(
    ...blockedSumStart(L, sum),
    ...I.get(x),
    ...I.set(px),
    ...I.get(y),
    ...I.set(py),
    ...I.get(vecs),
    ...I.set(k),
  );
  row.push(
    ...countdownLoop(k, [
      ...I.get(px),
      ...I.v128Load(0),
      ...I.get(m),
      ...L.sub,
      ...I.set(t),
      ...vexp(L, t, n),
      ...I.set(t),
      ...I.get(py),
      ...I.get(t),
      ...I.v128Store(0),
      ...I.get(s),
      ...I.get(t),
      ...L.add,
      ...I.set(s),
      ...blockedSumStep(L, sum),
      ...advance(px),
      ...advance(py),
    ]),
  );
  // pass 3: y ·= 1/sum
  row.push(...L.sConst(1), ...blockedSumEnd(L, sum), ...L.sDiv, ...L.splat, ...I.set(s));
  row.push(...I.get(y), ...I.set(py), ...I.get(vecs), ...I.set(k));
  row.push(
    ...countdownLoop(k, [
      ...I.get(py),
      ...I.get(py),
      ...I.v128Load(0),
      ...I.get(s),
      ...L.mul,
      ...I.v128Store(0),
      ...advance(py),
    ]),
  );
  // next row
  row.push(...I.get(px), ...I.set(x), ...I.get(py), ...I.set(y));
  return {
    name: 'softmax',
    params: [T.i32, T.i32, T.i32, T.i32],
    results: [],
    locals: [T.i32, T.i32, T.i32, T.i32, T.v128, T.v128, T.v128, T.v128, T.v128],
    body: countdownLoop(rows, row),
  };
}

type SoftmaxFn = (x: number, y: number, rows: number, vecs: number) => void;

export interface SoftmaxPlan {
  rows: number;
  cols: number;
  run(): void;
  get: (r: number, c: number) => number;
}

/** Softmax of each row of `rows` × `cols`, rows [r0, r0 + rows) of the global input. */
export function softmaxPlan(inst: WorkloadInstance, L: Lanes, rows: number, cols: number, r0: number): SoftmaxPlan {
  const vecs = Math.ceil(cols / L.lanes);
  const stride = vecs * L.lanes;
  const bytes = align64(rows * stride * L.bytes);
  inst.ensure(2 * bytes);
  const x = inst.view(L, 0, rows * stride);
  x.fill(L.lowest);
  for (let r = 0; r < rows; r++) {
    fillInputs(x.subarray(r * stride, r * stride + cols), SEED.x, (r0 + r) * cols, L.dtype, SOFTMAX_SCALE);
  }
  const fn = inst.fn<SoftmaxFn>('softmax');
  return {
    rows,
    cols,
    run: () => fn(0, bytes, rows, vecs),
    get: (r, c) => inst.view(L, bytes, rows * stride)[r * stride + c] as number,
  };
}

/** Rows [r0, r0 + rows) of a softmax over rows of `cols`. */
export type SoftmaxSlice = { kind: 'softmax'; cols: number; r0: number; rows: number };

export const softmaxCpu: CpuKernel<SoftmaxShape, SoftmaxSlice> = {
  slices: (s, threads) =>
    splitRange(s.rows, threads, 1).map((r) => ({ kind: 'softmax', cols: s.cols, r0: r.start, rows: r.count })),
  async prepare(slice, dtype) {
    const L = lanesFor(dtype);
    const { cols, r0, rows } = slice;
    const plan = softmaxPlan(await WorkloadInstance.create([softmaxFunc(L)]), L, rows, cols, r0);
    return {
      run: () => (plan.run(), undefined),
      check: () => checkSoftmax((r, c) => plan.get(r - r0, c), r0, rows, cols, dtype, roundingOf(dtype)),
    };
  },
};
