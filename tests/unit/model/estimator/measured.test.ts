import { describe, expect, it } from 'vitest';
import {
  measuredFields,
  mergeMeasured,
  speedupRange,
  speedupRangeText,
} from '../../../../src/model/estimator/measured.ts';
import { okMetric, type Metric } from '../../../../src/model/bench/metrics.ts';
import { estimate, type InputKey } from '../../../../src/model/estimator/estimator.ts';
import { parseBrowser } from '../../../../src/model/bench/browser.ts';
import { gpuDisplayName } from '../../../../src/model/bench/hardware.ts';
import { formatBytes } from '../../../../src/model/bench/hardware-text.ts';

const metrics: Metric[] = [
  okMetric('cpu.simdAll.gflops', 'GFLOPS', 'higher', [90, 95, 96, 100]),
  okMetric('cpu.simd1.gflops', 'GFLOPS', 'higher', [50, 52, 55]),
  okMetric('cpu.js.gflops', 'GFLOPS', 'higher', [6, 7]),
  okMetric('gpu.f32.gflops', 'GFLOPS', 'higher', [14000, 15000, 16000]),
  okMetric('gpu.upload.gbps', 'GB/s', 'higher', [10, 12, 13]),
  okMetric('gpu.dispatch.us', 'µs', 'lower', [5, 6, 7]),
  okMetric('gpu.roundtrip.ms', 'ms', 'lower', [0.05, 0.06, 0.08]),
  { id: 'gpu.device.gbps', status: 'failed', unit: 'GB/s', better: 'higher', error: 'validation failed' },
];

describe('measuredFields', () => {
  it('maps metrics to fields in the estimator\u2019s units', () => {
    const f = measuredFields(metrics, { cpuTier: 'simdAll', launchMode: 'dispatch' });
    expect(f.cpuGflops?.value).toBe(100);
    expect(f.gpuTflops?.value).toBe(16);
    expect(f.transferGBps?.value).toBe(13);
    expect(f.launchOverheadMs?.value).toBeCloseTo(0.006, 9);
    expect(f.totalGigaOps).toBeUndefined();
    expect(f.cpuGflops?.note).toContain('the best of 4 samples, because a peak rate');
  });
  it('says which statistic fills a field and gives the spread in the field\u2019s own unit', () => {
    // The case: 7.236 GFLOPS best, p10–p90 far below it, shown in a TFLOPS field.
    const gpu = okMetric('gpu.f32.gflops', 'GFLOPS', 'higher', [0.5, 0.7, 1, 2, 3, 3.5, 4, 5, 6, 6.5, 7, 7.236]);
    const f = measuredFields([gpu], { cpuTier: 'simdAll', launchMode: 'dispatch' });
    const note = f.gpuTflops?.note ?? '';
    expect(f.gpuTflops?.value).toBeCloseTo(0.007236, 9);
    expect(note).toMatch(/^GPU f32 throughput: the best of 12 samples, because a peak rate/);
    expect(note).toMatch(/Samples ranged 0\.000\d+–0\.00\d+ TFLOPS \(p10–p90\), median 0\.00\d+ TFLOPS/);
    expect(note).not.toContain('GFLOPS');
    const launch = measuredFields(metrics, { cpuTier: 'simdAll', launchMode: 'dispatch' }).launchOverheadMs?.note;
    expect(launch).toMatch(/the median of 3 samples.*0\.0052–0\.0068 ms/);
  });
  it('follows the tier and launch-mode choice', () => {
    const f = measuredFields(metrics, { cpuTier: 'js', launchMode: 'roundtrip' });
    expect(f.cpuGflops?.value).toBe(7);
    expect(f.launchOverheadMs?.value).toBeCloseTo(0.06, 9);
  });
  it('fills nothing from a failed or missing metric', () => {
    const f = measuredFields(
      metrics.filter((m) => m.id !== 'gpu.f32.gflops'),
      { cpuTier: 'simd1', launchMode: 'dispatch' },
    );
    expect(f.gpuTflops).toBeUndefined();
    expect(f.cpuGflops?.value).toBe(55);
  });
});

