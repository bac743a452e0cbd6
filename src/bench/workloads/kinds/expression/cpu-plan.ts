/**
 * A whole plan of an expression on one CPU thread, in WebAssembly: every buffer (the
 * named arrays, eager temporaries, the result) in one memory, and per kernel:
 *
 * - elementwise: the generated SIMD loop (wasm.ts) over the whole output;
 * - reduction: the generated loop of its body (layout.ts `reductionValues`: the fused
 *   chain, or one load when eager) into a small scratch block that stays in cache, then
 *   a SIMD sum or max of each output's run of values (blocks of 2 KiB, wasm-reduce.ts),
 *   the runs' parts added with their rounding kept; a body that is a plain contiguous load
 *   is reduced in place, with no scratch;
 * - matmul: the matmul kind's register-tiled micro-kernel (kinds/matmul/cpu.ts), its
 *   operands packed from this memory (a transposed view first copied row-major, as a BLAS
 *   packs it), C copied back.
 *
 * In float32 (f32x4) or float64 (f64x2, 8 bytes an element: every buffer, the scratch
 * block and the sum blocks sized accordingly), the generated math of that precision
 * (wasm-vec.ts). The workers each run one of these over their slab (cpu.ts).
 */
import type { BufferRef, Plan } from '../../../../model/workloads/expression/index.ts';
import { assembleModule, ensureMemory, instantiateWith } from '../../../wasm/asm.ts';
import type { SimdFlavor } from '../../../wasm/simd.ts';
import { WorkloadInstance } from '../../cpu/instance.ts';
import { F32, type Lanes } from '../../cpu/lanes.ts';
import { matmulPanel, matmulPlan } from '../matmul/cpu.ts';
import { SUM_BLOCK_BYTES } from '../reduction/cpu.ts';
import { reductionValues, type ElementwiseKernel, type MatmulKernel, type ReductionKernel } from './layout.ts';
import { blockSumFunc, maxFunc } from './wasm-reduce.ts';
import { generateWasmKernel, WASM_PADDING_BYTES } from './wasm.ts';
import { vecFor } from './wasm-vec.ts';

/** Bytes the scratch block holds: 64 KiB, within every core's L2. */
const SCRATCH_BYTES = 65_536;

const elementsOf = (b: BufferRef): number => b.shape.reduce((p, d) => p * d, 1);
const bytesOf = (b: BufferRef, L: Lanes): number => elementsOf(b) * (b.type === 'mask' ? 1 : L.bytes);
const align64 = (x: number): number => Math.ceil(x / 64) * 64;

/** A float view of `L`'s type. */
type FloatView = Float32Array | Float64Array;

type KernelFn = (...args: number[]) => void;
type BlockFn = (ptr: number, blocks: number) => number;

export class CpuPlan {
  private constructor(
    readonly memory: WebAssembly.Memory,
    private readonly offsets: ReadonlyMap<string, number>,
    private readonly steps: (() => void)[],
    readonly plan: Plan,
    /** The values' type: float32 (f32x4) or float64 (f64x2). */
    readonly lanes: Lanes,
  ) {}

