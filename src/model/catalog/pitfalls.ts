/**
 * The timing and comparison pitfalls that mislead people asking "will the GPU pay off?"
 * (issue #19, point 5): what goes wrong, how large the error typically is, the fix, and
 * where it is documented, in our own words. When each applies is decided in warnings.ts;
 * `when` states that rule so the page and the tests say the same thing. Pure data.
 */
import type { SourceId } from './sources.ts';

export const PITFALL_IDS = [
  'f64-consumer',
  'tf32',
  'sparsity',
  'transfer-bound',
  'too-small',
  'capacity',
  'sync-timing',
  'first-call',
  'warm-cache',
  'pageable-memory',
  'unified-memory',
] as const;

export type PitfallId = (typeof PITFALL_IDS)[number];

export interface PitfallText {
  title: string;
  whatGoesWrong: string;
  typicalError: string;
  fix: string;
  source: SourceId;
  /** The rule: the warning is shown when, and only when, this holds. */
  when: string;
}

/** Share of the GPU time above which one cost "is most of it". */
export const MOST_OF_THE_TIME = 0.5;
/** Share of the GPU time above which pageable copies are worth a warning. */
export const PAGEABLE_SHARE = 0.1;
/** Relative change in GPU time above which TF32 "changes the answer". */
export const TF32_CHANGE = 0.1;
/** FP64:FP32 ratio at or below which float64 is crippled (consumer and Apple GPUs). */
export const F64_CONSUMER_RATIO = 1 / 16;
/** GPU times below this are comparable to one-off first-call costs. */
export const FIRST_CALL_SECONDS = 1;

