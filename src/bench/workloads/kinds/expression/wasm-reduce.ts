/**
 * The maximum of whole blocks of 512 float32 (2 KiB, the reduction kind's sum block), with
 * four f32x4 accumulators: `max(ptr, blocks)` → f64. NaN anywhere gives NaN, as NumPy's
 * max does (WebAssembly's f32x4.max and f32.max propagate NaN). The sum of the same
 * blocks is the reduction kind's `sumFunc`.
 */
import { I, SIMD, T, countdownLoop, type FuncDef } from '../../../wasm/asm.ts';
import { SUM_BLOCK_BYTES } from '../reduction/cpu.ts';

export function maxFunc(): FuncDef {
  // params 0 ptr, 1 blocks; locals 2 i, 3..6 acc (v128)
  const [ptr, blocks, i] = [0, 1, 2];
  const acc = (k: number): number => 3 + k;
  const inner: number[] = [];
  for (let k = 0; k < 4; k++) {
    inner.push(...I.get(acc(k)), ...I.get(ptr), ...I.v128Load(16 * k), ...I.simd(SIMD.f32x4Max), ...I.set(acc(k)));
  }
  inner.push(...I.get(ptr), ...I.i32(64), ...I.i32Add(), ...I.set(ptr));
  const lowest = -Infinity;
  const body: number[] = [];
  for (let k = 0; k < 4; k++) body.push(...I.v128ConstF32([lowest, lowest, lowest, lowest]), ...I.set(acc(k)));
  // Blocks × (2048 / 64) steps of 64 bytes.
  body.push(...I.get(blocks), ...I.i32(SUM_BLOCK_BYTES / 64), ...I.i32Mul(), ...I.set(i));
  body.push(...countdownLoop(i, inner));
  body.push(...I.get(acc(0)), ...I.get(acc(1)), ...I.simd(SIMD.f32x4Max));
  body.push(...I.get(acc(2)), ...I.get(acc(3)), ...I.simd(SIMD.f32x4Max), ...I.simd(SIMD.f32x4Max), ...I.set(acc(0)));
  body.push(...I.get(acc(0)), ...I.f32x4ExtractLane(0));
  for (let lane = 1; lane < 4; lane++) body.push(...I.get(acc(0)), ...I.f32x4ExtractLane(lane), ...I.f32Max());
  body.push(...I.f64PromoteF32());
  return {
    name: 'max',
    params: [T.i32, T.i32],
    results: [T.f64],
    locals: [T.i32, T.v128, T.v128, T.v128, T.v128],
    body,
  };
}
