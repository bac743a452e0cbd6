/**
 * One WebAssembly SIMD loop per elementwise kernel of an expression's plan: the whole fused
 * chain (or one eager operator) evaluated a v128 at a time (four f32 lanes, or two f64
 * lanes: the generator is written once against wasm-vec.ts's `VecType`), with no
 * temporaries in memory. Generated as bytecode with src/bench/wasm/asm.ts (no toolchain,
 * no binary).
 *
 * The function is `run(in₀, …, inₖ₋₁, out, begin, end)`: pointers to each input buffer and
 * the output in the imported memory, and the range [begin, end) of the outermost merged
 * dimension to compute, so workers can split the output into slabs. Loops follow the
 * merged layout (layout.ts): nested counted loops over the outer dimensions, each stream
 * keeping a pointer per level; the innermost dimension runs in whole vectors, then a
 * masked tail. A stream is contiguous (v128.load), broadcast along the row (load splat)
 * or strided (.T: one load per lane). Masks are bytes (NumPy's bool), widened to
 * all-ones lanes on load and narrowed back on store. Buffers need 16 bytes of padding
 * after them: tail vectors load a whole v128 from contiguous streams.
 */
import { T, assembleModule, countdownLoop } from '../../../wasm/asm.ts';
import type { BufferRef, ElementType, KernelExpr } from '../../../../model/workloads/expression/index.ts';
import type { Lanes } from '../../cpu/lanes.ts';
import { kernelLayout, type ElementwiseKernel, type KernelLayout } from './layout.ts';
import { J, X } from './wasm-ops.ts';
import { Locals } from './wasm-locals.ts';
import { VEC_F32, type VecType } from './wasm-vec.ts';

/** Bytes of padding each buffer needs after its end (a tail's whole-vector load). */
export const WASM_PADDING_BYTES = 16;

export interface WasmKernel {
  bytes: Uint8Array<ArrayBuffer>;
  /** The exported function: run(in₀, …, inₖ₋₁, out, begin, end). */
  exportName: 'run';
  layout: KernelLayout;
  inputs: readonly BufferRef[];
  output: BufferRef;
  /** The values' element type (float32 or float64); masks are bytes in either. */
  lanes: Lanes;
}

