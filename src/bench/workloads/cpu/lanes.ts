/**
 * The element type of a Wasm SIMD workload kernel: float32 in f32x4 or float64 in f64x2.
 * Each kind writes its kernel once against this descriptor and gets both, so "the dtype
 * asked for is the dtype run" holds on the CPU for float32 and float64 alike. Pure.
 */
import { HIGH_HALF_TO_LOW, I, SIMD, T, type ValType } from '../../wasm/asm.ts';
import type { SimdFlavor } from '../../wasm/simd.ts';

/** Element types the CPU kernels store and compute in (WebAssembly has no float16 or bfloat16). */
export type CpuDtype = 'f32' | 'f64';

export interface Lanes {
  dtype: CpuDtype;
  /** Bytes per element. */
  bytes: number;
  /** Elements per v128. */
  lanes: number;
  /** The scalar value type. */
  scalar: ValType;
  /** Vector ops on the two v128 on the stack. */
  add: number[];
  sub: number[];
  mul: number[];
  div: number[];
  max: number[];
  /** Scalar on the stack → every lane. */
  splat: number[];
  /** A v128 constant with `x` in every lane. */
  vconst(x: number): number[];
  /** Load one element and broadcast it. */
  loadSplat(offset?: number): number[];
  /** Lane `l` of the v128 on the stack, as a scalar. */
  extract(lane: number): number[];
  /** locals x·y + z, on the stack: relaxed_madd, or mul then add. */
  madd(flavor: SimdFlavor, x: number, y: number, z: number): number[];
  /** Scalar ops. */
  sAdd: number[];
  sSub: number[];
  sMul: number[];
  sDiv: number[];
  sMax: number[];
  sSqrt: number[];
  sConst(x: number): number[];
  /** Store the scalar on the stack at the address below it. */
  sStore(offset?: number): number[];
  /** The smallest finite value (a max's neutral padding). */
  lowest: number;
  /** A typed view of `length` elements at a byte offset. */
  view(buffer: ArrayBuffer, byteOffset: number, length: number): Float32Array | Float64Array;
}

export const F32: Lanes = {
  dtype: 'f32',
  bytes: 4,
  lanes: 4,
  scalar: T.f32,
  add: I.simd(SIMD.f32x4Add),
  sub: I.simd(SIMD.f32x4Sub),
  mul: I.simd(SIMD.f32x4Mul),
  div: I.simd(SIMD.f32x4Div),
  max: I.simd(SIMD.f32x4Max),
  splat: I.simd(SIMD.f32x4Splat),
  vconst: (x) => I.v128ConstF32([x, x, x, x]),
  loadSplat: (offset = 0) => I.load32Splat(offset),
  extract: (lane) => I.f32x4ExtractLane(lane),
  madd: (flavor, x, y, z) =>
    flavor === 'relaxed_madd'
      ? [...I.get(x), ...I.get(y), ...I.get(z), ...I.simd(SIMD.f32x4RelaxedMadd)]
      : [...I.get(x), ...I.get(y), ...I.simd(SIMD.f32x4Mul), ...I.get(z), ...I.simd(SIMD.f32x4Add)],
  sAdd: I.f32Add(),
  sSub: I.f32Sub(),
  sMul: I.f32Mul(),
  sDiv: I.f32Div(),
  sMax: I.f32Max(),
  sSqrt: I.f32Sqrt(),
  sConst: (x) => I.f32(x),
  sStore: (offset = 0) => I.f32Store(offset),
  lowest: -3.4028234663852886e38,
  view: (buffer, byteOffset, length) => new Float32Array(buffer, byteOffset, length),
};

