/**
 * The CPU reference of an expression: plain JavaScript in float64 over the inputs (no eval),
 * NumPy's semantics and broadcasting, with, for every output element, a bound on how far a
 * correct implementation may land from it. The bound is propagated operation by operation
 * (first order): operand errors through the derivative, plus each operation's own error
 * under an accuracy table (accuracy.ts): the float32 or float64 WebAssembly kernels'
 * (measured, a few ulps; in float64 the reference's own rounding counted too) or WGSL's
 * (the WGSL specification's). A kernel output is right when it lies within twice its bound
 * (the factor covers the neglected second-order terms). Sums and products are compensated
 * (Neumaier), so the reference's own rounding stays at a few units even in float64.
 *
 * Evaluates the whole tree, so it checks a plan's last output whatever kernels it ran as.
 * Reductions and matmuls are computed in full once (memoized); elementwise parts at each
 * requested index, so checking a few hundred samples of a 10⁸-element output is cheap.
 */
import type { Node } from '../../../../model/workloads/expression/index.ts';
import type { Accuracy } from './accuracy.ts';

/** A value and its error bound. */
type VE = [number, number];

/** Element `index` (row-major) of the named input array, as the kernels store it. */
export type InputSource = (name: string, index: number) => number;

/** Every element of a reduction or matmul, each computed once when first asked for. */
interface Lazy {
  values: Float64Array;
  errors: Float64Array;
  done: Uint8Array;
}

function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

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

/** The operand index of output index `idx` under NumPy broadcasting. */
function operandIndex(idx: readonly number[], shape: readonly number[]): number[] {
  const off = idx.length - shape.length;
  return shape.map((d, j) => (d === 1 ? 0 : (idx[j + off] as number)));
}

export class Reference {
  private readonly memo = new Map<Node, Lazy>();
  private readonly input: InputSource;
  /** Output elements of reductions and matmuls computed so far, and the inputs they read (the check's cost). */
  evaluations = 0;

  constructor(
    arrays: ReadonlyMap<string, ArrayLike<number>> | InputSource,
    private readonly acc: Accuracy,
    /** Rounding of every stored value beyond the table's own type's (float16 storage: 2⁻¹¹), relative. */
    private readonly storeRounding = 0,
  ) {
    this.input =
      typeof arrays === 'function' ? arrays : (name, i) => (arrays.get(name) as ArrayLike<number>)[i] as number;
  }

  /** The value and error bound of `n` at multi-index `idx` (of n's shape). */
  at(n: Node, idx: readonly number[]): VE {
    const a = this.acc;
    switch (n.op) {
      case 'input':
        return [this.input(n.name, ravel(idx, n.shape)), 0];
      case 'const':
        return [n.value, Math.abs(n.value - a.round(n.value))];
      case 'transpose':
        return this.at(n.arg, [...idx].reverse());
      case 'reduce':
      case 'matmul':
        return this.element(n, ravel(idx, n.shape));
      case 'unary': {
        const [x, e] = this.at(n.arg, operandIndex(idx, n.arg.shape));
        return this.stored(unary(n.fn, x, e, a));
      }
      case 'binary': {
        const [x, ex] = this.at(n.left, operandIndex(idx, n.left.shape));
        const [y, ey] = this.at(n.right, operandIndex(idx, n.right.shape));
        const r = binary(n.fn, x, ex, y, ey, n.right.op === 'const', a);
        return n.type === 'mask' ? r : this.stored(r);
      }
      case 'where': {
        const [c, ec] = this.at(n.cond, operandIndex(idx, n.cond.shape));
        const [x, ex] = this.at(n.a, operandIndex(idx, n.a.shape));
        const [y, ey] = this.at(n.b, operandIndex(idx, n.b.shape));
        // An uncertain condition (its comparison within rounding) may pick either side.
        if (ec > 0) return [c !== 0 ? x : y, Math.abs(x - y) + Math.max(ex, ey)];
        return c !== 0 ? [x, ex] : [y, ey];
      }
    }
  }

  /** A float value's bound with the storage's own rounding added (float16 temporaries). */
  private stored([v, e]: VE): VE {
    return this.storeRounding > 0 ? [v, e + this.storeRounding * Math.abs(v)] : [v, e];
  }

  /** Element `o` (row-major) of a reduction or matmul, computed once. */
  private element(n: Extract<Node, { op: 'reduce' | 'matmul' }>, o: number): VE {
    let lazy = this.memo.get(n);
    if (!lazy) {
      const len = size(n.shape);
      lazy = { values: new Float64Array(len), errors: new Float64Array(len), done: new Uint8Array(len) };
      this.memo.set(n, lazy);
    }
    if (!lazy.done[o]) {
      const [v, e] = n.op === 'matmul' ? this.dot(n, o) : this.reduce(n, o);
      lazy.values[o] = v;
      lazy.errors[o] = e + this.storeRounding * Math.abs(v);
      lazy.done[o] = 1;
    }
    return [lazy.values[o] as number, lazy.errors[o] as number];
  }

  private dot(n: Extract<Node, { op: 'matmul' }>, o: number): VE {
    const k = n.left.shape[1] as number;
    const cols = n.right.shape[1] as number;
    const i = Math.floor(o / cols);
    const j = o % cols;
    const s = new CompensatedSum();
    let bound = 0;
    let abs = 0;
    for (let l = 0; l < k; l++) {
      const [x, ex] = this.at(n.left, [i, l]);
      const [y, ey] = this.at(n.right, [l, j]);
      s.add(x * y);
      abs += Math.abs(x * y);
      bound += Math.abs(x) * ey + Math.abs(y) * ex;
    }
    this.evaluations += k;
    // Any summation order: at most (k + 1)·u·Σ|x·y| of rounding.
    return [s.value(), bound + (k + 1) * this.acc.unit * abs];
  }

