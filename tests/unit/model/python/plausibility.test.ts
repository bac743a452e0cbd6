import { describe, expect, it } from 'vitest';
import {
  HOST_LINK_GBPS_RANGE,
  PY_PLAUSIBLE_RANGES,
  implausibleFigure,
  pyMetricName,
} from '../../../../src/model/python/plausibility.ts';
import { PY_METRIC_IDS, type PyMetricId } from '../../../../src/model/python/python-probe.ts';
import { validatePythonProbeDocument } from '../../../../src/model/python/python-probe-validate.ts';
import { pythonFields, type PythonFieldChoice } from '../../../../src/model/python/python-lane.ts';
import type { InputKey } from '../../../../src/model/estimator/estimator.ts';
import { cpuProbe, gpuProbe, pyMetric } from '../../fixtures/python-fixtures.ts';

describe('the plausible ranges', () => {
  it('cover every metric id, each a range with 0 ≤ min < max, rates above 0', () => {
    expect(Object.keys(PY_PLAUSIBLE_RANGES).sort()).toEqual([...PY_METRIC_IDS].sort());
    for (const id of PY_METRIC_IDS) {
      const { min, max } = PY_PLAUSIBLE_RANGES[id];
      expect(min, id).toBeGreaterThanOrEqual(0);
      expect(max, id).toBeGreaterThan(min);
      // A rate of 0 never finishes; only the fitted upload latency may be 0 (a clamped fit).
      if (id !== 'py.gpu.upload.latency.ms') expect(min, id).toBeGreaterThan(0);
    }
    expect(HOST_LINK_GBPS_RANGE).toEqual(PY_PLAUSIBLE_RANGES['py.gpu.upload.pinned.gbps']);
  });

  it('sit at least 10× away from what the real probe measured on this machine', () => {
    const doc = cpuProbe();
    for (const m of doc.metrics) {
      if (m.status !== 'ok') continue;
      const { min, max } = PY_PLAUSIBLE_RANGES[m.id];
      expect(m.value * 10, m.id).toBeLessThan(max);
      expect(m.value / 10, m.id).toBeGreaterThan(min);
    }
  });

  // Each field the estimator takes from a probe, with the metric that fills it.
  const feeds: [InputKey, PyMetricId, PythonFieldChoice][] = [
    ['cpuGflops', 'py.cpu.matmul.f32.gflops', { cpuWork: 'compute', launchMode: 'dispatch' }],
    ['cpuGflops', 'py.cpu.elementwise.gbps', { cpuWork: 'memory', launchMode: 'dispatch' }],
    ['gpuTflops', 'py.gpu.matmul.f32.gflops', { cpuWork: 'compute', launchMode: 'dispatch' }],
    ['transferGBps', 'py.gpu.upload.gbps', { cpuWork: 'compute', launchMode: 'dispatch' }],
    ['launchOverheadMs', 'py.gpu.launch.us', { cpuWork: 'compute', launchMode: 'dispatch' }],
    ['launchOverheadMs', 'py.gpu.sync.ms', { cpuWork: 'compute', launchMode: 'roundtrip' }],
  ];
  for (const [key, id, choice] of feeds) {
    it(`let “Use in estimator” take ${id} at both ends of its range (never silently ignored)`, () => {
      for (const figure of [PY_PLAUSIBLE_RANGES[id].min, PY_PLAUSIBLE_RANGES[id].max]) {
        const raw = JSON.parse(JSON.stringify(gpuProbe())) as { metrics: Record<string, unknown>[] };
        const framework = id.startsWith('py.cpu.') ? 'numpy' : 'torch';
        raw.metrics = raw.metrics.filter((m) => !(m['id'] === id && m['framework'] === framework));
        raw.metrics.push(pyMetric(id, framework, [figure, figure, figure]));
        const read = validatePythonProbeDocument(raw);
        if (!read.ok) throw new Error(read.reason);
        const { fields } = pythonFields(read.doc, choice);
        expect(fields[key]?.metric, `${id} = ${figure}`).toBe(id);
      }
    });
  }
});

describe('implausibleFigure', () => {
  it('refuses a rate beyond any device, naming the metric and the range', () => {
    expect(implausibleFigure('py.gpu.matmul.f32.gflops', 'its best', 1e15, true)).toBe(
      'its best, 1e15 GFLOPS, is beyond any device (the page believes 1 to 2e6 GFLOPS for GPU matmul float32)',
    );
  });

  it('refuses a headline slower than any device, on the side each metric’s direction says', () => {
    expect(implausibleFigure('py.gpu.readback.gbps', 'its best', 1e-12, true)).toMatch(
      /^its best, 1e-12 GB\/s, is slower than any real device \(the page believes 0\.01 to 5000 GB\/s for readback/,
    );
    expect(implausibleFigure('py.gpu.sync.ms', 'its median', 1e15, true)).toMatch(/1e15 ms, is slower than any/);
    // A time below the fastest device is "beyond any device": a call overhead of 0 is a broken timer.
    expect(implausibleFigure('py.cpu.call.us', 'its median', 0, true)).toMatch(/0 µs, is beyond any device/);
  });

  it('lets a slow outlier through when it is not the headline, and a real figure always', () => {
    expect(implausibleFigure('py.gpu.sync.ms', 'a sample', 5000, false)).toBeUndefined();
    expect(implausibleFigure('py.cpu.matmul.f32.gflops', 'p10', 1e-6, false)).toBeUndefined();
    expect(implausibleFigure('py.gpu.sync.ms', 'a sample', 1e-6, false)).toMatch(/beyond any device/);
    for (const id of PY_METRIC_IDS) {
      const { min, max } = PY_PLAUSIBLE_RANGES[id];
      expect(implausibleFigure(id, 'x', Math.sqrt(Math.max(min, 1e-9) * max), true), id).toBeUndefined();
    }
  });

  it('names each metric by the registry’s label without the lane prefix', () => {
    expect(pyMetricName('py.cpu.call.us')).toBe('NumPy cost per tiny ufunc call');
    for (const id of PY_METRIC_IDS) expect(pyMetricName(id)).not.toMatch(/^Python:/);
  });
});
