/**
 * One WebAssembly SIMD loop per elementwise kernel of an expression's plan: the whole fused
 * chain (or one eager operator) evaluated four f32 lanes at a time, with no temporaries in
 * memory. Generated as bytecode with src/bench/cpu/wasm-asm.ts (no toolchain, no binary).
 *
 * The function is `run(in₀, …, inₖ₋₁, out, begin, end)`: pointers to each input buffer and
 * the output in the imported memory, and the range [begin, end) of the outermost merged
 * dimension to compute, so workers can split the output into slabs. Loops follow the
 * merged layout (layout.ts): nested counted loops over the outer dimensions, each stream
 * keeping a pointer per level; the innermost dimension runs in vectors of four, then a
 * masked tail. A stream is contiguous (v128.load), broadcast along the row (load splat)
 * or strided (.T: four loads into lanes). Masks are bytes (NumPy's bool), widened to
 * all-ones lanes on load and narrowed back on store. Buffers need 16 bytes of padding
 * after them: tail vectors load a whole v128 from contiguous streams.
 */
import { SIMD, T, assembleModule, countdownLoop } from '../../../wasm/asm.ts';
import type { BufferRef, ElementType, KernelExpr } from '../../../../model/workloads/expression/index.ts';
import { kernelLayout, type ElementwiseKernel, type KernelLayout } from './layout.ts';
import { J, X } from './wasm-ops.ts';
import { Locals } from './wasm-locals.ts';
import { vexp, vipow, vlog, vpow } from './wasm-math.ts';
import { vsincos, vtanh } from './wasm-trig.ts';

/** Bytes of padding each buffer needs after its end (a tail's whole-vector load). */
export const WASM_PADDING_BYTES = 16;

export interface WasmKernel {
  bytes: Uint8Array<ArrayBuffer>;
  /** The exported function: run(in₀, …, inₖ₋₁, out, begin, end). */
  exportName: 'run';
  layout: KernelLayout;
  inputs: readonly BufferRef[];
  output: BufferRef;
}

const s = (op: number): number[] => J.simd(op);
const elementBytes = (t: ElementType): number => (t === 'mask' ? 1 : 4);

/** The largest whole exponent computed by multiplies (the model's MAX_SQUARING_EXPONENT). */
const SQUARING_LIMIT = 16;

class Generator {
  private readonly L: Locals;
  private readonly layout: KernelLayout;
  private readonly k: number;
  /** Per stream, per level: its pointer local. */
  private readonly ptr: number[][];
  private readonly count: number[];
  private readonly vecs: number;
  private readonly tail: number;
  private readonly out: number;
  private readonly packed: number;

  constructor(private readonly kernel: ElementwiseKernel) {
    this.layout = kernelLayout(kernel);
    this.k = kernel.inputs.length;
    this.L = new Locals(this.k + 3);
    const levels = this.layout.dims.length;
    this.ptr = this.layout.streams.map(() => Array.from({ length: levels }, () => this.L.add(T.i32)));
    this.count = this.layout.dims.map(() => this.L.add(T.i32));
    this.vecs = this.L.add(T.i32);
    this.tail = this.L.add(T.i32);
    this.out = this.L.add(T.i32);
    this.packed = this.L.add(T.v128);
  }

  private get outParam(): number {
    return this.k;
  }

  /** Address of lane `lane` of a strided stream (clamped to lane 0's in a tail past its end). */
  private laneAddress(q: number, step: number, lane: number, inTail: boolean): number[] {
    if (lane === 0) return J.get(q);
    const addr = [...J.get(q), ...J.i32(lane * step), ...J.i32Add()];
    if (!inTail) return addr;
    return [...addr, ...J.get(q), ...J.get(this.tail), ...J.i32(lane), ...J.i32GtU(), ...J.select()];
  }