  private reduce(n: Extract<Node, { op: 'reduce' }>, o: number): VE {
    const inShape = n.arg.shape;
    // The reduced positions of output o: every index (axis null), or o's index with the axis running.
    const kept = inShape.map((d, i) => (n.axis === null || i === n.axis ? 1 : d));
    const base = unravel(o, kept);
    const count = n.axis === null ? size(inShape) : (inShape[n.axis] as number);
    let value = n.fn === 'max' ? -Infinity : 0;
    const sum = new CompensatedSum();
    let error = 0;
    let abs = 0;
    for (let r = 0; r < count; r++) {
      let idx: number[];
      if (n.axis === null) idx = unravel(r, inShape);
      else {
        idx = [...base];
        idx[n.axis] = r;
      }
      const [x, e] = this.at(n.arg, idx);
      if (n.fn === 'max') {
        value = Number.isNaN(x) || Number.isNaN(value) ? NaN : Math.max(value, x);
        error = Math.max(error, e);
      } else {
        sum.add(x);
        error += e;
        abs += Math.abs(x);
      }
    }
    this.evaluations += count;
    if (n.fn === 'max') return [value, error];
    value = sum.value();
    const u = this.acc.unit;
    error += Math.min(count + 1, this.acc.sumDepth(count)) * u * abs;
    if (n.fn === 'mean') return [value / count, error / count + u * Math.abs(value / count)];
    return [value, error];
  }
}

function unary(fn: Extract<Node, { op: 'unary' }>['fn'], x: number, e: number, a: Accuracy): VE {
  switch (fn) {
    case 'neg':
      return [-x, e];
    case 'abs':
      return [Math.abs(x), e];
    case 'sqrt': {
      const v = Math.sqrt(x);
      const lo = Math.sqrt(Math.max(x - e, 0));
      return [v, e / (v + lo || Infinity) + (e > 0 && lo === 0 ? v : 0) + a.basic('sqrt') * a.unit * v];
    }
    case 'exp': {
      const v = Math.exp(x);
      return [v, v * Math.expm1(e) + a.exp(v, x)];
    }
    case 'log': {
      const v = Math.log(x);
      return [v, (x > e ? e / (x - e) : e > 0 ? Infinity : 0) + a.log(v, x)];
    }
    case 'sin':
    case 'cos': {
      const v = fn === 'sin' ? Math.sin(x) : Math.cos(x);
      return [v, e + a.sincos(v, x)];
    }
    case 'tanh': {
      const v = Math.tanh(x);
      return [v, (1 - v * v) * e + a.tanh(v, x)];
    }
  }
}

function binary(
  fn: Extract<Node, { op: 'binary' }>['fn'],
  x: number,
  ex: number,
  y: number,
  ey: number,
  constantExponent: boolean,
  a: Accuracy,
): VE {
  const U = a.unit;
  const own = (v: number) => a.basic(fn) * U * Math.abs(v);
  switch (fn) {
    case 'add':
    case 'sub': {
      const v = fn === 'add' ? x + y : x - y;
      return [v, ex + ey + own(v)];
    }
    case 'mul': {
      const v = x * y;
      return [v, Math.abs(x) * ey + Math.abs(y) * ex + ex * ey + own(v)];
    }
    case 'div': {
      const v = x / y;
      const slack = Math.abs(y) - ey;
      return [v, slack > 0 ? (Math.abs(x) * ey + Math.abs(y) * ex) / (Math.abs(y) * slack) + own(v) : Infinity];
    }
    case 'maximum':
    case 'minimum': {
      const v = Number.isNaN(x) || Number.isNaN(y) ? NaN : fn === 'maximum' ? Math.max(x, y) : Math.min(x, y);
      return [v, Math.max(ex, ey)];
    }
    case 'pow': {
      const v = x ** y;
      const av = Math.abs(v);
      if (constantExponent && Number.isInteger(y) && Math.abs(y) <= 16) {
        // Repeated squaring: |y|·relative operand error, a rounding per multiply.
        return [v, Math.abs(y) * (ex / Math.abs(x || 1)) * av + (2 * Math.log2(Math.abs(y) + 1) + 2) * U * av];
      }
      const z = Math.abs(y * Math.log(Math.abs(x)));
      return [v, Math.abs(y) * (ex / Math.abs(x || 1)) * av + Math.abs(Math.log(Math.abs(x))) * ey * av + a.pow(v, z)];
    }
    default: {
      const v = compare(fn, x, y);
      // Within the operands' errors the comparison could go either way.
      const uncertain = Math.abs(x - y) <= ex + ey + U * Math.max(Math.abs(x), Math.abs(y));
      return [v, uncertain && ex + ey > 0 ? 1 : 0];
    }
  }
}

function compare(fn: string, x: number, y: number): number {
  switch (fn) {
    case 'lt':
      return Number(x < y);
    case 'gt':
      return Number(x > y);
    case 'le':
      return Number(x <= y);
    case 'ge':
      return Number(x >= y);
    case 'eq':
      return Number(x === y);
    default:
      return Number(x !== y);
  }
}

/**
 * A running sum that keeps its rounding errors (Neumaier's variant of Kahan's): within
 * 2u·|Σ| plus second-order terms, in any order. Infinities and NaN come out as a plain sum's.
 */
class CompensatedSum {
  private s = 0;
  private c = 0;

  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }

  value(): number {
    return Number.isFinite(this.s) ? this.s + this.c : this.s;
  }
}
