/**
 * The Python lane in the page (issue #14): a probe document seen as a run (so history,
 * comparison and CSV read it like any other), the estimator fields it can fill with
 * their provenance ("Python: NumPy"), and how those combine with a browser run's fields.
 * Pure: no DOM.
 */
import { BENCH_RUN_SCHEMA_VERSION, type BenchRun } from '../bench/bench-run.ts';
import type { InputKey } from '../estimator/estimator.ts';
import { field, type LaunchMode, type MeasuredField } from '../estimator/measured.ts';
import { METRICS, type Metric, type MetricOk } from '../bench/metrics.ts';
import {
  PY_FRAMEWORK_LABELS,
  headlineMetrics,
  okPyMetric,
  type PyMetric,
  type PyMetricId,
  type PythonProbeDocument,
} from './python-probe.ts';
import { kindOf, type WorkloadId } from '../workloads/kinds/index.ts';

/** A Python-lane metric as the page's `Metric` (the ids are in the one registry). */
export function pyMetricAsMetric(m: PyMetric): Metric {
  if (m.status !== 'ok') return { id: m.id, status: m.status, unit: m.unit, better: m.better, error: m.error };
  const out: MetricOk = {
    id: m.id,
    status: 'ok',
    unit: m.unit,
    better: m.better,
    n: m.n,
    best: m.best,
    median: m.median,
    p10: m.p10,
    p90: m.p90,
    mean: m.mean,
    stdev: m.stdev,
    samples: [...m.samples],
    validated: true,
  };
  if (m.details) out.details = { ...m.details };
  return out;
}

/** The user agent a Python-lane view carries: "Python/3.11.2 NumPy/2.4.1" (describe.ts reads it). */
export function pythonUserAgent(doc: PythonProbeDocument): string {
  return `Python/${doc.stack.python} NumPy/${doc.stack.numpy}`;
}

/**
 * The probe's document as a BenchRun, for the history list, comparison and CSV: its
 * headline metrics (NumPy's, and the primary GPU framework's), the GPU it measured as the
 * adapter, host 'python'. A view only; the record keeps the document itself.
 */
export function probeAsBenchRun(doc: PythonProbeDocument): BenchRun {
  const userAgent = pythonUserAgent(doc);
  const run: BenchRun = {
    schemaVersion: BENCH_RUN_SCHEMA_VERSION,
    metrics: headlineMetrics(doc).map(pyMetricAsMetric),
    profile: doc.profile,
    startedAt: doc.startedAt,
    durationMs: doc.durationMs,
    environment: { host: 'python', userAgent, crossOriginIsolated: false },
    software: false,
    errors: [...doc.errors],
    cancelled: false,
  };
  const device = doc.device;
  if (device) {
    run.gpu = {
      adapter: {
        vendor: PY_FRAMEWORK_LABELS[device.framework],
        architecture: device.backend,
        device: '',
        description: device.name,
        isFallbackAdapter: false,
        features: [],
      },
      limits: {},
      // CUDA / HIP events time the GPU side, as timestamp queries do in the browser.
      timer: 'timestamp-query',
      crossOriginIsolated: false,
      userAgent,
      profile: doc.profile,
      warmupMs: 0,
      transfers: doc.transfers
        .filter((t) => t.framework === device.framework)
        .map((t) => ({ path: t.path, label: t.label, points: t.points, ...(t.fit ? { fit: t.fit } : {}) })),
      references: [],
      startedAt: doc.startedAt,
      durationMs: doc.durationMs,
      warnings: [],
      cancelled: false,
    };
  } else {
    run.gpuUnavailable = doc.gpuUnavailable ?? 'The probe found no GPU framework with a device.';
  }
  return run;
}

/**
 * Whether a workload's CPU time is set by arithmetic (matmul-like) or by memory traffic
 * (elementwise-like). Classic mode (no workload) is treated as compute, like the
 * browser's default "Vectorized, all cores" baseline.
 */
export type { CpuWork } from '../workloads/kinds/define.ts';
import type { CpuWork } from '../workloads/kinds/define.ts';

/** Each kind says which (kinds/<kind>.ts, `cpuWork`): memory-bound kinds do a few FLOPs per element read or written. */
export function cpuWorkFor(workload: WorkloadId | null | undefined): CpuWork {
  return workload ? kindOf(workload).cpuWork : 'compute';
}

/**
 * FLOPs per byte of NumPy's `a*b+c` in float32: 2 FLOPs per element over 16 bytes (three
 * reads and one write of 4 bytes). Turns the probe's elementwise GB/s into the GFLOPS an
 * elementwise kernel reaches, which is what the estimator's CPU field holds.
 */
export const ELEMENTWISE_FLOP_PER_BYTE = 2 / 16;

export interface PythonFieldChoice {
  cpuWork: CpuWork;
  launchMode: LaunchMode;
}

/** Fields a Python-lane run fills, and the badge each field shows ("Python: NumPy"). */
export interface LaneFields {
  fields: Partial<Record<InputKey, MeasuredField>>;
  /** Badge text per field whose value is not a plain browser measurement. */
  badges: Partial<Record<InputKey, string>>;
}

/**
 * The estimator fields a probe document fills: CPU GFLOPS from NumPy's float32 matmul
 * (matmul-like work) or from its elementwise bandwidth × 2/16 FLOP/byte (elementwise-like
 * work); GPU TFLOPS, transfer rate (pageable, as plain `.to('cuda')` copies are) and
 * launch cost from the primary GPU framework when it measured them.
 */
