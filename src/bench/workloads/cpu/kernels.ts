/**
 * The CPU workload kernels (issue 13) as one WebAssembly SIMD module, emitted from
 * TypeScript (no toolchain, no binary). Four exported functions over one imported memory:
 *
 * - `panel(ap, bp, c, mb, kc, ldc, ldb)`: the matmul micro-kernel, register-tiled MR × 8 (MR = 4;
 *   6 × 8 spilled registers in V8 and ran ≈ 40 % slower here). For `mb` blocks of 4 rows it keeps the 4 × 8 block of C in 8 f32x4 accumulators, and for
 *   each of `kc` steps loads 8 values of packed B (two v128) and broadcasts 4 values of
 *   packed A (`v128.load32_splat`), 8 multiply-adds per step. 8 accumulators + 2 B vectors +
 *   1 broadcast stay within x86-64's 16 xmm registers. Packed A is [row block][k][4 rows];
 *   B is read in place, row-major with `ldb` bytes per row (a packed B panel was tried
 *   first, but every worker then packs all of B in JavaScript, a cost that does not shrink
 *   with threads); C row-major with `ldc` bytes per row; C is
 *   read at the start and written at the end (so k can be split into blocks).
 * - `axpb(a, b, c, out, bytes)`: out = a·b + c over `bytes` of each array, 64 bytes per
 *   array per iteration (plain mul then add: exactly fround(fround(a·b) + c)).
 * - `sum(ptr, blocks)` → f64: the sum of `blocks` × 512 f32 values; within a block four
 *   f32x4 accumulators (each lane sums 32 values), then each block's total is added in f64
 *   (f64x2.promote_low_f32x4), so the result is accurate at any length (NumPy's pairwise
 *   summation is comparable; a plain f32 running sum is not).
 * - `softmax(x, y, rows, vecs)`: per row of `vecs` f32x4 (padded with −FLT_MAX): max, then
 *   y = exp(x − max) with a running sum, then y ·= 1/sum. exp is a degree-6 polynomial after
 *   range reduction x = n·ln2 + r (|r| ≤ ln2/2, Cody–Waite split ln2), 2ⁿ built in the
 *   exponent bits; relative error ≈ 2e-7.
 */
import { HIGH_HALF_TO_LOW, I, SIMD, T, assembleModule, countdownLoop, type FuncDef } from '../../wasm/asm.ts';
import type { SimdFlavor } from '../../cpu/wasm-kernel.ts';

/** Micro-kernel rows and columns. */
export const MR = 4;
export const NR = 8;
/** Floats per sum block. */
export const SUM_BLOCK = 512;

function matmulPanel(flavor: SimdFlavor): FuncDef {
  // params 0 ap, 1 bp, 2 c, 3 mb, 4 kc, 5 ldc, 6 ldb; locals 7 p, 8 a, 9 b, 10.. MR−1 row
  // pointers, then 2·MR accumulators, b0, b1, s
  const [ap, bp, c, mb, kc, ldc, ldb, p, a, b] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const rowPtr = [c, ...Array.from({ length: MR - 1 }, (_, r) => 10 + r)];
  const accBase = 10 + MR - 1;
  const acc = (k: number): number => accBase + k;
  const [b0, b1, s] = [accBase + 2 * MR, accBase + 2 * MR + 1, accBase + 2 * MR + 2];
  const madd = (x: number, y: number, z: number): number[] =>
    flavor === 'relaxed_madd'
      ? [...I.get(x), ...I.get(y), ...I.get(z), ...I.simd(SIMD.f32x4RelaxedMadd)]
      : [...I.get(x), ...I.get(y), ...I.simd(SIMD.f32x4Mul), ...I.get(z), ...I.simd(SIMD.f32x4Add)];
  const step: number[] = [...I.get(b), ...I.v128Load(0), ...I.set(b0), ...I.get(b), ...I.v128Load(16), ...I.set(b1)];
  for (let r = 0; r < MR; r++) {
    step.push(...I.get(a), ...I.load32Splat(4 * r), ...I.set(s));
    step.push(...madd(s, b0, acc(2 * r)), ...I.set(acc(2 * r)));
    step.push(...madd(s, b1, acc(2 * r + 1)), ...I.set(acc(2 * r + 1)));
  }
  step.push(...I.get(a), ...I.i32(4 * MR), ...I.i32Add(), ...I.set(a));
  step.push(...I.get(b), ...I.get(ldb), ...I.i32Add(), ...I.set(b));

  const block: number[] = [];
  // Row pointers of this MR-row block.
  for (let r = 1; r < MR; r++) {
    block.push(...I.get(rowPtr[r - 1] as number), ...I.get(ldc), ...I.i32Add(), ...I.set(rowPtr[r] as number));
  }
  for (let r = 0; r < MR; r++) {
    block.push(...I.get(rowPtr[r] as number), ...I.v128Load(0), ...I.set(acc(2 * r)));
    block.push(...I.get(rowPtr[r] as number), ...I.v128Load(16), ...I.set(acc(2 * r + 1)));
  }
  block.push(...I.get(bp), ...I.set(b), ...I.get(kc), ...I.set(p));
  block.push(...countdownLoop(p, step));
  for (let r = 0; r < MR; r++) {
    block.push(...I.get(rowPtr[r] as number), ...I.get(acc(2 * r)), ...I.v128Store(0));
    block.push(...I.get(rowPtr[r] as number), ...I.get(acc(2 * r + 1)), ...I.v128Store(16));
  }
  block.push(...I.get(rowPtr[MR - 1] as number), ...I.get(ldc), ...I.i32Add(), ...I.set(c));

  return {
    name: 'panel',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32],
    results: [],
    locals: [...Array<typeof T.i32>(3 + MR - 1).fill(T.i32), ...Array<typeof T.v128>(2 * MR + 3).fill(T.v128)],
    body: [...I.get(ap), ...I.set(a), ...countdownLoop(mb, block)],
  };
}

