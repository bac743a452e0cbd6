/**
 * The checked expression: every node with its shape (NumPy's broadcasting applied) and its
 * element type, names resolved to arrays, and number-only parts folded into constants (as
 * Python computes `2*np.pi` before NumPy sees it). Plans and kernels are built from this.
 * Pure; types and shape helpers.
 */
import type { Reduction, UnaryFunction } from './syntax.ts';

/**
 * `float`: values of the workload's dtype. `mask`: the result of a comparison, stored as
 * one byte per element (NumPy's and PyTorch's bool).
 */
export type ElementType = 'float' | 'mask';

export type UnaryOp = 'neg' | UnaryFunction;

export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
export type ComparisonOp = 'lt' | 'gt' | 'le' | 'ge' | 'eq' | 'ne';
export type BinaryOp = ArithmeticOp | ComparisonOp;

export const COMPARISON_OPS: readonly ComparisonOp[] = ['lt', 'gt', 'le', 'ge', 'eq', 'ne'];

export function isComparison(op: BinaryOp): op is ComparisonOp {
  return (COMPARISON_OPS as readonly string[]).includes(op);
}

interface NodeBase {
  shape: readonly number[];
  type: ElementType;
  /** 0-based offsets of the source text this node came from. */
  start: number;
  end: number;
}

export type Node =
  | (NodeBase & { op: 'input'; name: string })
  /**
   * A number known before NumPy runs: a literal or a folded number-only part. `text` is its
   * source; `atomic` says it needs no parentheses when printed inside a larger expression.
   */
  | (NodeBase & { op: 'const'; value: number; text: string; atomic: boolean })
  | (NodeBase & { op: 'unary'; fn: UnaryOp; arg: Node })
  | (NodeBase & { op: 'binary'; fn: BinaryOp; left: Node; right: Node })
  | (NodeBase & { op: 'where'; cond: Node; a: Node; b: Node })
  /** `axis` is non-negative (normalized), or null for all axes. */
  | (NodeBase & { op: 'reduce'; fn: Reduction; axis: number | null; keepdims: boolean; arg: Node })
  | (NodeBase & { op: 'matmul'; left: Node; right: Node })
  /** `.T`: a view with the axes reversed; no kernel, no memory traffic. */
  | (NodeBase & { op: 'transpose'; arg: Node });

export type NodeOf<K extends Node['op']> = Extract<Node, { op: K }>;

/** Number of elements of a shape (1 for a scalar). */
export function elementsOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export type BroadcastResult = { ok: true; shape: number[] } | { ok: false; left: number; right: number };

/**
 * NumPy's broadcasting: align the shapes at their last dimension; each pair of dimensions
 * must be equal or one of them 1, and the result takes the larger.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[]): BroadcastResult {
  const rank = Math.max(a.length, b.length);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return { ok: false, left: x, right: y };
    shape.push(Math.max(x, y));
  }
  return { ok: true, shape };
}

/** Bytes one element of this type takes in memory (a mask is one byte, as NumPy's bool). */
export function elementBytes(type: ElementType, dtypeBytes: number): number {
  return type === 'mask' ? 1 : dtypeBytes;
}

/** The direct operands of a node (views included), in evaluation order. */
export function childrenOf(n: Node): Node[] {
  switch (n.op) {
    case 'input':
    case 'const':
      return [];
    case 'unary':
    case 'reduce':
    case 'transpose':
      return [n.arg];
    case 'binary':
    case 'matmul':
      return [n.left, n.right];
    case 'where':
      return [n.cond, n.a, n.b];
  }
}

/** Names of the arrays the expression reads, each once, in order of first use. */
export function inputNames(n: Node): string[] {
  const seen = new Set<string>();
  const visit = (m: Node): void => {
    if (m.op === 'input') seen.add(m.name);
    for (const c of childrenOf(m)) visit(c);
  };
  visit(n);
  return [...seen];
}
