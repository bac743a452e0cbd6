/**
 * The parser of NumPy/PyTorch expressions: recursive descent with Python's precedence,
 * from loosest to tightest (the Python reference, "Operator precedence"):
 *
 *   comparison   <  <=  >  >=  ==  !=      (one per expression part: a < b < c is refused)
 *   additive     +  -                      (left-associative)
 *   term         *  /  @                   (left-associative; @ binds like *)
 *   unary        -x  +x
 *   power        **                        (right-associative; its right operand may be
 *                                           unary, so -x**2 = -(x**2) and 2**-x works)
 *   postfix      x.T  x.sum(…)  x.mean(…)  x.max(…)
 *   atom         number, name, (…), np.f(…), torch.f(…), np.pi
 *
 * Never evaluates anything. Limits keep it linear and its recursion shallow: text of at
 * most 10,000 characters, nesting (parentheses, calls, unary operators, powers) at most 64
 * deep, at most 1,000 operations. Pure.
 */
import { fail } from './errors.ts';
import {
  CONSTANTS,
  COMPARISONS,
  FUNCTIONS,
  NAMESPACES,
  PYTHON_KEYWORDS,
  REDUCTIONS,
  isOneOf,
  type BinaryOperator,
  type KeywordArgument,
  type Namespace,
  type Syntax,
} from './syntax.ts';
import { tokenize, type Token } from './tokens.ts';

/** Longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 10_000;
/** Deepest nesting accepted. */
export const MAX_NESTING = 64;
/** Most operations (operators, calls, methods) accepted. */
export const MAX_OPERATIONS = 1_000;

const KEYWORD_HINTS: Readonly<Record<string, string>> = {
  lambda: 'lambdas are not supported: write the expression itself',
  if: 'conditional expressions (a if c else b) are not supported: write np.where(c, a, b)',
  else: 'conditional expressions (a if c else b) are not supported: write np.where(c, a, b)',
  and: 'and / or / not are not supported: np.where takes one comparison, e.g. np.where(x > 0, x, 0)',
  or: 'and / or / not are not supported: np.where takes one comparison, e.g. np.where(x > 0, x, 0)',
  not: 'and / or / not are not supported: np.where takes one comparison, e.g. np.where(x > 0, x, 0)',
  import: 'import is not supported: np. and torch. are already known',
  for: 'comprehensions and loops are not supported: write one array expression',
  None: 'None is not supported',
};

const FUNCTION_LIST = 'exp, log, sqrt, abs, sin, cos, tanh, maximum, minimum, where, sum, mean, max';

