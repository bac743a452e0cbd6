/**
 * The kernels an expression runs as, in two ways (issue #18):
 *
 * - **eager** (NumPy, CuPy, PyTorch eager): one kernel per operator; every intermediate is
 *   a temporary written to device memory and read back by the next kernel.
 * - **fused** (torch.compile, jax.jit, cupy.fuse, numexpr): one kernel per maximal
 *   elementwise chain. A reduction ends the chain that feeds it (the chain runs inside the
 *   reduction kernel); a matmul is a library GEMM that reads materialized operands; and an
 *   elementwise part that is broadcast to a larger shape is computed once, in its own
 *   kernel, rather than once per element of the consumer (so both plans do the same FLOPs).
 *
 * Each kernel keeps the structure the generators need (src/bench/workloads/kinds/expression):
 * its input buffers, its output, and a body whose loads carry strides over the kernel's
 * index space (broadcast dimensions have stride 0, `.T` permutes them). Pure.
 */
import type { KernelClass } from '../counts.ts';
import { elementwiseFlops, reductionFlops } from './flops.ts';
import { elementBytes, elementsOf, type BinaryOp, type ElementType, type Node, type UnaryOp } from './ir.ts';
import { renderExpression } from './render.ts';
import type { Reduction } from './syntax.ts';

export type PlanMode = 'eager' | 'fused';
export const PLAN_MODES: readonly PlanMode[] = ['eager', 'fused'];

/** An array in device memory: a named input, a temporary, or the result (`out`). */
export interface BufferRef {
  id: string;
  role: 'input' | 'temp' | 'output';
  shape: readonly number[];
  type: ElementType;
}

/**
 * A kernel's computation per element of its index space. A `load` reads
 * `inputs[input]` at Σ index[d]·strides[d] (elements), one stride per index dimension.
 */
export type KernelExpr =
  | { k: 'load'; input: number; strides: readonly number[]; type: ElementType }
  | { k: 'const'; value: number }
  | { k: 'unary'; fn: UnaryOp; arg: KernelExpr }
  | { k: 'binary'; fn: BinaryOp; left: KernelExpr; right: KernelExpr }
  | { k: 'where'; cond: KernelExpr; a: KernelExpr; b: KernelExpr };

interface PlanKernelBase {
  /** `t1 = a * b`, `out = t1 + c`. */
  label: string;
  kernelClass: Extract<KernelClass, 'elementwise' | 'reduction' | 'matmul'>;
  /** FLOPs and device-memory bytes of one launch (each input read once, the output written once). */
  flops: number;
  deviceBytes: number;
  /** Distinct buffers read, in order of first use; `load.input` indexes them. */
  inputs: BufferRef[];
  output: BufferRef;
}

export type PlanKernel =
  /** `body` over the output's index space. */
  | (PlanKernelBase & { kind: 'elementwise'; body: KernelExpr })
  /** `body` over `inShape`, then reduced along `axis` (null: all axes). */
  | (PlanKernelBase & {
      kind: 'reduction';
      fn: Reduction;
      axis: number | null;
      keepdims: boolean;
      inShape: readonly number[];
      body: KernelExpr;
    })
  /** C (m×n) = A (m×k) · B (k×n); the loads' strides say where A and B are transposed views. */
  | (PlanKernelBase & { kind: 'matmul'; m: number; n: number; k: number; left: KernelExpr; right: KernelExpr });

/** A kernel before its label, counts and buffers are known. */
type KernelPart = PlanKernel extends infer K
  ? K extends PlanKernel
    ? Omit<K, 'label' | 'flops' | 'deviceBytes' | 'inputs' | 'output'>
    : never
  : never;

export interface Plan {
  mode: PlanMode;
  /** In launch order. */
  kernels: PlanKernel[];
  /** Named arrays the expression reads, each once, in order of first use. */
  inputs: BufferRef[];
  /** The last kernel's output. */
  output: BufferRef;
  /**
   * The expression's shape. Differs from `output.shape` only when the expression ends in
   * `.T` (a view of the output, reversed axes: `resultTransposed`).
   */
  resultShape: readonly number[];
  resultTransposed: boolean;
}

function isElementwise(n: Node): n is Extract<Node, { op: 'unary' | 'binary' | 'where' }> {
  return n.op === 'unary' || n.op === 'binary' || n.op === 'where';
}

/** Row-major strides (elements) of a shape. */
function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = (strides[i + 1] as number) * (shape[i + 1] as number);
  return strides;
}

/**
 * For each dimension of a node, the kernel index dimension it follows, or −1 where the node
 * has size 1 there (a broadcast dimension: always index 0).
 */
type DimMap = readonly number[];

function identityMap(shape: readonly number[]): DimMap {
  return shape.map((d, i) => (d === 1 ? -1 : i));
}

/** The map of an operand broadcast into its consumer's shape (NumPy aligns the last dimensions). */
function operandMap(consumer: readonly number[], map: DimMap, operand: readonly number[]): DimMap {
  const offset = consumer.length - operand.length;
  return operand.map((d, j) => (d === 1 ? -1 : (map[j + offset] as number)));
}

class PlanBuilder {
  readonly kernels: PlanKernel[] = [];
  private readonly buffers = new Map<Node, BufferRef>();
  private readonly inputBuffers = new Map<string, BufferRef>();
  /** Materialized nodes by their temporary's name, for the labels. */
  private readonly names = new Map<Node, string>();
  private temps = 0;

  constructor(
    private readonly mode: PlanMode,
    private readonly dtypeBytes: number,
  ) {}

