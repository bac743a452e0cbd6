/**
 * The Python lane's document: what `python/gpu_payoff_probe.py --json` writes, its
 * validation for import, and the stack label a history entry gets.
 *
 * The document is shaped after the page's own run record so the importer needs little new
 * code: every metric carries the same fields as a `Metric` (id, status, unit, better, n,
 * best, median, p10, p90, mean, stdev, samples, validated, details; error when not ok), plus
 * `framework` (which library measured it), `statistic`/`value` (its headline, stated) and an
 * optional per-size sweep (`points`). Transfer sweeps use the page's `TransferPoint` and
 * `TransferFit` shapes. The schema is written down in the probe's docstring and in
 * python/README.md.
 *
 * Pure: no DOM. `validatePythonProbeDocument` never throws on hostile input.
 */
import { checkJsonShape, isObject, type Json, type JsonObject } from '../history/validate.ts';
import type { Better } from '../shared/stats.ts';
import type { TransferFit, TransferPoint } from '../bench/transfer-fit.ts';

export const PYTHON_PROBE_KIND = 'gpu-payoff/python-probe';
/** Bump when the document changes shape; the probe writes the same number. */
export const PYTHON_PROBE_SCHEMA_VERSION = 1;
/** Largest probe file accepted: a full run with raw samples is well under 1 MB. */
export const MAX_PYTHON_PROBE_BYTES = 4 * 1024 * 1024;
/** Largest measured value accepted (the same bound as the history's). */
const MAX_VALUE = 1e15;
/** Limit on short identity strings: versions, names, models. */
const MAX_LABEL_LENGTH = 256;
const MAX_METRICS = 64;
const MAX_NOTES = 200;

export type PyStatistic = 'best' | 'median';

