/**
 * The metric registry: every metric this app measures, with everything the rest of the
 * code needs to know about it (its label, unit, which direction is better, what kind of
 * number it is, which group it belongs to). Every other table of metrics (the results
 * table, the history list and comparison, the CSV export, the CLI, the GPU suite's steps,
 * the CPU tiers, the estimator's CPU baselines) derives from `METRICS`, so a new metric is
 * one entry here. Also the shape of one measured metric and small helpers to build one.
 * Pure: no DOM, no GPU.
 */
import { summarize, type Better, type SampleSummary } from '../shared/stats.ts';
import { ACHIEVABLE_METRIC_TABLE } from './metrics-achievable.ts';

/**
 * What kind of number a metric is:
 * - `ceiling`: a rate the hardware can reach (throughput, bandwidth); quoted by its best sample.
 * - `latency`: a fixed cost paid once per transfer or wait; quoted by its median.
 * - `overhead`: a cost paid per launch or per encoded command; quoted by its median.
 */
export type MetricKind = 'ceiling' | 'latency' | 'overhead';

/** Which part of the machine a metric describes; the results are grouped by it. */
export type MetricGroup = 'gpu-compute' | 'gpu-memory' | 'transfer' | 'launch' | 'cpu-compute' | 'cpu-memory';

/** The CPU baselines the estimator offers ("what does your CPU code look like?"). */
export type CpuTier = 'simdAll' | 'simd1' | 'js';

/** A CPU metric that stands for one of the estimator's CPU baselines. */
export interface CpuBaseline {
  id: CpuTier;
  /** Name in the baseline picker. */
  name: string;
  /** Which real code this baseline resembles. */
  guidance: string;
}

/** Everything known about one metric before it is measured. */
export interface MetricSpec {
  /** Plain-words name (results table, history, comparison, CLI, progress). */
  label: string;
  /** Column heading where space is short; the label when left out. */
  shortLabel?: string;
  /** Display unit, e.g. 'GFLOPS', 'GB/s', 'ms', 'µs'. */
  unit: string;
  better: Better;
  kind: MetricKind;
  group: MetricGroup;
  /** Shown in the history list and charted when runs are compared. */
  headline?: true;
  /** For CPU metrics that the estimator offers as a baseline. */
  cpuBaseline?: CpuBaseline;
}

/**
 * The registry, in display order (the results table, CSV columns and comparison rows
 * follow it). Ids are `<lane>.<what>.<unit>`, as named in the issues; they are also the
 * `data-metric` attribute in the page and the keys of the CLI's JSON document.
 */