  /** Lay out `plan`'s buffers, instantiate its kernels (not timed); values of `L`'s type (float32 by default). */
  static async create(plan: Plan, flavor: SimdFlavor, L: Lanes = F32): Promise<CpuPlan> {
    const offsets = new Map<string, number>();
    const scratchElements0 = SCRATCH_BYTES / L.bytes;
    let top = 0;
    const place = (b: BufferRef) => {
      if (offsets.has(b.id)) return;
      offsets.set(b.id, top);
      top = align64(top + bytesOf(b, L) + WASM_PADDING_BYTES);
    };
    for (const b of plan.inputs) place(b);
    for (const k of plan.kernels) place(k.output);
    // Scratch: the largest block any reduction's body writes before it is reduced.
    let scratchElements = 0;
    for (const k of plan.kernels) {
      if (k.kind !== 'reduction') continue;
      const v = reductionValues(k);
      const dims = generateWasmKernel(v.values, vecFor(L.dtype)).layout.dims;
      const row = dims.slice(1).reduce((p, d) => p * d, 1);
      scratchElements = Math.max(scratchElements, dims.length > 1 ? Math.max(scratchElements0, row) : scratchElements0);
    }
    const scratch = top;
    top = align64(top + scratchElements * L.bytes + WASM_PADDING_BYTES);
    if (top > 2 ** 31 - 1) {
      throw new RangeError(
        `this expression's buffers need ${top} bytes on one worker; WebAssembly addresses at most 2 GiB`,
      );
    }
    const memory = new WebAssembly.Memory({ initial: 1 });
    ensureMemory(memory, top);
    const at = (b: BufferRef) => offsets.get(b.id) as number;
    const common = await instantiateWith(assembleModule([blockSumFunc(L), maxFunc(L)]), memory);
    const sum = common['sum'] as BlockFn;
    const max = common['max'] as BlockFn;
    const steps: (() => void)[] = [];
    const ctx: StepContext = { memory, at, L };
    for (const k of plan.kernels) {
      if (k.kind === 'elementwise') steps.push(await elementwiseStep(k, ctx));
      else if (k.kind === 'reduction') steps.push(await reductionStep(k, ctx, scratch, scratchElements0, { sum, max }));
      else steps.push(await matmulStep(k, ctx, flavor));
    }
    return new CpuPlan(memory, offsets, steps, plan, L);
  }

  /** The values (or mask bytes) of buffer `b` (a named array, a temporary, or 'out'), valid until the memory grows (it does not). */
  view(b: BufferRef): FloatView | Uint8Array {
    const at = this.offsets.get(b.id);
    if (at === undefined) throw new Error(`no buffer ${b.id}`);
    return b.type === 'mask'
      ? new Uint8Array(this.memory.buffer, at, elementsOf(b))
      : this.lanes.view(this.memory.buffer, at, elementsOf(b));
  }

  /** Run every kernel once, in order. */
  run(): void {
    for (const s of this.steps) s();
  }

  /** The result buffer. */
  output(): FloatView | Uint8Array {
    return this.view(this.plan.output);
  }
}

/** What every step needs: the memory, where each buffer lies, the values' type. */
interface StepContext {
  memory: WebAssembly.Memory;
  at: (b: BufferRef) => number;
  L: Lanes;
}

async function elementwiseStep(k: ElementwiseKernel, { memory, at, L }: StepContext): Promise<() => void> {
  const g = generateWasmKernel(k, vecFor(L.dtype));
  const fn = (await instantiateWith(g.bytes, memory))[g.exportName] as KernelFn;
  const args = [...k.inputs.map(at), at(k.output), 0, g.layout.dims[0] as number];
  return () => fn(...args);
}

