/**
 * A tiny WebAssembly assembler for the CPU kernels that need more than wasm-kernel.ts's one
 * fixed function (memory bandwidth, f64, the workload kernels): several functions with
 * typed params and locals, an imported memory that the host grows on demand, and helpers
 * for the instructions the kernels use. Emits bytes from TypeScript, like wasm-kernel.ts, so
 * there is no toolchain and no checked-in binary. Pure: runs in the page, workers, Node.
 *
 * Encodings follow the WebAssembly core spec 2.0 (SIMD: prefix 0xfd + LEB128 sub-opcode)
 * and the relaxed-SIMD proposal (f32x4.relaxed_madd 0x105, f64x2.relaxed_madd 0x107).
 */
import { sleb128, uleb128 } from './leb128.ts';

/** Value types. */
export const T = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof T)[keyof typeof T];

/** One function: its exported name, signature, extra locals (one type per local) and body (no final end). */
export interface FuncDef {
  name: string;
  params: ValType[];
  results: ValType[];
  locals: ValType[];
  body: number[];
}

/** Plain (non-SIMD) opcodes. */
const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f32Load: 0x2a,
  f64Load: 0x2b,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Const: 0x41,
  f32Const: 0x43,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Mul: 0x94,
  f32Div: 0x95,
  f32Max: 0x97,
  f32Sqrt: 0x91,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Max: 0xa5,
  f32DemoteF64: 0xb6,
  f64PromoteF32: 0xbb,
} as const;

/** SIMD sub-opcodes (after the 0xfd prefix). */
export const SIMD = {
  v128Load: 0x00,
  v128Load32Splat: 0x09,
  v128Load64Splat: 0x0a,
  v128Store: 0x0b,
  i8x16Shuffle: 0x0d,
  f32x4Splat: 0x13,
  f64x2Splat: 0x14,
  f32x4ExtractLane: 0x1f,
  f64x2ExtractLane: 0x21,
  f64x2PromoteLowF32x4: 0x5f,
  i32x4Shl: 0xab,
  i32x4Add: 0xae,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Max: 0xe9,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f64x2Max: 0xf5,
  f64x2Nearest: 0x94,
  i32x4TruncSatF64x2SZero: 0xfc,
  i64x2ExtendLowI32x4S: 0xc7,
  i64x2Shl: 0xcb,
  i64x2Add: 0xce,
  i32x4TruncSatF32x4S: 0xf8,
  f32x4ConvertI32x4S: 0xfa,
  f32x4Nearest: 0x6a,
  f32x4RelaxedMadd: 0x105,
  f64x2RelaxedMadd: 0x107,
} as const;

/** Block type "no result". */
const VOID = 0x40;

/** memarg: alignment exponent, then offset. */
function memarg(alignLog2: number, offset: number): number[] {
  return [...uleb128(alignLog2), ...uleb128(offset)];
}

function f32Bytes(x: number): number[] {
  return Array.from(new Uint8Array(Float32Array.of(x).buffer));
}

function f64Bytes(x: number): number[] {
  return Array.from(new Uint8Array(Float64Array.of(x).buffer));
}

/** Instruction helpers: each returns the bytes of one instruction. */
export const I = {
  block: (): number[] => [OP.block, VOID],
  loop: (): number[] => [OP.loop, VOID],
  if: (): number[] => [OP.if, VOID],
  else: (): number[] => [OP.else],
  end: (): number[] => [OP.end],
  br: (depth: number): number[] => [OP.br, ...uleb128(depth)],
  brIf: (depth: number): number[] => [OP.brIf, ...uleb128(depth)],
  return: (): number[] => [OP.return],
  drop: (): number[] => [OP.drop],
  get: (local: number): number[] => [OP.localGet, ...uleb128(local)],
  set: (local: number): number[] => [OP.localSet, ...uleb128(local)],
  tee: (local: number): number[] => [OP.localTee, ...uleb128(local)],
  i32: (v: number): number[] => [OP.i32Const, ...sleb128(v)],
  f32: (v: number): number[] => [OP.f32Const, ...f32Bytes(v)],
  f64: (v: number): number[] => [OP.f64Const, ...f64Bytes(v)],
  f32Load: (offset = 0): number[] => [OP.f32Load, ...memarg(2, offset)],
  f64Load: (offset = 0): number[] => [OP.f64Load, ...memarg(3, offset)],
  f32Store: (offset = 0): number[] => [OP.f32Store, ...memarg(2, offset)],
  f64Store: (offset = 0): number[] => [OP.f64Store, ...memarg(3, offset)],
  i32Eqz: (): number[] => [OP.i32Eqz],
  i32Ne: (): number[] => [OP.i32Ne],
  i32LtU: (): number[] => [OP.i32LtU],
  i32GeU: (): number[] => [OP.i32GeU],
  i32Add: (): number[] => [OP.i32Add],
  i32Sub: (): number[] => [OP.i32Sub],
  i32Mul: (): number[] => [OP.i32Mul],
  f32Add: (): number[] => [OP.f32Add],
  f32Sub: (): number[] => [OP.f32Sub],
  f32Mul: (): number[] => [OP.f32Mul],
  f32Div: (): number[] => [OP.f32Div],
  f32Max: (): number[] => [OP.f32Max],
  f32Sqrt: (): number[] => [OP.f32Sqrt],
  f64Add: (): number[] => [OP.f64Add],
  f64Sub: (): number[] => [OP.f64Sub],
  f64Mul: (): number[] => [OP.f64Mul],
  f64Div: (): number[] => [OP.f64Div],
  f64Max: (): number[] => [OP.f64Max],
  f64Sqrt: (): number[] => [OP.f64Sqrt],
  f32DemoteF64: (): number[] => [OP.f32DemoteF64],
  f64PromoteF32: (): number[] => [OP.f64PromoteF32],
  /** A SIMD instruction without immediates. */
  simd: (sub: number): number[] => [0xfd, ...uleb128(sub)],
  v128Load: (offset = 0): number[] => [0xfd, ...uleb128(SIMD.v128Load), ...memarg(4, offset)],
  v128Store: (offset = 0): number[] => [0xfd, ...uleb128(SIMD.v128Store), ...memarg(4, offset)],
  /** Load one f32 and broadcast it to four lanes. */
  load32Splat: (offset = 0): number[] => [0xfd, ...uleb128(SIMD.v128Load32Splat), ...memarg(2, offset)],
  /** Load one f64 and broadcast it to two lanes. */
  load64Splat: (offset = 0): number[] => [0xfd, ...uleb128(SIMD.v128Load64Splat), ...memarg(3, offset)],
  f32x4ExtractLane: (lane: number): number[] => [0xfd, ...uleb128(SIMD.f32x4ExtractLane), lane],
  f64x2ExtractLane: (lane: number): number[] => [0xfd, ...uleb128(SIMD.f64x2ExtractLane), lane],
  /** v128.const with four f32 lanes. */
  v128ConstF32: (lanes: readonly [number, number, number, number]): number[] => [
    0xfd,
    ...uleb128(0x0c),
    ...lanes.flatMap((x) => f32Bytes(x)),
  ],
  /** v128.const with two f64 lanes. */
  v128ConstF64: (lanes: readonly [number, number]): number[] => [
    0xfd,
    ...uleb128(0x0c),
    ...lanes.flatMap((x) => f64Bytes(x)),
  ],
  /** v128.const with two i64 lanes (safe integers). */
  v128ConstI64: (lanes: readonly [number, number]): number[] => [
    0xfd,
    ...uleb128(0x0c),
    ...Array.from(new Uint8Array(BigInt64Array.from(lanes.map(BigInt)).buffer)),
  ],
  /** v128.const with four i32 lanes. */
  v128ConstI32: (lanes: readonly [number, number, number, number]): number[] => [
    0xfd,
    ...uleb128(0x0c),
    ...Array.from(new Uint8Array(Int32Array.from(lanes).buffer)),
  ],
  /** i8x16.shuffle with 16 lane indices (0–31). */
  shuffle: (lanes: readonly number[]): number[] => [0xfd, ...uleb128(SIMD.i8x16Shuffle), ...lanes],
};

