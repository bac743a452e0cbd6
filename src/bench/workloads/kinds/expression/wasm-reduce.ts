/**
 * The sum and the maximum of whole blocks of 2 KiB (the reduction kind's sum block: 512
 * float32 or 256 float64), `fn(ptr, blocks)` → f64, for the expression's reductions
 * (cpu-plan.ts). Four v128 accumulators within a block (each lane takes 32 values).
 *
 * - max: NaN anywhere gives NaN, as NumPy's max does (WebAssembly's max propagates NaN).
 * - sum in float32: the reduction kind's `sumFunc` (each block's sum promoted and added in
 *   float64, far below float32's rounding).
 * - sum in float64: the blocks' sums are added with TwoSum, their rounding errors kept in a
 *   second f64x2 and added at the end, so a long sum rounds about once more than a block
 *   does, however many blocks (a plain running total would round once per block).
 */
import { I, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import type { Lanes } from '../../cpu/lanes.ts';
import { SUM_BLOCK_BYTES, sumFunc } from '../reduction/cpu.ts';

/** Four accumulators (locals acc(0 … 3)) over one block from `ptr` (advanced): `op` folds each v128 in. */
function blockLoop(ptr: number, i: number, acc: (k: number) => number, op: number[], steps: number[]): number[] {
  const inner: number[] = [];
  for (let k = 0; k < 4; k++)
    inner.push(...I.get(acc(k)), ...I.get(ptr), ...I.v128Load(16 * k), ...op, ...I.set(acc(k)));
  inner.push(...I.get(ptr), ...I.i32(64), ...I.i32Add(), ...I.set(ptr));
  return [...steps, ...I.set(i), ...countdownLoop(i, inner)];
}

export function maxFunc(L: Lanes): FuncDef {
  // params 0 ptr, 1 blocks; locals 2 i, 3..6 acc (v128)
  const [ptr, blocks, i] = [0, 1, 2];
  const acc = (k: number): number => 3 + k;
  const body: number[] = [];
  for (let k = 0; k < 4; k++) body.push(...L.vconst(-Infinity), ...I.set(acc(k)));
  // Blocks × (2048 / 64) steps of 64 bytes.
  body.push(...blockLoop(ptr, i, acc, L.max, [...I.get(blocks), ...I.i32(SUM_BLOCK_BYTES / 64), ...I.i32Mul()]));
  body.push(...I.get(acc(0)), ...I.get(acc(1)), ...L.max);
  body.push(...I.get(acc(2)), ...I.get(acc(3)), ...L.max, ...L.max, ...I.set(acc(0)));
  body.push(...I.get(acc(0)), ...L.extract(0));
  for (let lane = 1; lane < L.lanes; lane++) body.push(...I.get(acc(0)), ...L.extract(lane), ...L.sMax);
  if (L.dtype === 'f32') body.push(...I.f64PromoteF32());
  return {
    name: 'max',
    params: [T.i32, T.i32],
    results: [T.f64],
    locals: [T.i32, T.v128, T.v128, T.v128, T.v128],
    body,
  };
}

/** Σ over float64 blocks with every block's sum added by TwoSum (see the header). */
function compensatedSum64(L: Lanes): FuncDef {
  // params 0 ptr, 1 blocks; locals 2 i, 3..6 acc, 7 tot, 8 comp, 9 bs, 10 s, 11 bb (v128)
  const [ptr, blocks, i, tot, comp, bs, s, bb] = [0, 1, 2, 7, 8, 9, 10, 11];
  const acc = (k: number): number => 3 + k;
  const [add, sub] = [L.add, L.sub];
  const block: number[] = [];
  for (let k = 0; k < 4; k++) block.push(...L.vconst(0), ...I.set(acc(k)));
  block.push(...blockLoop(ptr, i, acc, add, I.i32(SUM_BLOCK_BYTES / 64)));
  block.push(...I.get(acc(0)), ...I.get(acc(1)), ...add, ...I.get(acc(2)), ...I.get(acc(3)), ...add, ...add);
  block.push(...I.set(bs));
  // s = tot + bs; bb = s − tot; comp += (tot − (s − bb)) + (bs − bb); tot = s
  block.push(...I.get(tot), ...I.get(bs), ...add, ...I.set(s), ...I.get(s), ...I.get(tot), ...sub, ...I.set(bb));
  block.push(...I.get(comp), ...I.get(tot), ...I.get(s), ...I.get(bb), ...sub, ...sub);
  block.push(...I.get(bs), ...I.get(bb), ...sub, ...add, ...add, ...I.set(comp), ...I.get(s), ...I.set(tot));
  const body = [
    ...L.vconst(0),
    ...I.set(tot),
    ...L.vconst(0),
    ...I.set(comp),
    ...countdownLoop(blocks, block),
    // (tot₀ + tot₁) + (comp₀ + comp₁)
    ...I.get(tot),
    ...L.extract(0),
    ...I.get(tot),
    ...L.extract(1),
    ...L.sAdd,
    ...I.get(comp),
    ...L.extract(0),
    ...I.get(comp),
    ...L.extract(1),
    ...L.sAdd,
    ...L.sAdd,
  ];
  return {
    name: 'sum',
    params: [T.i32, T.i32],
    results: [T.f64],
    locals: [T.i32, ...Array.from({ length: 9 }, () => T.v128)],
    body,
  };
}

/** `sum(ptr, blocks)` → f64 over whole blocks of `L`'s type (see the header). */
export function blockSumFunc(L: Lanes): FuncDef {
  return L.dtype === 'f64' ? compensatedSum64(L) : sumFunc(L);
}
