/**
 * Measured figures from a Python-probe run on a real GPU (python/gpu_payoff_probe.py, the
 * `py.gpu.*` metrics), in the units the catalog estimate divides by. Where a run measured a
 * rate, the estimate uses it instead of rated × typical efficiency and labels it
 * "measured"; where it did not, the typical figure stays. Pure.
 */
import { describeGpuStack, okPyMetric, type PyMetricId, type PythonProbeDocument } from '../python/python-probe.ts';

/**
 * What a probe run measured on its GPU; every field optional. Rates are what large
 * kernels reached (the probe's headline is the best over its size sweep).
 */
export interface MeasuredGpuRates {
  /** Who measured it, for the page: "Python probe: PyTorch 2.5 · CUDA 12.4 · NVIDIA H100 80GB HBM3". */
  label: string;
  /** Float32 matmul with TF32 off, FLOP/s (`py.gpu.matmul.f32.gflops`). */
  matmulF32FlopsPerSecond?: number;
  /** Float32 matmul with TF32 on (`py.gpu.matmul.tf32.gflops`). */
  matmulTf32FlopsPerSecond?: number;
  /** Float16 matmul (`py.gpu.matmul.f16.gflops`), also used for bfloat16. */
  matmulF16FlopsPerSecond?: number;
  /** Device-memory bandwidth, read + written bytes per second (`py.gpu.device.gbps`). */
  deviceBytesPerSecond?: number;
  /** Host → device from pageable memory, B/s (`py.gpu.upload.gbps`). */
  uploadPageableBytesPerSecond?: number;
  /** Host → device from pinned memory (`py.gpu.upload.pinned.gbps`). */
  uploadPinnedBytesPerSecond?: number;
  /** Device → host into pageable memory (`py.gpu.readback.gbps`). */
  readbackPageableBytesPerSecond?: number;
  /** Fixed cost per pageable upload, s (`py.gpu.upload.latency.ms`). */
  copyLatencyPageableSeconds?: number;
  /** Fixed cost per pinned upload, s (that metric's `details.pinnedUploadLatencyMs`). */
  copyLatencyPinnedSeconds?: number;
  /** Cost per eager kernel launch, s (`py.gpu.launch.us`). */
  launchSeconds?: number;
}

/** The numeric fields of `MeasuredGpuRates`. */
type MeasuredField = Exclude<keyof MeasuredGpuRates, 'label'>;

/** Each measured field, its probe metric and the factor from the metric's unit to base units. */
const FROM_METRIC: readonly { field: MeasuredField; id: PyMetricId; scale: number }[] = [
  { field: 'matmulF32FlopsPerSecond', id: 'py.gpu.matmul.f32.gflops', scale: 1e9 },
  { field: 'matmulTf32FlopsPerSecond', id: 'py.gpu.matmul.tf32.gflops', scale: 1e9 },
  { field: 'matmulF16FlopsPerSecond', id: 'py.gpu.matmul.f16.gflops', scale: 1e9 },
  { field: 'deviceBytesPerSecond', id: 'py.gpu.device.gbps', scale: 1e9 },
  { field: 'uploadPageableBytesPerSecond', id: 'py.gpu.upload.gbps', scale: 1e9 },
  { field: 'uploadPinnedBytesPerSecond', id: 'py.gpu.upload.pinned.gbps', scale: 1e9 },
  { field: 'readbackPageableBytesPerSecond', id: 'py.gpu.readback.gbps', scale: 1e9 },
  { field: 'copyLatencyPageableSeconds', id: 'py.gpu.upload.latency.ms', scale: 1e-3 },
  { field: 'launchSeconds', id: 'py.gpu.launch.us', scale: 1e-6 },
];

function positive(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

/**
 * The measured rates of a probe document's GPU, or undefined when it measured no GPU (a
 * CPU-only run). Metrics that failed or hold non-positive values are left out.
 */
export function measuredGpuRatesFromProbe(doc: PythonProbeDocument): MeasuredGpuRates | undefined {
  const stack = describeGpuStack(doc);
  if (!stack) return undefined;
  const out: MeasuredGpuRates = { label: `Python probe: ${stack}` };
  for (const { field, id, scale } of FROM_METRIC) {
    const m = okPyMetric(doc, id);
    if (m && positive(m.value)) out[field] = m.value * scale;
  }
  const pinnedLatencyMs = okPyMetric(doc, 'py.gpu.upload.latency.ms')?.details?.['pinnedUploadLatencyMs'];
  if (positive(pinnedLatencyMs)) out.copyLatencyPinnedSeconds = pinnedLatencyMs * 1e-3;
  return out;
}

/** True when the probe measured at least one figure the estimate can use. */
export function hasMeasuredFigures(m: MeasuredGpuRates | undefined): boolean {
  if (!m) return false;
  return FROM_METRIC.some(({ field }) => m[field] !== undefined) || m.copyLatencyPinnedSeconds !== undefined;
}