describe('speedupRange', () => {
  it('brackets the point estimate using the measured spread', () => {
    const f = measuredFields(metrics, { cpuTier: 'simdAll', launchMode: 'dispatch' });
    const inputs = {
      cpuGflops: f.cpuGflops!.value,
      gpuTflops: f.gpuTflops!.value,
      totalGigaOps: 100,
      transferGBps: f.transferGBps!.value,
      dataGB: 1,
      launchOverheadMs: f.launchOverheadMs!.value,
      launchCount: 100,
    };
    const r = speedupRange(inputs, f, () => true);
    const s = estimate(inputs).speedup;
    expect(r).toBeDefined();
    expect(r!.low).toBeLessThan(s);
    expect(r!.high).toBeGreaterThanOrEqual(s * (1 - 1e-12));
  });
  it('says what the range is and where the estimate sits in it', () => {
    expect(speedupRangeText({ low: 19.7, high: 29.5 }, 19.7)).toBe(
      'Measured spread: 19.7× – 29.5×, the speedup at the p10 and p90 of every measured input (the values 10 % and 90 % of its samples fall below). The estimate sits at its bottom: it uses each rate\u2019s best sample and each cost\u2019s median, and the samples spread above that.',
    );
    expect(speedupRangeText({ low: 10, high: 20 }, 15)).toContain('The estimate lies within it.');
    expect(speedupRangeText({ low: 10, high: 20 }, 19.9)).toContain('sits at its top');
  });
  it('is undefined when nothing is measured', () => {
    const inputs = {
      cpuGflops: 1,
      gpuTflops: 1,
      totalGigaOps: 1,
      transferGBps: 1,
      dataGB: 1,
      launchOverheadMs: 1,
      launchCount: 1,
    };
    expect(speedupRange(inputs, {}, (_k: InputKey) => true)).toBeUndefined();
  });
});

describe('hardware report helpers', () => {
  it('parses browsers', () => {
    expect(
      parseBrowser(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      ),
    ).toEqual({ name: 'Headless Chrome', version: '156.0.0.0' });
    expect(
      parseBrowser(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
      ).name,
    ).toBe('Edge');
    expect(
      parseBrowser(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15',
      ),
    ).toEqual({ name: 'Safari', version: '18.2' });
    expect(parseBrowser('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0').name).toBe('Firefox');
    expect(parseBrowser('curl/8').name).toBe('');
  });
  it('says when the browser hides the GPU name', () => {
    const base = {
      available: true as const,
      vendor: 'nvidia',
      architecture: 'hopper',
      device: '',
      description: '',
      isFallbackAdapter: false,
      nameHidden: true,
      features: { timestampQuery: true, shaderF16: true, subgroups: true, all: [] },
      limits: {
        maxBufferSize: 1,
        maxStorageBufferBindingSize: 1,
        maxComputeWorkgroupsPerDimension: 1,
        maxComputeInvocationsPerWorkgroup: 1,
        maxComputeWorkgroupSizeX: 1,
      },
    };
    expect(gpuDisplayName(base)).toBe('nvidia hopper (the browser hides the exact model)');
    expect(gpuDisplayName({ ...base, vendor: '', architecture: '' })).toBe('Hidden by the browser');
    expect(formatBytes(1073741824)).toBe('1 GiB');
  });
});

describe('mergeMeasured', () => {
  const defaults = {
    cpuGflops: '50',
    gpuTflops: '10',
    totalGigaOps: '100',
    transferGBps: '16',
    dataGB: '1',
    launchOverheadMs: '0.05',
    launchCount: '100',
  };
  const sources = {
    cpuGflops: 'manual',
    gpuTflops: 'default',
    totalGigaOps: 'manual',
    transferGBps: 'measured',
    dataGB: 'default',
    launchOverheadMs: 'default',
    launchCount: 'default',
  } as const;
  const state = {
    raw: { ...defaults, cpuGflops: '12', totalGigaOps: '7', transferGBps: '3' },
    sources: { ...sources },
  };
  const measured = measuredFields(
    metrics.filter((m) => m.id !== 'gpu.upload.gbps'),
    { cpuTier: 'simdAll', launchMode: 'dispatch' },
  );

  it('fills untyped fields, keeps typed ones, and drops a measurement that went away', () => {
    const next = mergeMeasured(state, measured, defaults, false);
    expect(next.raw.cpuGflops).toBe('12');
    expect(next.sources.cpuGflops).toBe('manual');
    expect(next.raw.gpuTflops).toBe('16');
    expect(next.sources.gpuTflops).toBe('measured');
    expect(next.raw.totalGigaOps).toBe('7');
    // Upload bandwidth is no longer measured: back to the default, marked as such.
    expect(next.raw.transferGBps).toBe('16');
    expect(next.sources.transferGBps).toBe('default');
  });
  it('restores every measured value when asked', () => {
    const next = mergeMeasured(state, measured, defaults, true);
    expect(next.raw.cpuGflops).toBe('100');
    expect(next.sources.cpuGflops).toBe('measured');
    expect(next.raw.totalGigaOps).toBe('7');
  });
});