const s = (op: number): number[] => J.simd(op);

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
  /** Elements per v128. */
  private readonly lanes: number;

  constructor(
    private readonly kernel: ElementwiseKernel,
    private readonly V: VecType,
  ) {
    this.layout = kernelLayout(kernel);
    this.k = kernel.inputs.length;
    this.lanes = V.L.lanes;
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

  private bytes(t: ElementType): number {
    return t === 'mask' ? 1 : this.V.L.bytes;
  }

  /** Address of lane `lane` of a strided stream (clamped to lane 0's in a tail past its end). */
  private laneAddress(q: number, step: number, lane: number, inTail: boolean): number[] {
    if (lane === 0) return J.get(q);
    const addr = [...J.get(q), ...J.i32(lane * step), ...J.i32Add()];
    if (!inTail) return addr;
    return [...addr, ...J.get(q), ...J.get(this.tail), ...J.i32(lane), ...J.i32GtU(), ...J.select()];
  }

  private load(e: Extract<KernelExpr, { k: 'load' }>, inTail: boolean): number[] {
    const V = this.V;
    const stream = this.layout.streamOf.get(e) as number;
    const st = this.layout.streams[stream]?.strides.at(-1) ?? 0;
    const q = this.ptr[stream]?.at(-1) as number;
    const mask = e.type === 'mask';
    const step = st * this.bytes(e.type);
    let v: number[];
    if (st === 1) {
      v = mask ? [...J.get(q), ...V.mask.run()] : [...J.get(q), ...J.v128Load()];
    } else if (st === 0) {
      v = mask ? [...J.get(q), ...V.mask.byte(), ...V.mask.splat()] : [...J.get(q), ...V.L.loadSplat()];
    } else {
      v = [...this.laneAddress(q, step, 0, inTail), ...(mask ? V.mask.byte() : V.sLoad())];
      v.push(...(mask ? V.mask.splat() : V.L.splat));
      for (let lane = 1; lane < this.lanes; lane++) {
        v.push(...this.laneAddress(q, step, lane, inTail), ...(mask ? V.mask.byte() : V.sLoad()));
        v.push(...(mask ? V.mask.replaceLane(lane) : V.replaceLane(lane)));
      }
    }
    // Bytes 0/1 → lanes 0/−1 (all ones), the form comparisons produce.
    return mask ? [...v, ...s(V.mask.neg)] : v;
  }

  /** Code leaving the v128 (values, or a mask) of `e` on the stack. */
  private value(e: KernelExpr, inTail: boolean): number[] {
    const V = this.V;
    switch (e.k) {
      case 'load':
        return this.load(e, inTail);
      case 'const':
        return V.constant(this.L, e.value);
      case 'where':
        return [
          ...this.value(e.a, inTail),
          ...this.value(e.b, inTail),
          ...this.value(e.cond, inTail),
          ...s(X.v128Bitselect),
        ];
      case 'unary': {
        const arg = this.value(e.arg, inTail);
        const simple: Partial<Record<typeof e.fn, number>> = { neg: V.neg, abs: V.abs, sqrt: V.sqrt };
        const op = simple[e.fn];
        if (op !== undefined) return [...arg, ...s(op)];
        const x = this.L.role(`arg.${e.fn}`);
        const m = V.math;
        const body =
          e.fn === 'exp'
            ? m.exp(this.L, x)
            : e.fn === 'log'
              ? m.log(this.L, x)
              : e.fn === 'tanh'
                ? m.tanh(this.L, x)
                : m.sincos(this.L, x, e.fn === 'cos');
        return [...arg, ...J.set(x), ...body];
      }
      case 'binary': {
        if (e.fn === 'pow' && e.right.k === 'const' && Number.isInteger(e.right.value)) {
          const p = e.right.value;
          if (Math.abs(p) <= SQUARING_LIMIT) {
            const x = this.L.role('arg.ipow');
            return [...this.value(e.left, inTail), ...J.set(x), ...V.math.ipow(this.L, x, p)];
          }
        }
        const both = [...this.value(e.left, inTail), ...this.value(e.right, inTail)];
        if (e.fn === 'pow') {
          const [x, y] = [this.L.role('arg.pow.x'), this.L.role('arg.pow.y')];
          return [...both, ...J.set(y), ...J.set(x), ...V.math.pow(this.L, x, y)];
        }
        return [...both, ...s(V.binary[e.fn])];
      }
    }
  }

  /** The innermost dimension: whole vectors, then the tail; `n` holds its length. */
  private inner(n: number): number[] {
    const V = this.V;
    const outType = this.kernel.output.type;
    const ob = this.bytes(outType);
    const last = this.layout.dims.length - 1;
    const mask = outType === 'mask';
    const advance: number[] = [];
    this.layout.streams.forEach((st, i) => {
      const step = this.lanes * (st.strides[last] as number) * this.bytes(st.type);
      const q = this.ptr[i]?.[last] as number;
      if (step !== 0) advance.push(...J.get(q), ...J.i32(step), ...J.i32Add(), ...J.set(q));
    });
    const vector = mask
      ? [...J.get(this.out), ...this.value(this.kernel.body, false), ...V.mask.pack(this.packed), ...V.mask.storeRun()]
      : [...J.get(this.out), ...this.value(this.kernel.body, false), ...J.v128Store()];
    const lanes: number[] = [];
    for (let lane = 0; lane < this.lanes - 1; lane++) {
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
          : [...V.L.extract(lane), ...V.L.sStore(V.L.bytes * lane)]),
      );
      lanes.push(...J.end());
    }
    return [
      ...J.get(n),
      ...J.i32(V.shift),
      ...J.i32ShrU(),
      ...J.set(this.vecs),
      ...J.get(n),
      ...J.i32(this.lanes - 1),
      ...J.i32And(),
      ...J.set(this.tail),
      ...countdownLoop(this.vecs, [
        ...vector,
        ...advance,
        ...J.get(this.out),
        ...J.i32(this.lanes * ob),
        ...J.i32Add(),
        ...J.set(this.out),
      ]),
      ...J.block(),
      ...J.get(this.tail),
      ...J.i32Eqz(),
      ...J.brIf(0),
      ...this.value(this.kernel.body, true),
      ...(mask ? V.mask.pack(this.packed) : []),
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
      const step = (st.strides[d] as number) * this.bytes(st.type);
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
      const step = (st.strides[0] as number) * this.bytes(st.type);
      prologue.push(...J.get(st.input), ...J.get(begin), ...J.i32(step), ...J.i32Mul(), ...J.i32Add());
      prologue.push(...J.set(this.ptr[i]?.[0] as number));
    });
    prologue.push(
      ...J.get(this.outParam),
      ...J.get(begin),
      ...J.i32(rowElements * this.bytes(this.kernel.output.type)),
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
    const { inputs, output } = this.kernel;
    return { bytes, exportName: 'run', layout: this.layout, inputs, output, lanes: this.V.L };
  }
}

/** The Wasm SIMD loop of one elementwise kernel of a plan: values of `V`'s type (float32 by default), byte masks. */
export function generateWasmKernel(kernel: ElementwiseKernel, V: VecType = VEC_F32): WasmKernel {
  return new Generator(kernel, V).generate();
}
