/**
 * The URL names of "Which GPU would pay off?" (issue #19), and nothing else: the page's
 * first paint reads and writes these without loading the catalog, which arrives after it.
 * What each value means and how it is read is in compare-url.ts. Pure.
 */

/** `gpus=h100-sxm,t4,rtx-4090`: the devices compared, in order. */
export const GPUS_PARAM = 'gpus';

/**
 * Options of the code that change a GPU's answer, named `w.*` because they describe the
 * code as its shape does: TF32 for float32 matmuls (`w.tf32=1`; PyTorch leaves it off for
 * matmul), pinned host memory (`w.pinned=1`; default pageable), CUDA graphs (`w.graphs=1`;
 * default eager launches).
 */
export const OPTION_PARAMS = ['w.tf32', 'w.pinned', 'w.graphs'] as const;
export type OptionParam = (typeof OPTION_PARAMS)[number];

/** The CPU the GPUs are compared against: `vs=answer` (default), `vs=probe-…` (NumPy of an imported run), `vs=typed`. */
export const CPU_PARAM = 'vs';

/**
 * True for a name the comparison owns: `gpus`, the options, `vs` and the typed CPU's
 * `vs.*`, the typed GPU's `typed.*` (compare-url.ts lists those).
 */
export function isCompareParam(name: string): boolean {
  return (
    name === GPUS_PARAM ||
    name === CPU_PARAM ||
    (OPTION_PARAMS as readonly string[]).includes(name) ||
    name.startsWith(`${CPU_PARAM}.`) ||
    name.startsWith('typed.')
  );
}