function axpb(): FuncDef {
  // params 0 a, 1 b, 2 c, 3 out, 4 bytes; local 5 o
  const [a, b, c, out, bytes, o] = [0, 1, 2, 3, 4, 5];
  const line: number[] = [];
  for (let k = 0; k < 4; k++) {
    const off = 16 * k;
    line.push(...I.get(out), ...I.get(o), ...I.i32Add());
    line.push(...I.get(a), ...I.get(o), ...I.i32Add(), ...I.v128Load(off));
    line.push(...I.get(b), ...I.get(o), ...I.i32Add(), ...I.v128Load(off), ...I.simd(SIMD.f32x4Mul));
    line.push(...I.get(c), ...I.get(o), ...I.i32Add(), ...I.v128Load(off), ...I.simd(SIMD.f32x4Add));
    line.push(...I.v128Store(off));
  }
  const body = [
    ...I.block(),
    ...I.get(bytes),
    ...I.i32Eqz(),
    ...I.brIf(0),
    ...I.loop(),
    ...line,
    ...I.get(o),
    ...I.i32(64),
    ...I.i32Add(),
    ...I.tee(o),
    ...I.get(bytes),
    ...I.i32LtU(),
    ...I.brIf(0),
    ...I.end(),
    ...I.end(),
  ];
  return { name: 'axpb', params: [T.i32, T.i32, T.i32, T.i32, T.i32], results: [], locals: [T.i32], body };
}

function sum(): FuncDef {
  // params 0 ptr, 1 blocks; locals 2 i, 3..6 acc (v128), 7 tot (v128), 8 blockSum (v128)
  const [ptr, blocks, i] = [0, 1, 2];
  const acc = (k: number): number => 3 + k;
  const [tot, bs] = [7, 8];
  const inner: number[] = [];
  for (let k = 0; k < 4; k++) {
    inner.push(...I.get(acc(k)), ...I.get(ptr), ...I.v128Load(16 * k), ...I.simd(SIMD.f32x4Add), ...I.set(acc(k)));
  }
  inner.push(...I.get(ptr), ...I.i32(64), ...I.i32Add(), ...I.set(ptr));
  const zero = I.v128ConstF32([0, 0, 0, 0]);
  const block: number[] = [];
  for (let k = 0; k < 4; k++) block.push(...zero, ...I.set(acc(k)));
  block.push(...I.i32(SUM_BLOCK / 16), ...I.set(i), ...countdownLoop(i, inner));
  block.push(...I.get(acc(0)), ...I.get(acc(1)), ...I.simd(SIMD.f32x4Add));
  block.push(...I.get(acc(2)), ...I.get(acc(3)), ...I.simd(SIMD.f32x4Add), ...I.simd(SIMD.f32x4Add), ...I.set(bs));
  block.push(...I.get(tot), ...I.get(bs), ...I.simd(SIMD.f64x2PromoteLowF32x4), ...I.simd(SIMD.f64x2Add));
  block.push(...I.get(bs), ...I.get(bs), ...I.shuffle(HIGH_HALF_TO_LOW), ...I.simd(SIMD.f64x2PromoteLowF32x4));
  block.push(...I.simd(SIMD.f64x2Add), ...I.set(tot));
  const body = [
    ...zero,
    ...I.set(tot),
    ...countdownLoop(blocks, block),
    ...I.get(tot),
    ...I.f64x2ExtractLane(0),
    ...I.get(tot),
    ...I.f64x2ExtractLane(1),
    ...I.f64Add(),
  ];
  return {
    name: 'sum',
    params: [T.i32, T.i32],
    results: [T.f64],
    locals: [T.i32, T.v128, T.v128, T.v128, T.v128, T.v128, T.v128],
    body,
  };
}

/** Constants of the vector exp. */
export const EXP_CONST = {
  /** Inputs are clamped here: e^-87.3 ≈ 1.2e-38 is still a normal f32, so 2ⁿ needs no denormals. */
  minX: -87.3,
  log2e: 1.4426950408889634,
  /** ln 2 split so that n·ln2Hi is exact for |n| ≤ 2⁸ (Cody–Waite). */
  ln2Hi: 0.693359375,
  ln2Lo: -2.1219444e-4,
} as const;

