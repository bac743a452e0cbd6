/**
 * The Python lane's document: what `python/gpu_payoff_probe.py --json` writes, and the
 * stack label a history entry gets.
 *
 * The document is shaped after the page's own run record so the importer needs little new
 * code: every metric carries the same fields as a `Metric` (id, status, unit, better, n,
 * best, median, p10, p90, mean, stdev, samples, validated, details; error when not ok), plus
 * `framework` (which library measured it), `statistic`/`value` (its headline, stated) and an
 * optional per-size sweep (`points`). Transfer sweeps use the page's `TransferPoint` and
 * `TransferFit` shapes. The schema is written down in the probe's docstring and in
 * python/README.md.
 *
 * Pure: no DOM. Its validation is in python-probe-validate.ts.
 */
import type { Json } from '../history/validate.ts';
import type { Better } from '../shared/stats.ts';
import type { TransferFit, TransferPoint } from '../bench/transfer-fit.ts';

export const PYTHON_PROBE_KIND = 'gpu-payoff/python-probe';
/** Bump when the document changes shape; the probe writes the same number. */
export const PYTHON_PROBE_SCHEMA_VERSION = 1;
/** Largest probe file accepted: a full run with raw samples is well under 1 MB. */
export const MAX_PYTHON_PROBE_BYTES = 4 * 1024 * 1024;

export type PyStatistic = 'best' | 'median';

export interface PyMetricSpec {
  unit: string;
  better: Better;
  statistic: PyStatistic;
}

/**
 * Every metric id the probe may write, with the unit, direction and headline statistic its
 * document must state. Names live in the one registry (metrics.ts); a test checks the two agree.
 */
export const PY_METRIC_SPECS = {
  'py.cpu.matmul.f32.gflops': { unit: 'GFLOPS', better: 'higher', statistic: 'best' },
  'py.cpu.matmul.f64.gflops': { unit: 'GFLOPS', better: 'higher', statistic: 'best' },
  'py.cpu.elementwise.gbps': { unit: 'GB/s', better: 'higher', statistic: 'best' },
  'py.cpu.sum.gbps': { unit: 'GB/s', better: 'higher', statistic: 'best' },
  'py.cpu.call.us': { unit: 'µs', better: 'lower', statistic: 'median' },
  'py.gpu.matmul.f32.gflops': { unit: 'GFLOPS', better: 'higher', statistic: 'best' },
  'py.gpu.matmul.tf32.gflops': { unit: 'GFLOPS', better: 'higher', statistic: 'best' },
  'py.gpu.matmul.f16.gflops': { unit: 'GFLOPS', better: 'higher', statistic: 'best' },
  'py.gpu.upload.gbps': { unit: 'GB/s', better: 'higher', statistic: 'best' },
  'py.gpu.upload.pinned.gbps': {
    unit: 'GB/s',
    better: 'higher',
    statistic: 'best',
  },
  'py.gpu.upload.latency.ms': { unit: 'ms', better: 'lower', statistic: 'median' },
  'py.gpu.readback.gbps': { unit: 'GB/s', better: 'higher', statistic: 'best' },
  'py.gpu.device.gbps': { unit: 'GB/s', better: 'higher', statistic: 'best' },
  'py.gpu.launch.us': { unit: 'µs', better: 'lower', statistic: 'median' },
  'py.gpu.sync.ms': { unit: 'ms', better: 'lower', statistic: 'median' },
} as const satisfies Record<string, PyMetricSpec>;

export type PyMetricId = keyof typeof PY_METRIC_SPECS;
export const PY_METRIC_IDS = Object.keys(PY_METRIC_SPECS) as PyMetricId[];
export const PY_CPU_METRIC_IDS = PY_METRIC_IDS.filter((id) => id.startsWith('py.cpu.'));
export const PY_GPU_METRIC_IDS = PY_METRIC_IDS.filter((id) => id.startsWith('py.gpu.'));

export type PyGpuFramework = 'torch' | 'cupy' | 'jax';
export type PyFramework = 'numpy' | PyGpuFramework;
export const PY_GPU_FRAMEWORKS: readonly PyGpuFramework[] = ['torch', 'cupy', 'jax'];
export const PY_FRAMEWORK_LABELS: Readonly<Record<PyFramework, string>> = {
  numpy: 'NumPy',
  torch: 'PyTorch',
  cupy: 'CuPy',
  jax: 'JAX',
};

export function isPyMetricId(value: unknown): value is PyMetricId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PY_METRIC_SPECS, value);
}

/** One point of a sweep: `size` is n for a matmul, bytes otherwise (see `sizeUnit`). */
export interface PySweepPoint {
  size: number;
  value: number;
}

/** A measured and validated metric; the fields of the page's `MetricOk` plus the Python lane's. */
export interface PyMetricOk {
  id: PyMetricId;
  framework: PyFramework;
  status: 'ok';
  unit: string;
  better: Better;
  statistic: PyStatistic;
  /** The headline: equals `best` or `median`, as `statistic` says. */
  value: number;
  n: number;
  best: number;
  median: number;
  p10: number;
  p90: number;
  mean: number;
  stdev: number;
  samples: number[];
  validated: true;
  sizeUnit?: 'n' | 'bytes';
  points?: PySweepPoint[];
  details?: Record<string, string | number | boolean>;
}

export interface PyMetricFailed {
  id: PyMetricId;
  framework: PyFramework;
  status: 'failed' | 'skipped';
  unit: string;
  better: Better;
  statistic: PyStatistic;
  error: string;
}

export type PyMetric = PyMetricOk | PyMetricFailed;

export interface PyTransferCurve {
  /** e.g. 'torch.upload.pinned'. */
  path: string;
  label: string;
  framework: PyGpuFramework;
  points: TransferPoint[];
  fit?: TransferFit;
}

