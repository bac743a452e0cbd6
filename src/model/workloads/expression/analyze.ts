/**
 * From syntax to the checked expression (ir.ts): resolve names to the arrays given, apply
 * NumPy's broadcasting, check matmul and reduction shapes, fold number-only parts, and
 * refuse what the model cannot count, each with a message at its column. Pure.
 *
 * Masks: a comparison (`x > 0`) makes a mask (one byte per element, as NumPy's bool). A mask
 * may be `np.where`'s condition or the whole expression's result; arithmetic, functions and
 * reductions of masks are refused (NumPy would change the dtype: bool·2 is int64).
 */
import type { NamedArray } from './arrays.ts';
import { formatShape } from './arrays.ts';
import { fail } from './errors.ts';
import {
  broadcastShapes,
  isComparison,
  type ArithmeticOp,
  type BinaryOp,
  type Node,
  type NodeOf,
  type UnaryOp,
} from './ir.ts';
import {
  BINARY_FUNCTIONS,
  CONSTANTS,
  UNARY_FUNCTIONS,
  isOneOf,
  type BinaryOperator,
  type KeywordArgument,
  type Reduction,
  type Span,
  type Syntax,
} from './syntax.ts';

const OPERATOR_OPS: Readonly<Record<Exclude<BinaryOperator, '@'>, BinaryOp>> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '**': 'pow',
  '<': 'lt',
  '>': 'gt',
  '<=': 'le',
  '>=': 'ge',
  '==': 'eq',
  '!=': 'ne',
};

const MATH: Readonly<Record<UnaryOp, (x: number) => number>> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
};

/** Python's arithmetic on two numbers, or a message where Python raises. */
function foldArithmetic(op: ArithmeticOp, x: number, y: number): number | string {
  switch (op) {
    case 'add':
      return x + y;
    case 'sub':
      return x - y;
    case 'mul':
      return x * y;
    case 'div':
      return y === 0 ? 'division by zero' : x / y;
    case 'pow':
      if (x === 0 && y < 0) return 'zero cannot be raised to a negative power';
      if (x < 0 && !Number.isInteger(y)) return 'a negative number to a fractional power is complex';
      return x ** y;
    case 'maximum':
      return Math.max(x, y);
    case 'minimum':
      return Math.min(x, y);
  }
}

/** Whether the "(" at the start of `t` is closed by its last character (not earlier: "(a)*(b)"). */
function closesAtEnd(t: string): boolean {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')' && --depth === 0) return i === t.length - 1;
  }
  return false;
}

class Analyzer {
  constructor(
    private readonly text: string,
    private readonly arrays: ReadonlyMap<string, NamedArray>,
  ) {}

  /** The source of a span, without the parentheses that group all of it. */
  private source(s: Span): string {
    let t = this.text.slice(s.start, s.end).trim();
    while (t.startsWith('(') && t.endsWith(')') && closesAtEnd(t)) t = t.slice(1, -1).trim();
    return t;
  }

  private constant(value: number, s: Span, atomic: boolean): NodeOf<'const'> {
    if (!Number.isFinite(value)) fail(`${this.source(s)} is not a finite number`, s.start, s.end);
    return { op: 'const', value, text: this.source(s), atomic, shape: [], type: 'float', start: s.start, end: s.end };
  }

  /** Refuse masks where a number is needed. */
  private float(n: Node, what: string): Node {
    if (n.type === 'mask') {
      fail(
        `${what} needs numbers, not the result of a comparison: a comparison can only be np.where's condition (np.where(x > 0, x, 0))`,
        n.start,
        n.end,
      );
    }
    return n;
  }

  node(s: Syntax): Node {
    switch (s.t) {
      case 'number':
        return this.constant(s.value, s, true);
      case 'constant':
        return this.constant(CONSTANTS[s.name], s, true);
      case 'bool':
        return fail('True and False are only accepted as keepdims=True / keepdims=False', s.start, s.end);
      case 'name': {
        const a = this.arrays.get(s.name);
        if (!a) {
          const known = [...this.arrays.keys()].join(', ');
          const hint = isOneOf(UNARY_FUNCTIONS, s.name) ? `; call functions as np.${s.name}(x)` : '';
          fail(`unknown name ${s.name}: the arrays are ${known || 'none yet'}${hint}`, s.start, s.end);
        }
        return { op: 'input', name: a.name, shape: a.shape, type: 'float', start: s.start, end: s.end };
      }
      case 'unary': {
        const arg = this.node(s.arg);
        if (s.op === '+') return this.float(arg, 'unary +');
        return this.unary('neg', this.float(arg, 'negation'), s);
      }
      case 'binary':
        return this.binary(s);
      case 'transpose': {
        const arg = this.node(s.obj);
        if (arg.op === 'const') fail('a number has no .T', s.nameStart, s.end);
        return { op: 'transpose', arg, shape: [...arg.shape].reverse(), type: arg.type, start: s.start, end: s.end };
      }
      case 'method':
        return this.reduction(s.fn, s.obj, s.args, s.kwargs, s, { start: s.nameStart, end: s.nameEnd }, true);
      case 'call':
        return this.call(s);
    }
  }