/** Bytes of `i8x16.shuffle` that moves lanes 2,3 of an f32x4 to lanes 0,1 (for promote_low). */
export const HIGH_HALF_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15] as const;

/** A vector: its element count as uleb128, then the elements. */
export function vec(items: number[][]): number[] {
  return [...uleb128(items.length), ...items.flat()];
}

/** A section: id byte, uleb128 byte size, contents. */
export function section(id: number, contents: number[]): number[] {
  return [id, ...uleb128(contents.length), ...contents];
}

/** A name: uleb128 length, UTF-8 bytes (ASCII here). */
export function name(s: string): number[] {
  return [...uleb128(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/**
 * Assemble a module importing its memory as `env.mem` (at least `minPages` 64 KiB pages,
 * so the host can create it, grow it and read it) and exporting every function by name.
 */
export function assembleModule(funcs: readonly FuncDef[], minPages = 1): Uint8Array<ArrayBuffer> {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))]);
  const typeSec = section(1, vec(types));
  const importSec = section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, ...uleb128(minPages)]]));
  const funcSec = section(3, vec(funcs.map((_, i) => uleb128(i))));
  const exportSec = section(7, vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb128(i)])));
  const bodies = funcs.map((f) => {
    // Run-length encode the locals' types.
    const groups: [number, number][] = [];
    for (const t of f.locals) {
      const last = groups.at(-1);
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body = [...vec(groups.map(([n, t]) => [...uleb128(n), t])), ...f.body, OP.end];
    return [...uleb128(body.length), ...body];
  });
  const codeSec = section(10, vec(bodies));
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  return Uint8Array.from([...header, ...typeSec, ...importSec, ...funcSec, ...exportSec, ...codeSec]);
}

/** 64 KiB Wasm pages needed for `bytes`. */
export function pagesFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 65536));
}

/** Instantiate `bytes` with `memory`; returns the exports. */
export async function instantiateWith(
  bytes: Uint8Array<ArrayBuffer>,
  memory: WebAssembly.Memory,
): Promise<WebAssembly.Exports> {
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { env: { mem: memory } });
  return instance.exports;
}

/** Synchronous variant for small modules (tests, the in-process reference path). */
export function instantiateSync(bytes: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory): WebAssembly.Exports {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } }).exports;
}

/** Grow `memory` so it holds at least `bytes`; throws a plain-words error when the engine refuses. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const need = pagesFor(bytes) - memory.buffer.byteLength / 65536;
  if (need <= 0) return;
  try {
    memory.grow(need);
  } catch {
    throw new Error(`could not grow WebAssembly memory to ${Math.round(bytes / 2 ** 20)} MiB`);
  }
}

/** Helper for loops: `for (counter = n; counter != 0; counter--) body`, where `n` is already in `counter`. */
export function countdownLoop(counter: number, body: number[]): number[] {
  return [
    ...I.block(),
    ...I.get(counter),
    ...I.i32Eqz(),
    ...I.brIf(0),
    ...I.loop(),
    ...body,
    ...I.get(counter),
    ...I.i32(1),
    ...I.i32Sub(),
    ...I.tee(counter),
    ...I.brIf(0),
    ...I.end(),
    ...I.end(),
  ];
}
