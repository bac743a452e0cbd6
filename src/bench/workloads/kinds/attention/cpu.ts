/**
 * Attention's CPU part: the unfused path on every core, split by query rows (a row: one
 * (sequence-head, query) pair). Each worker runs the three steps over its rows in turn,
 * as the three GPU kernels do, storing the score matrix and the probabilities:
 *
 * - `scores(q, k, s, rows, i, sk, causal, blocks, dq, ds, scale)`: s_ij = Q_i·K_j·scale for
 *   the keys row i sees (all, or j ≤ i when causal), each a dot product of `blocks` 64-byte
 *   blocks in four v128 accumulators. Masked and padding positions were filled with the
 *   lowest finite value when the plan was built and are never written, so the softmax
 *   turns them into 0.
 * - the softmax of each row: the softmax kind's own Wasm kernel (kinds/softmax/cpu.ts).
 * - `pv(p, v, o, rows, i, sk, causal, blocks, dq, ds)`: O_i = Σ_j P_ij·V_j over the same
 *   keys, a 64-byte block of O at a time in four v128 accumulators, V read row by row.
 *
 * Rows of Q, K, V and O are padded with zeros to whole 64 bytes, score rows to whole v128.
 * Written once for float32 (f32x4) and float64 (f64x2).
 */
import type { AttentionShape } from '../../../../model/workloads/kinds/attention.ts';
import { I, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import type { SimdFlavor } from '../../../wasm/simd.ts';
import { SEED, fillInputs, roundingOf } from '../../inputs.ts';
import { WorkloadInstance, align64 } from '../../cpu/instance.ts';
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import { advance, horizontal, lanesFor, type Lanes } from '../../cpu/lanes.ts';
import { softmaxFunc } from '../softmax/cpu.ts';
import { checkAttention, type AttentionRun } from './reference.ts';

/** `valid = causal && i + 1 < sk ? i + 1 : sk`, for the locals given. */
function validKeysCode(valid: number, i: number, sk: number, causal: number): number[] {
  const iPlus1 = [...I.get(i), ...I.i32(1), ...I.i32Add()];
  return [
    ...I.get(sk),
    ...I.set(valid),
    ...I.get(causal),
    ...I.if(),
    ...iPlus1,
    ...I.get(sk),
    ...I.i32LtU(),
    ...I.if(),
    ...iPlus1,
    ...I.set(valid),
    ...I.end(),
    ...I.end(),
  ];
}

/** `local += local2` (a pointer advanced by a byte stride held in a local). */
const step = (ptr: number, by: number): number[] => [...I.get(ptr), ...I.get(by), ...I.i32Add(), ...I.set(ptr)];

export function scoresFunc(L: Lanes, flavor: SimdFlavor): FuncDef {
  // params 0 q, 1 k, 2 s, 3 rows, 4 i, 5 sk, 6 causal, 7 blocks, 8 dq (bytes per Q/K row), 9 ds (bytes per score row), 10 scale;
  // locals 11 valid, 12 j, 13 pk, 14 ps, 15 pq, 16 pkb, 17 nb (i32), 18..21 acc, 22 va, 23 vb (v128)
  const [q, k, s, rows, i, sk, causal, blocks, dq, ds, scale] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [valid, j, pk, ps, pq, pkb, nb] = [11, 12, 13, 14, 15, 16, 17];
  const acc = (m: number): number => 18 + m;
  const [va, vb] = [22, 23];
  const block: number[] = [];
  for (let m = 0; m < 4; m++) {
    block.push(...I.get(pq), ...I.v128Load(16 * m), ...I.set(va), ...I.get(pkb), ...I.v128Load(16 * m), ...I.set(vb));
    block.push(...L.madd(flavor, va, vb, acc(m)), ...I.set(acc(m)));
  }
  block.push(...advance(pq, 64), ...advance(pkb, 64));
  const key: number[] = [];
  for (let m = 0; m < 4; m++) key.push(...L.vconst(0), ...I.set(acc(m)));
  key.push(...I.get(q), ...I.set(pq), ...I.get(pk), ...I.set(pkb), ...I.get(blocks), ...I.set(nb));
  key.push(...countdownLoop(nb, block));
  key.push(...I.get(acc(0)), ...I.get(acc(1)), ...L.add, ...I.get(acc(2)), ...I.get(acc(3)), ...L.add, ...L.add);
  key.push(...I.set(va), ...I.get(ps), ...horizontal(L, va, L.sAdd), ...I.get(scale), ...L.sMul, ...L.sStore(0));
  key.push(...advance(ps, L.bytes), ...step(pk, dq));
  const row = [...validKeysCode(valid, i, sk, causal), ...I.get(valid), ...I.set(j)];
  row.push(...I.get(k), ...I.set(pk), ...I.get(s), ...I.set(ps), ...countdownLoop(j, key));
  row.push(...step(q, dq), ...step(s, ds), ...I.get(i), ...I.i32(1), ...I.i32Add(), ...I.set(i));
  return {
    name: 'scores',
    params: [...Array<typeof T.i32>(10).fill(T.i32), L.scalar],
    results: [],
    locals: [...Array<typeof T.i32>(7).fill(T.i32), ...Array<typeof T.v128>(6).fill(T.v128)],
    body: countdownLoop(rows, row),
  };
}

export function pvFunc(L: Lanes, flavor: SimdFlavor): FuncDef {
  // params 0 p, 1 v, 2 o, 3 rows, 4 i, 5 sk, 6 causal, 7 blocks, 8 dq, 9 ds;
  // locals 10 valid, 11 j, 12 pp, 13 pv, 14 nb, 15 vb, 16 po (i32), 17..20 acc, 21 w, 22 x (v128)
  const [p, v, o, rows, i, sk, causal, blocks, dq, ds] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [valid, j, pp, pv, nb, vb, po] = [10, 11, 12, 13, 14, 15, 16];
  const acc = (m: number): number => 17 + m;
  const [w, x] = [21, 22];
  const key = [...I.get(pp), ...L.loadSplat(0), ...I.set(w)];
  for (let m = 0; m < 4; m++) {
    key.push(...I.get(pv), ...I.v128Load(16 * m), ...I.set(x), ...L.madd(flavor, w, x, acc(m)), ...I.set(acc(m)));
  }
  key.push(...advance(pp, L.bytes), ...step(pv, dq));
  const block: number[] = [];
  for (let m = 0; m < 4; m++) block.push(...L.vconst(0), ...I.set(acc(m)));
  block.push(...I.get(p), ...I.set(pp), ...I.get(vb), ...I.set(pv), ...I.get(valid), ...I.set(j));
  block.push(...countdownLoop(j, key));
  for (let m = 0; m < 4; m++) block.push(...I.get(po), ...I.get(acc(m)), ...I.v128Store(16 * m));
  block.push(...advance(po, 64), ...advance(vb, 64));
  const row = [...validKeysCode(valid, i, sk, causal), ...I.get(v), ...I.set(vb), ...I.get(o), ...I.set(po)];
  row.push(...I.get(blocks), ...I.set(nb), ...countdownLoop(nb, block));
  row.push(...step(p, ds), ...step(o, dq), ...I.get(i), ...I.i32(1), ...I.i32Add(), ...I.set(i));
  return {
    name: 'pv',
    params: Array<typeof T.i32>(10).fill(T.i32),
    results: [],
    locals: [...Array<typeof T.i32>(7).fill(T.i32), ...Array<typeof T.v128>(6).fill(T.v128)],
    body: countdownLoop(rows, row),
  };
}

type ScoresFn = (...args: number[]) => void;

export interface AttentionPlan {
  run(): void;
  /** O[b][i][e] after run (global sequence-head and query). */
  get: (b: number, i: number, e: number) => number;
}

/** Query rows [r0, r0 + rows) of the attention (row b·sq + i), with the K and V of every sequence-head they touch. */
export function attentionPlan(
  inst: WorkloadInstance,
  L: Lanes,
  s: AttentionRun,
  r0: number,
  rows: number,
): AttentionPlan {
  const dp = align64(s.d * L.bytes) / L.bytes;
  const vecs = Math.ceil(s.sk / L.lanes);
  const skp = vecs * L.lanes;
  const bFirst = Math.floor(r0 / s.sq);
  const bLast = Math.floor((r0 + rows - 1) / s.sq);
  const heads = bLast - bFirst + 1;
  const b = L.bytes;
  const qOff = 0;
  const kOff = align64(rows * dp * b);
  const vOff = kOff + heads * s.sk * dp * b;
  const sOff = vOff + heads * s.sk * dp * b;
  const pOff = sOff + align64(rows * skp * b);
  const oOff = pOff + align64(rows * skp * b);
  inst.ensure(oOff + rows * dp * b);
  const fillRows = (off: number, count: number, seed: number, first: number) => {
    const view = inst.view(L, off, count * dp);
    view.fill(0);
    for (let r = 0; r < count; r++) fillInputs(view.subarray(r * dp, r * dp + s.d), seed, (first + r) * s.d, L.dtype);
  };
  fillRows(qOff, rows, SEED.a, r0);
  fillRows(kOff, heads * s.sk, SEED.b, bFirst * s.sk);
  fillRows(vOff, heads * s.sk, SEED.c, bFirst * s.sk);
  // Scores never written (masked keys, row padding) stay at the lowest value: probability 0.
  inst.view(L, sOff, rows * skp).fill(L.lowest);
  const scores = inst.fn<ScoresFn>('scores');
  const softmax = inst.fn<ScoresFn>('softmax');
  const pv = inst.fn<ScoresFn>('pv');
  const blocks = (dp * b) / 64;
  const scale = 1 / Math.sqrt(s.d);
  const causal = s.causal ? 1 : 0;
  // The rows of each sequence-head: [its first local row, count, first query index].
  const groups: [number, number, number, number][] = [];
  for (let h = bFirst; h <= bLast; h++) {
    const lo = Math.max(r0, h * s.sq);
    const hi = Math.min(r0 + rows, (h + 1) * s.sq);
    groups.push([h - bFirst, lo - r0, hi - lo, lo - h * s.sq]);
  }
  return {
    run: () => {
      for (const [h, local, count, i0] of groups) {
        const kv = h * s.sk * dp * b;
        scores(
          qOff + local * dp * b,
          kOff + kv,
          sOff + local * skp * b,
          count,
          i0,
          s.sk,
          causal,
          blocks,
          dp * b,
          skp * b,
          scale,
        );
      }
      softmax(sOff, pOff, rows, vecs);
      for (const [h, local, count, i0] of groups) {
        const kv = h * s.sk * dp * b;
        pv(pOff + local * skp * b, vOff + kv, oOff + local * dp * b, count, i0, s.sk, causal, blocks, dp * b, skp * b);
      }
    },
    get: (bh, i, e) => inst.view(L, oOff, rows * dp)[(bh * s.sq + i - r0) * dp + e] as number,
  };
}

/** Query rows [r0, r0 + rows) (a row: one sequence-head's query), `causal` 1 or 0. */
export type AttentionSlice = {
  kind: 'attention';
  batch: number;
  heads: number;
  sq: number;
  sk: number;
  d: number;
  causal: number;
  r0: number;
  rows: number;
};

export const attentionCpu: CpuKernel<AttentionShape, AttentionSlice> = {
  slices: (s, threads) =>
    splitRange(s.batch * s.heads * s.sq, threads, 1).map((r) => ({
      kind: 'attention',
      batch: s.batch,
      heads: s.heads,
      sq: s.sq,
      sk: s.sk,
      d: s.d,
      causal: s.causal ? 1 : 0,
      r0: r.start,
      rows: r.count,
    })),
  async prepare(slice, dtype, flavor) {
    const { r0, rows } = slice;
    const run: AttentionRun = { ...slice, causal: slice.causal === 1 };
    const total = run.batch * run.heads * run.sq;
    if (!(r0 >= 0 && rows >= 1 && r0 + rows <= total)) throw new Error(`rows ${r0}..${r0 + rows} outside 0..${total}`);
    const L = lanesFor(dtype);
    const inst = await WorkloadInstance.create([scoresFunc(L, flavor), softmaxFunc(L), pvFunc(L, flavor)]);
    const plan = attentionPlan(inst, L, run, r0, rows);
    return {
      run: () => (plan.run(), undefined),
      check: () => checkAttention(plan.get, run, r0, rows, dtype, roundingOf(dtype)),
    };
  },
};
