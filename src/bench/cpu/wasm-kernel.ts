/**
 * Emits the WebAssembly SIMD throughput kernel as binary bytes, from TypeScript, so the
 * repository needs no Wasm toolchain and checks in no prebuilt binary. Pure: no DOM, no
 * timers; runs unchanged in the page, in Web Workers, in Node worker threads and in tests.
 *
 * The kernel, in WAT terms (shown for chains = 2, unroll = 1; the real one has more):
 *
 * ```wat
 * (module
 *   (memory (export "mem") 1)
 *   (func (export "run") (param $loops i32) (local $acc0 v128) (local $acc1 v128)
 *                                           (local $m v128) (local $a v128)
 *     (local.set $acc0 (v128.load offset=0 (i32.const 0)))        ;; one v128 per chain
 *     (local.set $acc1 (v128.load offset=16 (i32.const 0)))
 *     (local.set $m (v128.load offset=32 (i32.const 0)))           ;; multiplier
 *     (local.set $a (v128.load offset=48 (i32.const 0)))           ;; addend
 *     (block $done
 *       (br_if $done (i32.eqz (local.get $loops)))
 *       (loop $next
 *         ;; relaxed flavour:  acc = f32x4.relaxed_madd(acc, m, a)   (fused or not: engine's choice)
 *         ;; mul_add flavour:  acc = f32x4.add(f32x4.mul(acc, m), a) (two roundings)
 *         (local.set $acc0 (f32x4.relaxed_madd (local.get $acc0) (local.get $m) (local.get $a)))
 *         (local.set $acc1 (f32x4.relaxed_madd (local.get $acc1) (local.get $m) (local.get $a)))
 *         (br_if $next (local.tee $loops (i32.sub (local.get $loops) (i32.const 1))))))
 *     (v128.store offset=0 (i32.const 0) (local.get $acc0))          ;; results back to memory
 *     (v128.store offset=16 (i32.const 0) (local.get $acc1))))
 * ```
 *
 * Every chain is an independent dependency chain (instruction-level parallelism): an FMA
 * has ~4 cycles of latency and modern cores issue 2 per cycle, so at least 8 chains in
 * flight are needed to saturate the FMA units; mul+add has ~6–7 cycles of latency (mul
 * then add) and needs more. Accumulators live in locals, which the optimizing compiler
 * keeps in xmm registers (16 on x86-64: chains + m + a + one temporary must fit).
 *
 * The memory layout (all little-endian f32):
 *   [0, 16·chains)              initial accumulators in, results out; chain k at 16·k
 *   [16·chains, 16·chains + 16) multiplier m, four lanes
 *   [16·chains + 16, +32)       addend a, four lanes
 */
import { name, section, vec } from '../wasm/asm.ts';
import { sleb128, uleb128 } from '../wasm/leb128.ts';
import type { Precision, SimdFlavor } from '../wasm/simd.ts';

export { sleb128, uleb128 } from '../wasm/leb128.ts';
export {
  detectSimdSupport,
  relaxedSimdProbeBytes,
  simdProbeBytes,
  type Precision,
  type SimdFlavor,
} from '../wasm/simd.ts';

/** Shape of an emitted kernel; FLOPs per `run(loops)` call follow from it. */
export interface SimdKernelShape {
  flavor: SimdFlavor;
  /** Independent v128 accumulator chains. */
  chains: number;
  /** Multiply-add steps per chain per loop iteration (unrolled). */
  unroll: number;
  /** f32x4 (default) or f64x2 lanes. */
  precision?: Precision;
}

/** Lanes in a v128 for a precision. */
export function lanesOf(precision: Precision = 'f32'): number {
  return precision === 'f64' ? 2 : 4;
}

/** f32 lanes in a v128. */
export const LANES = 4;

/** Bytes in a v128. */
const V128_BYTES = 16;

/**
 * The tuned default, measured in Chromium 156 on the 2-core EPYC (Zen 4) CI machine
 * (BENCHMARKS-cpu.md). mul+add needs ≈ 6 cycles (mul 3 + add 3) × 2 ports = 12 steps in
 * flight: 13 chains gave 45–57 GFLOPS across runs where 12 gave 43–48 and 11 gave 38–47;
 * 14 chains no longer fit x86-64's 16 xmm registers (chains + m + a + one temporary) and
 * spill (≈ 40). relaxed_madd (FMA: 4 cycles × 2 ports = 8 in flight) is flat at ≈ 58–59
 * from 8 to 13 chains. Unroll 4 makes the loop counter and branch a negligible share of
 * the instructions (they run on integer ports anyway); 1, 2 and 4 measured the same.
 */
export const DEFAULT_CHAINS = 13;
export const DEFAULT_UNROLL = 4;

/** FLOPs one `run(loops)` call performs: a multiply-add is 2 FLOPs per lane. */
export function simdFlopsPerCall(shape: SimdKernelShape, loops: number): number {
  return loops * shape.unroll * shape.chains * lanesOf(shape.precision) * 2;
}

/** Byte offsets of the kernel's memory layout (see the module comment). */
export function simdLayout(chains: number): { accOffset: number; mOffset: number; aOffset: number; bytes: number } {
  return {
    accOffset: 0,
    mOffset: chains * V128_BYTES,
    aOffset: chains * V128_BYTES + V128_BYTES,
    bytes: chains * V128_BYTES + 2 * V128_BYTES,
  };
}

// ---------------------------------------------------------------------------------------
// Binary encoding helpers (WebAssembly core spec §5, SIMD and relaxed-SIMD proposals).

