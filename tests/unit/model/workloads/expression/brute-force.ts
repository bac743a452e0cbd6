/**
 * Brute force for the expression tests, written apart from the model: evaluate a checked
 * expression element by element with NumPy's broadcasting, count every operation and every
 * distinct element each eager kernel reads, and interpret a plan's kernels (their loads and
 * strides) to check that they compute the same values and read each buffer exactly once.
 */
import type { Node } from '../../../../../src/model/workloads/expression/ir.ts';
import type { KernelExpr, Plan } from '../../../../../src/model/workloads/expression/plan.ts';

export interface Tensor {
  shape: readonly number[];
  data: Float64Array;
}

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** Multi-index of flat index `i` in `shape` (row-major). */
function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d] as number;
    idx[d] = i % n;
    i = Math.floor(i / n);
  }
  return idx;
}

function ravel(idx: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * (shape[d] as number) + (idx[d] as number);
  return i;
}

/** FLOPs per element of x**p, by hand (repeated squaring), for the exponents the tests use. */
export const POW_BY_HAND: Readonly<Record<string, number>> = {
  '0': 0,
  '1': 0,
  '2': 1,
  '3': 2,
  '4': 2,
  '5': 3,
  '8': 3,
  '16': 4,
  '-1': 1,
  '-2': 2,
};

function opFlops(n: Node): number {
  if (n.op === 'binary' && n.fn === 'pow') {
    if (n.right.op === 'const' && String(n.right.value) in POW_BY_HAND)
      return POW_BY_HAND[String(n.right.value)] as number;
    return 3;
  }
  return 1;
}

const UNARY: Record<string, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
};
const BINARY: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => x ** y,
  maximum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
  minimum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
  lt: (x, y) => Number(x < y),
  gt: (x, y) => Number(x > y),
  le: (x, y) => Number(x <= y),
  ge: (x, y) => Number(x >= y),
  eq: (x, y) => Number(x === y),
  ne: (x, y) => Number(x !== y),
};

/** Per kernel: FLOPs and bytes, counted element by element. */
export interface CountedKernel {
  flops: number;
  bytes: number;
}

/**
 * Evaluate `root`, one eager kernel per operator: returns the value and, per kernel, the
 * FLOPs done and the bytes moved (distinct elements read of each buffer + elements written).
 */
export function eagerBruteForce(
  root: Node,
  inputs: ReadonlyMap<string, Float64Array>,
  dtypeBytes: number,
): { value: Tensor; kernels: CountedKernel[] } {
  const kernels: CountedKernel[] = [];
  /** A node's value as a buffer id and a reader (views resolved to their buffer's index). */
  interface Value {
    shape: readonly number[];
    buffer: string;
    bytesPerElement: number;
    at: (idx: readonly number[]) => { index: number; value: number };
  }
  let temps = 0;
  const stored = (shape: readonly number[], data: Float64Array, buffer: string, bpe: number): Value => ({
    shape,
    buffer,
    bytesPerElement: bpe,
    at: (idx) => {
      const index = ravel(idx, shape);
      return { index, value: data[index] as number };
    },
  });
  const value = (n: Node): Value | number => {
    switch (n.op) {
      case 'const':
        return n.value;
      case 'input':
        return stored(n.shape, inputs.get(n.name) as Float64Array, n.name, dtypeBytes);
      case 'transpose': {
        const v = value(n.arg);
        if (typeof v === 'number') return v;
        return { ...v, shape: [...v.shape].reverse(), at: (idx) => v.at([...idx].reverse()) };
      }
      default:
        break;
    }
    const operands = (
      n.op === 'unary' || n.op === 'reduce' ? [n.arg] : n.op === 'where' ? [n.cond, n.a, n.b] : [n.left, n.right]
    ).map(value);
    const reads = new Map<string, { set: Set<number>; bpe: number }>();
    const read = (o: Value | number, idx: readonly number[]): number => {
      if (typeof o === 'number') return o;
      const r = o.at(idx);
      const entry = reads.get(o.buffer) ?? { set: new Set<number>(), bpe: o.bytesPerElement };
      entry.set.add(r.index);
      reads.set(o.buffer, entry);
      return r.value;
    };
    const out = new Float64Array(size(n.shape));
    let flops = 0;
    if (n.op === 'matmul') {
      const [a, b] = operands as [Value, Value];
      const [m, k] = a.shape as [number, number];
      const cols = b.shape[1] as number;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < cols; j++) {
          let s = 0;
          for (let l = 0; l < k; l++) {
            s += read(a, [i, l]) * read(b, [l, j]);
            flops += 2;
          }
          out[i * cols + j] = s;
        }
    } else if (n.op === 'reduce') {
      const [a] = operands as [Value];
      const inShape = a.shape;
      const axes = n.axis === null ? inShape.map((_, i) => i) : [n.axis];
      const keptShape = inShape.map((d, i) => (axes.includes(i) ? 1 : d));
      const acc = new Float64Array(size(keptShape)).fill(n.fn === 'max' ? -Infinity : 0);
      const counts = new Float64Array(size(keptShape));
      for (let i = 0; i < size(inShape); i++) {
        const idx = unravel(i, inShape);
        const o = ravel(
          idx.map((x, d) => (axes.includes(d) ? 0 : x)),
          keptShape,
        );
        const x = read(a, idx);
        acc[o] = n.fn === 'max' ? Math.max(acc[o] as number, x) : (acc[o] as number) + x;
        counts[o] = (counts[o] as number) + 1;
        flops++;
      }
      for (let o = 0; o < acc.length; o++) {
        out[o] = n.fn === 'mean' ? (acc[o] as number) / (counts[o] as number) : (acc[o] as number);
        if (n.fn === 'mean') flops++;
      }
    } else {
      for (let i = 0; i < out.length; i++) {
        const idx = unravel(i, n.shape);
        const at = (o: Value | number) =>
          typeof o === 'number'
            ? o
            : read(
                o,
                idx.slice(idx.length - o.shape.length).map((x, j) => ((o.shape[j] as number) === 1 ? 0 : x)),
              );
        if (n.op === 'unary') out[i] = (UNARY[n.fn] as (x: number) => number)(at(operands[0] as Value));
        else if (n.op === 'binary')
          out[i] = (BINARY[n.fn] as (x: number, y: number) => number)(
            at(operands[0] as Value),
            at(operands[1] as Value),
          );
        else {
          // np.where reads both branches, whatever the condition says.
          const [c, x, y] = [at(operands[0] as Value), at(operands[1] as Value), at(operands[2] as Value)];
          out[i] = c !== 0 ? x : y;
        }
        flops += opFlops(n);
      }
    }
    const bpe = n.type === 'mask' ? 1 : dtypeBytes;
    let bytes = out.length * bpe;
    for (const r of reads.values()) bytes += r.set.size * r.bpe;
    kernels.push({ flops, bytes });
    return stored(n.shape, out, `t${++temps}`, bpe);
  };
  let result = root;
  let transposes = 0;
  while (result.op === 'transpose') {
    result = result.arg;
    transposes++;
  }
  const v = value(result) as Value;
  const data = new Float64Array(size(v.shape)).map((_, i) => v.at(unravel(i, v.shape)).value);
  return { value: { shape: transposes % 2 ? [...v.shape].reverse() : v.shape, data }, kernels };
}