export const PITFALLS: Readonly<Record<PitfallId, PitfallText>> = {
  'f64-consumer': {
    title: 'float64 on a GPU with little FP64 hardware',
    whatGoesWrong:
      "NumPy's default type is float64, and this GPU runs float64 on a handful of FP64 units (or none): a speedup measured or quoted in float32 does not carry over.",
    typicalError:
      'float64 runs at 1/16 to 1/64 of the float32 rate on consumer GPUs (an RTX 4090 reaches about 1.3 TFLOPS, not 83); Apple GPUs and Intel Arc have no FP64 at all.',
    fix: 'Use float32 where the precision allows (np.float32 before moving the array, torch.float32), or a data-centre GPU with full-rate FP64 (A100, H100, MI300X).',
    source: 'cuda-guide-throughput',
    when: 'The data type is float64 and the GPU’s FP64 rate is at most 1/16 of its FP32 rate (or it has none).',
  },
  tf32: {
    title: 'TF32 on or off changes the float32 matmul time',
    whatGoesWrong:
      'A float32 matmul may run on TF32 tensor cores (10-bit mantissa) or on the FP32 units, and frameworks differ: PyTorch leaves TF32 off for matmul by default, JAX uses it, CuPy only with CUPY_TF32=1. Two measurements of "the same" code can differ several-fold.',
    typicalError:
      'About 7× on an A100 (a 10240² matmul: 0.11 s in FP32, 0.016 s in TF32), with relative errors near 10⁻³ instead of 10⁻⁶.',
    fix: "Say which one you measured and set the page's TF32 option to match: torch.backends.cuda.matmul.allow_tf32 or torch.set_float32_matmul_precision('high'); jax.default_matmul_precision.",
    source: 'pytorch-tf32',
    when: 'The workload has a float32 matmul, the GPU has TF32 tensor cores, and turning TF32 on or off changes the estimated GPU time by more than 10 %.',
  },
  sparsity: {
    title: 'The vendor quotes this rate with sparsity',
    whatGoesWrong:
      'The spec sheet gives tensor throughput with 2:4 structured sparsity, twice the dense rate. Dense matmuls, nearly all real code, never reach it.',
    typicalError: '2× too optimistic when the sparse figure is used as the peak.',
    fix: 'Compare dense figures (this catalog halves the sparse ones). Sparse speedups need 2:4-pruned weights and sparse kernels (cuSPARSELt).',
    source: 'ml-engineering-tflops',
    when: 'The estimate uses a rated figure the vendor quotes only with sparsity (halved here).',
  },
  'transfer-bound': {
    title: 'Host↔GPU copies are most of the GPU time',
    whatGoesWrong:
      "Moving the data over PCIe takes longer than computing on it, so the GPU's speed barely matters; a faster GPU would not help.",
    typicalError:
      'PCIe moves 16–64 GB/s, device memory 300–5000 GB/s: for streaming work, copies can take 10–100× the kernel time.',
    fix: 'Keep arrays on the GPU between steps (create them there, chain the operations, copy the result back once); use pinned memory and non_blocking copies to overlap copies with compute.',
    source: 'cuda-best-practices-transfers',
    when: 'Host↔device copies take more than half of the estimated GPU time.',
  },
  'too-small': {
    title: 'Fixed costs are most of the GPU time',
    whatGoesWrong:
      'The work is too small for the GPU: each launch and each copy costs microseconds before any work happens, so the GPU time hardly depends on the work itself.',
    typicalError:
      'About 5–10 µs per eager PyTorch operation and about 10 µs per copy, while a 32³ matmul is well under a microsecond of GPU work.',
    fix: 'Batch many small problems into one call (torch.bmm, vmap), fuse steps (torch.compile), capture CUDA graphs, or keep small work on the CPU.',
    source: 'pytorch-cuda-graphs',
    when: 'Launch costs and copy latencies together take more than half of the estimated GPU time.',
  },
  capacity: {
    title: 'The workload does not fit in GPU memory',
    whatGoesWrong:
      'The arrays one step needs at once exceed the GPU’s memory: the code stops with an out-of-memory error rather than running slowly.',
    typicalError:
      'Not a slowdown: it does not run. Frameworks also keep temporaries, so even a working set just under the limit may fail.',
    fix: 'Process the data in chunks that fit, use a smaller data type, or choose a GPU with more memory.',
    source: 'pytorch-memory',
    when: 'The largest kernel’s operands, which must be resident at once, exceed the GPU’s memory.',
  },
  'sync-timing': {
    title: 'Time GPU code only after it has finished',
    whatGoesWrong:
      'GPU calls return as soon as the work is queued (asynchronous dispatch): a Python timer around them measures the launch, not the work, unless something waits for the GPU.',
    typicalError:
      '18× too fast in JAX’s own example, 45× reported for an RTX 4090 matmul; the error grows with the work.',
    fix: 'Wait before reading the clock: torch.cuda.synchronize(), x.block_until_ready() in JAX, cp.cuda.Device().synchronize() in CuPy; or use CUDA events, torch.utils.benchmark or cupyx.profiler.benchmark, which do it for you.',
    source: 'jax-async',
    when: 'The GPU’s kernels take at least as long as its launches, so an unsynchronized timer would miss at least half the time.',
  },
  'first-call': {
    title: 'The first call pays set-up costs',
    whatGoesWrong:
      'The first GPU call creates the CUDA context, loads libraries and picks kernels; JIT compilers (torch.compile, jax.jit) compile on it; cuDNN autotunes each new shape. The estimate is the steady state.',
    typicalError:
      '0.1 to 1 s of initialization, and seconds of compilation with a JIT, once per process or per new shape.',
    fix: 'Warm up with the same shapes before timing, keep shapes fixed, and report the first call separately.',
    source: 'jax-benchmarking',
    when: 'The estimated GPU time is under 1 s, so one-off first-call costs are as large as the run or larger.',
  },
  'warm-cache': {
    title: 'The working set fits in the GPU’s L2 cache',
    whatGoesWrong:
      'A benchmark that repeats on the same arrays reads them from L2 after the first run: it measures more bandwidth than memory delivers, and this estimate, which uses memory bandwidth, looks pessimistic.',
    typicalError: 'Up to several times the memory bandwidth for data that stays in L2.',
    fix: 'Clear the cache between runs (Triton’s do_bench overwrites a 256 MB buffer) or measure sizes far beyond L2, unless the real code also reuses the same small arrays.',
    source: 'triton-do-bench',
    when: 'The largest kernel’s operands fit in the GPU’s L2 and at least one kernel is bound by memory bandwidth.',
  },
  'pageable-memory': {
    title: 'Copies from pageable host memory are slow',
    whatGoesWrong:
      'Ordinary (pageable) host arrays are first copied by the driver into a pinned buffer, then sent: copies run at a fraction of the link’s speed and cannot overlap with compute.',
    typicalError: 'Typically about half the pinned rate; up to 9× slower has been measured (device → host on an A100).',
    fix: 'Allocate host arrays in pinned memory (tensor.pin_memory(), DataLoader(pin_memory=True), cupyx.empty_pinned) and copy with non_blocking=True.',
    source: 'nvidia-blog-transfers',
    when: 'Host arrays are pageable, the GPU copies over PCIe, and the copies take more than 10 % of the estimated GPU time.',
  },
  'unified-memory': {
    title: 'Unified memory: no copy on this GPU',
    whatGoesWrong:
      'CPU and GPU share one memory here, so the host↔device copies a discrete GPU pays do not exist; rules of thumb about PCIe transfers do not apply, and the memory bandwidth is shared with the CPU.',
    typicalError: 'A discrete GPU’s estimate includes every copy; this one includes none.',
    fix: 'Compare rows knowing this row pays no copies. Create arrays on the device directly (torch.zeros(..., device="mps")); the MPS backend has no float64.',
    source: 'apple-metal-storage',
    when: 'The GPU shares memory with the CPU and the workload moves data between host and device.',
  },
};
