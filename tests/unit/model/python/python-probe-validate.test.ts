/**
 * Issue #19, point 7: a probe document from another machine is believed only when
 * plausible, its text is shown without bidirectional controls, and every refusal is a
 * sentence that names the field.
 */
import { describe, expect, it } from 'vitest';
import { BIDI_CONTROLS, hasBidiControls } from '../../../../src/model/shared/text.ts';
import { describeStack, type PyMetricId } from '../../../../src/model/python/python-probe.ts';
import {
  parsePythonProbeJson,
  validatePythonProbeDocument,
} from '../../../../src/model/python/python-probe-validate.ts';
import { cpuProbe, gpuProbe, pyMetric } from '../../fixtures/python-fixtures.ts';

type Raw = Record<string, unknown> & { metrics: Record<string, unknown>[]; stack: Record<string, unknown> };

/** The fixture's H100 document as plain JSON, to be tampered with. */
function h100(): Raw {
  return JSON.parse(JSON.stringify(gpuProbe())) as Raw;
}

/** `doc` with the torch (or NumPy) metric `id` replaced by one whose every sample is `figure`. */
function claiming(doc: Raw, id: PyMetricId, figure: number): Raw {
  const framework = id.startsWith('py.cpu.') ? 'numpy' : 'torch';
  doc.metrics = doc.metrics.filter((m) => !(m['id'] === id && m['framework'] === framework));
  doc.metrics.push(pyMetric(id, framework, [figure, figure, figure]));
  return doc;
}

function reasonFor(value: unknown, nowMs?: number): string {
  const r = validatePythonProbeDocument(value, nowMs);
  if (r.ok) throw new Error('expected a refusal');
  return r.reason;
}

/** A full sentence: a capital first, one full stop last, no empty "( …)" left by a stripped path. */
function expectSentence(reason: string): void {
  expect(reason).toMatch(/^[A-Z]/);
  expect(reason).toMatch(/[^.]\.$/);
  expect(reason).not.toMatch(/\(\s|^\s| {2}/);
  expect(hasBidiControls(reason)).toBe(false);
}

describe('the issue’s hostile H100 document', () => {
  const cases: [PyMetricId, number, RegExp][] = [
    ['py.gpu.matmul.f32.gflops', 1e15, /1e15 GFLOPS, is beyond any device/],
    ['py.gpu.upload.gbps', 1e15, /1e15 GB\/s, is beyond any device/],
    ['py.gpu.readback.gbps', 1e-12, /1e-12 GB\/s, is slower than any real device/],
    ['py.gpu.sync.ms', 1e15, /1e15 ms, is slower than any real device/],
  ];
  for (const [id, figure, claim] of cases) {
    it(`is refused for ${id} = ${figure}, with the metric named`, () => {
      const doc = claiming(h100(), id, figure);
      const i = doc.metrics.length - 1;
      const reason = reasonFor(doc);
      expectSentence(reason);
      // The value field comes first; it equals the headline statistic.
      expect(reason.startsWith(`In metrics[${i}] (${id}, torch), the field “value”, `)).toBe(true);
      expect(reason).toMatch(claim);
      expect(reason).toMatch(/ \(the page believes [\d.e-]+ to [\d.e]+ \S+ for .+\)\.$/);
    });
  }

  it('is refused as a whole, naming the first implausible metric', () => {
    let doc = h100();
    for (const [id, figure] of cases) doc = claiming(doc, id, figure);
    expect(reasonFor(doc)).toMatch(/^In metrics\[\d+\] \(py\.gpu\.matmul\.f32\.gflops, torch\)/);
  });

  it('is refused for a single impossible sample, sweep point or transfer', () => {
    const sample = h100();
    const mm = sample.metrics.find((m) => m['id'] === 'py.gpu.launch.us')!;
    (mm['samples'] as number[]).push(1e-9);
    mm['n'] = (mm['samples'] as number[]).length;
    mm['best'] = 1e-9;
    expect(reasonFor(sample)).toMatch(/py\.gpu\.launch\.us, torch\), the field “best”, 1e-9 µs, is beyond any device/);
    const point = h100();
    point.metrics[0]!['points'] = [{ size: 256, value: 5e7 }];
    expect(reasonFor(point)).toMatch(/^In metrics\[0\] \(py\.cpu\.[\w.]+, numpy\), the field “points\[0\]\.value”/);
    const transfer = h100();
    transfer['transfers'] = [
      { path: 'torch.upload.pinned', label: 'PyTorch upload pinned', framework: 'torch', points: [{ bytes: 4096, ms: 0 }] },
    ];
    expect(reasonFor(transfer)).toMatch(/^The field “transfers\[0\]\.points\[0\]”, 4096 bytes in 0 ms, is beyond any/);
    const fit = h100();
    fit['transfers'] = [
      {
        path: 'torch.upload.pinned',
        label: 'PyTorch upload pinned',
        framework: 'torch',
        points: [{ bytes: 4096, ms: 0.01 }],
        fit: { latencyMs: 0.01, gbps: 1e15, r2: 1, clamped: false, n: 1 },
      },
    ];
    expect(reasonFor(fit)).toMatch(/^The field “transfers\[0\]\.fit\.gbps”, 1e15 GB\/s, is beyond any device/);
  });

  it('is accepted once its figures are a real H100’s', () => {
    expect(validatePythonProbeDocument(h100()).ok).toBe(true);
  });
});