const METRIC_TABLE = {
  'gpu.f32.gflops': {
    label: 'GPU f32 throughput',
    shortLabel: 'GPU f32',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'gpu-compute',
    headline: true,
  },
  'gpu.f16.gflops': {
    label: 'GPU f16 throughput',
    shortLabel: 'GPU f16',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'gpu-compute',
  },
  'gpu.upload.gbps': {
    label: 'Upload bandwidth (CPU → GPU)',
    shortLabel: 'Upload',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'transfer',
    headline: true,
  },
  'gpu.upload.latency.ms': {
    label: 'Upload latency',
    unit: 'ms',
    better: 'lower',
    kind: 'latency',
    group: 'transfer',
  },
  'gpu.readback.gbps': {
    label: 'Readback bandwidth (GPU → CPU)',
    shortLabel: 'Readback',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'transfer',
  },
  'gpu.readback.latency.ms': {
    label: 'Readback latency',
    unit: 'ms',
    better: 'lower',
    kind: 'latency',
    group: 'transfer',
  },
  'gpu.device.gbps': {
    label: 'GPU memory bandwidth',
    shortLabel: 'GPU memory',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'gpu-memory',
  },
  'gpu.dispatch.us': {
    label: 'GPU cost per dispatch',
    shortLabel: 'Dispatch',
    unit: 'µs',
    better: 'lower',
    kind: 'overhead',
    group: 'launch',
  },
  'gpu.encode.us': {
    label: 'CPU cost to encode a dispatch',
    shortLabel: 'Encode',
    unit: 'µs',
    better: 'lower',
    kind: 'overhead',
    group: 'launch',
  },
  'gpu.roundtrip.ms': {
    label: 'Submit round trip',
    shortLabel: 'Round trip',
    unit: 'ms',
    better: 'lower',
    kind: 'latency',
    group: 'launch',
  },
  'cpu.js.gflops': {
    label: 'CPU, plain JavaScript, 1 thread',
    shortLabel: 'CPU JS',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-compute',
    cpuBaseline: {
      id: 'js',
      name: 'Plain loops, one core',
      guidance: 'Interpreted or scalar loops, e.g. pure-Python for-loops (which are slower still).',
    },
  },
  'cpu.simd1.gflops': {
    label: 'CPU, Wasm SIMD, 1 thread',
    shortLabel: 'CPU SIMD',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-compute',
    cpuBaseline: {
      id: 'simd1',
      name: 'Vectorized, one core',
      guidance: 'Single-threaded vectorized code: NumPy element-wise operations, Numba without parallel=True.',
    },
  },
  'cpu.simdAll.gflops': {
    label: 'CPU, Wasm SIMD, all cores',
    shortLabel: 'CPU all cores',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-compute',
    headline: true,
    cpuBaseline: {
      id: 'simdAll',
      name: 'Vectorized, all cores',
      guidance: 'NumPy, BLAS/LAPACK, PyTorch or JAX on the CPU: SIMD code on every core. The fair default.',
    },
  },
  'cpu.mem1.gbps': {
    label: 'CPU memory bandwidth, 1 thread',
    shortLabel: 'CPU mem 1T',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-memory',
  },
  'cpu.mem.gbps': {
    label: 'CPU memory bandwidth, all cores',
    shortLabel: 'CPU mem',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-memory',
  },
  'cpu.simd1.f64.gflops': {
    label: 'CPU f64, Wasm SIMD, 1 thread',
    shortLabel: 'CPU f64 1T',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-compute',
  },
  'cpu.simdAll.f64.gflops': {
    label: 'CPU f64, Wasm SIMD, all cores',
    shortLabel: 'CPU f64',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-compute',
  },
  // What the page's own workload kernels and copies reach (issue #20).
  ...ACHIEVABLE_METRIC_TABLE,
  // The Python lane (issue #14): what python/gpu_payoff_probe.py measures with NumPy and,
  // with a GPU, PyTorch / CuPy / JAX. Same shape as the browser's metrics, so history,
  // comparison and CSV treat them alike; python-probe-validate.ts checks the probe's document
  // against these units and directions.
  'py.cpu.matmul.f32.gflops': {
    label: 'Python: NumPy matmul float32 (BLAS, all threads)',
    shortLabel: 'NumPy sgemm',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-compute',
  },
  'py.cpu.matmul.f64.gflops': {
    label: 'Python: NumPy matmul float64 (BLAS, all threads)',
    shortLabel: 'NumPy dgemm',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-compute',
  },
  'py.cpu.elementwise.gbps': {
    label: 'Python: NumPy elementwise a*b+c bandwidth',
    shortLabel: 'NumPy a*b+c',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-memory',
  },
  'py.cpu.sum.gbps': {
    label: 'Python: NumPy sum bandwidth',
    shortLabel: 'NumPy sum',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'cpu-memory',
  },
  'py.cpu.call.us': {
    label: 'Python: NumPy cost per tiny ufunc call',
    shortLabel: 'NumPy call',
    unit: 'µs',
    better: 'lower',
    kind: 'overhead',
    group: 'cpu-compute',
  },
  'py.gpu.matmul.f32.gflops': {
    label: 'Python: GPU matmul float32',
    shortLabel: 'Py GPU f32',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'gpu-compute',
  },
  'py.gpu.matmul.tf32.gflops': {
    label: 'Python: GPU matmul TF32',
    shortLabel: 'Py GPU TF32',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'gpu-compute',
  },
  'py.gpu.matmul.f16.gflops': {
    label: 'Python: GPU matmul float16',
    shortLabel: 'Py GPU f16',
    unit: 'GFLOPS',
    better: 'higher',
    kind: 'ceiling',
    group: 'gpu-compute',
  },
  'py.gpu.upload.gbps': {
    label: 'Python: upload, pageable memory (CPU → GPU)',
    shortLabel: 'Py upload',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'transfer',
  },
  'py.gpu.upload.pinned.gbps': {
    label: 'Python: upload, pinned memory (CPU → GPU)',
    shortLabel: 'Py pinned upload',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'transfer',
  },
  'py.gpu.upload.latency.ms': {
    label: 'Python: upload latency',
    shortLabel: 'Py upload latency',
    unit: 'ms',
    better: 'lower',
    kind: 'latency',
    group: 'transfer',
  },
  'py.gpu.readback.gbps': {
    label: 'Python: readback (GPU → CPU)',
    shortLabel: 'Py readback',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'transfer',
  },
  'py.gpu.device.gbps': {
    label: 'Python: GPU memory copy bandwidth',
    shortLabel: 'Py GPU memory',
    unit: 'GB/s',
    better: 'higher',
    kind: 'ceiling',
    group: 'gpu-memory',
  },
  'py.gpu.launch.us': {
    label: 'Python: GPU cost per kernel launch',
    shortLabel: 'Py launch',
    unit: 'µs',
    better: 'lower',
    kind: 'overhead',
    group: 'launch',
  },
  'py.gpu.sync.ms': {
    label: 'Python: submit + synchronize round trip',
    shortLabel: 'Py sync',
    unit: 'ms',
    better: 'lower',
    kind: 'latency',
    group: 'launch',
  },
} as const satisfies Record<string, MetricSpec>;

