/**
 * Attention, the unfused path: the reference against a brute-force softmax(Q·Kᵀ/√d)·V with
 * a −∞ mask written independently; the CPU kernel, float32 and float64, both flavours,
 * causal or not, against the reference at every output of odd shapes (a head dimension that
 * is not a block multiple, sq ≠ sk, slices that start and end inside a sequence-head); the
 * check rejects a wrong output.
 */
import { describe, expect, it } from 'vitest';
import { WorkloadInstance } from '../../../../../src/bench/workloads/cpu/instance.ts';
import { roundingOf } from '../../../../../src/bench/workloads/inputs.ts';
import {
  attentionCpu,
  attentionPlan,
  pvFunc,
  scoresFunc,
} from '../../../../../src/bench/workloads/kinds/attention/cpu.ts';
import {
  attentionK,
  attentionOutput,
  attentionQ,
  attentionRow,
  attentionV,
  checkAttention,
  type AttentionRun,
} from '../../../../../src/bench/workloads/kinds/attention/reference.ts';
import { softmaxFunc } from '../../../../../src/bench/workloads/kinds/softmax/cpu.ts';
import { CASES } from './flavors.ts';

const run = (o: Partial<AttentionRun>): AttentionRun => ({
  batch: 2,
  heads: 1,
  sq: 5,
  sk: 7,
  d: 3,
  causal: false,
  ...o,
});

const SHAPES: AttentionRun[] = [
  run({}),
  run({ causal: true }),
  run({ batch: 1, sq: 1, sk: 1, d: 1 }),
  run({ heads: 3, sq: 9, sk: 4, d: 17, causal: true }),
  run({ batch: 1, sq: 6, sk: 33, d: 20 }),
];

/** O = softmax(mask(Q·Kᵀ/√d))·V by the textbook formula, masked scores −∞. */
function bruteForce(s: AttentionRun, b: number, i: number): number[] {
  const scores: number[] = [];
  for (let j = 0; j < s.sk; j++) {
    let dot = 0;
    for (let e = 0; e < s.d; e++) dot += attentionQ(s, b, i, e, 'f64') * attentionK(s, b, j, e, 'f64');
    scores.push(s.causal && j > i ? -Infinity : dot / Math.sqrt(s.d));
  }
  const max = scores.reduce((m, x) => Math.max(m, x), -Infinity);
  const ex = scores.map((x) => Math.exp(x - max));
  const sum = ex.reduce((a, x) => a + x, 0);
  return Array.from({ length: s.d }, (_, e) =>
    ex.reduce((a, p, j) => a + (p / sum) * attentionV(s, b, j, e, 'f64'), 0),
  );
}

describe('the attention reference', () => {
  it.each(SHAPES)('equals softmax(QKᵀ/√d)·V with a −∞ mask: %o', (s) => {
    const r = roundingOf('f64');
    for (let b = 0; b < s.batch * s.heads; b++)
      for (let i = 0; i < s.sq; i++) {
        const want = bruteForce(s, b, i);
        const row = attentionRow(s, b, i, 'f64', r);
        for (let e = 0; e < s.d; e++)
          expect(attentionOutput(s, b, e, row, 'f64', r).value).toBeCloseTo(want[e] as number, 12);
      }
  });
});

describe.each(CASES)('attention CPU kernel %s (%s)', (dtype, flavor, L) => {
  const r = roundingOf(dtype);
  it.each(SHAPES)('every output of %o matches the reference, in slices that split sequence-heads', (s) => {
    const total = s.batch * s.heads * s.sq;
    const cut = Math.max(1, Math.floor(total / 2) + 1);
    for (const [r0, rows] of [
      [0, Math.min(cut, total)],
      [cut, total - cut],
    ] as const) {
      if (rows <= 0) continue;
      const inst = WorkloadInstance.createSync([scoresFunc(L, flavor), softmaxFunc(L), pvFunc(L, flavor)]);
      const plan = attentionPlan(inst, L, s, r0, rows);
      plan.run();
      for (let g = r0; g < r0 + rows; g++) {
        const b = Math.floor(g / s.sq);
        const i = g % s.sq;
        const row = attentionRow(s, b, i, dtype, r);
        for (let e = 0; e < s.d; e++) {
          const want = attentionOutput(s, b, e, row, dtype, r);
          expect(Math.abs(plan.get(b, i, e) - want.value), `O[${b}][${i}][${e}]`).toBeLessThanOrEqual(want.tolerance);
        }
      }
      expect(checkAttention(plan.get, s, r0, rows, dtype, r)).toMatchObject({ ok: true });
    }
  });
});

describe('attention check and slices', () => {
  const s = run({ causal: true });
  const r = roundingOf('f32');
  const good = (b: number, i: number, e: number) =>
    attentionOutput(s, b, e, attentionRow(s, b, i, 'f32', r), 'f32', r).value;
  it('rejects a wrong output, and an output that ignored the causal mask', () => {
    const all = { rows: 100, cols: 100 };
    expect(checkAttention(good, s, 0, 10, 'f32', r, all)).toEqual({ ok: true, checked: 10 * 3 });
    const bad = (b: number, i: number, e: number) => good(b, i, e) + (b === 1 && i === 4 && e === 2 ? 1e-3 : 0);
    expect(checkAttention(bad, s, 0, 10, 'f32', r, all).ok).toBe(false);
    const unmasked = run({ causal: false });
    const noMask = (b: number, i: number, e: number) =>
      attentionOutput(unmasked, b, e, attentionRow(unmasked, b, i, 'f32', r), 'f32', r).value;
    expect(checkAttention(noMask, s, 0, 10, 'f32', r, all).ok).toBe(false);
  });
  it('splits the query rows of every sequence-head among the workers, exactly once', () => {
    const slices = attentionCpu.slices({ ...s, fused: false }, 3);
    expect(slices.reduce((a, x) => a + x.rows, 0)).toBe(10);
    expect(slices.every((x) => x.causal === 1)).toBe(true);
  });
});
