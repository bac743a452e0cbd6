import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PY_CPU_METRIC_IDS,
  PY_GPU_METRIC_IDS,
  PY_METRIC_IDS,
  PY_METRIC_SPECS,
  describeCpuStack,
  describeGpuStack,
  describeStack,
  headlineMetrics,
  okPyMetric,
  type PyMetricOk,
  type PythonProbeDocument,
} from '../../../../src/model/python/python-probe.ts';
import {
  parsePythonProbeJson,
  validatePythonProbeDocument,
} from '../../../../src/model/python/python-probe-validate.ts';

/** A real `python3 python/gpu_payoff_probe.py --quick --json` output of the CI machine (no GPU). */
const FIXTURE_TEXT = readFileSync(new URL('../fixtures/python-probe-quick.json', import.meta.url), 'utf8');

function fixture(): Record<string, unknown> & { metrics: Record<string, unknown>[] } {
  return JSON.parse(FIXTURE_TEXT) as Record<string, unknown> & { metrics: Record<string, unknown>[] };
}

function expectOk(value: unknown): PythonProbeDocument {
  const r = validatePythonProbeDocument(value);
  if (!r.ok) throw new Error(`expected a valid document, got: ${r.reason}`);
  return r.doc;
}

function expectError(value: unknown, pattern: RegExp): void {
  const r = validatePythonProbeDocument(value);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.reason).toMatch(pattern);
}