  get inputs(): BufferRef[] {
    return [...this.inputBuffers.values()];
  }

  private input(name: string, shape: readonly number[]): BufferRef {
    let b = this.inputBuffers.get(name);
    if (!b) {
      b = { id: name, role: 'input', shape, type: 'float' };
      this.inputBuffers.set(name, b);
    }
    return b;
  }

  private bytes(b: BufferRef): number {
    return elementsOf(b.shape) * elementBytes(b.type, this.dtypeBytes);
  }

  /** Compute `n` into a buffer of its own with one kernel (after the kernels it needs). */
  materialize(n: Node, isResult: boolean): BufferRef {
    const done = this.buffers.get(n);
    if (done) return done;
    const reads: BufferRef[] = [];
    const flops = { total: 0 };
    const load = (b: BufferRef, map: DimMap, rank: number, type: ElementType): KernelExpr => {
      let i = reads.indexOf(b);
      if (i < 0) i = reads.push(b) - 1;
      const strides = new Array<number>(rank).fill(0);
      const own = contiguousStrides(b.shape);
      map.forEach((d, j) => {
        if (d >= 0) strides[d] = (strides[d] as number) + (own[j] as number);
      });
      return { k: 'load', input: i, strides, type };
    };
    /** `m` evaluated inside this kernel, whose index space has `rank` dimensions and `count` elements. */
    const expr = (m: Node, map: DimMap, rank: number, count: number, root: boolean): KernelExpr => {
      switch (m.op) {
        case 'const':
          return { k: 'const', value: m.value };
        case 'input':
          return load(this.input(m.name, m.shape), map, rank, m.type);
        case 'transpose':
          return expr(m.arg, [...map].reverse(), rank, count, false);
        default:
          break;
      }
      const inline = root || (this.mode === 'fused' && isElementwise(m) && elementsOf(m.shape) === count);
      if (!inline || !isElementwise(m)) return load(this.materialize(m, false), map, rank, m.type);
      flops.total += elementwiseFlops(m) * elementsOf(m.shape);
      const sub = (c: Node): KernelExpr => expr(c, operandMap(m.shape, map, c.shape), rank, count, false);
      switch (m.op) {
        case 'unary':
          return { k: 'unary', fn: m.fn, arg: sub(m.arg) };
        case 'binary':
          return { k: 'binary', fn: m.fn, left: sub(m.left), right: sub(m.right) };
        case 'where':
          return { k: 'where', cond: sub(m.cond), a: sub(m.a), b: sub(m.b) };
      }
    };

    let kernel: KernelPart;
    if (n.op === 'reduce') {
      const inCount = elementsOf(n.arg.shape);
      const body = expr(n.arg, identityMap(n.arg.shape), n.arg.shape.length, inCount, false);
      // A reduction consumes its chain in fused mode only: in eager mode the chain is its own kernel.
      flops.total += reductionFlops(n.fn, inCount, elementsOf(n.shape));
      kernel = {
        kind: 'reduction',
        kernelClass: 'reduction',
        fn: n.fn,
        axis: n.axis,
        keepdims: n.keepdims,
        inShape: n.arg.shape,
        body,
      };
    } else if (n.op === 'matmul') {
      const [m, k] = n.left.shape as [number, number];
      const cols = n.right.shape[1] as number;
      const operand = (o: Node): KernelExpr => {
        // A GEMM reads arrays; anything computed is materialized first (.T stays a view).
        let viewed = o;
        let transposed = false;
        while (viewed.op === 'transpose') {
          viewed = viewed.arg;
          transposed = !transposed;
        }
        const b = viewed.op === 'input' ? this.input(viewed.name, viewed.shape) : this.materialize(viewed, false);
        return load(b, transposed ? [1, 0] : [0, 1], 2, 'float');
      };
      const left = operand(n.left);
      const right = operand(n.right);
      flops.total += 2 * m * cols * k;
      kernel = { kind: 'matmul', kernelClass: 'matmul', m, n: cols, k, left, right };
    } else {
      const body = expr(n, identityMap(n.shape), n.shape.length, elementsOf(n.shape), true);
      kernel = { kind: 'elementwise', kernelClass: 'elementwise', body };
    }
    const id = isResult ? 'out' : `t${++this.temps}`;
    const output: BufferRef = { id, role: isResult ? 'output' : 'temp', shape: n.shape, type: n.type };
    const text = renderExpression(n, { spelling: 'plain', names: this.names });
    this.names.set(n, id);
    this.buffers.set(n, output);
    const deviceBytes = reads.reduce((s, b) => s + this.bytes(b), 0) + this.bytes(output);
    this.kernels.push({
      ...kernel,
      label: `${id} = ${text}`,
      flops: flops.total,
      deviceBytes,
      inputs: reads,
      output,
    });
    return output;
  }
}

/**
 * The plan of a checked expression (analyze.ts; never a bare array or number) in `mode`,
 * with byte counts for elements of `dtypeBytes` bytes.
 */
export function buildPlan(root: Node, mode: PlanMode, dtypeBytes: number): Plan {
  const b = new PlanBuilder(mode, dtypeBytes);
  // The result of a bare view (x.T of a computed x) is the computation, viewed: the view
  // costs nothing, so the plan computes what is under it.
  let result = root;
  let transposed = false;
  while (result.op === 'transpose') {
    result = result.arg;
    transposed = !transposed;
  }
  const output = b.materialize(result, true);
  return { mode, kernels: b.kernels, inputs: b.inputs, output, resultShape: root.shape, resultTransposed: transposed };
}