describe('documents refused as a whole', () => {
  it('with no metrics, or none measured', () => {
    const empty = h100();
    empty.metrics = [];
    expect(reasonFor(empty)).toBe('The document holds no metrics, so there is nothing to import.');
    const failed = h100();
    failed.metrics = [
      {
        id: 'py.cpu.call.us',
        framework: 'numpy',
        status: 'failed',
        unit: 'µs',
        better: 'lower',
        statistic: 'median',
        error: 'np.add gave a wrong result',
      },
    ];
    expect(reasonFor(failed)).toMatch(/^The document holds no measured metric \(every one failed or was skipped\)/);
  });

  it('dated in the year 275760, far ahead, or unparsable', () => {
    // This machine's clock, as the validator sees it: the moment the fixture was written.
    const now = Date.parse(String(h100()['createdAt']));
    const at = (ms: number) => new Date(ms).toISOString();
    const dated = (createdAt: string) => ({ ...h100(), createdAt });
    expect(reasonFor(dated('+275760-09-13T00:00:00.000Z'), now)).toBe(
      'The field “createdAt” must be a date and time such as 2025-06-01T12:00:00.000Z.',
    );
    expect(reasonFor(dated('2750-01-01T00:00:00.000Z'), now)).toBe(
      'The field “createdAt” is in the future (2750-01-01).',
    );
    expect(reasonFor(dated(at(now + 2 * 86400e3)), now)).toMatch(/^The field “createdAt” is in the future/);
    // Date.parse reads "1" as the year 2001; a document's dates are written in full.
    for (const bad of ['1', 'yesterday', '2026-03-01', '2026-13-45T99:00:00Z']) {
      expect(reasonFor(dated(bad), now), bad).toMatch(/^The field “createdAt” must be a date and time/);
    }
    expect(reasonFor({ ...h100(), startedAt: '9999-12-31T23:59:59Z' }, now)).toMatch(/“startedAt” is in the future/);
    // A clock some hours off, a board that starts in 1970, Python's isoformat: accepted.
    for (const ok of [at(now + 8 * 3600e3), '1970-01-01T00:00:10.000Z', at(now).replace(/\.\d+Z$/, '+00:00')]) {
      expect(validatePythonProbeDocument(dated(ok), now).ok, ok).toBe(true);
    }
  });

  it('claiming a call overhead of 0', () => {
    expect(reasonFor(claiming(h100(), 'py.cpu.call.us', 0))).toMatch(
      /^In metrics\[\d+\] \(py\.cpu\.call\.us, numpy\), the field “value”, 0 µs, is beyond any device \(the page believes 0\.01 to/,
    );
  });

  it('taking more than a week', () => {
    expect(reasonFor({ ...h100(), durationMs: 8 * 24 * 3600e3 })).toBe(
      'The field “durationMs” is longer than a week.',
    );
  });
});

describe('bidirectional controls', () => {
  it('are removed from every string of an accepted document, the stack line included', () => {
    const doc = h100();
    const isolate = (s: string) => `\u2066${s}\u2069`;
    doc.stack['numpy'] = isolate('2.4.6');
    (doc.stack['blas'] as Record<string, unknown>)['name'] = isolate('\u202Escipy-openblas');
    (doc['device'] as Record<string, unknown>)['name'] = isolate('NVIDIA H100 80GB HBM3');
    (doc.stack['frameworks'] as Record<string, unknown>[])[0]!['version'] = isolate('2.5.1');
    doc['notes'] = [isolate('note')];
    doc['errors'] = ['\u200Fwarning'];
    doc.metrics[0]!['details'] = { size: 256, code: isolate('np.matmul(a, b, out=c)') };
    const r = validatePythonProbeDocument(doc);
    if (!r.ok) throw new Error(r.reason);
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(r.doc);
    expect(strings.filter((s) => new RegExp(BIDI_CONTROLS.source).test(s))).toEqual([]);
    expect(describeStack(r.doc)).toBe('PyTorch 2.5 · CUDA 12.4 · NVIDIA H100 80GB HBM3');
    expect(r.doc.device?.name).toBe('NVIDIA H100 80GB HBM3');
    expect(r.doc.notes).toEqual(['note']);
    // The caller's object is left as it was.
    expect(doc.stack['numpy']).toBe(isolate('2.4.6'));
  });

  it('are removed from a refusal that echoes the file', () => {
    expect(reasonFor({ ...h100(), kind: 'gpu-payoff\u202E/evil' })).toBe(
      'The file is not a document from gpu_payoff_probe.py --json: its kind is “gpu-payoff/evil”, not “gpu-payoff/python-probe”.',
    );
  });
});

describe('refusals read as sentences that name the field', () => {
  it('for values that are not documents', () => {
    const start = 'The file is not a document from gpu_payoff_probe.py --json: it holds';
    expect(reasonFor(null)).toBe(`${start} null, not a JSON object.`);
    expect(reasonFor([])).toBe(`${start} a list, not a JSON object.`);
    expect(reasonFor('gpu-payoff/python-probe')).toBe(`${start} text, not a JSON object.`);
    expect(reasonFor(42)).toBe(`${start} a number, not a JSON object.`);
    expect(reasonFor({})).toBe(`${start}: it has no kind, not “gpu-payoff/python-probe”.`.replace(': it holds', ''));
  });

  it('for text that is not JSON or too large', () => {
    const bad = parsePythonProbeJson('{"kind": ');
    expect(!bad.ok && bad.reason).toBe('The file is not valid JSON.');
    const huge = parsePythonProbeJson(' '.repeat(5 * 1024 * 1024));
    expect(!huge.ok && huge.reason).toBe('The file is larger than 4 MiB, too large to be a probe document.');
  });

  const tampering: [string, (d: Raw) => void, string][] = [
    ['a wrong schema version', (d) => (d['schemaVersion'] = 0), 'The field “schemaVersion” must be 1.'],
    ['stack not an object', (d) => ((d as Record<string, unknown>)['stack'] = []), 'The field “stack” must be an object.'],
    ['a missing Python version', (d) => delete d.stack['python'], 'The field “stack.python” must be text.'],
    ['metrics not a list', (d) => ((d as Record<string, unknown>)['metrics'] = {}), 'The field “metrics” must be a list.'],
    ['a metric that is null', (d) => (d.metrics[0] = null as never), 'The field “metrics[0]” must be an object.'],
    ['NaN smuggled in', (d) => ((d.metrics[0]!['samples'] as number[])[0] = NaN), 'is not a finite number.'],
    [
      'a negative value',
      (d) => (d.metrics[0]!['value'] = -1),
      'In metrics[0] (py.cpu.matmul.f32.gflops, numpy), the field “value” must not be negative.',
    ],
    [
      'p10 above the median',
      (d) => (d.metrics[0]!['p10'] = 1e4),
      'In metrics[0] (py.cpu.matmul.f32.gflops, numpy), the metric must have p10 ≤ median ≤ p90.',
    ],
    ['an unknown metric', (d) => (d.metrics[0]!['id'] = 'py.x'), 'The field “metrics[0].id” is not a known metric ("py.x").'],
    ['a bad load average', (d) => (d['conditions'] = { loadAverage1mStart: -1 }), 'must not be negative.'],
  ];
  for (const [what, change, expected] of tampering) {
    it(`for ${what}`, () => {
      const doc = h100();
      change(doc);
      const reason = reasonFor(doc);
      expectSentence(reason);
      expect(reason.endsWith(expected), reason).toBe(true);
      expect(reason).toMatch(/^(The field “[^”]+”|In metrics\[\d+\] \(py\.[\w.]+, \w+\), the (field “[^”]+”|metric))/);
    });
  }

  it('for the CPU-only document of the real probe, tampered', () => {
    const raw = JSON.parse(JSON.stringify(cpuProbe())) as Raw;
    raw['profile'] = 'fast';
    expect(reasonFor(raw)).toBe('The field “profile” must be quick or full.');
  });
});
