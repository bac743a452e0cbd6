import { describe, expect, it } from 'vitest';
import { okMetric, type Metric } from '../../../../src/model/bench/metrics.ts';
import {
  defaultMachineRaw,
  defaultMachineState,
  f64DefaultNote,
  machineStateFromQuery,
  measuredDtypeRates,
  measuredMachineFields,
  mergeMachineMeasured,
  queryFromMachineState,
  validateMachineFields,
} from '../../../../src/model/workloads/machine.ts';

const metrics: Metric[] = [
  okMetric('gpu.device.gbps', 'GB/s', 'higher', [300, 310, 320]),
  okMetric('cpu.mem.gbps', 'GB/s', 'higher', [40, 42, 45]),
  okMetric('cpu.mem1.gbps', 'GB/s', 'higher', [15, 16, 17]),
  okMetric('cpu.simdAll.f64.gflops', 'GFLOPS', 'higher', [50, 51]),
  okMetric('gpu.f16.gflops', 'GFLOPS', 'higher', [20000]),
];

describe('machine fields', () => {
  it('defaults: 20 and 360 GB/s; the float64 ratio by adapter class, with the reason', () => {
    expect(defaultMachineRaw('consumer')).toEqual({ cpuMemGBps: '20', gpuMemGBps: '360', gpuF64Ratio: '0.015625' });
    expect(defaultMachineRaw('datacenter').gpuF64Ratio).toBe('0.5');
    expect(f64DefaultNote('consumer')).toMatch(/^Default 1\/64: GeForce/);
  });

  it('measured bandwidths: GPU from gpu.device.gbps, CPU from all cores or one core by the CPU baseline', () => {
    const all = measuredMachineFields(metrics, 'simdAll');
    expect(all.gpuMemGBps?.value).toBe(320);
    expect(all.cpuMemGBps?.value).toBe(45);
    expect(all.cpuMemGBps?.note).toMatch(/best of 3 samples/);
    expect(measuredMachineFields(metrics, 'simd1').cpuMemGBps?.value).toBe(17);
    expect(measuredMachineFields([], 'simdAll')).toEqual({});
    expect(measuredDtypeRates(metrics, 'simdAll')).toEqual({ cpuF64Gflops: 51, gpuF16Tflops: 20 });
    expect(measuredDtypeRates(metrics, 'js')).toEqual({ cpuF64Gflops: undefined, gpuF16Tflops: 20 });
  });

  it('merging a run keeps typed values unless asked, and drops a measurement that went away', () => {
    const typed = { ...defaultMachineState('unknown') };
    typed.raw = { ...typed.raw, gpuMemGBps: '900' };
    typed.sources = { ...typed.sources, gpuMemGBps: 'manual' };
    const m = measuredMachineFields(metrics, 'simdAll');
    const merged = mergeMachineMeasured(typed, m, defaultMachineRaw('unknown'), false);
    expect(merged.raw.gpuMemGBps).toBe('900');
    expect(merged.raw.cpuMemGBps).toBe('45');
    expect(merged.sources.cpuMemGBps).toBe('measured');
    const restored = mergeMachineMeasured(merged, m, defaultMachineRaw('unknown'), true);
    expect(restored.raw.gpuMemGBps).toBe('320');
    const gone = mergeMachineMeasured(restored, {}, defaultMachineRaw('consumer'), false);
    expect(gone.raw).toEqual(defaultMachineRaw('consumer'));
    expect(gone.sources.cpuMemGBps).toBe('default');
  });

  it('URL: cpuMem, gpuMem and gpuF64 read verbatim as typed, written in order', () => {
    const base = defaultMachineState('unknown');
    const s = machineStateFromQuery(new URLSearchParams('gpuMem=3350&gpuF64=1/2&cpuMem=abc'), base);
    expect(s.raw).toEqual({ cpuMemGBps: 'abc', gpuMemGBps: '3350', gpuF64Ratio: '1/2' });
    expect(s.sources).toEqual({ cpuMemGBps: 'manual', gpuMemGBps: 'manual', gpuF64Ratio: 'manual' });
    expect(queryFromMachineState(s, () => true)).toBe('cpuMem=abc&gpuMem=3350&gpuF64=1%2F2');
    expect(queryFromMachineState(s, (k) => k === 'gpuMemGBps')).toBe('gpuMem=3350');
    const v = validateMachineFields(s.raw);
    expect(v.values).toBeUndefined();
    expect(v.fields.cpuMemGBps.ok).toBe(false);
    expect(v.fields.gpuF64Ratio).toMatchObject({ ok: true, value: 0.5 });
  });

  it('field-level messages for hostile values', () => {
    const v = validateMachineFields({ cpuMemGBps: '0', gpuMemGBps: '-5', gpuF64Ratio: '2' });
    expect(v.fields.cpuMemGBps).toMatchObject({ ok: false });
    expect(v.fields.gpuMemGBps).toMatchObject({ ok: false, message: 'Must not be negative.' });
    expect(v.fields.gpuF64Ratio).toMatchObject({ ok: false });
    expect(validateMachineFields(defaultMachineRaw('unknown')).values).toEqual({
      cpuMemGBps: 20,
      gpuMemGBps: 360,
      gpuF64Ratio: 1 / 32,
    });
  });
});