  private load(e: Extract<KernelExpr, { k: 'load' }>, inTail: boolean): number[] {
    const stream = this.layout.streamOf.get(e) as number;
    const st = this.layout.streams[stream]?.strides.at(-1) ?? 0;
    const q = this.ptr[stream]?.at(-1) as number;
    const mask = e.type === 'mask';
    const step = st * elementBytes(e.type);
    let v: number[];
    if (st === 1) {
      v = mask
        ? [...J.get(q), ...J.v128Load32Zero(), ...s(X.i16x8ExtendLowI8x16U), ...s(X.i32x4ExtendLowI16x8U)]
        : [...J.get(q), ...J.v128Load()];
    } else if (st === 0) {
      v = mask ? [...J.get(q), ...J.i32Load8U(), ...s(X.i32x4Splat)] : [...J.get(q), ...J.load32Splat()];
    } else {
      v = [...this.laneAddress(q, step, 0, inTail), ...(mask ? J.i32Load8U() : J.f32Load())];
      v.push(...s(mask ? X.i32x4Splat : SIMD.f32x4Splat));
      for (let lane = 1; lane < 4; lane++) {
        v.push(...this.laneAddress(q, step, lane, inTail), ...(mask ? J.i32Load8U() : J.f32Load()));
        v.push(...(mask ? J.i32x4ReplaceLane(lane) : J.f32x4ReplaceLane(lane)));
      }
    }
    // Bytes 0/1 → lanes 0/−1 (all ones), the form comparisons produce.
    return mask ? [...v, ...s(X.i32x4Neg)] : v;
  }

  /** Code leaving the f32x4 (or mask) of `e` on the stack. */
  private value(e: KernelExpr, inTail: boolean): number[] {
    switch (e.k) {
      case 'load':
        return this.load(e, inTail);
      case 'const':
        return this.L.f32(e.value);
      case 'where':
        return [
          ...this.value(e.a, inTail),
          ...this.value(e.b, inTail),
          ...this.value(e.cond, inTail),
          ...s(X.v128Bitselect),
        ];
      case 'unary': {
        const arg = this.value(e.arg, inTail);
        const simple: Partial<Record<typeof e.fn, number>> = { neg: X.f32x4Neg, abs: X.f32x4Abs, sqrt: X.f32x4Sqrt };
        const op = simple[e.fn];
        if (op !== undefined) return [...arg, ...s(op)];
        const x = this.L.role(`arg.${e.fn}`);
        const body =
          e.fn === 'exp'
            ? vexp(this.L, x)
            : e.fn === 'log'
              ? vlog(this.L, x)
              : e.fn === 'tanh'
                ? vtanh(this.L, x)
                : vsincos(this.L, x, e.fn === 'cos');
        return [...arg, ...J.set(x), ...body];
      }
      case 'binary': {
        if (e.fn === 'pow' && e.right.k === 'const' && Number.isInteger(e.right.value)) {
          const p = e.right.value;
          if (Math.abs(p) <= SQUARING_LIMIT) {
            const x = this.L.role('arg.ipow');
            return [...this.value(e.left, inTail), ...J.set(x), ...vipow(this.L, x, p)];
          }
        }
        const both = [...this.value(e.left, inTail), ...this.value(e.right, inTail)];
        if (e.fn === 'pow') {
          const [x, y] = [this.L.role('arg.pow.x'), this.L.role('arg.pow.y')];
          return [...both, ...J.set(y), ...J.set(x), ...vpow(this.L, x, y)];
        }
        const ops: Record<Exclude<typeof e.fn, 'pow'>, number> = {
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
        };
        return [...both, ...s(ops[e.fn])];
      }
    }
  }

  /** The mask on the stack (lanes 0/−1) as four bytes 0/1 in lanes 0–3. */
  private packMask(): number[] {
    const p = this.packed;
    return [
      ...s(X.i32x4Neg),
      ...J.tee(p),
      ...J.get(p),
      ...s(X.i16x8NarrowI32x4U),
      ...J.tee(p),
      ...J.get(p),
      ...s(X.i8x16NarrowI16x8U),
    ];
  }