export const F64: Lanes = {
  dtype: 'f64',
  bytes: 8,
  lanes: 2,
  scalar: T.f64,
  add: I.simd(SIMD.f64x2Add),
  sub: I.simd(SIMD.f64x2Sub),
  mul: I.simd(SIMD.f64x2Mul),
  div: I.simd(SIMD.f64x2Div),
  max: I.simd(SIMD.f64x2Max),
  splat: I.simd(SIMD.f64x2Splat),
  vconst: (x) => I.v128ConstF64([x, x]),
  loadSplat: (offset = 0) => I.load64Splat(offset),
  extract: (lane) => I.f64x2ExtractLane(lane),
  madd: (flavor, x, y, z) =>
    flavor === 'relaxed_madd'
      ? [...I.get(x), ...I.get(y), ...I.get(z), ...I.simd(SIMD.f64x2RelaxedMadd)]
      : [...I.get(x), ...I.get(y), ...I.simd(SIMD.f64x2Mul), ...I.get(z), ...I.simd(SIMD.f64x2Add)],
  sAdd: I.f64Add(),
  sSub: I.f64Sub(),
  sMul: I.f64Mul(),
  sDiv: I.f64Div(),
  sMax: I.f64Max(),
  sSqrt: I.f64Sqrt(),
  sConst: (x) => I.f64(x),
  sStore: (offset = 0) => I.f64Store(offset),
  lowest: -Number.MAX_VALUE,
  view: (buffer, byteOffset, length) => new Float64Array(buffer, byteOffset, length),
};

export function lanesFor(dtype: CpuDtype): Lanes {
  return dtype === 'f64' ? F64 : F32;
}

/** Horizontal op over the lanes of the v128 in local `v` (`op` a scalar binary op), the scalar on the stack. */
export function horizontal(L: Lanes, v: number, op: number[]): number[] {
  const out = [...I.get(v), ...L.extract(0)];
  for (let lane = 1; lane < L.lanes; lane++) out.push(...I.get(v), ...L.extract(lane), ...op);
  return out;
}

/** `local += 16` (the next v128). */
export function advance(ptr: number, bytes = 16): number[] {
  return [...I.get(ptr), ...I.i32(bytes), ...I.i32Add(), ...I.set(ptr)];
}

/** Vectors summed in the element type before their partial goes into the float64 total (256 float32 values). */
export const SUM_BLOCK_VECS = 64;

/**
 * Long sums in float32 stagnate: once the total is large, a small term is less than half
 * its last place and vanishes (a softmax row of 8 million values came out 0.3 % high).
 * The row-wise kernels therefore sum a block of {@link SUM_BLOCK_VECS} vectors in the
 * element type, then add the block into a float64 total, as the reduction kernel does.
 */
export interface BlockedSum {
  /** Locals the caller declares: the v128 partial, the f64x2 total, the i32 block counter. */
  partial: number;
  total: number;
  counter: number;
}

/** Zero the partial and the total, start the block counter. */
export function blockedSumStart(L: Lanes, b: BlockedSum): number[] {
  return [
    ...L.vconst(0),
    ...I.set(b.partial),
    ...I.v128ConstF64([0, 0]),
    ...I.set(b.total),
    ...I.i32(SUM_BLOCK_VECS),
    ...I.set(b.counter),
  ];
}

/** Move the partial into the total (promoted to float64) and zero it. */
export function blockedSumFold(L: Lanes, b: BlockedSum): number[] {
  const out = [...I.get(b.total), ...I.get(b.partial)];
  if (L.dtype === 'f32') {
    out.push(...I.simd(SIMD.f64x2PromoteLowF32x4), ...I.simd(SIMD.f64x2Add));
    out.push(...I.get(b.partial), ...I.get(b.partial), ...I.shuffle(HIGH_HALF_TO_LOW));
    out.push(...I.simd(SIMD.f64x2PromoteLowF32x4), ...I.simd(SIMD.f64x2Add));
  } else {
    out.push(...I.simd(SIMD.f64x2Add));
  }
  out.push(...I.set(b.total), ...L.vconst(0), ...I.set(b.partial));
  return out;
}

/** After a vector was added to the partial: count it, and fold the block when it is full. */
export function blockedSumStep(L: Lanes, b: BlockedSum): number[] {
  return [
    ...I.get(b.counter),
    ...I.i32(1),
    ...I.i32Sub(),
    ...I.tee(b.counter),
    ...I.i32Eqz(),
    ...I.if(),
    ...blockedSumFold(L, b),
    ...I.i32(SUM_BLOCK_VECS),
    ...I.set(b.counter),
    ...I.end(),
  ];
}

/** Fold what is left and leave the whole sum on the stack, in the element type. */
export function blockedSumEnd(L: Lanes, b: BlockedSum): number[] {
  return [
    ...blockedSumFold(L, b),
    ...I.get(b.total),
    ...I.f64x2ExtractLane(0),
    ...I.get(b.total),
    ...I.f64x2ExtractLane(1),
    ...I.f64Add(),
    ...(L.dtype === 'f32' ? I.f32DemoteF64() : []),
  ];
}
