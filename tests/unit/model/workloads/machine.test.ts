import { describe, expect, it } from 'vitest';
import { measuredMetric, okMetric, type Metric } from '../../../../src/model/bench/metrics.ts';
import { achievablePointsToDetails } from '../../../../src/model/workloads/achievable.ts';
import {
  defaultMachineRaw,
  defaultMachineState,
  f64DefaultNote,
  machineStateFromQuery,
  measuredDtypeRates,
  measuredCurves,
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
    expect(defaultMachineRaw('consumer')).toMatchObject({
      cpuMemGBps: '20',
      gpuMemGBps: '360',
      gpuF64Ratio: '0.015625',
      cpuCallUs: '0',
      uploadLatencyMs: '0',
      readbackGBps: '',
      readbackLatencyMs: '0',
      'gpu.matmul.eff': '',
      'cpu.rowwise.us': '',
    });
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
    expect(s.raw).toMatchObject({ cpuMemGBps: 'abc', gpuMemGBps: '3350', gpuF64Ratio: '1/2' });
    expect(s.sources).toMatchObject({
      cpuMemGBps: 'manual',
      gpuMemGBps: 'manual',
      gpuF64Ratio: 'manual',
      cpuCallUs: 'default',
    });
    // Blank optional fields (readback rate, per-class figures) are their default and do not travel.
    expect(queryFromMachineState(s, () => true)).toBe(
      'cpuMem=abc&gpuMem=3350&gpuF64=1%2F2&cpuCall=0&cpuCall1=0&upLat=0&backLat=0',
    );
    expect(queryFromMachineState(s, (k) => k === 'gpuMemGBps')).toBe('gpuMem=3350');
    const v = validateMachineFields(s.raw);
    expect(v.values).toBeUndefined();
    expect(v.fields.cpuMemGBps.ok).toBe(false);
    expect(v.fields.gpuF64Ratio).toMatchObject({ ok: true, value: 0.5 });
  });

  it('field-level messages for hostile values', () => {
    const v = validateMachineFields({
      ...defaultMachineRaw('unknown'),
      cpuMemGBps: '0',
      gpuMemGBps: '-5',
      gpuF64Ratio: '2',
    });
    expect(v.fields.cpuMemGBps).toMatchObject({ ok: false });
    expect(v.fields.gpuMemGBps).toMatchObject({ ok: false, message: 'Must not be negative.' });
    expect(v.fields.gpuF64Ratio).toMatchObject({ ok: false });
    expect(validateMachineFields(defaultMachineRaw('unknown')).values).toEqual({
      cpuMemGBps: 20,
      gpuMemGBps: 360,
      gpuF64Ratio: 1 / 32,
      cpuCallUs: 0,
      cpuCall1Us: 0,
      uploadLatencyMs: 0,
      readbackLatencyMs: 0,
    });
  });
});