/**
 * Run a plan's kernels as written (loads with strides), recording every element each kernel
 * loads. Returns the output buffer and, per kernel and input, the offsets it touched.
 */
export function interpretPlan(
  plan: Plan,
  inputs: ReadonlyMap<string, Float64Array>,
): { output: Float64Array; touched: Set<number>[][] } {
  const buffers = new Map<string, Float64Array>(inputs);
  const touched: Set<number>[][] = [];
  for (const k of plan.kernels) {
    const sets = k.inputs.map(() => new Set<number>());
    touched.push(sets);
    const data = k.inputs.map((b) => buffers.get(b.id) as Float64Array);
    const evalAt = (e: KernelExpr, idx: readonly number[]): number => {
      switch (e.k) {
        case 'const':
          return e.value;
        case 'load': {
          const off = e.strides.reduce((s, st, d) => s + st * (idx[d] as number), 0);
          (sets[e.input] as Set<number>).add(off);
          return (data[e.input] as Float64Array)[off] as number;
        }
        case 'unary':
          return (UNARY[e.fn] as (x: number) => number)(evalAt(e.arg, idx));
        case 'binary':
          return (BINARY[e.fn] as (x: number, y: number) => number)(evalAt(e.left, idx), evalAt(e.right, idx));
        case 'where': {
          const [c, x, y] = [evalAt(e.cond, idx), evalAt(e.a, idx), evalAt(e.b, idx)];
          return c !== 0 ? x : y;
        }
      }
    };
    const out = new Float64Array(size(k.output.shape));
    if (k.kind === 'elementwise') {
      for (let i = 0; i < out.length; i++) out[i] = evalAt(k.body, unravel(i, k.output.shape));
    } else if (k.kind === 'reduction') {
      const axes = k.axis === null ? k.inShape.map((_, i) => i) : [k.axis];
      const kept = k.inShape.map((d, i) => (axes.includes(i) ? 1 : d));
      out.fill(k.fn === 'max' ? -Infinity : 0);
      for (let i = 0; i < size(k.inShape); i++) {
        const idx = unravel(i, k.inShape);
        const o = ravel(
          idx.map((x, d) => (axes.includes(d) ? 0 : x)),
          kept,
        );
        const x = evalAt(k.body, idx);
        out[o] = k.fn === 'max' ? Math.max(out[o] as number, x) : (out[o] as number) + x;
      }
      if (k.fn === 'mean') {
        const n = size(k.inShape) / out.length;
        for (let o = 0; o < out.length; o++) out[o] = (out[o] as number) / n;
      }
    } else {
      for (let i = 0; i < k.m; i++)
        for (let j = 0; j < k.n; j++) {
          let s = 0;
          for (let l = 0; l < k.k; l++) s += evalAt(k.left, [i, l]) * evalAt(k.right, [l, j]);
          out[i * k.n + j] = s;
        }
    }
    buffers.set(k.output.id, out);
  }
  return { output: buffers.get(plan.output.id) as Float64Array, touched };
}

/** Deterministic small inputs in [−2, 2) (some negative, so log and sqrt give NaN there, as NumPy does). */
export function smallInputs(
  arrays: readonly { name: string; shape: readonly number[] }[],
  seed = 7,
): Map<string, Float64Array> {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31) * 4 - 2;
  };
  return new Map(arrays.map((a) => [a.name, Float64Array.from({ length: size(a.shape) }, next)]));
}

export { unravel };
