/**
 * What the page believes of a figure imported from another machine's Python probe (issue
 * #19): each metric's plausible range, far wider than any real device, so that a typo, a
 * broken timer or a hand-made file is refused with the metric named instead of being
 * imported and then silently ignored by "Use in estimator" (whose fields refuse such
 * values). Pure.
 *
 * Each bound sits about ten times beyond the fastest (or slowest) device the metric can
 * come from, so a real measurement never meets it. The facts behind each are in its
 * comment; the hardware catalog (src/model/catalog/) holds the rated figures themselves.
 */
import { METRICS } from '../bench/metrics.ts';
import { sig3 } from '../shared/format.ts';
import { PY_METRIC_SPECS, type PyMetricId } from './python-probe.ts';

/** The range a metric's figures must lie in, in the metric's own unit; both ends allowed. */
export interface PlausibleRange {
  min: number;
  max: number;
}

/**
 * The fastest host ↔ GPU copy any machine makes: NVLink-C2C on GH200 / GB200 carries
 * 450 GB/s each way, and Apple's unified memory copies at memory speed (≤ 819 GB/s on an
 * M3 Ultra). 5000 GB/s is about 10× the first and 6× the second; PCIe 5.0 ×16 is 64.
 */
const HOST_LINK_MAX_GBPS = 5000;
/**
 * The slowest copy link a GPU sits behind: one PCIe 1.0 lane moves 0.25 GB/s, a
 * Thunderbolt eGPU 2–3 GB/s. 0.01 GB/s is 25× below the slowest.
 */
const HOST_LINK_MIN_GBPS = 0.01;

/** Plausible range per metric id. The lead's test links the GPU rows to the hardware catalog. */
export const PY_PLAUSIBLE_RANGES = {
  // NumPy's float32 matmul uses every core. The most a CPU board holds: two 192-core
  // AMD EPYC 9965 with full-width AVX-512 (64 FP32 FLOPs per cycle and core at ~2.25 GHz),
  // ≈ 55 TFLOPS together; 1e6 GFLOPS is about 18× that. Below: 1 MFLOPS, slower than a
  // 1990s PC (a 256³ matmul would take 34 s).
  'py.cpu.matmul.f32.gflops': { min: 1e-3, max: 1e6 },
  // float64 runs at half the float32 rate on every CPU with SIMD.
  'py.cpu.matmul.f64.gflops': { min: 1e-3, max: 5e5 },
  // One thread (NumPy's ufuncs do not use several): a core's L1 loads ≈ 730 GB/s at most
  // (2 × 64 B per cycle at 5.7 GHz), and the headline size is beyond the caches, where no
  // CPU socket streams more than the ≈ 5.3 TB/s of an MI300A's HBM3. 1e5 GB/s is far above
  // both. Below: 1 MB/s, a thousand times below the memory of anything that runs Python.
  'py.cpu.elementwise.gbps': { min: 1e-3, max: 1e5 },
  'py.cpu.sum.gbps': { min: 1e-3, max: 1e5 },
  // A NumPy ufunc call parses its arguments, resolves dtypes and dispatches a loop:
  // 0.3–1 µs on current CPUs, ~10 µs on small ARM boards. 10 ns is less than one CPython
  // function call (a measured 0 is a broken timer); 10 ms is a thousand times the slowest.
  'py.cpu.call.us': { min: 0.01, max: 1e4 },
  // The probe asks for true FP32 (PyTorch "highest", JAX HIGHEST, CuPy without TF32). The
  // fastest plain-FP32 matmul is an MI300X's ≈ 163 TFLOPS; 2e6 GFLOPS is 12× that, and still
  // above the ≈ 1.1 PFLOPS dense TF32 of a B200 should TF32 slip in through a setting. Below:
  // 1 GFLOPS at n ≥ 1024 is a hundred times slower than any CUDA, ROCm or Apple GPU.
  'py.gpu.matmul.f32.gflops': { min: 1, max: 2e6 },
  // Dense TF32: ≈ 1.1 PFLOPS on a B200 (2.2 quoted with sparsity); 1.5e7 GFLOPS is 13×.
  'py.gpu.matmul.tf32.gflops': { min: 1, max: 1.5e7 },
  // Dense FP16 tensor rate: ≈ 2.3–2.5 PFLOPS on a B200 or MI355X (twice that quoted with
  // sparsity); 2.5e7 GFLOPS is 10×. Below: FP16 on a Pascal GeForce runs at 1/64 of FP32,
  // ≈ 17 GFLOPS on a GT 1030; 1 GFLOPS is 17× below that.
  'py.gpu.matmul.f16.gflops': { min: 1, max: 2.5e7 },
  'py.gpu.upload.gbps': { min: HOST_LINK_MIN_GBPS, max: HOST_LINK_MAX_GBPS },
  'py.gpu.upload.pinned.gbps': { min: HOST_LINK_MIN_GBPS, max: HOST_LINK_MAX_GBPS },
  // The fitted fixed cost of a pageable upload. The fit clamps a negative intercept to 0,
  // so a real document can say 0; 1 s per copy is a hundred times what a virtualised or
  // remote GPU adds.
  'py.gpu.upload.latency.ms': { min: 0, max: 1000 },
  'py.gpu.readback.gbps': { min: HOST_LINK_MIN_GBPS, max: HOST_LINK_MAX_GBPS },
  // A device copy counts read + write, so it reaches at most the rated memory bandwidth:
  // ≈ 8 TB/s on a B200 or MI355X (HBM3e); 1e5 GB/s is 12×. Below: the slowest CUDA GPUs
  // (GT 1030 DDR4, Jetson Nano) have 17–26 GB/s; 1 GB/s is 17× below.
  'py.gpu.device.gbps': { min: 1, max: 1e5 },
  // Queuing one kernel costs ≥ ~2 µs in the CUDA driver alone (PyTorch eager ≈ 5 µs, JAX
  // and MPS more); 0.1 µs is 20× below. 0.1 s per launch is a thousand times eager PyTorch.
  'py.gpu.launch.us': { min: 0.1, max: 1e5 },
  // A launch, then waiting to see it finish: a PCIe round trip alone is ≈ 1–2 µs and the
  // whole takes ≥ ~5 µs; 1 µs is below any of them. 1 s for a tiny kernel is no GPU.
  'py.gpu.sync.ms': { min: 1e-3, max: 1000 },
} as const satisfies Record<PyMetricId, PlausibleRange>;