  private unary(fn: UnaryOp, arg: Node, s: Span): Node {
    if (arg.op === 'const') return this.constant(MATH[fn](arg.value), s, false);
    return { op: 'unary', fn, arg, shape: arg.shape, type: 'float', start: s.start, end: s.end };
  }

  private broadcast(left: Node, right: Node, at: Span, what: string): number[] {
    const r = broadcastShapes(left.shape, right.shape);
    if (!r.ok) {
      fail(
        `${what}: shapes ${formatShape(left.shape)} and ${formatShape(right.shape)} do not broadcast (${r.left} vs ${r.right}; NumPy lines shapes up at the last dimension, and each pair must be equal or 1)`,
        at.start,
        at.end,
      );
    }
    return r.shape;
  }

  private binary(s: Extract<Syntax, { t: 'binary' }>): Node {
    const left = this.node(s.left);
    const right = this.node(s.right);
    const at = { start: s.opStart, end: s.opEnd };
    if (s.op === '@') return this.matmul(left, right, at, s);
    const fn = OPERATOR_OPS[s.op];
    return this.elementwise(fn, left, right, at, s, `the operator ${s.op}`);
  }

  private elementwise(fn: BinaryOp, left: Node, right: Node, at: Span, s: Span, what: string): Node {
    this.float(left, what);
    this.float(right, what);
    const comparison = isComparison(fn);
    if (left.op === 'const' && right.op === 'const') {
      if (comparison) fail('comparing two numbers is not supported: compare an array, e.g. x > 0', at.start, at.end);
      const v = foldArithmetic(fn, left.value, right.value);
      if (typeof v === 'string') fail(v, s.start, s.end);
      return this.constant(v, s, false);
    }
    const shape = this.broadcast(left, right, at, what);
    return {
      op: 'binary',
      fn,
      left,
      right,
      shape,
      type: comparison ? 'mask' : 'float',
      start: s.start,
      end: s.end,
    };
  }

  private matmul(left: Node, right: Node, at: Span, s: Span): Node {
    if (left.op === 'const' || right.op === 'const')
      fail('@ needs arrays on both sides, not numbers', at.start, at.end);
    this.float(left, '@');
    this.float(right, '@');
    if (left.shape.length !== 2 || right.shape.length !== 2) {
      fail(
        `@ needs 2-D arrays on both sides; here ${formatShape(left.shape)} @ ${formatShape(right.shape)} (for matrix × vector, use the matvec workload or give the vector a shape such as n×1)`,
        at.start,
        at.end,
      );
    }
    const [m, k] = left.shape as [number, number];
    const [k2, n] = right.shape as [number, number];
    if (k !== k2) {
      fail(
        `@ needs the left side's columns to equal the right side's rows: ${formatShape(left.shape)} @ ${formatShape(right.shape)} (${k} vs ${k2})`,
        at.start,
        at.end,
      );
    }
    return { op: 'matmul', left, right, shape: [m, n], type: 'float', start: s.start, end: s.end };
  }