class Parser {
  private pos = 0;
  private depth = 0;
  private operations = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] as Token;
    if (t.kind === 'error') fail(t.text, t.start, t.end);
    return t;
  }

  private next(): Token {
    const t = this.peek();
    this.pos++;
    return t;
  }

  private isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === text;
  }

  /** Run `parse` one nesting level deeper, refusing level 65 at `at`. */
  private nested<T>(at: Token, parse: () => T): T {
    if (this.depth >= MAX_NESTING) {
      fail(`the expression nests deeper than ${MAX_NESTING} levels`, at.start, at.end);
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private countOperation(at: Token): void {
    if (++this.operations > MAX_OPERATIONS) {
      fail(`the expression has more than ${MAX_OPERATIONS.toLocaleString('en-US')} operations`, at.start, at.end);
    }
  }

  parseAll(): Syntax {
    const e = this.parseComparison();
    const t = this.peek();
    if (t.kind !== 'end') this.unexpected(t, 'after a complete expression');
    return e;
  }

  private parseComparison(): Syntax {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t.kind !== 'op' || !isOneOf(COMPARISONS, t.text)) return left;
    this.next();
    this.countOperation(t);
    const right = this.parseAdditive();
    const again = this.peek();
    if (again.kind === 'op' && isOneOf(COMPARISONS, again.text)) {
      fail('chained comparisons (a < b < c) are not supported: np.where takes one comparison', again.start, again.end);
    }
    return this.binary(t, left, right);
  }

  private binary(op: Token, left: Syntax, right: Syntax): Syntax {
    return {
      t: 'binary',
      op: op.text as BinaryOperator,
      left,
      right,
      opStart: op.start,
      opEnd: op.end,
      start: left.start,
      end: right.end,
    };
  }

  private parseAdditive(): Syntax {
    let left = this.parseTerm();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next();
      this.countOperation(op);
      left = this.binary(op, left, this.parseTerm());
    }
    return left;
  }

  private parseTerm(): Syntax {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('@')) {
      const op = this.next();
      this.countOperation(op);
      left = this.binary(op, left, this.parseUnary());
    }
    return left;
  }

  private parseUnary(): Syntax {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next();
      this.countOperation(op);
      const arg = this.nested(op, () => this.parseUnary());
      return { t: 'unary', op: op.text as '-' | '+', arg, start: op.start, end: arg.end };
    }
    return this.parsePower();
  }

  private parsePower(): Syntax {
    const base = this.parsePostfix();
    if (!this.isOp('**')) return base;
    const op = this.next();
    this.countOperation(op);
    // Python: power ::= primary ["**" u_expr]; the right side recursing makes ** right-associative.
    const exponent = this.nested(op, () => this.parseUnary());
    return this.binary(op, base, exponent);
  }

  private parsePostfix(): Syntax {
    let e = this.parseAtom();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') return e;
      if (t.text === '(') {
        const callee = e.t === 'name' ? `${e.name} cannot be called` : 'this cannot be called';
        fail(`${callee}: only np./torch. functions and .sum(), .mean(), .max() can (${FUNCTION_LIST})`, e.start, t.end);
      }
      if (t.text !== '.') return e;
      this.next();
      const name = this.next();
      if (name.kind !== 'name') this.unexpected(name, 'after "." (an attribute name such as T or sum)');
      if (name.text === 'T') {
        if (this.isOp('(')) fail('.T is not a function: write x.T', name.start, this.peek().end);
        e = { t: 'transpose', obj: e, nameStart: name.start, start: e.start, end: name.end };
        continue;
      }
      if (isOneOf(REDUCTIONS, name.text)) {
        if (!this.isOp('(')) fail(`call it: x.${name.text}()`, name.start, name.end);
        this.countOperation(name);
        const { args, kwargs, end } = this.nested(name, () => this.parseArguments());
        e = {
          t: 'method',
          fn: name.text,
          obj: e,
          args,
          kwargs,
          nameStart: name.start,
          nameEnd: name.end,
          start: e.start,
          end,
        };
        continue;
      }
      fail(
        `the attribute .${name.text} is not supported: arrays offer .T, .sum(), .mean() and .max()`,
        name.start,
        name.end,
      );
    }
  }

  /** After the name of a function or method: `( args )`; returns where the ")" ends. */
  private parseArguments(): { args: Syntax[]; kwargs: KeywordArgument[]; end: number } {
    const open = this.next(); // "("
    const args: Syntax[] = [];
    const kwargs: KeywordArgument[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && t.text === ')') {
        this.next();
        return { args, kwargs, end: t.end };
      }
      if (t.kind === 'end') fail(`unbalanced parentheses: this ( is never closed`, open.start, open.end);
      if (t.kind === 'name' && this.isOp('=', 1)) {
        this.next();
        this.next();
        const value = this.parseComparison();
        if (kwargs.some((k) => k.name === t.text)) fail(`the keyword ${t.text} is given twice`, t.start, t.end);
        kwargs.push({ name: t.text, value, start: t.start, end: value.end });
      } else {
        const value = this.parseComparison();
        if (kwargs.length > 0) {
          fail('a positional argument cannot follow a keyword argument', value.start, value.end);
        }
        args.push(value);
      }
      const sep = this.peek();
      if (sep.kind === 'op' && sep.text === ',') this.next();
      else if (!(sep.kind === 'op' && sep.text === ')')) {
        if (sep.kind === 'end') fail(`unbalanced parentheses: this ( is never closed`, open.start, open.end);
        this.unexpected(sep, 'in the argument list (expected , or ))');
      }
    }
  }

  private parseAtom(): Syntax {
    const t = this.next();
    if (t.kind === 'number') return { t: 'number', value: t.value ?? 0, text: t.text, start: t.start, end: t.end };
    if (t.kind === 'name') return this.parseName(t);
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.nested(t, () => this.parseComparison());
      const close = this.peek();
      if (close.kind === 'op' && close.text === ',') fail('tuples are not supported', close.start, close.end);
      if (!(close.kind === 'op' && close.text === ')')) {
        if (close.kind === 'end') fail('unbalanced parentheses: this ( is never closed', t.start, t.end);
        this.unexpected(close, 'inside parentheses');
      }
      this.next();
      // The span covers the parentheses, so a message about the group underlines all of it.
      return { ...inner, start: t.start, end: close.end };
    }
    return this.unexpected(t, '');
  }

  private parseName(t: Token): Syntax {
    if (t.text === 'True' || t.text === 'False') {
      return { t: 'bool', value: t.text === 'True', start: t.start, end: t.end };
    }
    if (PYTHON_KEYWORDS.has(t.text)) {
      fail(KEYWORD_HINTS[t.text] ?? `the Python keyword ${t.text} is not supported`, t.start, t.end);
    }
    if (!isOneOf(NAMESPACES, t.text)) {
      if (isOneOf(FUNCTIONS, t.text) && this.isOp('(')) {
        fail(`write np.${t.text}(…) or torch.${t.text}(…)`, t.start, t.end);
      }
      return { t: 'name', name: t.text, start: t.start, end: t.end };
    }
    const ns: Namespace = t.text;
    if (!this.isOp('.')) fail(`${ns} is a module: use one of its functions, e.g. ${ns}.exp(x)`, t.start, t.end);
    this.next();
    const name = this.next();
    if (name.kind !== 'name') this.unexpected(name, `after "${ns}."`);
    if (name.text in CONSTANTS && !this.isOp('(')) {
      return { t: 'constant', ns, name: name.text as keyof typeof CONSTANTS, start: t.start, end: name.end };
    }
    if (!isOneOf(FUNCTIONS, name.text)) {
      fail(`${ns}.${name.text} is not supported: the functions are ${FUNCTION_LIST}`, t.start, name.end);
    }
    if (!this.isOp('(')) fail(`call it: ${ns}.${name.text}(…)`, t.start, name.end);
    this.countOperation(name);
    const { args, kwargs, end } = this.nested(name, () => this.parseArguments());
    return { t: 'call', ns, fn: name.text, args, kwargs, nameStart: t.start, nameEnd: name.end, start: t.start, end };
  }

  private unexpected(t: Token, where: string): never {
    const suffix = where ? ` ${where}` : '';
    if (t.kind === 'end') {
      // Point at the last token, inside the text, rather than past its end.
      const last = this.tokens[this.tokens.length - 2] ?? t;
      fail(`the expression ends too early: a value is missing after ${last.text}`, last.start, last.end);
    }
    if (t.kind === 'op' && t.text === ')') fail('unbalanced parentheses: this ) has no matching (', t.start, t.end);
    if (t.kind === 'op' && t.text === '=') {
      fail('assignment is not supported: write only the expression (a*b + c, not out = a*b + c)', t.start, t.end);
    }
    if (t.kind === 'op' && t.text === ',') fail('tuples are not supported', t.start, t.end);
    if (t.kind === 'name' && PYTHON_KEYWORDS.has(t.text)) {
      fail(KEYWORD_HINTS[t.text] ?? `the Python keyword ${t.text} is not supported`, t.start, t.end);
    }
    if (t.kind === 'name' || t.kind === 'number') {
      fail(
        `unexpected ${t.kind === 'name' ? 'name' : 'number'} ${t.text}${suffix}: an operator is missing`,
        t.start,
        t.end,
      );
    }
    fail(`unexpected ${t.text}${suffix}`, t.start, t.end);
  }
}

/**
 * Parse `text` into a syntax tree; throws an `ExpressionFailure` (with its column) on any
 * text outside the supported grammar. Use `parseExpression` (index.ts) from outside.
 */
export function parseSyntax(text: string): Syntax {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    fail(
      `the expression is longer than ${MAX_EXPRESSION_LENGTH.toLocaleString('en-US')} characters`,
      MAX_EXPRESSION_LENGTH,
      text.length,
    );
  }
  const tokens = tokenize(text);
  if (tokens.length === 1 && tokens[0]?.kind === 'end') fail('enter an expression, e.g. a*b + c', 0, 0);
  return new Parser(tokens).parseAll();
}
