import { describe, expect, it } from 'vitest';
import { METRICS, isMetricId } from '../../../../src/model/bench/metrics.ts';
import { PY_METRIC_IDS, PY_METRIC_SPECS } from '../../../../src/model/python/python-probe.ts';
import {
  ELEMENTWISE_FLOP_PER_BYTE,
  cpuWorkFor,
  probeAsBenchRun,
  pythonFields,
} from '../../../../src/model/python/python-lane.ts';
import { browserLabel, deviceLabel, runUserAgent } from '../../../../src/model/history/describe.ts';
import { cpuProbe, gpuProbe } from '../../fixtures/python-fixtures.ts';

describe('the py.* metrics in the one registry', () => {
  it('holds every id the probe may write, with the probe’s unit and direction', () => {
    for (const id of PY_METRIC_IDS) {
      expect(isMetricId(id), id).toBe(true);
      if (!isMetricId(id)) continue;
      expect(METRICS[id].unit, id).toBe(PY_METRIC_SPECS[id].unit);
      expect(METRICS[id].better, id).toBe(PY_METRIC_SPECS[id].better);
      // Ceilings are quoted by their best sample and costs by their median, as the probe states.
      expect(METRICS[id].kind === 'ceiling' ? 'best' : 'median', id).toBe(PY_METRIC_SPECS[id].statistic);
      expect(METRICS[id].label.startsWith('Python: '), id).toBe(true);
    }
  });
});

describe('probeAsBenchRun', () => {
  it('shows the real CPU-only document as a run with NumPy’s metrics and no GPU', () => {
    const run = probeAsBenchRun(cpuProbe());
    expect(run.environment.host).toBe('python');
    expect(browserLabel(runUserAgent(run))).toBe('Python 3.11');
    expect(deviceLabel(run)).toBe('no GPU');
    expect(run.gpuUnavailable).toMatch(/no CUDA\/ROCm\/MPS device/);
    const sgemm = run.metrics.find((m) => m.id === 'py.cpu.matmul.f32.gflops');
    expect(sgemm?.status).toBe('ok');
    if (sgemm?.status === 'ok') expect(sgemm.best).toBeCloseTo(56.35, 1);
    expect(run.metrics.map((m) => m.id)).toHaveLength(5);
  });

  it('names the GPU the probe measured as the adapter', () => {
    const run = probeAsBenchRun(gpuProbe());
    expect(deviceLabel(run)).toBe('NVIDIA H100 80GB HBM3');
    expect(run.gpuUnavailable).toBeUndefined();
    expect(run.metrics.some((m) => m.id === 'py.gpu.launch.us')).toBe(true);
  });
});

describe('pythonFields', () => {
  it('fills the CPU field from NumPy sgemm for matmul-like work, badge "Python: NumPy"', () => {
    const { fields, badges } = pythonFields(cpuProbe(), { cpuWork: 'compute', launchMode: 'dispatch' });
    expect(fields.cpuGflops?.value).toBeCloseTo(56.35, 1);
    expect(fields.cpuGflops?.metric).toBe('py.cpu.matmul.f32.gflops');
    expect(badges.cpuGflops).toBe('Python: NumPy');
    expect(fields.cpuGflops?.note).toMatch(
      /^From the Python probe run of .*: NumPy matmul float32 \(BLAS, all threads\), the best of \d+ samples over its size sweep, 56.35 GFLOPS$/,
    );
    // No GPU framework: nothing else is filled.
    expect(Object.keys(fields)).toEqual(['cpuGflops']);
  });

  it('turns elementwise bandwidth into GFLOPS at 2 FLOPs per 16 bytes for elementwise-like work', () => {
    const { fields } = pythonFields(cpuProbe(), { cpuWork: 'memory', launchMode: 'dispatch' });
    expect(ELEMENTWISE_FLOP_PER_BYTE).toBe(0.125);
    expect(fields.cpuGflops?.value).toBeCloseTo(6.44 * 0.125, 2);
    expect(fields.cpuGflops?.metric).toBe('py.cpu.elementwise.gbps');
    expect(fields.cpuGflops?.note).toMatch(/limited by memory/);
  });

  it('takes GPU rate, pageable upload and launch cost from PyTorch', () => {
    const q = pythonFields(gpuProbe(), { cpuWork: 'compute', launchMode: 'dispatch' });
    expect(q.fields.gpuTflops?.value).toBe(50);
    expect(q.fields.transferGBps?.value).toBe(12);
    expect(q.fields.launchOverheadMs?.value).toBe(0.006);
    expect(q.badges.gpuTflops).toBe('Python: PyTorch');
    const sync = pythonFields(gpuProbe(), { cpuWork: 'compute', launchMode: 'roundtrip' });
    expect(sync.fields.launchOverheadMs?.value).toBe(0.02);
    expect(sync.fields.launchOverheadMs?.metric).toBe('py.gpu.sync.ms');
  });

  it('treats elementwise, reduction, softmax and FFT as memory-bound, the rest and classic mode as compute', () => {
    expect(cpuWorkFor('elementwise')).toBe('memory');
    expect(cpuWorkFor('softmax')).toBe('memory');
    expect(cpuWorkFor('matmul')).toBe('compute');
    expect(cpuWorkFor(null)).toBe('compute');
  });
});
