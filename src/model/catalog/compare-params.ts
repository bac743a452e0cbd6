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
/** A typed CPU: `vs.gflops` (float32 GFLOPS) and `vs.gbps` (memory GB/s). */
export const TYPED_CPU_PARAMS = ['vs.gflops', 'vs.gbps'] as const;
export type TypedCpuParam = (typeof TYPED_CPU_PARAMS)[number];

/** A typed GPU (`gpus=…,typed`): its name and figures. */
export const TYPED_GPU_PARAMS = [
  'typed.name',
  'typed.fp32',
  'typed.tensor',
  'typed.fp64',
  'typed.gbps',
  'typed.mem',
  'typed.link',
  'typed.launch',
] as const;
export type TypedGpuParam = (typeof TYPED_GPU_PARAMS)[number];

/** Every URL name the comparison reads and writes. */
export const COMPARE_PARAMS: readonly string[] = [
  GPUS_PARAM,
  ...OPTION_PARAMS,
  CPU_PARAM,
  ...TYPED_CPU_PARAMS,
  ...TYPED_GPU_PARAMS,
];

/** Ids that name a device other than a catalog GPU. */
export const THIS_MACHINE_ID = 'this-machine';
export const TYPED_GPU_ID = 'typed';
/** Imported Python-probe runs: `probe-` and the first characters of the run's record id. */
export const PROBE_ID_PREFIX = 'probe-';