describe('issue #20 machine fields', () => {
  const pts = (seconds: (n: number) => number) =>
    achievablePointsToDetails(
      [64, 256].map((n) => ({
        size: n,
        shape: `n=${n}`,
        flops: 2 * n ** 3,
        deviceBytes: 12 * n * n,
        seconds: seconds(n),
      })),
    );
  const run: Metric[] = [
    okMetric('gpu.f32.gflops', 'GFLOPS', 'higher', [10]),
    okMetric('gpu.device.gbps', 'GB/s', 'higher', [2]),
    okMetric('cpu.simdAll.gflops', 'GFLOPS', 'higher', [50]),
    okMetric('cpu.mem.gbps', 'GB/s', 'higher', [5]),
    okMetric('gpu.copy.upload.latency.ms', 'ms', 'lower', [0.2, 0.3, 0.4]),
    okMetric('gpu.copy.readback.gbps', 'GB/s', 'higher', [1.5]),
    okMetric('gpu.copy.readback.latency.ms', 'ms', 'lower', [0.6]),
    okMetric('gpu.readback.latency.ms', 'ms', 'lower', [9]),
    okMetric('cpu.call.us', 'µs', 'lower', [90, 100, 110]),
    okMetric('cpu.call1.us', 'µs', 'lower', [6]),
    // GPU: 2 ms fixed + 5 % of 10 GFLOPS; CPU: 50 µs + 20 % of 50 GFLOPS.
    measuredMetric(
      'gpu.matmul.gflops',
      [0.5],
      pts((n) => 2e-3 + (2 * n ** 3) / 0.5e9),
    ),
    measuredMetric(
      'cpu.matmul.gflops',
      [10],
      pts((n) => 50e-6 + (2 * n ** 3) / 10e9),
    ),
  ];

  it('a run fills the copy path, the call cost and each class’s share and fixed cost', () => {
    const f = measuredMachineFields(run, 'simdAll');
    expect(f.uploadLatencyMs?.value).toBe(0.3);
    expect(f.readbackGBps?.value).toBe(1.5);
    // The workload path's latency, not the suite's best path (9 ms).
    expect(f.readbackLatencyMs?.value).toBe(0.6);
    expect(f.cpuCallUs?.value).toBe(100);
    expect(f.cpuCall1Us?.value).toBe(6);
    expect(f['gpu.matmul.eff']?.value).toBeCloseTo(5, 9);
    expect(f['gpu.matmul.us']?.value).toBeCloseTo(2000, 6);
    expect(f['cpu.matmul.eff']?.value).toBeCloseTo(20, 9);
    expect(f['cpu.matmul.us']?.value).toBeCloseTo(50, 6);
    expect(f['gpu.matmul.eff']?.note).toMatch(/^achievable: the GPU matmul kernel at n=256/);
  });

  it('the CPU’s call cost and class figures only for the all-core baseline they were measured on', () => {
    const one = measuredMachineFields(run, 'simd1');
    expect(one.cpuCallUs).toBeUndefined();
    expect(one['cpu.matmul.eff']).toBeUndefined();
    expect(one['gpu.matmul.eff']?.value).toBeCloseTo(5, 9);
  });

  it('blank optional fields are valid and have no value; typed ones are checked like any field', () => {
    const raw = { ...defaultMachineRaw('unknown'), 'gpu.matmul.eff': '3', 'cpu.reduction.us': '-1' };
    const v = validateMachineFields(raw);
    expect(v.fields.readbackGBps).toEqual({ ok: true, blank: true });
    expect(v.fields['gpu.matmul.eff']).toMatchObject({ ok: true, value: 3 });
    expect(v.fields['cpu.reduction.us']).toMatchObject({ ok: false });
    expect(v.values).toBeUndefined();
    const fine = validateMachineFields({ ...raw, 'cpu.reduction.us': '' });
    expect(fine.values?.['gpu.matmul.eff']).toBe(3);
    expect(fine.values && 'readbackGBps' in fine.values).toBe(false);
  });

  it('a link carries the per-class figures by name and reads them back as typed', () => {
    const merged = mergeMachineMeasured(
      defaultMachineState('unknown'),
      measuredMachineFields(run, 'simdAll'),
      defaultMachineRaw('unknown'),
      false,
    );
    const q = queryFromMachineState(merged, (k) => k.startsWith('gpu.matmul'));
    expect(q).toBe('gpu.matmul.eff=5&gpu.matmul.us=2000');
    const back = machineStateFromQuery(new URLSearchParams(q), defaultMachineState('unknown'));
    expect(back.raw['gpu.matmul.eff']).toBe('5');
    expect(back.sources['gpu.matmul.us']).toBe('manual');
  });
});

describe('measuredCurves', () => {
  const curve = [
    { x: 1e-6, factor: 1 },
    { x: 1e-4, factor: 3 },
  ];
  const measured = {
    'gpu.matvec.eff': { key: 'gpu.matvec.eff', value: 5, metric: 'gpu.matvec.gbps', note: '', classCurve: curve },
    'gpu.matvec.us': { key: 'gpu.matvec.us', value: 200, metric: 'gpu.matvec.gbps', note: '' },
    uploadLatencyMs: {
      key: 'uploadLatencyMs',
      value: 0.03,
      metric: 'gpu.copy.upload.latency.ms',
      note: '',
      copyCurve: curve,
    },
    readbackLatencyMs: {
      key: 'readbackLatencyMs',
      value: 0.1,
      metric: 'gpu.copy.readback.latency.ms',
      note: '',
      copyCurve: curve,
    },
  } as const;

  it('without sources (Node): every curve the run measured', () => {
    const c = measuredCurves(measured);
    expect(c.classes.gpu?.matvec).toBe(curve);
    expect(c.copies).toEqual({ up: curve, back: curve });
  });

  it('a typed figure drops its curve: a class needs share and fixed cost measured, readback its latency and rate', () => {
    const sources = { ...defaultMachineState('unknown').sources };
    for (const k of ['gpu.matvec.eff', 'uploadLatencyMs', 'readbackLatencyMs', 'readbackGBps'] as const)
      sources[k] = 'measured';
    sources['gpu.matvec.us'] = 'manual';
    const c = measuredCurves(measured, sources);
    expect(c.classes.gpu?.matvec).toBeUndefined();
    expect(c.copies).toEqual({ up: curve, back: curve });
    sources['gpu.matvec.us'] = 'measured';
    sources.readbackGBps = 'manual';
    const d = measuredCurves(measured, sources);
    expect(d.classes.gpu?.matvec).toBe(curve);
    expect(d.copies).toEqual({ up: curve });
  });
});