/** The plausible range of copy bandwidth, for transfer curves and their fits. */
export const HOST_LINK_GBPS_RANGE: PlausibleRange = { min: HOST_LINK_MIN_GBPS, max: HOST_LINK_MAX_GBPS };

/** "GPU matmul float32" for 'py.gpu.matmul.f32.gflops': the registry's label without its lane prefix. */
export function pyMetricName(id: PyMetricId): string {
  return METRICS[id].label.replace(/^Python: /, '');
}

/**
 * Which side of a metric's range means "faster than anything": above for rates, below for
 * times. Only that side is checked on every figure (samples, p10, p90, mean, sweep points):
 * a slow outlier sample is ordinary, a sample beyond the fastest device is not.
 */
function fastSideExceeded(id: PyMetricId, value: number): boolean {
  const range: PlausibleRange = PY_PLAUSIBLE_RANGES[id];
  return PY_METRIC_SPECS[id].better === 'higher' ? value > range.max : value < range.min;
}

/**
 * Why `value`, the figure `what` of metric `id` ("the best 1e15 GFLOPS"), cannot be
 * believed, or undefined. `headline` figures (value, best, median: what the page shows and
 * uses) must lie inside the range on both sides; other figures only on the fast side.
 * The reason is a clause ("its best, 1e15 GFLOPS, is beyond any device ..."), without a
 * capital or a full stop, for the validator to place in its sentence.
 */
export function implausibleFigure(id: PyMetricId, what: string, value: number, headline: boolean): string | undefined {
  const range: PlausibleRange = PY_PLAUSIBLE_RANGES[id];
  const unit = PY_METRIC_SPECS[id].unit;
  const limits = `the page believes ${sig3(range.min)} to ${sig3(range.max)} ${unit} for ${pyMetricName(id)}`;
  const shown = `${sig3(value)} ${unit}`;
  if (fastSideExceeded(id, value)) return `${what}, ${shown}, is beyond any device (${limits})`;
  const slow = value < range.min || value > range.max;
  if (headline && slow) return `${what}, ${shown}, is slower than any real device (${limits})`;
  return undefined;
}