interface PyMetricSpec {
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

export type PythonProbeResult = { ok: true; doc: PythonProbeDocument } | { ok: false; reason: string };

// ---------------------------------------------------------------------------------------
// Validation. Each check returns an error (what is wrong, where) or undefined.

type Check = () => string | undefined;

function first(...checks: Check[]): string | undefined {
  for (const c of checks) {
    const e = c();
    if (e) return e;
  }
  return undefined;
}

function text(o: JsonObject, key: string, path: string, max = MAX_LABEL_LENGTH, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') return `${path}.${key} must be text`;
  if (v.length > max) return `${path}.${key} is too long`;
  return undefined;
}

function textOrNull(o: JsonObject, key: string, path: string, max = MAX_LABEL_LENGTH): string | undefined {
  if (o[key] === null || o[key] === undefined) return undefined;
  return text(o, key, path, max);
}

function isNum(v: Json | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function measured(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (!isNum(v)) return `${path}.${key} must be a number`;
  if (v < 0) return `${path}.${key} must not be negative`;
  if (v > MAX_VALUE) return `${path}.${key} is out of range`;
  return undefined;
}

function isoDate(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (typeof v !== 'string' || v.length > 40 || !Number.isFinite(Date.parse(v))) return `${path}.${key} must be a date`;
  return undefined;
}

function textList(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (!Array.isArray(v)) return `${path}.${key} must be a list`;
  if (v.length > MAX_NOTES) return `${path}.${key} has too many entries`;
  return v.every((s) => typeof s === 'string') ? undefined : `${path}.${key} must be a list of text`;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

function validateMetric(m: Json | undefined, path: string): string | undefined {
  if (!isObject(m)) return `${path} must be an object`;
  const id = m['id'];
  if (!isPyMetricId(id)) return `${path}.id is not a known metric (${JSON.stringify(id ?? null).slice(0, 60)})`;
  const spec: PyMetricSpec = PY_METRIC_SPECS[id];
  const framework = m['framework'];
  const isCpu = id.startsWith('py.cpu.');
  return first(
    () =>
      isCpu
        ? framework === 'numpy'
          ? undefined
          : `${path}.framework must be numpy for ${id}`
        : typeof framework === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(framework)
          ? undefined
          : `${path}.framework must be one of ${PY_GPU_FRAMEWORKS.join(', ')} for ${id}`,
    () => (m['unit'] === spec.unit ? undefined : `${path}.unit must be ${spec.unit} for ${id}`),
    () => (m['better'] === spec.better ? undefined : `${path}.better must be ${spec.better} for ${id}`),
    () => (m['statistic'] === spec.statistic ? undefined : `${path}.statistic must be ${spec.statistic} for ${id}`),
    () => {
      const status = m['status'];
      if (status === 'failed' || status === 'skipped') {
        const e = text(m, 'error', path, 4096);
        if (e) return e;
        return (m['error'] as string).trim() === '' ? `${path}.error must not be empty` : undefined;
      }
      if (status !== 'ok') return `${path}.status must be ok, failed or skipped`;
      return validateOkMetric(m, path, spec);
    },
  );
}

function validateOkMetric(m: JsonObject, path: string, spec: PyMetricSpec): string | undefined {
  const samples = m['samples'];
  if (!Array.isArray(samples) || samples.length === 0) return `${path}.samples must be a non-empty list`;
  for (const s of samples) {
    if (!isNum(s)) return `${path}.samples holds a value that is not a finite number`;
    if (s < 0) return `${path}.samples holds a negative value`;
    if (s > MAX_VALUE) return `${path}.samples holds an impossible value`;
  }
  const nums = samples as number[];
  return first(
    () => measured(m, 'value', path),
    () => measured(m, 'best', path),
    () => measured(m, 'median', path),
    () => measured(m, 'p10', path),
    () => measured(m, 'p90', path),
    () => measured(m, 'mean', path),
    () => measured(m, 'stdev', path),
    () => (m['n'] === nums.length ? undefined : `${path}.n must equal the number of samples`),
    () => (m['validated'] === true ? undefined : `${path}.validated must be true`),
    () => {
      const value = m['value'] as number;
      if (spec.better === 'higher' && !(value > 0)) return `${path}.value must be greater than 0`;
      const headline = m[spec.statistic] as number;
      if (!close(value, headline)) return `${path}.value must equal its ${spec.statistic}`;
      const extreme = spec.better === 'higher' ? Math.max(...nums) : Math.min(...nums);
      if (!close(m['best'] as number, extreme)) return `${path}.best must be the best sample`;
      const [p10, median, p90] = [m['p10'], m['median'], m['p90']] as number[];
      if (!(p10! <= median! * (1 + 1e-12) && median! <= p90! * (1 + 1e-12)))
        return `${path} must have p10 ≤ median ≤ p90`;
      return undefined;
    },
    () => {
      const u = m['sizeUnit'];
      return u === undefined || u === 'n' || u === 'bytes' ? undefined : `${path}.sizeUnit must be n or bytes`;
    },
    () => {
      const points = m['points'];
      if (points === undefined) return undefined;
      if (!Array.isArray(points) || points.length > 256) return `${path}.points must be a list`;
      for (const p of points) {
        if (!isObject(p) || !isNum(p['size']) || !(p['size'] > 0) || !isNum(p['value'])) {
          return `${path}.points must hold {size > 0, value ≥ 0}`;
        }
        if (p['value'] < 0 || p['value'] > MAX_VALUE || p['size'] > MAX_VALUE)
          return `${path}.points holds an impossible value`;
      }
      return undefined;
    },
    () => {
      const d = m['details'];
      if (d === undefined) return undefined;
      if (!isObject(d)) return `${path}.details must be an object`;
      for (const v of Object.values(d)) {
        if (!(typeof v === 'string' || typeof v === 'boolean' || isNum(v))) return `${path}.details must be flat`;
      }
      return undefined;
    },
  );
}

function validateStack(s: Json | undefined, path: string): string | undefined {
  if (!isObject(s)) return `${path} must be an object`;
  const blas = s['blas'];
  const cpu = s['cpu'];
  const frameworks = s['frameworks'];
  return first(
    () => text(s, 'python', path),
    () => text(s, 'numpy', path),
    () => text(s, 'os', path),
    () => text(s, 'implementation', path, MAX_LABEL_LENGTH, true),
    () => {
      if (!isObject(blas)) return `${path}.blas must be an object`;
      const threads = blas['threads'];
      return first(
        () => text(blas, 'name', `${path}.blas`),
        () => textOrNull(blas, 'version', `${path}.blas`),
        () => textOrNull(blas, 'coretype', `${path}.blas`),
        () => textOrNull(blas, 'config', `${path}.blas`, 1024),
        () => textOrNull(blas, 'threadsSource', `${path}.blas`),
        () =>
          threads === null ||
          threads === undefined ||
          (Number.isInteger(threads) && (threads as number) >= 1 && (threads as number) <= 1e6)
            ? undefined
            : `${path}.blas.threads must be a whole number ≥ 1 or null`,
      );
    },
    () => {
      if (!isObject(cpu)) return `${path}.cpu must be an object`;
      const cores = cpu['cores'];
      return first(
        () => text(cpu, 'model', `${path}.cpu`),
        () =>
          Number.isInteger(cores) && (cores as number) >= 1 && (cores as number) <= 1e6
            ? undefined
            : `${path}.cpu.cores must be a whole number ≥ 1`,
      );
    },
    () => {
      if (!Array.isArray(frameworks) || frameworks.length > 8) return `${path}.frameworks must be a short list`;
      for (let i = 0; i < frameworks.length; i++) {
        const f = frameworks[i];
        const p = `${path}.frameworks[${i}]`;
        if (!isObject(f)) return `${p} must be an object`;
        const e = first(
          () =>
            typeof f['name'] === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(f['name'])
              ? undefined
              : `${p}.name must be torch, cupy or jax`,
          () => text(f, 'version', p),
          () => textOrNull(f, 'cuda', p),
          () => textOrNull(f, 'driver', p),
          () => textOrNull(f, 'device', p),
          () =>
            f['backend'] == null || ['cuda', 'rocm', 'mps'].includes(f['backend'] as string)
              ? undefined
              : `${p}.backend must be cuda, rocm, mps or null`,
          () => textOrNull(f, 'note', p, 1024),
        );
        if (e) return e;
      }
      return undefined;
    },
  );
}

function validateDevice(d: Json | undefined, path: string): string | undefined {
  if (d === null) return undefined;
  if (!isObject(d)) return `${path} must be an object or null`;
  return first(
    () =>
      typeof d['framework'] === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(d['framework'])
        ? undefined
        : `${path}.framework must be torch, cupy or jax`,
    () => text(d, 'name', path),
    () =>
      ['cuda', 'rocm', 'mps'].includes(d['backend'] as string)
        ? undefined
        : `${path}.backend must be cuda, rocm or mps`,
    () =>
      Number.isInteger(d['index']) && (d['index'] as number) >= 0
        ? undefined
        : `${path}.index must be a whole number ≥ 0`,
    () => (d['memoryBytes'] === undefined ? undefined : measured(d, 'memoryBytes', path)),
    () => (d['computeCapability'] === undefined ? undefined : text(d, 'computeCapability', path, 16)),
  );
}

function validateTransfers(t: Json | undefined, path: string): string | undefined {
  if (!Array.isArray(t) || t.length > 32) return `${path} must be a list`;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    const p = `${path}[${i}]`;
    if (!isObject(c)) return `${p} must be an object`;
    const e = first(
      () => text(c, 'path', p),
      () => text(c, 'label', p),
      () => {
        const pts = c['points'];
        if (!Array.isArray(pts)) return `${p}.points must be a list`;
        for (const q of pts) {
          if (!isObject(q) || !isNum(q['bytes']) || !(q['bytes'] > 0) || !isNum(q['ms']) || q['ms'] < 0) {
            return `${p}.points must hold {bytes > 0, ms ≥ 0}`;
          }
        }
        return undefined;
      },
      () => {
        const f = c['fit'];
        if (f === undefined) return undefined;
        if (!isObject(f)) return `${p}.fit must be an object`;
        return first(
          () => measured(f, 'latencyMs', `${p}.fit`),
          () => measured(f, 'gbps', `${p}.fit`),
          () => measured(f, 'r2', `${p}.fit`),
          () => measured(f, 'n', `${p}.fit`),
          () => (typeof f['clamped'] === 'boolean' ? undefined : `${p}.fit.clamped must be true or false`),
        );
      },
    );
    if (e) return e;
  }
  return undefined;
}

/**
 * Check an untrusted value (a parsed file) against the probe's schema. On success the
 * document is a fresh copy, typed; on failure the reason says what and where.
 */
export function validatePythonProbeDocument(untrusted: unknown): PythonProbeResult {
  try {
    const shape = checkJsonShape(untrusted, 'document');
    if (shape) return { ok: false, reason: shape };
    if (!isObject(untrusted)) return { ok: false, reason: 'document must be an object' };
    const d = untrusted;
    if (d['kind'] !== PYTHON_PROBE_KIND) return { ok: false, reason: `document.kind must be ${PYTHON_PROBE_KIND}` };
    const v = d['schemaVersion'];
    if (typeof v === 'number' && Number.isInteger(v) && v > PYTHON_PROBE_SCHEMA_VERSION) {
      return { ok: false, reason: `the document was made by a newer probe (schema version ${v}); update the page` };
    }
    if (v !== PYTHON_PROBE_SCHEMA_VERSION) return { ok: false, reason: 'document.schemaVersion is not supported' };
    const error = first(
      () => isoDate(d, 'createdAt', 'document'),
      () => isoDate(d, 'startedAt', 'document'),
      () => measured(d, 'durationMs', 'document'),
      () =>
        d['profile'] === 'quick' || d['profile'] === 'full' ? undefined : 'document.profile must be quick or full',
      () => text(d, 'probeVersion', 'document', 32, true),
      () =>
        d['settings'] === undefined || isObject(d['settings']) ? undefined : 'document.settings must be an object',
      () => validateStack(d['stack'], 'document.stack'),
      () => validateDevice(d['device'], 'document.device'),
      () => (d['gpuUnavailable'] === undefined ? undefined : text(d, 'gpuUnavailable', 'document', 4096)),
      () => {
        const p = d['primaryFramework'];
        if (p === undefined) return undefined;
        return typeof p === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(p)
          ? undefined
          : 'document.primaryFramework must be torch, cupy or jax';
      },
      () => {
        const metrics = d['metrics'];
        if (!Array.isArray(metrics)) return 'document.metrics must be a list';
        if (metrics.length > MAX_METRICS) return 'document.metrics has too many entries';
        const seen = new Set<string>();
        for (let i = 0; i < metrics.length; i++) {
          const e = validateMetric(metrics[i], `document.metrics[${i}]`);
          if (e) return e;
          // validateMetric checked both are text.
          const m = metrics[i] as { id: string; framework: string };
          const key = `${m.id}|${m.framework}`;
          if (seen.has(key)) return `document.metrics[${i}] repeats ${m.id} for ${m.framework}`;
          seen.add(key);
        }
        return undefined;
      },
      () => validateTransfers(d['transfers'] ?? [], 'document.transfers'),
      () => {
        const c = d['conditions'];
        if (c === undefined) return undefined;
        if (!isObject(c)) return 'document.conditions must be an object';
        for (const key of Object.keys(c)) {
          const e = measured(c, key, 'document.conditions');
          if (e) return e;
        }
        return undefined;
      },
      () => textList(d, 'notes', 'document'),
      () => textList(d, 'errors', 'document'),
    );
    if (error) return { ok: false, reason: error };
    const doc = structuredClone(d) as unknown as PythonProbeDocument;
    if (doc.transfers === undefined) doc.transfers = [];
    return { ok: true, doc };
  } catch (e) {
    return { ok: false, reason: `document could not be read (${e instanceof Error ? e.name : 'error'})` };
  }
}

/** Parse a probe file's text and validate it. */
export function parsePythonProbeJson(textIn: string): PythonProbeResult {
  if (textIn.length > MAX_PYTHON_PROBE_BYTES)
    return { ok: false, reason: 'the file is too large to be a probe document' };
  let value: unknown;
  try {
    value = JSON.parse(textIn);
  } catch {
    return { ok: false, reason: 'the file is not valid JSON' };
  }
  return validatePythonProbeDocument(value);
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
