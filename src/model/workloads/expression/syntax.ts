/**
 * The syntax tree of an expression, as written (before names are resolved and shapes
 * checked), and the vocabulary it may use: the np./torch. functions, the array methods and
 * the operators. Pure; types and constant tables only.
 */

/** Module prefixes a function may be called through. */
export const NAMESPACES = ['np', 'numpy', 'torch'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** One-argument elementwise functions (`np.exp(x)`). */
export const UNARY_FUNCTIONS = ['exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tanh'] as const;
export type UnaryFunction = (typeof UNARY_FUNCTIONS)[number];

/** Two-argument elementwise functions (`np.maximum(x, 0)`). */
export const BINARY_FUNCTIONS = ['maximum', 'minimum'] as const;
export type BinaryFunction = (typeof BINARY_FUNCTIONS)[number];

/** Reductions, as methods (`x.sum()`) or functions (`np.sum(x, axis=0)`). */
export const REDUCTIONS = ['sum', 'mean', 'max'] as const;
export type Reduction = (typeof REDUCTIONS)[number];

/** Every function a namespace offers. */
export type FunctionName = UnaryFunction | BinaryFunction | 'where' | Reduction;
export const FUNCTIONS: readonly FunctionName[] = [...UNARY_FUNCTIONS, ...BINARY_FUNCTIONS, 'where', ...REDUCTIONS];

/** Named constants (`np.pi`). */
export const CONSTANTS = { pi: Math.PI, e: Math.E } as const;
export type ConstantName = keyof typeof CONSTANTS;

export const COMPARISONS = ['<', '>', '<=', '>=', '==', '!='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type BinaryOperator = '+' | '-' | '*' | '/' | '**' | '@' | Comparison;

/** 0-based offsets [start, end) of a node in the text. */
export interface Span {
  start: number;
  end: number;
}

/** A keyword argument (`axis=-1`). */
export interface KeywordArgument extends Span {
  name: string;
  value: Syntax;
}

export type Syntax =
  | (Span & { t: 'number'; value: number; text: string })
  | (Span & { t: 'name'; name: string })
  /** True / False: only as keepdims=…; the analysis refuses them anywhere else. */
  | (Span & { t: 'bool'; value: boolean })
  | (Span & { t: 'constant'; ns: Namespace; name: ConstantName })
  | (Span & { t: 'unary'; op: '-' | '+'; arg: Syntax })
  | (Span & { t: 'binary'; op: BinaryOperator; left: Syntax; right: Syntax; opStart: number; opEnd: number })
  | (Span & {
      t: 'call';
      ns: Namespace;
      fn: FunctionName;
      args: Syntax[];
      kwargs: KeywordArgument[];
      /** Span of `np.exp`, for messages about the call itself. */
      nameStart: number;
      nameEnd: number;
    })
  | (Span & {
      t: 'method';
      fn: Reduction;
      obj: Syntax;
      args: Syntax[];
      kwargs: KeywordArgument[];
      nameStart: number;
      nameEnd: number;
    })
  | (Span & { t: 'transpose'; obj: Syntax; nameStart: number });

/** Python's keywords: none of them can be an array's name, and none is supported in an expression. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

export function isOneOf<T extends string>(list: readonly T[], s: string): s is T {
  return (list as readonly string[]).includes(s);
}