export function pythonFields(doc: PythonProbeDocument, choice: PythonFieldChoice): LaneFields {
  const fields: Partial<Record<InputKey, MeasuredField>> = {};
  const badges: Partial<Record<InputKey, string>> = {};
  const gpuName = doc.primaryFramework ? PY_FRAMEWORK_LABELS[doc.primaryFramework] : 'GPU';
  const put = (key: InputKey, id: PyMetricId, scale: number, badge: string, extra = '') => {
    const m = okPyMetric(doc, id);
    if (!m) return;
    const metric = pyMetricAsMetric(m);
    if (metric.status !== 'ok') return;
    const f = field(key, metric, scale);
    if (!f) return;
    // The probe's samples span its size sweep (small sizes are far slower), so their
    // p10–p90 is not run-to-run noise: the field carries the headline value alone.
    const unit = f.note.match(/ ([^ ]+) \(p10–p90\)/)?.[1] ?? '';
    const how =
      m.statistic === 'best' ? `the best of ${m.n} samples over its size sweep` : `the median of ${m.n} samples`;
    fields[key] = {
      ...f,
      low: f.value,
      high: f.value,
      note: `From the Python probe run of ${new Date(doc.startedAt).toLocaleString()}: ${METRICS[id].label.replace(/^Python: /, '')}, ${how}${unit ? `, ${Number(f.value.toPrecision(4))} ${unit}` : ''}${extra}`,
    };
    badges[key] = badge;
  };
  if (choice.cpuWork === 'memory') {
    put(
      'cpuGflops',
      'py.cpu.elementwise.gbps',
      ELEMENTWISE_FLOP_PER_BYTE,
      'Python: NumPy',
      '; as GFLOPS at 2 FLOPs per 16 bytes (a*b+c in float32), because elementwise work is limited by memory',
    );
  } else {
    put('cpuGflops', 'py.cpu.matmul.f32.gflops', 1, 'Python: NumPy');
  }
  put('gpuTflops', 'py.gpu.matmul.f32.gflops', 1 / 1000, `Python: ${gpuName}`);
  put('transferGBps', 'py.gpu.upload.gbps', 1, `Python: ${gpuName}`);
  if (choice.launchMode === 'dispatch') put('launchOverheadMs', 'py.gpu.launch.us', 1 / 1000, `Python: ${gpuName}`);
  else put('launchOverheadMs', 'py.gpu.sync.ms', 1, `Python: ${gpuName}`);
  return { fields, badges };
}

/** The roofline figures beyond the four classic fields that a probe run can give. */
export interface PythonMachineFigures {
  /** GB/s: GPU memory (`py.gpu.device.gbps`) and CPU memory as NumPy streams it (`py.cpu.elementwise.gbps`). */
  gpuMemGBps?: { value: number; note: string };
  cpuMemGBps?: { value: number; note: string };
  /** NumPy's float64 matmul, GFLOPS: the CPU's float64 rate. */
  cpuF64Gflops?: number;
  /** The framework's float16 matmul, TFLOPS: the GPU's float16 rate. */
  gpuF16Tflops?: number;
  /** µs: NumPy's cost per tiny call (`py.cpu.call.us`), the CPU's fixed cost per kernel (issue #20). */
  cpuCallUs?: { value: number; note: string };
}

/**
 * The machine figures a probe run has beyond the classic four: the memory bandwidths the
 * roofline divides by and the float64 / float16 rates (issue #17: applying a source fills
 * every field it has a figure for). Each bandwidth comes with the note its field shows.
 */
export function pythonMachineFigures(doc: PythonProbeDocument): PythonMachineFigures {
  const out: PythonMachineFigures = {};
  const when = new Date(doc.startedAt).toLocaleString();
  const gpuName = doc.primaryFramework ? PY_FRAMEWORK_LABELS[doc.primaryFramework] : 'GPU';
  const device = okPyMetric(doc, 'py.gpu.device.gbps');
  if (device) {
    out.gpuMemGBps = {
      value: Number(device.best.toPrecision(4)),
      note: `From the Python probe run of ${when}: ${gpuName} device-to-device copy bandwidth, the best of ${device.n} samples`,
    };
  }
  const stream = okPyMetric(doc, 'py.cpu.elementwise.gbps');
  if (stream) {
    out.cpuMemGBps = {
      value: Number(stream.best.toPrecision(4)),
      note: `From the Python probe run of ${when}: NumPy's a*b+c streaming bandwidth, the best of ${stream.n} samples`,
    };
  }
  const f64 = okPyMetric(doc, 'py.cpu.matmul.f64.gflops');
  if (f64) out.cpuF64Gflops = f64.best;
  const f16 = okPyMetric(doc, 'py.gpu.matmul.f16.gflops');
  if (f16) out.gpuF16Tflops = f16.best / 1000;
  const call = okPyMetric(doc, 'py.cpu.call.us');
  if (call) {
    out.cpuCallUs = {
      value: Number(call.median.toPrecision(4)),
      note: `From the Python probe run of ${when}: NumPy's cost per tiny call, the median of ${call.n} samples (NumPy starts no threads for it)`,
    };
  }
  return out;
}

/**
 * What applying a probe run did, in a sentence for the page: the fields it filled and the
 * ones it left alone (no figure for them in the run), by name.
 */
export function laneAppliedText(filled: readonly string[], leftAlone: readonly string[]): string {
  const list = (xs: readonly string[]) =>
    xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
  const did = filled.length > 0 ? `The Python run filled ${list(filled)}.` : 'The Python run had no figure for any field.';
  return leftAlone.length > 0 ? `${did} It has no figure for ${list(leftAlone)}, so ${leftAlone.length === 1 ? 'that keeps its value' : 'those keep their values'}.` : did;
}