async function reductionStep(
  k: ReductionKernel,
  { memory, at, L }: StepContext,
  scratch: number,
  scratchElements: number,
  blocks: { sum: BlockFn; max: BlockFn },
): Promise<() => void> {
  const { values, outputs, extent } = reductionValues(k);
  const g = generateWasmKernel(values, vecFor(L.dtype));
  const dims = g.layout.dims;
  const rowElements = dims.slice(1).reduce((p, d) => p * d, 1);
  const total = outputs * extent;
  const isMax = k.fn === 'max';
  const blockFn = isMax ? blocks.max : blocks.sum;
  /** Elements per block of the sum and max functions. */
  const block = SUM_BLOCK_BYTES / L.bytes;
  const shift = Math.log2(L.bytes);
  // Each output's total, and (sums) the rounding errors of adding its parts, kept (TwoSum):
  // a long reduction adds thousands of parts, which in float64 would otherwise round as often.
  const acc = new Float64Array(outputs);
  const comp = new Float64Array(outputs);
  // One view of the whole memory (it never grows after create): no view per segment.
  const mem = L.view(memory.buffer, 0, memory.buffer.byteLength / L.bytes);
  /** Combine `n` values at byte `ptr` into output o. */
  const segment = (ptr: number, n: number, o: number) => {
    const whole = Math.floor(n / block);
    let v = whole > 0 ? blockFn(ptr, whole) : isMax ? -Infinity : 0;
    const end = (ptr >> shift) + n;
    if (isMax) {
      for (let i = (ptr >> shift) + whole * block; i < end; i++) {
        const x = mem[i] as number;
        v = Number.isNaN(x) || Number.isNaN(v) ? NaN : Math.max(v, x);
      }
    } else for (let i = (ptr >> shift) + whole * block; i < end; i++) v += mem[i] as number;
    const a = acc[o] as number;
    if (isMax) acc[o] = Number.isNaN(a) || Number.isNaN(v) ? NaN : Math.max(a, v);
    else {
      const s = a + v;
      const bb = s - a;
      comp[o] = (comp[o] as number) + (a - (s - bb)) + (v - bb);
      acc[o] = s;
    }
  };
  /** Reduce the values of flat elements [e0, e1), which lie at byte `base` onwards. */
  const reduceRange = (base: number, e0: number, e1: number) => {
    for (let s = e0; s < e1;) {
      const o = Math.floor(s / extent);
      const end = Math.min(e1, (o + 1) * extent);
      segment(base + (s - e0) * L.bytes, end - s, o);
      s = end;
    }
  };
  const body = values.body;
  const stream = g.layout.streams[0];
  const inPlace = body.k === 'load' && dims.length === 1 && stream !== undefined && stream.strides[0] === 1;
  const fn = inPlace ? undefined : ((await instantiateWith(g.bytes, memory))[g.exportName] as KernelFn);
  const ins = k.inputs.map(at);
  // Whole units of the outermost dimension per block; for a flat body, whole outputs where they fit.
  const unitsPerBlock =
    dims.length > 1
      ? Math.max(1, Math.floor(scratchElements / rowElements))
      : extent <= scratchElements
        ? Math.floor(scratchElements / extent) * extent
        : scratchElements;
  const out = at(k.output);
  return () => {
    acc.fill(isMax ? -Infinity : 0);
    comp.fill(0);
    if (inPlace && body.k === 'load') {
      reduceRange(ins[body.input] as number, 0, total);
    } else if (fn) {
      const units = dims[0] as number;
      for (let u0 = 0; u0 < units; u0 += unitsPerBlock) {
        const u1 = Math.min(units, u0 + unitsPerBlock);
        // The loop writes unit u at out + u·row·bytes: shift the pointer so unit u0 lands at the scratch's start (i32 wraps).
        fn(...ins, (scratch - u0 * rowElements * L.bytes) | 0, u0, u1);
        reduceRange(scratch, u0 * rowElements, u1 * rowElements);
      }
    }
    const result = L.view(memory.buffer, out, outputs);
    for (let o = 0; o < outputs; o++) {
      const a = acc[o] as number;
      // ±∞ or NaN: the compensation is meaningless (∞ − ∞).
      const v = isMax || !Number.isFinite(a) ? a : a + (comp[o] as number);
      result[o] = k.fn === 'mean' ? v / extent : v;
    }
  };
}

async function matmulStep(k: MatmulKernel, { memory, at, L }: StepContext, flavor: SimdFlavor): Promise<() => void> {
  const { m, n, k: depth, left, right } = k;
  if (left.k !== 'load' || right.k !== 'load') throw new Error(`${k.label}: a matmul reads stored operands`);
  const inst = await WorkloadInstance.create([matmulPanel(L, flavor)]);
  const plan = matmulPlan(inst, L, m, n, depth);
  /** Operand `rows × cols` read with `strides` from its buffer: a view when row-major, else a copy made each run. */
  const operand = (load: typeof left, rows: number, cols: number): (() => FloatView) => {
    const base = at(k.inputs[load.input] as BufferRef);
    const [s0, s1] = load.strides as [number, number];
    if (s0 === cols && s1 === 1) return () => L.view(memory.buffer, base, rows * cols);
    const copy = L.view(new ArrayBuffer(rows * cols * L.bytes), 0, rows * cols);
    return () => {
      const src = L.view(memory.buffer, base, (rows - 1) * s0 + (cols - 1) * s1 + 1);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) copy[i * cols + j] = src[i * s0 + j * s1] as number;
      return copy;
    };
  };
  const a = operand(left, m, depth);
  const b = operand(right, depth, n);
  const out = at(k.output);
  return () => {
    plan.run(a(), b());
    const c = plan.c();
    const dst = L.view(memory.buffer, out, m * n);
    for (let i = 0; i < m; i++) dst.set(c.data.subarray(i * c.ldc, i * c.ldc + n), i * n);
  };
}
