/**
 * A checked expression as text again: the kernel labels (`t1 = a * b`, plain function
 * names, temporaries by name) and the Python of the snippets (NumPy, PyTorch or JAX
 * spelling). Parentheses only where Python's precedence needs them, so the printed text
 * parses back to the same tree. Pure.
 */
import type { BinaryOp, Node, UnaryOp } from './ir.ts';

/** How functions are spelled: `plain` for labels (exp(x)); a module prefix for Python. */
export type Spelling = 'plain' | 'np' | 'torch' | 'jnp';

export interface RenderOptions {
  spelling: Spelling;
  /** Nodes shown by a name instead of their computation (the temporaries of a plan). */
  names?: ReadonlyMap<Node, string>;
}

/** Python precedence levels, loosest first. */
const LEVEL = { comparison: 1, additive: 2, term: 3, unary: 4, power: 5, atom: 6 } as const;

const INFIX: Readonly<Record<BinaryOp, { text: string; level: number } | undefined>> = {
  add: { text: ' + ', level: LEVEL.additive },
  sub: { text: ' - ', level: LEVEL.additive },
  mul: { text: ' * ', level: LEVEL.term },
  div: { text: ' / ', level: LEVEL.term },
  pow: { text: '**', level: LEVEL.power },
  lt: { text: ' < ', level: LEVEL.comparison },
  gt: { text: ' > ', level: LEVEL.comparison },
  le: { text: ' <= ', level: LEVEL.comparison },
  ge: { text: ' >= ', level: LEVEL.comparison },
  eq: { text: ' == ', level: LEVEL.comparison },
  ne: { text: ' != ', level: LEVEL.comparison },
  maximum: undefined,
  minimum: undefined,
};

function prefix(spelling: Spelling): string {
  return spelling === 'plain' ? '' : `${spelling}.`;
}

/**
 * A constant's source with its module prefixes respelled: np.pi stays np.pi for NumPy,
 * becomes jnp.pi for JAX, and math.pi for PyTorch (torch.pi is missing from older
 * versions; the snippet imports math). Constants hold no array names, only numbers,
 * operators and these prefixes, so the replacement cannot touch anything else.
 */
function constantText(text: string, spelling: Spelling): string {
  const ns = spelling === 'plain' ? '' : spelling === 'torch' ? 'math.' : prefix(spelling);
  return text.replace(/\b(?:np|numpy|torch)\./g, ns);
}

class Renderer {
  constructor(private readonly opts: RenderOptions) {}

  /** Text of `n`, parenthesized if its level is below `min`. */
  at(n: Node, min: number): string {
    const [text, level] = this.render(n);
    return level < min ? `(${text})` : text;
  }

  render(n: Node): [string, number] {
    const name = this.opts.names?.get(n);
    if (name !== undefined) return [name, LEVEL.atom];
    const sp = this.opts.spelling;
    switch (n.op) {
      case 'input':
        return [n.name, LEVEL.atom];
      case 'const':
        return [constantText(n.text, sp), n.atomic ? LEVEL.atom : LEVEL.comparison - 1];
      case 'transpose': {
        const rank = n.arg.shape.length;
        // PyTorch deprecates .T on anything but 2-D: a 0-D or 1-D .T changes nothing, N-D permutes.
        if (sp === 'torch' && rank < 2) return this.render(n.arg);
        if (sp === 'torch' && rank > 2) {
          const axes = Array.from({ length: rank }, (_, i) => rank - 1 - i).join(', ');
          return [`${this.at(n.arg, LEVEL.atom)}.permute(${axes})`, LEVEL.atom];
        }
        return [`${this.at(n.arg, LEVEL.atom)}.T`, LEVEL.atom];
      }
      case 'unary':
        return this.unary(n.fn, n.arg);
      case 'binary':
        return this.binary(n.fn, n.left, n.right);
      case 'where':
        return [`${prefix(sp)}where(${this.at(n.cond, 0)}, ${this.at(n.a, 0)}, ${this.at(n.b, 0)})`, LEVEL.atom];
      case 'matmul':
        return [`${this.at(n.left, LEVEL.term)} @ ${this.at(n.right, LEVEL.unary)}`, LEVEL.term];
      case 'reduce': {
        const torch = sp === 'torch';
        const method = n.fn === 'max' && torch ? 'amax' : n.fn;
        const args: string[] = [];
        if (n.axis !== null) args.push(`${torch ? 'dim' : 'axis'}=${n.axis}`);
        if (n.keepdims) args.push(`${torch ? 'keepdim' : 'keepdims'}=True`);
        return [`${this.at(n.arg, LEVEL.atom)}.${method}(${args.join(', ')})`, LEVEL.atom];
      }
    }
  }

  private unary(fn: UnaryOp, arg: Node): [string, number] {
    if (fn === 'neg') return [`-${this.at(arg, LEVEL.unary)}`, LEVEL.unary];
    return [`${prefix(this.opts.spelling)}${fn}(${this.at(arg, 0)})`, LEVEL.atom];
  }

  private binary(fn: BinaryOp, left: Node, right: Node): [string, number] {
    const sp = this.opts.spelling;
    const infix = INFIX[fn];
    if (infix) {
      const level = infix.level;
      // Left-associative operators need a tighter right side; ** is right-associative, and
      // its left side must be an atom ((-x)**2, (a**b)**c) while its right may be unary (x**-1).
      const [lmin, rmin] =
        fn === 'pow' ? [LEVEL.atom, LEVEL.unary] : level === LEVEL.comparison ? [2, 2] : [level, level + 1];
      return [`${this.at(left, lmin)}${infix.text}${this.at(right, rmin)}`, level];
    }
    // torch.maximum needs two tensors; with a number, clamp says the same thing.
    if (sp === 'torch' && (left.op === 'const' || right.op === 'const')) {
      const [x, c] = left.op === 'const' ? [right, left] : [left, right];
      const bound = fn === 'maximum' ? 'min' : 'max';
      return [`torch.clamp(${this.at(x, 0)}, ${bound}=${this.at(c, 0)})`, LEVEL.atom];
    }
    return [`${prefix(sp)}${fn}(${this.at(left, 0)}, ${this.at(right, 0)})`, LEVEL.atom];
  }
}

/** `n` as text in the given spelling, temporaries (if any) by their names. */
export function renderExpression(n: Node, opts: RenderOptions): string {
  return new Renderer(opts).at(n, 0);
}
