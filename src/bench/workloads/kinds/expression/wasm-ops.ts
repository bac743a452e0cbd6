/**
 * The instructions the expression kernels need beyond src/bench/cpu/wasm-asm.ts (bytes
 * loads and stores, lane loads and stores, comparisons, bit selects, narrowing, and the
 * float64 / i64 lane operations of the f64x2 kernels): kept here
 * so the shared assembler stays as the other kernels use it. Encodings from the
 * WebAssembly core specification 2.0 (SIMD: prefix 0xfd, then the LEB128 sub-opcode).
 */
import { I, SIMD } from '../../../wasm/asm.ts';
import { uleb128 } from '../../../cpu/wasm-kernel.ts';

/** SIMD sub-opcodes used here and not in wasm-asm.ts's table. */
export const X = {
  ...SIMD,
  v128Load8Splat: 0x07,
  i32x4Splat: 0x11,
  i8x16ExtractLaneU: 0x16,
  i64x2Splat: 0x12,
  i32x4ReplaceLane: 0x1c,
  i64x2ReplaceLane: 0x1e,
  f32x4ReplaceLane: 0x20,
  f64x2ReplaceLane: 0x22,
  i32x4Eq: 0x37,
  f32x4Eq: 0x41,
  f32x4Ne: 0x42,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  f32x4Le: 0x45,
  f32x4Ge: 0x46,
  f64x2Eq: 0x47,
  f64x2Ne: 0x48,
  f64x2Lt: 0x49,
  f64x2Gt: 0x4a,
  f64x2Le: 0x4b,
  f64x2Ge: 0x4c,
  v128Not: 0x4d,
  v128And: 0x4e,
  v128AndNot: 0x4f,
  v128Or: 0x50,
  v128Xor: 0x51,
  v128Bitselect: 0x52,
  v128AnyTrue: 0x53,
  v128Store8Lane: 0x58,
  v128Store16Lane: 0x59,
  v128Store32Lane: 0x5a,
  v128Load32Zero: 0x5c,
  i8x16NarrowI16x8U: 0x66,
  i16x8NarrowI32x4U: 0x86,
  i16x8ExtendLowI8x16U: 0x89,
  i32x4Neg: 0xa1,
  i32x4ExtendLowI16x8U: 0xa9,
  i32x4ShrS: 0xac,
  i32x4ShrU: 0xad,
  i32x4Sub: 0xb1,
  i64x2Neg: 0xc1,
  i64x2ExtendLowI32x4U: 0xc9,
  i64x2ShrS: 0xcc,
  i64x2ShrU: 0xcd,
  i64x2Sub: 0xd1,
  i64x2Eq: 0xd6,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Min: 0xe8,
  f64x2Abs: 0xec,
  f64x2Neg: 0xed,
  f64x2Sqrt: 0xef,
  f64x2Min: 0xf4,
} as const;

/** Scalar opcodes used here and not exported by wasm-asm.ts. */
const OP = {
  select: 0x1b,
  i32Load8U: 0x2d,
  i64Load8U: 0x31,
  i32Store8: 0x3a,
  i32GtU: 0x4b,
  i32And: 0x71,
  i32ShrU: 0x76,
} as const;

function memarg(alignLog2: number, offset: number): number[] {
  return [...uleb128(alignLog2), ...uleb128(offset)];
}

/** Instruction helpers beyond wasm-asm.ts's `I`. */
export const J = {
  ...I,
  select: (): number[] => [OP.select],
  i32Load8U: (offset = 0): number[] => [OP.i32Load8U, ...memarg(0, offset)],
  i64Load8U: (offset = 0): number[] => [OP.i64Load8U, ...memarg(0, offset)],
  i32Store8: (offset = 0): number[] => [OP.i32Store8, ...memarg(0, offset)],
  i32GtU: (): number[] => [OP.i32GtU],
  i32And: (): number[] => [OP.i32And],
  i32ShrU: (): number[] => [OP.i32ShrU],
  /** Four bytes into lane 0 of a v128, the other lanes zero. */
  v128Load32Zero: (offset = 0): number[] => [0xfd, ...uleb128(X.v128Load32Zero), ...memarg(0, offset)],
  v128Load8Splat: (offset = 0): number[] => [0xfd, ...uleb128(X.v128Load8Splat), ...memarg(0, offset)],
  v128Store32Lane: (lane: number, offset = 0): number[] => [
    0xfd,
    ...uleb128(X.v128Store32Lane),
    ...memarg(0, offset),
    lane,
  ],
  v128Store16Lane: (lane: number, offset = 0): number[] => [
    0xfd,
    ...uleb128(X.v128Store16Lane),
    ...memarg(0, offset),
    lane,
  ],
  v128Store8Lane: (lane: number, offset = 0): number[] => [
    0xfd,
    ...uleb128(X.v128Store8Lane),
    ...memarg(0, offset),
    lane,
  ],
  f32x4ReplaceLane: (lane: number): number[] => [0xfd, ...uleb128(X.f32x4ReplaceLane), lane],
  f64x2ReplaceLane: (lane: number): number[] => [0xfd, ...uleb128(X.f64x2ReplaceLane), lane],
  i32x4ReplaceLane: (lane: number): number[] => [0xfd, ...uleb128(X.i32x4ReplaceLane), lane],
  i64x2ReplaceLane: (lane: number): number[] => [0xfd, ...uleb128(X.i64x2ReplaceLane), lane],
  i8x16ExtractLaneU: (lane: number): number[] => [0xfd, ...uleb128(X.i8x16ExtractLaneU), lane],
  /** v128.const with the same f32 in all four lanes. */
  splat: (x: number): number[] => I.v128ConstF32([x, x, x, x]),
  /** v128.const with the same i32 in all four lanes. */
  splatI32: (x: number): number[] => I.v128ConstI32([x, x, x, x]),
  /** v128.const with the same f64 in both lanes. */
  splatF64: (x: number): number[] => I.v128ConstF64([x, x]),
  /** v128.const with the same i64 in both lanes (any 64-bit pattern, as a bigint). */
  splatI64: (x: bigint): number[] => [
    0xfd,
    ...uleb128(0x0c),
    ...Array.from(new Uint8Array(BigInt64Array.of(BigInt.asIntN(64, x), BigInt.asIntN(64, x)).buffer)),
  ],
};

/** The f64x2 arithmetic the float64 math files (wasm-math64, wasm-pow64, wasm-trig64) are written in, and bitselect. */
export const V64 = {
  add: J.simd(SIMD.f64x2Add),
  sub: J.simd(SIMD.f64x2Sub),
  mul: J.simd(SIMD.f64x2Mul),
  sel: J.simd(X.v128Bitselect),
} as const;