/** Opcodes used by the kernel. SIMD instructions are the prefix 0xfd + a uleb128 sub-opcode. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  brIf: 0x0d,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Sub: 0x6b,
  /** Block type "no result". */
  void: 0x40,
  simdPrefix: 0xfd,
  /** SIMD sub-opcodes (uleb128-encoded after the prefix). */
  v128Load: 0x00,
  v128Store: 0x0b,
  f32x4Add: 0xe4,
  f32x4Mul: 0xe6,
  f64x2Add: 0xf0,
  f64x2Mul: 0xf2,
  /** Relaxed SIMD: f32x4.relaxed_madd(a, b, c) = a·b + c, fused or not. */
  f32x4RelaxedMadd: 0x105,
  /** Relaxed SIMD: f64x2.relaxed_madd. */
  f64x2RelaxedMadd: 0x107,
} as const;

/** Value types. */
const I32 = 0x7f;
const V128 = 0x7b;

/** A SIMD instruction: prefix, then the sub-opcode as uleb128 (0x105 → 0x85 0x02). */
function simd(subOpcode: number): number[] {
  return [OP.simdPrefix, ...uleb128(subOpcode)];
}

/** memarg for a v128 access: alignment exponent 4 (2⁴ = 16 bytes), then the offset. */
function memarg16(offset: number): number[] {
  return [...uleb128(4), ...uleb128(offset)];
}

const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]; // "\0asm", version 1

/** Section ids. */
const SEC = { type: 1, function: 3, memory: 5, export: 7, code: 10 } as const;

/**
 * Assemble a module with one exported function `run` of type (i32) → () and one exported
 * 1-page memory `mem`, given the function's extra locals and body (without the final end).
 */
function assemble(locals: { count: number; type: number }[], body: number[]): Uint8Array<ArrayBuffer> {
  const typeSec = section(SEC.type, vec([[0x60, ...vec([[I32]]), ...vec([])]]));
  const funcSec = section(SEC.function, vec([uleb128(0)]));
  const memSec = section(SEC.memory, vec([[0x00, ...uleb128(1)]])); // limits: min 1 page (64 KiB), no max
  const exportSec = section(
    SEC.export,
    vec([
      [...name('run'), 0x00, ...uleb128(0)], // func 0
      [...name('mem'), 0x02, ...uleb128(0)], // memory 0
    ]),
  );
  const localDecls = vec(locals.map((l) => [...uleb128(l.count), l.type]));
  const funcBody = [...localDecls, ...body, OP.end];
  const codeSec = section(SEC.code, vec([[...uleb128(funcBody.length), ...funcBody]]));
  return Uint8Array.from([...WASM_HEADER, ...typeSec, ...funcSec, ...memSec, ...exportSec, ...codeSec]);
}

/**
 * Emit the throughput kernel: `run(loops)` performs `loops × unroll` multiply-add steps on
 * each of `chains` f32x4 accumulators (see the module comment for the WAT).
 */
export function emitSimdKernel(shape: SimdKernelShape): Uint8Array<ArrayBuffer> {
  const { chains, unroll, flavor } = shape;
  const f64 = shape.precision === 'f64';
  const madd = f64 ? OP.f64x2RelaxedMadd : OP.f32x4RelaxedMadd;
  const mul = f64 ? OP.f64x2Mul : OP.f32x4Mul;
  const add = f64 ? OP.f64x2Add : OP.f32x4Add;
  if (!Number.isInteger(chains) || chains < 1 || chains > 64)
    throw new RangeError(`chains must be 1..64, got ${chains}`);
  if (!Number.isInteger(unroll) || unroll < 1 || unroll > 64)
    throw new RangeError(`unroll must be 1..64, got ${unroll}`);
  const layout = simdLayout(chains);
  // Local indices: 0 = $loops (param), 1..chains = accumulators, then $m, $a.
  const acc = (k: number): number => 1 + k;
  const mLocal = 1 + chains;
  const aLocal = 2 + chains;
  const body: number[] = [];
  const load = (local: number, offset: number): void => {
    body.push(OP.i32Const, ...sleb128(0), ...simd(OP.v128Load), ...memarg16(offset), OP.localSet, ...uleb128(local));
  };
  for (let k = 0; k < chains; k++) load(acc(k), layout.accOffset + k * V128_BYTES);
  load(mLocal, layout.mOffset);
  load(aLocal, layout.aOffset);

  // block $done; br_if $done (loops == 0); loop $next
  body.push(OP.block, OP.void, OP.localGet, 0, OP.i32Eqz, OP.brIf, 0, OP.loop, OP.void);
  for (let u = 0; u < unroll; u++) {
    for (let k = 0; k < chains; k++) {
      body.push(OP.localGet, ...uleb128(acc(k)), OP.localGet, ...uleb128(mLocal));
      if (flavor === 'relaxed_madd') {
        body.push(OP.localGet, ...uleb128(aLocal), ...simd(madd));
      } else {
        body.push(...simd(mul), OP.localGet, ...uleb128(aLocal), ...simd(add));
      }
      body.push(OP.localSet, ...uleb128(acc(k)));
    }
  }
  // loops = loops - 1; br_if $next (loops != 0); end loop; end block
  body.push(OP.localGet, 0, OP.i32Const, ...sleb128(1), OP.i32Sub, OP.localTee, 0, OP.brIf, 0, OP.end, OP.end);

  for (let k = 0; k < chains; k++) {
    body.push(
      OP.i32Const,
      ...sleb128(0),
      OP.localGet,
      ...uleb128(acc(k)),
      ...simd(OP.v128Store),
      ...memarg16(layout.accOffset + k * V128_BYTES),
    );
  }
  return assemble([{ count: chains + 2, type: V128 }], body);
}