function splat4(x: number): number[] {
  return I.v128ConstF32([x, x, x, x]);
}

/** exp of the f32x4 in local `x` (clobbers `x` and `n`), result on the stack. */
function vexp(x: number, n: number): number[] {
  const out: number[] = [];
  // x = max(x, minX); n = nearest(x·log2e); x = x − n·ln2Hi − n·ln2Lo
  out.push(...I.get(x), ...splat4(EXP_CONST.minX), ...I.simd(SIMD.f32x4Max), ...I.set(x));
  out.push(
    ...I.get(x),
    ...splat4(EXP_CONST.log2e),
    ...I.simd(SIMD.f32x4Mul),
    ...I.simd(SIMD.f32x4Nearest),
    ...I.set(n),
  );
  out.push(...I.get(x), ...I.get(n), ...splat4(EXP_CONST.ln2Hi), ...I.simd(SIMD.f32x4Mul), ...I.simd(SIMD.f32x4Sub));
  out.push(...I.get(n), ...splat4(EXP_CONST.ln2Lo), ...I.simd(SIMD.f32x4Mul), ...I.simd(SIMD.f32x4Sub), ...I.set(x));
  // Horner: 1 + r(1 + r(1/2 + r(1/6 + r(1/24 + r(1/120 + r/720)))))
  const coeffs = [1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2, 1, 1];
  out.push(...splat4(coeffs[0] as number));
  for (const cst of coeffs.slice(1)) {
    out.push(...I.get(x), ...I.simd(SIMD.f32x4Mul), ...splat4(cst), ...I.simd(SIMD.f32x4Add));
  }
  // × 2ⁿ: ((int)n + 127) << 23 is 2ⁿ's bit pattern.
  out.push(...I.get(n), ...I.simd(SIMD.i32x4TruncSatF32x4S), ...I.v128ConstI32([127, 127, 127, 127]));
  out.push(...I.simd(SIMD.i32x4Add), ...I.i32(23), ...I.simd(SIMD.i32x4Shl), ...I.simd(SIMD.f32x4Mul));
  return out;
}

/** Horizontal reduction of the f32x4 in local `v` with a scalar binary op, result on the stack. */
function horizontal(v: number, op: number[]): number[] {
  const out = [...I.get(v), ...I.f32x4ExtractLane(0)];
  for (let lane = 1; lane < 4; lane++) out.push(...I.get(v), ...I.f32x4ExtractLane(lane), ...op);
  return out;
}

function softmax(): FuncDef {
  // params 0 x, 1 y, 2 rows, 3 vecs; locals 4 k, 5 px, 6 py, 7 m (v128), 8 s (v128), 9 t (v128), 10 n (v128)
  const [x, y, rows, vecs, k, px, py, m, s, t, n] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const advance = (ptr: number): number[] => [...I.get(ptr), ...I.i32(16), ...I.i32Add(), ...I.set(ptr)];
  const row: number[] = [];
  // pass 1: m = max over the row
  row.push(...splat4(-3.4028234663852886e38), ...I.set(m), ...I.get(x), ...I.set(px), ...I.get(vecs), ...I.set(k));
  row.push(
    ...countdownLoop(k, [
      ...I.get(m),
      ...I.get(px),
      ...I.v128Load(0),
      ...I.simd(SIMD.f32x4Max),
      ...I.set(m),
      ...advance(px),
    ]),
  );
  row.push(...horizontal(m, I.f32Max()), ...I.simd(SIMD.f32x4Splat), ...I.set(m));
  // pass 2: y = exp(x − m), s += y
  row.push(
    ...splat4(0),
    ...I.set(s),
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
      ...I.simd(SIMD.f32x4Sub),
      ...I.set(t),
      ...vexp(t, n),
      ...I.set(t),
      ...I.get(py),
      ...I.get(t),
      ...I.v128Store(0),
      ...I.get(s),
      ...I.get(t),
      ...I.simd(SIMD.f32x4Add),
      ...I.set(s),
      ...advance(px),
      ...advance(py),
    ]),
  );
  // pass 3: y ·= 1/s
  row.push(...I.f32(1), ...horizontal(s, I.f32Add()), ...I.f32Div(), ...I.simd(SIMD.f32x4Splat), ...I.set(s));
  row.push(...I.get(y), ...I.set(py), ...I.get(vecs), ...I.set(k));
  row.push(
    ...countdownLoop(k, [
      ...I.get(py),
      ...I.get(py),
      ...I.v128Load(0),
      ...I.get(s),
      ...I.simd(SIMD.f32x4Mul),
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
    locals: [T.i32, T.i32, T.i32, T.v128, T.v128, T.v128, T.v128],
    body: countdownLoop(rows, row),
  };
}

/** The workload module's bytes, with the matmul micro-kernel in the given flavour. */
export function emitWorkloadModule(flavor: SimdFlavor): Uint8Array<ArrayBuffer> {
  return assembleModule([matmulPanel(flavor), axpb(), sum(), softmax()]);
}
