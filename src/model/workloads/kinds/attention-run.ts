/**
 * How attention runs for real ("Run this workload"; kinds/define.ts `RunSpec`), apart from
 * its definition (kinds/attention.ts) so that the first paint, which only counts and
 * estimates, does not load it. The unfused path (kinds/attention/): scores S = Q·Kᵀ/√d, a
 * row softmax, P·V, causal or not. Pure.
 */
import type { KindSizeAxis, RunSpec } from './define.ts';
import type { AttentionShape } from './attention.ts';

/** The same shape along one of its own fields, for a run that must shrink past the sequence length. */
function fieldAxis(s: AttentionShape, key: 'batch' | 'heads' | 'd', unit: string): KindSizeAxis<AttentionShape> {
  return { label: unit, unit, integer: true, min: 1, max: 1e5, current: s[key], at: (v) => ({ ...s, [key]: v }) };
}

/** Rows of Q, K, V and O padded to a 64-byte line (16 float32 values) on the CPU. */
const pad16 = (x: number): number => Math.ceil(x / 16) * 16;

export const attentionRun: RunSpec<AttentionShape> = {
  runnable: (s) =>
    s.fused
      ? {
          shape: { ...s, fused: false },
          notes: [
            'Ran the three-kernel path (scores, softmax, ·V), which writes and reads the score matrix: this page has no fused kernel, so the prediction compared is the model’s for the unfused path.',
          ],
        }
      : { shape: s, notes: [] },
  largestArrayElements: (s) => {
    const bh = s.batch * s.heads;
    // The score matrix (rows padded to whole vec4 on the CPU) or Q/O and K/V with rows padded to 64 bytes.
    return Math.max(bh * s.sq * Math.ceil(s.sk / 4) * 4, bh * Math.max(s.sq, s.sk) * pad16(s.d));
  },
  // Sequences and heads before the sequence length: one head's score matrix at the length asked is the workload.
  shrinkFirst: (s) => [fieldAxis(s, 'batch', 'sequences'), fieldAxis(s, 'heads', 'heads')],
  fitAxes: (s) => [fieldAxis(s, 'd', 'features per head')],
};
