/**
 * How elementwise runs for real ("Run this workload"; kinds/define.ts `RunSpec`), apart from its
 * definition (kinds/elementwise.ts) so that the first paint, which only counts and estimates,
 * does not load it. Pure.
 */
import type { RunSpec } from './define.ts';
import type { ElementwiseShape } from './elementwise.ts';

export const elementwiseRun: RunSpec<ElementwiseShape> = {
  runnable: (s) =>
    s.inputs === 3 && s.outputs === 1 && s.flopsPerElement === 2
      ? { shape: s, notes: [] }
      : {
          shape: { ...s, inputs: 3, outputs: 1, flopsPerElement: 2 },
          notes: ['The elementwise kernel is a*b+c (3 inputs, 1 output, 2 FLOPs per element); ran that.'],
        },
  // Arrays are padded to whole vec4 on the GPU.
  largestArrayElements: (s) => Math.ceil(s.elements / 4) * 4,
};
