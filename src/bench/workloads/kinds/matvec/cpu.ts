/**
 * The matvec's CPU part: y_b = A·x_b on every core, split by rows of A; each worker reads
 * its rows of A once and every x. `matvec(a, x, y, rows, blocks, batch, stride)` takes,
 * for each row (outer) and each vector of the batch (inner, so the row stays in L1), a dot
 * product of `blocks` 64-byte blocks in four v128 accumulators, and stores y[row][b].
 * Rows of A and the x are padded with zeros to whole 64 bytes. Written once for float32
 * (f32x4) and float64 (f64x2).
 */
import type { MatvecShape } from '../../../../model/workloads/kinds/matvec.ts';
import { I, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import type { SimdFlavor } from '../../../wasm/simd.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { WorkloadInstance, align64 } from '../../cpu/instance.ts';
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import { advance, horizontal, lanesFor, type Lanes } from '../../cpu/lanes.ts';
import { checkMatvec } from './reference.ts';

export function matvecFunc(L: Lanes, flavor: SimdFlavor): FuncDef {
  // params 0 a, 1 x, 2 y, 3 rows, 4 blocks, 5 batch, 6 stride (bytes);
  // locals 7 b, 8 k, 9 pa, 10 px, 11 xb, 12..15 acc (v128), 16 va, 17 vx (v128)
  const [a, x, y, rows, blocks, batch, stride, b, k, pa, px, xb] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const acc = (j: number): number => 12 + j;
  const [va, vx] = [16, 17];
  const inner: number[] = [];
  for (let j = 0; j < 4; j++) {
    inner.push(...I.get(pa), ...I.v128Load(16 * j), ...I.set(va), ...I.get(px), ...I.v128Load(16 * j), ...I.set(vx));
    inner.push(...L.madd(flavor, va, vx, acc(j)), ...I.set(acc(j)));
  }
  inner.push(...advance(pa, 64), ...advance(px, 64));
  const dot: number[] = [];
  for (let j = 0; j < 4; j++) dot.push(...L.vconst(0), ...I.set(acc(j)));
  dot.push(...I.get(a), ...I.set(pa), ...I.get(xb), ...I.set(px), ...I.get(blocks), ...I.set(k));
  dot.push(...countdownLoop(k, inner));
  dot.push(
    ...I.get(acc(0)),
    ...I.get(acc(1)),
    ...L.add,
    ...I.get(acc(2)),
    ...I.get(acc(3)),
    ...L.add,
    ...L.add,
    ...I.set(va),
  );
  // y[row][b] = Σ lanes; y advances one element per (row, b).
  dot.push(...I.get(y), ...horizontal(L, va, L.sAdd), ...L.sStore(0), ...advance(y, L.bytes));
  dot.push(...I.get(xb), ...I.get(stride), ...I.i32Add(), ...I.set(xb));
  const row = [...I.get(x), ...I.set(xb), ...I.get(batch), ...I.set(b), ...countdownLoop(b, dot)];
  row.push(...I.get(a), ...I.get(stride), ...I.i32Add(), ...I.set(a));
  return {
    name: 'matvec',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32],
    results: [],
    locals: [T.i32, T.i32, T.i32, T.i32, T.i32, T.v128, T.v128, T.v128, T.v128, T.v128, T.v128],
    body: countdownLoop(rows, row),
  };
}

type MatvecFn = (a: number, x: number, y: number, rows: number, blocks: number, batch: number, stride: number) => void;

export interface MatvecPlan {
  run(): void;
  /** y_b[i] after run (local row i). */
  get: (i: number, b: number) => number;
}

/** Rows [r0, r0 + rows) of y_b = A·x_b, A m×n, for every b < batch. */
export function matvecPlan(
  inst: WorkloadInstance,
  L: Lanes,
  s: { n: number; batch: number; r0: number; rows: number },
): MatvecPlan {
  const { n, batch, r0, rows } = s;
  const strideBytes = align64(n * L.bytes);
  const stride = strideBytes / L.bytes;
  const aOff = 0;
  const xOff = align64(rows * strideBytes);
  const yOff = xOff + batch * strideBytes;
  inst.ensure(yOff + align64(rows * batch * L.bytes));
  const a = inst.view(L, aOff, rows * stride);
  const x = inst.view(L, xOff, batch * stride);
  a.fill(0);
  x.fill(0);
  for (let i = 0; i < rows; i++) fillInputs(a.subarray(i * stride, i * stride + n), SEED.a, (r0 + i) * n, L.dtype);
  for (let b = 0; b < batch; b++) fillInputs(x.subarray(b * stride, b * stride + n), SEED.b, b * n, L.dtype);
  const fn = inst.fn<MatvecFn>('matvec');
  return {
    run: () => fn(aOff, xOff, yOff, rows, strideBytes / 64, batch, strideBytes),
    get: (i, b) => inst.view(L, yOff, rows * batch)[i * batch + b] as number,
  };
}

/** Rows [r0, r0 + rows) of A, for the whole batch. */
export type MatvecSlice = { kind: 'matvec'; m: number; n: number; batch: number; r0: number; rows: number };

export const matvecCpu: CpuKernel<MatvecShape, MatvecSlice> = {
  slices: (s, threads) =>
    splitRange(s.m, threads, 1).map((r) => ({
      kind: 'matvec',
      m: s.m,
      n: s.n,
      batch: s.batch,
      r0: r.start,
      rows: r.count,
    })),
  async prepare(slice, dtype, flavor) {
    const { m, n, batch, r0, rows } = slice;
    if (!(r0 >= 0 && rows >= 1 && r0 + rows <= m)) throw new Error(`rows ${r0}..${r0 + rows} outside 0..${m}`);
    const L = lanesFor(dtype);
    const plan = matvecPlan(await WorkloadInstance.create([matvecFunc(L, flavor)]), L, slice);
    return {
      run: () => (plan.run(), undefined),
      check: () => checkMatvec((i, b) => plan.get(i - r0, b), r0, rows, n, batch, dtype, roundingOf(dtype)),
    };
  },
};
