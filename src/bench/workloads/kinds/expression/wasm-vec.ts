/**
 * What the generated expression loops (wasm.ts) need of an element type beyond the shared
 * `Lanes` descriptor (cpu/lanes.ts): the remaining lane operations (comparisons, min, abs,
 * neg, sqrt, lane loads), how a byte mask becomes lanes of all ones and back, and the math
 * routines (exp, log, sin, cos, tanh, powers) of that precision. float32 runs in f32x4 with
 * wasm-math.ts / wasm-trig.ts; float64 in f64x2 with wasm-math64.ts / wasm-trig64.ts, whose
 * accuracy is float64's own (see there). The generator is written once against this. Pure.
 */
import { I, SIMD } from '../../../wasm/asm.ts';
import { F32, F64, type CpuDtype, type Lanes } from '../../cpu/lanes.ts';
import type { BinaryOp } from '../../../../model/workloads/expression/ir.ts';
import type { Locals } from './wasm-locals.ts';
import { vexp, vipow, vlog, vpow } from './wasm-math.ts';
import { vexp64, vipow64, vlog64 } from './wasm-math64.ts';
import { vpow64 } from './wasm-pow64.ts';
import { J, X } from './wasm-ops.ts';
import { vsincos, vtanh } from './wasm-trig.ts';
import { vsincos64, vtanh64 } from './wasm-trig64.ts';

const s = (op: number): number[] => J.simd(op);

/** The math routines of one precision: argument(s) in locals, the result on the stack. */
export interface VecMath {
  exp(Lo: Locals, x: number): number[];
  log(Lo: Locals, x: number): number[];
  sincos(Lo: Locals, x: number, cos: boolean): number[];
  tanh(Lo: Locals, x: number): number[];
  /** NumPy's power for any x and y. */
  pow(Lo: Locals, x: number, y: number): number[];
  /** x**p for a whole |p| ≤ 16 by repeated squaring. */
  ipow(Lo: Locals, x: number, p: number): number[];
}

export interface VecType {
  L: Lanes;
  /** log₂ of the lanes per v128. */
  shift: number;
  /** Binary operations other than the power, as one SIMD instruction each. */
  binary: Record<Exclude<BinaryOp, 'pow'>, number>;
  neg: number;
  abs: number;
  sqrt: number;
  /** The same value in every lane, from the function's constant pool. */
  constant(Lo: Locals, x: number): number[];
  /** One element from the address on the stack (a strided stream). */
  sLoad(): number[];
  /** Replace lane `lane` of the v128 below with the scalar on the stack. */
  replaceLane(lane: number): number[];
  mask: {
    /** `lanes` mask bytes at the address on the stack → lane integers 0/1. */
    run(): number[];
    /** One mask byte at the address on the stack, as a lane integer (then `splat` or `replaceLane`). */
    byte(): number[];
    splat(): number[];
    replaceLane(lane: number): number[];
    /** Lane integers 0/1 → 0/−1 (all ones: what comparisons give and bitselect takes); also back. */
    neg: number;
    /** Lanes 0/−1 on the stack → bytes 0/1 in bytes 0 … lanes−1 (`tmp`, a v128 local, is clobbered). */
    pack(tmp: number): number[];
    /** Store bytes 0 … lanes−1 of the v128 on the stack at the address below it. */
    storeRun(): number[];
  };
  math: VecMath;
}

export const VEC_F32: VecType = {
  L: F32,
  shift: 2,
  binary: {
    add: SIMD.f32x4Add,
    sub: SIMD.f32x4Sub,
    mul: SIMD.f32x4Mul,
    div: SIMD.f32x4Div,
    maximum: SIMD.f32x4Max,
    minimum: X.f32x4Min,
    lt: X.f32x4Lt,
    gt: X.f32x4Gt,
    le: X.f32x4Le,
    ge: X.f32x4Ge,
    eq: X.f32x4Eq,
    ne: X.f32x4Ne,
  },
  neg: X.f32x4Neg,
  abs: X.f32x4Abs,
  sqrt: X.f32x4Sqrt,
  constant: (Lo, x) => Lo.f32(x),
  sLoad: () => J.f32Load(),
  replaceLane: (lane) => J.f32x4ReplaceLane(lane),
  mask: {
    run: () => [...J.v128Load32Zero(), ...s(X.i16x8ExtendLowI8x16U), ...s(X.i32x4ExtendLowI16x8U)],
    byte: () => J.i32Load8U(),
    splat: () => s(X.i32x4Splat),
    replaceLane: (lane) => J.i32x4ReplaceLane(lane),
    neg: X.i32x4Neg,
    pack: (p) => [
      ...s(X.i32x4Neg),
      ...J.tee(p),
      ...J.get(p),
      ...s(X.i16x8NarrowI32x4U),
      ...J.tee(p),
      ...J.get(p),
      ...s(X.i8x16NarrowI16x8U),
    ],
    storeRun: () => J.v128Store32Lane(0),
  },
  math: {
    exp: vexp,
    log: vlog,
    sincos: vsincos,
    tanh: vtanh,
    pow: vpow,
    ipow: vipow,
  },
};

/** Bytes 0 and 8 (the low bytes of the two i64 lanes) to bytes 0 and 1. */
const I64_LOW_BYTES = [0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

export const VEC_F64: VecType = {
  L: F64,
  shift: 1,
  binary: {
    add: SIMD.f64x2Add,
    sub: SIMD.f64x2Sub,
    mul: SIMD.f64x2Mul,
    div: SIMD.f64x2Div,
    maximum: SIMD.f64x2Max,
    minimum: X.f64x2Min,
    lt: X.f64x2Lt,
    gt: X.f64x2Gt,
    le: X.f64x2Le,
    ge: X.f64x2Ge,
    eq: X.f64x2Eq,
    ne: X.f64x2Ne,
  },
  neg: X.f64x2Neg,
  abs: X.f64x2Abs,
  sqrt: X.f64x2Sqrt,
  constant: (Lo, x) => Lo.f64(x),
  sLoad: () => I.f64Load(),
  replaceLane: (lane) => J.f64x2ReplaceLane(lane),
  mask: {
    // Four bytes read (the buffers' padding covers the two past a run), two used.
    run: () => [
      ...J.v128Load32Zero(),
      ...s(X.i16x8ExtendLowI8x16U),
      ...s(X.i32x4ExtendLowI16x8U),
      ...s(X.i64x2ExtendLowI32x4U),
    ],
    byte: () => J.i64Load8U(),
    splat: () => s(X.i64x2Splat),
    replaceLane: (lane) => J.i64x2ReplaceLane(lane),
    neg: X.i64x2Neg,
    pack: (p) => [...s(X.i64x2Neg), ...J.tee(p), ...J.get(p), ...I.shuffle(I64_LOW_BYTES)],
    storeRun: () => J.v128Store16Lane(0),
  },
  math: {
    exp: vexp64,
    log: vlog64,
    sincos: vsincos64,
    tanh: vtanh64,
    pow: vpow64,
    ipow: vipow64,
  },
};

/** The generator's view of `dtype`. */
export function vecFor(dtype: CpuDtype): VecType {
  return dtype === 'f64' ? VEC_F64 : VEC_F32;
}
