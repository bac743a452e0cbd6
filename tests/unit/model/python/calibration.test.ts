import { describe, expect, it } from 'vitest';
import { calibrateFields, calibrationFactors, combineLanes, formatFactor } from '../../../../src/model/python/calibration.ts';
import { measuredFields } from '../../../../src/model/estimator/measured.ts';
import { pythonFields } from '../../../../src/model/python/python-lane.ts';
import { makeRun } from '../../fixtures/history-fixtures.ts';
import { cpuProbe, gpuProbe } from '../../fixtures/python-fixtures.ts';

describe('calibrationFactors', () => {
  it('divides NumPy sgemm by Wasm all-core SIMD, PyTorch launch by WebGPU dispatch, pinned by upload', () => {
    // Browser: 40 GFLOPS all-core SIMD, 20 µs median dispatch, 10 GB/s upload.
    const browser = makeRun({ cpuGflops: 40, dispatchUs: 20, uploadGBps: 10 }).metrics;
    const f = calibrationFactors(browser, gpuProbe());
    expect(f.map((x) => x.id)).toEqual(['cpu', 'launch', 'transfer']);
    expect(f[0]?.factor).toBeCloseTo(56.3535 / 40, 3);
    expect(f[0]?.label).toBe('NumPy sgemm ÷ Wasm SIMD, all cores');
    // Median PyTorch launch 6 µs over the browser's median dispatch 21 µs (samples 20, 22, 21).
    expect(f[1]?.factor).toBeCloseTo(6 / 21, 6);
    expect(f[1]?.label).toBe('PyTorch launch ÷ WebGPU dispatch');
    expect(f[2]?.factor).toBeCloseTo(25 / 10, 6);
  });

  it('leaves out what either side did not measure', () => {
    const browser = makeRun({ cpuGflops: 40 }).metrics;
    expect(calibrationFactors(browser, cpuProbe()).map((x) => x.id)).toEqual(['cpu']);
    expect(calibrationFactors([], gpuProbe())).toEqual([]);
  });

  it('formats factors for people', () => {
    expect(formatFactor(1.4088)).toBe('1.4×');
    expect(formatFactor(0.2857)).toBe('0.29×');
    expect(formatFactor(12.345)).toBe('12.3×');
  });
});

describe('calibrateFields and combineLanes', () => {
  const run = makeRun({ cpuGflops: 40, dispatchUs: 20, uploadGBps: 10 });
  const browser = measuredFields(run.metrics, { cpuTier: 'simdAll', launchMode: 'dispatch' });

  it('scales only fields filled from the metric the factor was measured against, badge "calibrated"', () => {
    const factors = calibrationFactors(run.metrics, gpuProbe());
    const out = calibrateFields(browser, factors);
    expect(out.fields.cpuGflops?.value).toBeCloseTo(56.35, 1);
    expect(out.fields.transferGBps?.value).toBe(25);
    expect(out.fields.launchOverheadMs?.value).toBeCloseTo(0.006, 6);
    expect(out.badges).toEqual({ cpuGflops: 'calibrated', launchOverheadMs: 'calibrated', transferGBps: 'calibrated' });
    expect(out.fields.cpuGflops?.note).toMatch(/^Calibrated: the browser's CPU, Wasm SIMD, all cores × 1\.4×/);
    // The GPU rate has no factor and stays the browser's.
    expect(out.fields.gpuTflops).toEqual(browser.gpuTflops);
    // One core's SIMD is not what sgemm was compared with: no calibration.
    const single = measuredFields(run.metrics, { cpuTier: 'simd1', launchMode: 'roundtrip' });
    expect(calibrateFields(single, factors).badges).toEqual({ transferGBps: 'calibrated' });
  });

  it('lets an applied Python run win over calibration, and the browser fill what Python lacks', () => {
    const factors = calibrationFactors(run.metrics, cpuProbe());
    const py = pythonFields(cpuProbe(), { cpuWork: 'compute', launchMode: 'dispatch' });
    const both = combineLanes(browser, py, factors);
    expect(both.badges).toEqual({ cpuGflops: 'Python: NumPy' });
    expect(both.fields.gpuTflops).toEqual(browser.gpuTflops);
    expect(combineLanes(browser, undefined, factors).badges).toEqual({ cpuGflops: 'calibrated' });
    expect(combineLanes(browser, undefined, undefined)).toEqual({ fields: browser, badges: {} });
  });
});