function okMetric(id: string, framework: string, samples: number[]): Record<string, unknown> {
  const spec = PY_METRIC_SPECS[id as keyof typeof PY_METRIC_SPECS];
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => {
    const pos = (sorted.length - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  };
  const best = spec.better === 'higher' ? sorted[sorted.length - 1]! : sorted[0]!;
  const median = q(0.5);
  return {
    id,
    framework,
    status: 'ok',
    unit: spec.unit,
    better: spec.better,
    statistic: spec.statistic,
    value: spec.statistic === 'best' ? best : median,
    n: samples.length,
    best,
    median,
    p10: q(0.1),
    p90: q(0.9),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    stdev: 0.1,
    samples,
    validated: true,
  };
}

/** The fixture as a machine with an H100 would have written it (PyTorch primary, JAX too). */
function gpuDocument(): Record<string, unknown> & { metrics: Record<string, unknown>[] } {
  const doc = fixture();
  doc['stack'] = {
    ...(doc['stack'] as object),
    frameworks: [
      {
        name: 'torch',
        version: '2.5.1+cu124',
        backend: 'cuda',
        cuda: '12.4',
        driver: '550.54.15',
        device: 'NVIDIA H100 80GB HBM3',
        status: 'measured',
      },
      { name: 'jax', version: '0.4.35', backend: 'cuda', cuda: '12.6', driver: null, device: 'NVIDIA H100 80GB HBM3' },
    ],
  };
  doc['device'] = {
    framework: 'torch',
    name: 'NVIDIA H100 80GB HBM3',
    backend: 'cuda',
    index: 0,
    memoryBytes: 85e9,
    computeCapability: '9.0',
  };
  doc['primaryFramework'] = 'torch';
  delete doc['gpuUnavailable'];
  doc.metrics.push(
    okMetric('py.gpu.matmul.f32.gflops', 'torch', [48000, 51000, 50500]),
    okMetric('py.gpu.launch.us', 'torch', [5.1, 5.4, 6.0]),
    okMetric('py.gpu.launch.us', 'jax', [11, 12, 13]),
    {
      id: 'py.gpu.upload.pinned.gbps',
      framework: 'jax',
      status: 'skipped',
      unit: 'GB/s',
      better: 'higher',
      statistic: 'best',
      error: 'JAX does not expose pinned host buffers',
    },
  );
  doc['transfers'] = [
    {
      path: 'torch.upload.pinned',
      label: 'PyTorch upload pinned',
      framework: 'torch',
      points: [
        { bytes: 4096, ms: 0.01 },
        { bytes: 65536, ms: 0.012 },
      ],
      fit: { latencyMs: 0.0098, gbps: 50, r2: 0.99, clamped: false, n: 2 },
    },
  ];
  return doc;
}

describe('the metric registry of the Python lane', () => {
  it('holds exactly the ids of issue #14, with units that match their suffixes', () => {
    expect(PY_METRIC_IDS).toEqual([
      'py.cpu.matmul.f32.gflops',
      'py.cpu.matmul.f64.gflops',
      'py.cpu.elementwise.gbps',
      'py.cpu.sum.gbps',
      'py.cpu.call.us',
      'py.gpu.matmul.f32.gflops',
      'py.gpu.matmul.tf32.gflops',
      'py.gpu.matmul.f16.gflops',
      'py.gpu.upload.gbps',
      'py.gpu.upload.pinned.gbps',
      'py.gpu.upload.latency.ms',
      'py.gpu.readback.gbps',
      'py.gpu.device.gbps',
      'py.gpu.launch.us',
      'py.gpu.sync.ms',
    ]);
    expect(PY_CPU_METRIC_IDS).toHaveLength(5);
    expect(PY_GPU_METRIC_IDS).toHaveLength(10);
    const suffixUnit: Record<string, string> = { gflops: 'GFLOPS', gbps: 'GB/s', ms: 'ms', us: 'µs' };
    for (const id of PY_METRIC_IDS) {
      const spec = PY_METRIC_SPECS[id];
      expect(spec.unit).toBe(suffixUnit[id.split('.').pop()!]);
      expect(spec.statistic).toBe(spec.better === 'higher' ? 'best' : 'median');
    }
  });
});

describe('a document produced by the real probe', () => {
  it('validates, with every CPU metric measured and its headline stated', () => {
    const doc = expectOk(fixture());
    expect(doc.kind).toBe('gpu-payoff/python-probe');
    expect(doc.profile).toBe('quick');
    expect(doc.device).toBeNull();
    expect(doc.gpuUnavailable).toMatch(/^not measured — /);
    for (const id of PY_CPU_METRIC_IDS) {
      const m = okPyMetric(doc, id);
      expect(m, id).toBeDefined();
      const ok = m as PyMetricOk;
      expect(ok.framework).toBe('numpy');
      expect(ok.value).toBeGreaterThan(0);
      expect(ok.value).toBe(ok.statistic === 'best' ? ok.best : ok.median);
      expect(ok.samples).toHaveLength(ok.n);
    }
    expect(doc.metrics.some((m) => m.id.startsWith('py.gpu.'))).toBe(false);
  });

  it('is labelled with its NumPy stack', () => {
    const doc = expectOk(fixture());
    const numpyMajorMinor = /^(\d+\.\d+)/.exec(doc.stack.numpy)?.[1];
    expect(describeStack(doc)).toBe(describeCpuStack(doc));
    expect(describeStack(doc)).toMatch(
      new RegExp(`^NumPy ${numpyMajorMinor?.replace('.', '\\.')} · \\S.* · \\d+ threads?$`),
    );
    expect(describeGpuStack(doc)).toBeUndefined();
  });

  it('parses from text and returns a copy the caller cannot reach', () => {
    const input = fixture();
    const r = validatePythonProbeDocument(input);
    expect(r.ok).toBe(true);
    input.metrics.length = 0;
    if (r.ok) expect(r.doc.metrics.length).toBeGreaterThan(0);
    expect(parsePythonProbeJson(FIXTURE_TEXT).ok).toBe(true);
  });
});

describe('describeStack', () => {
  it('names the CPU stack', () => {
    const stack = {
      python: '3.12.1',
      numpy: '2.4.6',
      blas: { name: 'scipy-openblas', version: '0.3.31.188.0', threads: 2 },
      frameworks: [],
      cpu: { model: 'x', cores: 2 },
      os: 'Linux',
    };
    expect(describeStack({ stack, device: null })).toBe('NumPy 2.4 · OpenBLAS 0.3.31 · 2 threads');
    expect(
      describeStack({ stack: { ...stack, blas: { name: 'mkl-sdl', version: '2023.1', threads: 1 } }, device: null }),
    ).toBe('NumPy 2.4 · MKL 2023.1 · 1 thread');
    expect(
      describeStack({ stack: { ...stack, blas: { name: 'unknown', version: null, threads: null } }, device: null }),
    ).toBe('NumPy 2.4 · unknown BLAS');
  });

  it('names the GPU stack when a GPU was measured', () => {
    const doc = expectOk(gpuDocument());
    expect(describeStack(doc)).toBe('PyTorch 2.5 · CUDA 12.4 · NVIDIA H100 80GB HBM3');
    const rocm = gpuDocument();
    (rocm['device'] as Record<string, unknown>)['backend'] = 'rocm';
    (rocm['device'] as Record<string, unknown>)['name'] = 'AMD Instinct MI300X';
    (rocm['stack'] as { frameworks: Record<string, unknown>[] }).frameworks[0]!['cuda'] = '6.2.41133';
    expect(describeStack(expectOk(rocm))).toBe('PyTorch 2.5 · ROCm 6.2 · AMD Instinct MI300X');
  });
});

describe('a GPU document', () => {
  it('validates, and the headline metrics come from the primary framework', () => {
    const doc = expectOk(gpuDocument());
    const launches = headlineMetrics(doc).filter((m) => m.id === 'py.gpu.launch.us');
    expect(launches).toHaveLength(1);
    expect(launches[0]!.framework).toBe('torch');
    expect(okPyMetric(doc, 'py.gpu.launch.us')?.value).toBeCloseTo(5.4);
    expect(okPyMetric(doc, 'py.gpu.upload.pinned.gbps')).toBeUndefined();
    expect(doc.transfers[0]?.fit?.gbps).toBe(50);
  });
});

describe('validatePythonProbeDocument rejects', () => {
  const cases: [string, (d: ReturnType<typeof gpuDocument>) => void, RegExp][] = [
    ['another kind of file', (d) => (d['kind'] = 'gpu-payoff-history'), /kind/],
    ['a newer schema', (d) => (d['schemaVersion'] = 2), /newer probe/],
    ['a missing schema version', (d) => delete d['schemaVersion'], /schemaVersion/],
    ['NaN in the samples', (d) => (d.metrics[0]!['samples'] as number[]).push(NaN), /finite/],
    ['Infinity as a value', (d) => (d.metrics[0]!['value'] = Infinity), /finite/],
    ['a negative sample', (d) => ((d.metrics[0]!['samples'] as number[])[0] = -1), /negative/],
    ['a negative p10', (d) => (d.metrics[0]!['p10'] = -0.5), /negative/],
    ['an unknown metric id', (d) => (d.metrics[0]!['id'] = 'py.cpu.matmul.f8.gflops'), /not a known metric/],
    ['a browser metric id', (d) => (d.metrics[0]!['id'] = 'gpu.f32.gflops'), /not a known metric/],
    ['a wrong unit', (d) => (d.metrics[0]!['unit'] = 'TFLOPS'), /the field “unit” must be GFLOPS\./],
    ['a wrong statistic', (d) => (d.metrics[0]!['statistic'] = 'median'), /the field “statistic” must be best\./],
    ['a headline that is not its statistic', (d) => (d.metrics[0]!['value'] = 1), /the field “value” must equal its best\./],
    ['a best that is not the best sample', (d) => (d.metrics[0]!['best'] = 1e6), /best/],
    ['n that does not count the samples', (d) => (d.metrics[0]!['n'] = 999), /the field “n” must equal the number of samples\./],
    ['an empty sample list', (d) => (d.metrics[0]!['samples'] = []), /non-empty/],
    ['a CPU metric from PyTorch', (d) => (d.metrics[0]!['framework'] = 'torch'), /the field “framework” must be numpy\./],
    [
      'a GPU metric from NumPy',
      (d) => (d.metrics[d.metrics.length - 2]!['framework'] = 'numpy'),
      /the field “framework” must be torch, cupy or jax\./,
    ],
    ['a metric twice for one framework', (d) => d.metrics.push({ ...d.metrics[0]! }), /repeats/],
    ['a failed metric without a reason', (d) => (d.metrics[d.metrics.length - 1]!['error'] = ' '), /error/],
    ['an oversized note', (d) => (d['notes'] as string[]).push('x'.repeat(5000)), /too long/],
    [
      'an oversized version string',
      (d) => ((d['stack'] as Record<string, unknown>)['python'] = '3'.repeat(300)),
      /too long/,
    ],
    [
      'an oversized device name',
      (d) => ((d['device'] as Record<string, unknown>)['name'] = 'x'.repeat(300)),
      /too long/,
    ],
    ['zero cores', (d) => ((d['stack'] as { cpu: Record<string, unknown> }).cpu['cores'] = 0), /cores/],
    [
      'fractional BLAS threads',
      (d) => ((d['stack'] as { blas: Record<string, unknown> }).blas['threads'] = 1.5),
      /threads/,
    ],
    ['an unknown primary framework', (d) => (d['primaryFramework'] = 'tensorflow'), /primaryFramework/],
    ['a bad date', (d) => (d['createdAt'] = 'yesterday'), /createdAt/],
    ['a negative duration', (d) => (d['durationMs'] = -5), /durationMs/],
    ['a negative load average', (d) => (d['conditions'] = { loadAverage1mStart: -1 }), /conditions/],
    ['a sweep point of size 0', (d) => (d.metrics[0]!['points'] = [{ size: 0, value: 1 }]), /points/],
    ['nested details', (d) => (d.metrics[0]!['details'] = { a: { b: 1 } }), /details/],
    [
      'a transfer point of 0 bytes',
      (d) => ((d['transfers'] as { points: unknown[] }[])[0]!.points = [{ bytes: 0, ms: 1 }]),
      /points/,
    ],
  ];
  for (const [what, change, reason] of cases) {
    it(what, () => {
      const doc = gpuDocument();
      expectOk(doc);
      change(doc);
      expectError(doc, reason);
    });
  }

  it('values that are not documents', () => {
    expectError(null, /object/);
    expectError([], /object/);
    expectError('gpu-payoff/python-probe', /object/);
    expectError(JSON.parse('{"__proto__": {"x": 1}, "kind": "gpu-payoff/python-probe"}'), /forbidden/);
  });

  it('text that is not JSON, or too large', () => {
    const bad = parsePythonProbeJson('{"kind": ');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/not valid JSON/);
    const huge = parsePythonProbeJson(' '.repeat(5 * 1024 * 1024));
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.reason).toMatch(/too large/);
  });
});