export interface PyBlasFacts {
  /** As NumPy reports it: 'scipy-openblas', 'openblas', 'mkl', 'accelerate', ... or 'unknown'. */
  name: string;
  version: string | null;
  threads: number | null;
  threadsSource?: string;
  /** OpenBLAS kernel set in use, e.g. 'Haswell', 'SkylakeX'. */
  coretype?: string | null;
  config?: string | null;
}

export interface PyFrameworkFacts {
  name: PyGpuFramework;
  version: string;
  backend: 'cuda' | 'rocm' | 'mps' | null;
  /** CUDA (or ROCm) runtime version. */
  cuda: string | null;
  driver: string | null;
  device: string | null;
  status?: 'measured' | 'no-device' | 'failed';
  note?: string;
}

export interface PythonProbeStack {
  python: string;
  implementation?: string;
  numpy: string;
  blas: PyBlasFacts;
  frameworks: PyFrameworkFacts[];
  cpu: { model: string; cores: number; logicalCores?: number; arch?: string; features?: string[] };
  os: string;
}

export interface PythonProbeDevice {
  framework: PyGpuFramework;
  name: string;
  backend: 'cuda' | 'rocm' | 'mps';
  index: number;
  memoryBytes?: number;
  computeCapability?: string;
  multiprocessors?: number;
}

export interface PythonProbeDocument {
  kind: typeof PYTHON_PROBE_KIND;
  schemaVersion: typeof PYTHON_PROBE_SCHEMA_VERSION;
  probeVersion?: string;
  createdAt: string;
  startedAt: string;
  durationMs: number;
  profile: 'quick' | 'full';
  settings?: Record<string, Json>;
  stack: PythonProbeStack;
  /** The GPU whose numbers are the headline; null without a GPU. */
  device: PythonProbeDevice | null;
  /** Why there are no GPU numbers, in plain words. */
  gpuUnavailable?: string;
  /** Whose GPU metrics are the headline when several frameworks measured the GPU. */
  primaryFramework?: PyGpuFramework;
  metrics: PyMetric[];
  transfers: PyTransferCurve[];
  /** Machine load around the run (1-minute load average at start and end), when known. */
  conditions?: Record<string, number>;
  notes: string[];
  errors: string[];
}

// ---------------------------------------------------------------------------------------
// Reading a document.

/** The value a metric is quoted by (best for ceilings, median for latencies). */
export function pyHeadlineValue(m: PyMetricOk): number {
  return m.value;
}

/**
 * One metric per id, as the page should show and use them: CPU metrics from NumPy, GPU
 * metrics from the primary framework (the first that measured the GPU).
 */
export function headlineMetrics(doc: PythonProbeDocument): PyMetric[] {
  return doc.metrics.filter((m) => m.framework === 'numpy' || m.framework === doc.primaryFramework);
}

/** An ok headline metric by id, when it was measured. */
export function okPyMetric(doc: PythonProbeDocument, id: PyMetricId): PyMetricOk | undefined {
  const m = headlineMetrics(doc).find((x) => x.id === id);
  return m && m.status === 'ok' ? m : undefined;
}

function shortVersion(v: string | null | undefined, parts = 2): string {
  if (!v) return '';
  const m = new RegExp(`^(\\d+(?:\\.\\d+){0,${parts - 1}})`).exec(v);
  return m ? (m[1] as string) : v.slice(0, 16);
}

/** 'scipy-openblas' → 'OpenBLAS', 'mkl-sdl' → 'MKL', ... */
export function blasLabel(name: string): string {
  const n = name.toLowerCase();
  if (n.includes('openblas')) return 'OpenBLAS';
  if (n.includes('mkl')) return 'MKL';
  if (n.includes('accelerate')) return 'Accelerate';
  if (n.includes('blis')) return 'BLIS';
  if (n === '' || n === 'unknown') return 'unknown BLAS';
  return name.slice(0, 40);
}

/** "NumPy 2.4 · OpenBLAS 0.3.31 · 2 threads". */
export function describeCpuStack(doc: Pick<PythonProbeDocument, 'stack'>): string {
  const { numpy, blas } = doc.stack;
  const parts = [
    `NumPy ${shortVersion(numpy)}`.trim(),
    `${blasLabel(blas.name)} ${shortVersion(blas.version, 3)}`.trim(),
  ];
  if (typeof blas.threads === 'number') parts.push(`${blas.threads} thread${blas.threads === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** "PyTorch 2.5 · CUDA 12.4 · NVIDIA H100 80GB HBM3"; undefined when no GPU was measured. */
export function describeGpuStack(
  doc: Pick<PythonProbeDocument, 'stack' | 'device' | 'primaryFramework'>,
): string | undefined {
  const device = doc.device;
  const primary = doc.primaryFramework;
  if (!device || !primary) return undefined;
  const fw = doc.stack.frameworks.find((f) => f.name === primary);
  const parts = [`${PY_FRAMEWORK_LABELS[primary]} ${shortVersion(fw?.version)}`.trim()];
  if (device.backend === 'mps') parts.push('MPS');
  else if (fw?.cuda) parts.push(`${device.backend === 'rocm' ? 'ROCm' : 'CUDA'} ${shortVersion(fw.cuda)}`);
  const name = device.name.trim().slice(0, 80);
  if (name) parts.push(name);
  return parts.join(' · ');
}

/** The label a history entry gets: the GPU stack when a GPU was measured, else the CPU stack. */
export function describeStack(doc: Pick<PythonProbeDocument, 'stack' | 'device' | 'primaryFramework'>): string {
  return describeGpuStack(doc) ?? describeCpuStack(doc);
}