/** Metric ids: the keys of the registry. */
export type MetricId = keyof typeof METRIC_TABLE;

/** The registry, typed by its general shape (so optional facts read as optional). */
export const METRICS: Readonly<Record<MetricId, MetricSpec>> = METRIC_TABLE;

/** Every metric id, in display order. */
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

/** The metrics shown in the history list and charted in a comparison, in display order. */
export const HEADLINE_METRICS: readonly MetricId[] = METRIC_IDS.filter((id) => METRICS[id].headline);

/** True for a string that names a metric this build knows (untrusted input: history, imports). */
export function isMetricId(value: unknown): value is MetricId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(METRICS, value);
}

/** The metric's plain-words name. */
export function metricLabel(id: MetricId): string {
  return METRICS[id].label;
}

/** The metric's name where space is short. */
export function metricShortLabel(id: MetricId): string {
  return METRICS[id].shortLabel ?? METRICS[id].label;
}

// ---------------------------------------------------------------------------------------
// Measured metrics.

/** A metric that was measured and validated. */
export interface MetricOk extends SampleSummary {
  id: MetricId;
  status: 'ok';
  /** Display unit, e.g. 'GFLOPS', 'GB/s', 'ms', 'µs'. */
  unit: string;
  better: Better;
  /** Raw samples in `unit`, in the order they were taken. */
  samples: number[];
  /** The kernel's output matched the CPU reference (always true for an ok metric). */
  validated: true;
  /** Free-form facts about how it was measured (timer, sizes, thread count, ...). */
  details?: Record<string, string | number | boolean>;
}

/** A metric that could not be measured; carries the reason instead of a number. */
export interface MetricFailed {
  id: MetricId;
  status: 'failed' | 'skipped' | 'cancelled';
  unit: string;
  better: Better;
  /** Plain-words reason, shown in the results table. */
  error: string;
}

export type Metric = MetricOk | MetricFailed;

/** Build an ok metric from raw samples. */
export function okMetric(
  id: MetricId,
  unit: string,
  better: Better,
  samples: readonly number[],
  details?: Record<string, string | number | boolean>,
): MetricOk {
  const metric: MetricOk = {
    id,
    status: 'ok',
    unit,
    better,
    samples: [...samples],
    validated: true,
    ...summarize(samples, better),
  };
  if (details) metric.details = details;
  return metric;
}

/** An ok metric with the unit and direction the registry gives `id`. */
export function measuredMetric(
  id: MetricId,
  samples: readonly number[],
  details?: Record<string, string | number | boolean>,
): MetricOk {
  return okMetric(id, METRICS[id].unit, METRICS[id].better, samples, details);
}

/** A failed/skipped/cancelled metric with its reason, and the registry's unit and direction. */
export function failedMetric(id: MetricId, status: MetricFailed['status'], error: string): MetricFailed {
  return { id, status, unit: METRICS[id].unit, better: METRICS[id].better, error };
}

/** The value a metric is quoted by: best for ceilings, median for latencies. */
export function headlineValue(m: MetricOk): number {
  return m.better === 'higher' ? m.best : m.median;
}

/** The metric with this id in a list, when it was measured. */
export function okMetricIn(metrics: readonly Metric[], id: MetricId): MetricOk | undefined {
  const m = metrics.find((x) => x.id === id);
  return m && m.status === 'ok' ? m : undefined;
}
