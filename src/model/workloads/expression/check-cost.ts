/**
 * What checking a run's outputs costs the CPU reference (src/bench/workloads/kinds/
 * expression/reference.ts), in element evaluations: an elementwise output costs its
 * operations, one output of a reduction its whole reduced extent, one output of a matmul
 * its k products, each computed once and kept. The run is sized so this stays bounded
 * (kinds/expression-run.ts): a sum over 10⁸ values checks in seconds of
 * JavaScript, a sum of a large matmul would take minutes. Pure.
 */
import { elementsOf, type Node } from './ir.ts';

/** Outputs the page compares with the reference after a run (the GPU's sample). */
export const CHECKED_OUTPUTS = 256;

/**
 * Element evaluations the reference spends on `k` distinct elements of `n`. Reductions
 * and matmuls keep what they computed, so asking for more elements than they have costs
 * no more than computing all of them.
 */
export function checkCost(n: Node, k: number): number {
  switch (n.op) {
    case 'input':
    case 'const':
      return k;
    case 'unary':
    case 'transpose':
      return k + checkCost(n.arg, k);
    case 'binary':
      return k + checkCost(n.left, k) + checkCost(n.right, k);
    case 'where':
      return k + checkCost(n.cond, k) + checkCost(n.a, k) + checkCost(n.b, k);
    case 'reduce': {
      const outputs = Math.min(k, elementsOf(n.shape));
      const reads = outputs * (elementsOf(n.arg.shape) / Math.max(1, elementsOf(n.shape)));
      return reads + checkCost(n.arg, reads);
    }
    case 'matmul': {
      const outputs = Math.min(k, elementsOf(n.shape));
      const reads = outputs * (n.left.shape[1] as number);
      return 2 * reads + checkCost(n.left, reads) + checkCost(n.right, reads);
    }
  }
}