  private call(s: Extract<Syntax, { t: 'call' }>): Node {
    const name = `${s.ns}.${s.fn}`;
    const nameSpan = { start: s.nameStart, end: s.nameEnd };
    if (s.fn === 'sum' || s.fn === 'mean' || s.fn === 'max') {
      const [first, ...rest] = s.args;
      if (!first) fail(`${name} needs the array to reduce: ${name}(x)`, s.nameStart, s.end);
      return this.reduction(s.fn, first, rest, s.kwargs, s, nameSpan, false);
    }
    const arity = isOneOf(UNARY_FUNCTIONS, s.fn) ? 1 : isOneOf(BINARY_FUNCTIONS, s.fn) ? 2 : 3;
    const [kw] = s.kwargs;
    if (kw) fail(`${name} takes no keyword arguments here (${kw.name}=)`, kw.start, kw.end);
    if (s.args.length !== arity) {
      const words = ['', 'one argument', 'two arguments', 'three arguments (condition, value if true, value if false)'];
      fail(`${name} takes ${words[arity]}; got ${s.args.length}`, s.nameStart, s.end);
    }
    const args = s.args.map((a) => this.node(a));
    if (isOneOf(UNARY_FUNCTIONS, s.fn)) return this.unary(s.fn, this.float(args[0] as Node, name), s);
    if (isOneOf(BINARY_FUNCTIONS, s.fn)) {
      return this.elementwise(s.fn, args[0] as Node, args[1] as Node, nameSpan, s, name);
    }
    const [cond, a, b] = args as [Node, Node, Node];
    if (cond.type !== 'mask') {
      fail(`${name}'s condition must be a comparison of arrays, e.g. x > 0`, cond.start, cond.end);
    }
    this.float(a, `${name}'s second argument`);
    this.float(b, `${name}'s third argument`);
    const ab = this.broadcast(a, b, nameSpan, name);
    const shape = this.broadcast(cond, { ...a, shape: ab }, nameSpan, name);
    return { op: 'where', cond, a, b, shape, type: 'float', start: s.start, end: s.end };
  }

  /** A whole number known before running: the axis. */
  private axisValue(s: Syntax): number {
    const n = this.node(s);
    if (n.op !== 'const' || !Number.isInteger(n.value)) {
      fail('axis must be one whole number, e.g. axis=0 or axis=-1 (tuples of axes are not supported)', s.start, s.end);
    }
    return n.value;
  }

  private reduction(
    fn: Reduction,
    objSyntax: Syntax,
    args: readonly Syntax[],
    kwargs: readonly KeywordArgument[],
    s: Span,
    nameSpan: Span,
    method: boolean,
  ): Node {
    const what = method ? `.${fn}()` : `np.${fn}`;
    let axisSyntax: Syntax | undefined = args[0];
    let keepdims = false;
    if (args.length > 1) {
      fail(`${what} takes at most an axis here (and keepdims=)`, (args[1] as Syntax).start, (args[1] as Syntax).end);
    }
    for (const kw of kwargs) {
      if (kw.name === 'axis' || kw.name === 'dim') {
        if (axisSyntax) fail('the axis is given twice', kw.start, kw.end);
        axisSyntax = kw.value;
      } else if (kw.name === 'keepdims' || kw.name === 'keepdim') {
        if (kw.value.t !== 'bool') fail(`${kw.name} must be True or False`, kw.value.start, kw.value.end);
        keepdims = kw.value.value;
      } else {
        fail(`${what} has no keyword ${kw.name} here (it takes axis= or dim=, and keepdims=)`, kw.start, kw.end);
      }
    }
    const arg = this.node(objSyntax);
    if (arg.op === 'const') {
      if (method) fail(`a number has no ${what}`, nameSpan.start, nameSpan.end);
      if (axisSyntax) fail(`a number has no axes`, axisSyntax.start, axisSyntax.end);
      return this.constant(arg.value, s, false);
    }
    this.float(arg, what);
    const rank = arg.shape.length;
    let axis: number | null = null;
    if (axisSyntax) {
      const a = this.axisValue(axisSyntax);
      if (a < -rank || a >= rank) {
        const range = rank === 0 ? 'it has no axes' : `axes 0 … ${rank - 1}, or ${-rank} … -1`;
        fail(`axis ${a} is out of range for ${formatShape(arg.shape)} (${range})`, axisSyntax.start, axisSyntax.end);
      }
      axis = a < 0 ? a + rank : a;
    }
    const shape =
      axis === null
        ? keepdims
          ? arg.shape.map(() => 1)
          : []
        : arg.shape.flatMap((d, i) => (i !== axis ? [d] : keepdims ? [1] : []));
    return { op: 'reduce', fn, axis, keepdims, arg, shape, type: 'float', start: s.start, end: s.end };
  }
}

/**
 * The checked expression of `syntax` over `arrays`; throws an `ExpressionFailure` at the
 * failing column. The whole expression must compute something from an array: a number
 * alone, or an array alone (or its .T), is refused.
 */
export function analyze(text: string, syntax: Syntax, arrays: readonly NamedArray[]): Node {
  const root = new Analyzer(text, new Map(arrays.map((a) => [a.name, a]))).node(syntax);
  if (root.op === 'const') {
    fail('the expression uses no array: it is a number; use the arrays, e.g. a*b + c', root.start, root.end);
  }
  let viewed: Node = root;
  while (viewed.op === 'transpose') viewed = viewed.arg;
  if (viewed.op === 'input') {
    fail(`the expression computes nothing: it is the array ${viewed.name} itself`, root.start, root.end);
  }
  return root;
}