  /** The innermost dimension: vectors of four, then the tail; `n` holds its length. */
  private inner(n: number): number[] {
    const outType = this.kernel.output.type;
    const ob = elementBytes(outType);
    const last = this.layout.dims.length - 1;
    const mask = outType === 'mask';
    const advance: number[] = [];
    this.layout.streams.forEach((st, i) => {
      const step = 4 * (st.strides[last] as number) * elementBytes(st.type);
      const q = this.ptr[i]?.[last] as number;
      if (step !== 0) advance.push(...J.get(q), ...J.i32(step), ...J.i32Add(), ...J.set(q));
    });
    const vector = mask
      ? [...J.get(this.out), ...this.value(this.kernel.body, false), ...this.packMask(), ...J.v128Store32Lane(0)]
      : [...J.get(this.out), ...this.value(this.kernel.body, false), ...J.v128Store()];
    const lanes: number[] = [];
    for (let lane = 0; lane < 3; lane++) {
      lanes.push(
        ...J.get(this.tail),
        ...J.i32(lane),
        ...J.i32GtU(),
        ...J.if(),
        ...J.get(this.out),
        ...J.get(this.packed),
      );
      lanes.push(
        ...(mask
          ? [...J.i8x16ExtractLaneU(lane), ...J.i32Store8(lane)]
          : [...J.f32x4ExtractLane(lane), ...J.f32Store(4 * lane)]),
      );
      lanes.push(...J.end());
    }
    return [
      ...J.get(n),
      ...J.i32(2),
      ...J.i32ShrU(),
      ...J.set(this.vecs),
      ...J.get(n),
      ...J.i32(3),
      ...J.i32And(),
      ...J.set(this.tail),
      ...countdownLoop(this.vecs, [
        ...vector,
        ...advance,
        ...J.get(this.out),
        ...J.i32(4 * ob),
        ...J.i32Add(),
        ...J.set(this.out),
      ]),
      ...J.block(),
      ...J.get(this.tail),
      ...J.i32Eqz(),
      ...J.brIf(0),
      ...this.value(this.kernel.body, true),
      ...(mask ? this.packMask() : []),
      ...J.set(this.packed),
      ...lanes,
      ...J.get(this.out),
      ...J.get(this.tail),
      ...J.i32(ob),
      ...J.i32Mul(),
      ...J.i32Add(),
      ...J.set(this.out),
      ...J.end(),
    ];
  }

  private level(d: number): number[] {
    const { dims, streams } = this.layout;
    if (d === dims.length - 1) return this.inner(this.count[d] as number);
    const enter: number[] = [];
    const leave: number[] = [];
    streams.forEach((st, i) => {
      const [here, next] = [this.ptr[i]?.[d] as number, this.ptr[i]?.[d + 1] as number];
      enter.push(...J.get(here), ...J.set(next));
      const step = (st.strides[d] as number) * elementBytes(st.type);
      if (step !== 0) leave.push(...J.get(here), ...J.i32(step), ...J.i32Add(), ...J.set(here));
    });
    enter.push(...J.i32(dims[d + 1] as number), ...J.set(this.count[d + 1] as number));
    return countdownLoop(this.count[d] as number, [...enter, ...this.level(d + 1), ...leave]);
  }

  generate(): WasmKernel {
    const { dims, streams } = this.layout;
    const [begin, end] = [this.k + 1, this.k + 2];
    const rowElements = dims.slice(1).reduce((p, d) => p * d, 1);
    const prologue: number[] = [];
    streams.forEach((st, i) => {
      const step = (st.strides[0] as number) * elementBytes(st.type);
      prologue.push(...J.get(st.input), ...J.get(begin), ...J.i32(step), ...J.i32Mul(), ...J.i32Add());
      prologue.push(...J.set(this.ptr[i]?.[0] as number));
    });
    prologue.push(
      ...J.get(this.outParam),
      ...J.get(begin),
      ...J.i32(rowElements * elementBytes(this.kernel.output.type)),
    );
    prologue.push(...J.i32Mul(), ...J.i32Add(), ...J.set(this.out));
    prologue.push(...J.get(end), ...J.get(begin), ...J.i32Sub(), ...J.set(this.count[0] as number));
    const loops = this.level(0);
    // Constants last: generating the loops is what registers them.
    const body = [...this.L.prologue(), ...prologue, ...loops];
    const bytes = assembleModule([
      {
        name: 'run',
        params: Array.from({ length: this.k + 3 }, () => T.i32),
        results: [],
        locals: this.L.types,
        body,
      },
    ]);
    return { bytes, exportName: 'run', layout: this.layout, inputs: this.kernel.inputs, output: this.kernel.output };
  }
}

/** The Wasm SIMD loop of one elementwise kernel of a plan (f32 values, byte masks). */
export function generateWasmKernel(kernel: ElementwiseKernel): WasmKernel {
  return new Generator(kernel).generate();
}
