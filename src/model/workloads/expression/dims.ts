/**
 * Which dimensions of an expression's arrays must stay equal for it to stay valid: NumPy's
 * broadcasting ties the dimensions it lines up (unless one is 1), a matmul ties the
 * left operand's columns to the right one's rows, `.T` reverses the axes it passes on, and
 * a reduction drops its axis. Each group of tied dimensions is one size the expression
 * has: `a*b + c` on 1-D arrays has one (a, b and c's length), `x @ w + bias` has three (x's
 * rows; x's columns = w's rows; w's columns = bias's length).
 *
 * The size axis (break-even, sweeps) and the CPU workers' split both move one group: set
 * every dimension of a group to the same new size and the expression stays valid. Pure.
 */
import type { NamedArray } from './arrays.ts';
import type { Node } from './ir.ts';

/** One dimension of one named array: `x`'s axis 0 is { array: 'x', dim: 0 }. */
export interface ArrayDim {
  array: string;
  dim: number;
}

/** Dimensions of the arrays that must stay equal, with their common size. */
export interface DimGroup {
  size: number;
  /** In the arrays' order, then by axis. */
  members: ArrayDim[];
}

/** Size-1 dimensions broadcast against anything: they belong to no group. */
type DimKey = string | null;

const keyOf = (array: string, dim: number): string => `${array}\u0000${dim}`;

/** The groups of tied dimensions of a checked expression over `arrays`, largest size first. */
export function dimGroups(root: Node, arrays: readonly NamedArray[]): DimGroup[] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    // Path halving is not needed at these sizes (≤ 26 arrays × 8 axes).
    return r;
  };
  const union = (a: string, b: string): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  const broadcast = (rank: number, operands: readonly DimKey[][]): DimKey[] => {
    const out: DimKey[] = [];
    for (let p = 0; p < rank; p++) {
      let tied: DimKey = null;
      for (const op of operands) {
        const k = op[op.length - rank + p];
        if (k === undefined || k === null) continue;
        if (tied === null) tied = k;
        else union(tied, k);
      }
      out.push(tied);
    }
    return out;
  };
  const walk = (n: Node): DimKey[] => {
    switch (n.op) {
      case 'input':
        return n.shape.map((d, i) => {
          if (d === 1) return null;
          const k = keyOf(n.name, i);
          if (!parent.has(k)) parent.set(k, k);
          return k;
        });
      case 'const':
        return [];
      case 'unary':
        return walk(n.arg);
      case 'transpose':
        return [...walk(n.arg)].reverse();
      case 'binary':
        return broadcast(n.shape.length, [walk(n.left), walk(n.right)]);
      case 'where':
        return broadcast(n.shape.length, [walk(n.cond), walk(n.a), walk(n.b)]);
      case 'matmul': {
        const [m = null, k = null] = walk(n.left);
        const [k2 = null, cols = null] = walk(n.right);
        if (k !== null && k2 !== null) union(k, k2);
        return [m, cols];
      }
      case 'reduce': {
        const a = walk(n.arg);
        if (n.axis === null) return n.keepdims ? a.map(() => null) : [];
        return a.flatMap((k, i) => (i !== n.axis ? [k] : n.keepdims ? [null] : []));
      }
    }
  };
  walk(root);
  const groups = new Map<string, DimGroup>();
  for (const a of arrays) {
    a.shape.forEach((size, dim) => {
      const k = keyOf(a.name, dim);
      if (!parent.has(k)) return;
      const root = find(k);
      const g = groups.get(root) ?? { size, members: [] };
      g.members.push({ array: a.name, dim });
      groups.set(root, g);
    });
  }
  return [...groups.values()].sort((x, y) => y.size - x.size);
}

/** Elements of a shape. */
function elements(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/**
 * The group the expression's size is measured along: the one holding the leading
 * dimension of its largest array (ties: the first array), else the largest group.
 */
export function mainGroup(groups: readonly DimGroup[], arrays: readonly NamedArray[]): DimGroup | undefined {
  let largest: NamedArray | undefined;
  for (const a of arrays) if (!largest || elements(a.shape) > elements(largest.shape)) largest = a;
  if (largest) {
    const owner = largest;
    for (let dim = 0; dim < owner.shape.length; dim++) {
      const g = groups.find((x) => x.members.some((m) => m.array === owner.name && m.dim === dim));
      if (g) return g;
    }
  }
  return groups[0];
}

/** `arrays` with every dimension of `group` set to `size`. */
export function resizeGroup(arrays: readonly NamedArray[], group: DimGroup, size: number): NamedArray[] {
  return arrays.map((a) => ({
    name: a.name,
    shape: a.shape.map((d, dim) => (group.members.some((m) => m.array === a.name && m.dim === dim) ? size : d)),
  }));
}

/** The largest size `group` may take with every array at most `maxElements` elements. */
export function groupMaxSize(arrays: readonly NamedArray[], group: DimGroup, maxElements: number): number {
  let max = Infinity;
  for (const a of arrays) {
    const own = group.members.filter((m) => m.array === a.name).length;
    if (own === 0) continue;
    const rest = elements(a.shape) / group.size ** own;
    // A hair under the root, so rounding never lets an array pass the limit.
    max = Math.min(max, Math.floor((maxElements / rest) ** (1 / own) * (1 - 1e-12)));
  }
  return Number.isFinite(max) ? Math.max(1, max) : group.size;
}

/** `x.shape[0]`-style names of a group's dimensions, for labels. */
export function groupText(group: DimGroup, most = 4): string {
  const names = group.members.map((m) => `${m.array}.shape[${m.dim}]`);
  return names.length > most ? `${names.slice(0, most).join(' = ')} = …` : names.join(' = ');
}
