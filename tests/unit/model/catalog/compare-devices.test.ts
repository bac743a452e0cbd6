import { describe, expect, it } from 'vitest';
import { compareDevicesOn } from '../../../../src/model/catalog/compare.ts';
import {
  compareDevices,
  cpuRatesOf,
  cpuSide,
  probeCpus,
  probeGpus,
  probeIds,
  probeRatesDevice,
} from '../../../../src/model/catalog/compare-devices.ts';
import { readCompareSettings } from '../../../../src/model/catalog/compare-url.ts';
import { compareView, thisMachineBasis } from '../../../../src/model/catalog/compare-view.ts';
import type { InputKey } from '../../../../src/model/estimator/estimator.ts';
import { FIELDS } from '../../../../src/model/estimator/fields.ts';
import type { ValueSource } from '../../../../src/model/estimator/measured.ts';
import { estimateOnGpu } from '../../../../src/model/catalog/estimate.ts';
import { measuredGpuRatesFromProbe } from '../../../../src/model/catalog/measured.ts';
import { DEFAULT_ESTIMATE_OPTIONS } from '../../../../src/model/catalog/rates.ts';
import { gpuById } from '../../../../src/model/catalog/registry.ts';
import { customAnswer, workloadAnswer } from '../../../../src/model/answer/answer.ts';
import { HISTORY_SCHEMA_VERSION, type StoredPythonRun } from '../../../../src/model/history/records.ts';
import type { PythonProbeDocument } from '../../../../src/model/python/python-probe.ts';
import { workloadCounts } from '../../../../src/model/workloads/counts.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';
import { workloadResultsView } from '../../../../src/model/workloads/view.ts';
import { cpuProbe, gpuProbe } from '../../fixtures/python-fixtures.ts';

const MACHINE: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 20e9,
  gpuF32FlopsPerSecond: 1e12,
  gpuF64PerF32Ratio: 1 / 32,
  gpuMemoryBytesPerSecond: 100e9,
  transferBytesPerSecond: 10e9,
  launchOverheadSeconds: 20e-6,
};
const THIS = {
  name: 'This machine',
  gpu: { kind: 'this-machine' as const, f64PerF32Ratio: 1 / 32, unifiedMemory: false },
};
const SOURCES = Object.fromEntries(FIELDS.map((f) => [f.key, 'measured'])) as Record<InputKey, ValueSource>;
const W: Workload = { id: 'matmul', dtype: 'f32', shape: { m: 4096, n: 4096, k: 4096, batch: 1 } };

function run(id: string, probe: PythonProbeDocument, savedAt = '2025-01-02T00:00:00.000Z'): StoredPythonRun {
  return { schemaVersion: HISTORY_SCHEMA_VERSION, kind: 'python-run', id, name: 'x', savedAt, probe };
}

describe('probe ids', () => {
  it('probe- and the record id’s first 8 letters and digits; longer where two would share them', () => {
    const ids = probeIds([{ id: '1A2B3C4D-aaaa' }, { id: '1a2b3c4d-bbbb' }, { id: '---' }]);
    expect(ids.get('1A2B3C4D-aaaa')).toBe('probe-1a2b3c4d');
    expect(ids.get('1a2b3c4d-bbbb')).toBe('probe-1a2b3c4db');
    expect(ids.has('---')).toBe(false);
  });
});

describe('an imported probe run’s GPU', () => {
  it('named like a catalog GPU: that entry with the measured figures, labelled measured where measured', () => {
    const gpus = probeGpus([run('0f0f0f0f-1111', gpuProbe())]);
    expect(gpus).toHaveLength(1);
    expect(gpus[0]?.entry?.id).toBe('h100-sxm');
    const s = readCompareSettings({ gpus: 'probe-0f0f0f0f' }, { probeGpuIds: ['probe-0f0f0f0f'], probeCpuIds: [] });
    const devices = compareDevices(s, THIS, gpus);
    expect(devices[0]).toMatchObject({
      kind: 'catalog',
      id: 'probe-0f0f0f0f',
      name: 'NVIDIA H100 80GB HBM3 (imported run)',
    });
    const r = compareDevicesOn({
      workload: W,
      machine: MACHINE,
      cpu: cpuSide(s, cpuRatesOf(MACHINE), [])!,
      devices,
      options: s.options,
      thisMachineBasis: '',
    });
    const row = r.rows[0]!;
    const e = estimateOnGpu(
      gpuById('h100-sxm')!,
      workloadCounts(W),
      'f32',
      DEFAULT_ESTIMATE_OPTIONS,
      measuredGpuRatesFromProbe(gpuProbe()),
    );
    expect(e.kind === 'estimate' && row.time?.gpuSeconds === e.totalSeconds).toBe(true);
    expect(row.basisText).toMatch(/^measured/);
    expect(row.why[0]).toContain(
      'FP32 measured 50 TFLOPS (Python probe: PyTorch 2.5 · CUDA 12.4 · NVIDIA H100 80GB HBM3)',
    );
  });

  it('a GPU the catalog lacks: its measured figures through the roofline, or why it cannot be computed', () => {
    const doc = gpuProbe();
    const odd = { ...doc, device: { ...doc.device!, name: 'NVIDIA Quantum 9000' } };
    const [p] = probeGpus([run('abcdef01-2', odd)]);
    expect(p?.entry).toBeUndefined();
    // The fixture measured no device bandwidth: not enough for the roofline.
    const d = probeRatesDevice(p!, false);
    expect(d.kind).toBe('invalid');
    expect(d.kind === 'invalid' && d.message).toMatch(/did not measure device memory bandwidth/);
    const full = { ...p!, measured: { ...p!.measured, deviceBytesPerSecond: 2e12 } };
    const ok = probeRatesDevice(full, true);
    expect(ok).toMatchObject({ kind: 'rates', origin: 'probe' });
    if (ok.kind !== 'rates') return;
    expect(ok.rates.gpuF32FlopsPerSecond).toBe(50000e9);
    expect(ok.rates.transferBytesPerSecond).toBe(25e9); // pinned, as asked
    expect(ok.basisText).toBe('measured (Python probe: PyTorch 2.5 · CUDA 12.4 · NVIDIA Quantum 9000)');
  });

  it('a CPU-only run has no GPU to compare', () => {
    expect(probeGpus([run('cccccccc', cpuProbe())])).toEqual([]);
  });
});

describe('an imported probe run’s NumPy as the CPU', () => {
  it('its float32 matmul, float64 matmul and streaming rates', () => {
    const doc = cpuProbe();
    const [c] = probeCpus([run('dddddddd-1', doc)]);
    expect(c?.id).toBe('probe-dddddddd');
    const f32 = doc.metrics.find((m) => m.id === 'py.cpu.matmul.f32.gflops');
    expect(f32?.status).toBe('ok');
    expect(c?.rates.cpuF32FlopsPerSecond).toBe(f32?.status === 'ok' ? f32.best * 1e9 : NaN);
    expect(c?.label).toMatch(/^NumPy \d+\.\d+ · .* \(Python probe, imported /);
    const s = readCompareSettings({ vs: 'probe-dddddddd' }, { probeGpuIds: [], probeCpuIds: ['probe-dddddddd'] });
    expect(cpuSide(s, cpuRatesOf(MACHINE), [c!])?.rates).toBe(c?.rates);
  });

  it('a typed CPU: its two figures; a wrong one gives no CPU until fixed', () => {
    const s = readCompareSettings(
      { vs: 'typed', 'vs.gflops': '250', 'vs.gbps': '40' },
      { probeGpuIds: [], probeCpuIds: [] },
    );
    expect(cpuSide(s, cpuRatesOf(MACHINE), [])?.rates).toMatchObject({
      cpuF32FlopsPerSecond: 250e9,
      cpuMemoryBytesPerSecond: 40e9,
    });
    const bad = readCompareSettings({ vs: 'typed', 'vs.gflops': '0' }, { probeGpuIds: [], probeCpuIds: [] });
    expect(cpuSide(bad, cpuRatesOf(MACHINE), [])).toBeUndefined();
  });
});

describe('compareView: the section from the page’s state', () => {
  const input = (answer: ReturnType<typeof workloadAnswer> | undefined, raw = {}) => ({
    raw,
    answer,
    runs: [run('0f0f0f0f-1111', gpuProbe()), run('dddddddd-1', cpuProbe(), '2024-01-01T00:00:00.000Z')],
    thisMachineBasis: { provisional: false, sources: SOURCES, badges: {}, software: false },
    gpuClass: 'consumer' as const,
    browser: { f32Gflops: 5000, software: false },
  });

  it('a workload: rows, picker groups, CPUs (the answer’s, each imported NumPy, typed), warnings for the answer', () => {
    const a = workloadAnswer(workloadResultsView(W, MACHINE));
    const v = compareView(input(a));
    expect(v.result?.rows.map((r) => r.id)).toEqual([
      'this-machine',
      'probe-0f0f0f0f',
      't4',
      'l4',
      'a100-80-sxm',
      'h100-sxm',
      'rtx-4090',
    ]);
    expect(v.groups.map((g) => g.label)).toEqual([
      'This machine and your own',
      'Data centre and workstation (NVIDIA)',
      'Consumer (NVIDIA GeForce)',
      'AMD',
      'Intel',
      'Apple',
    ]);
    expect(v.groups.slice(1).flatMap((g) => g.devices).length).toBe(35);
    expect(v.cpus.map((c) => c.id)).toEqual(['answer', 'probe-0f0f0f0f', 'probe-dddddddd', 'typed']);
    expect(v.machinePitfalls.map((p) => p.id)).toEqual(
      v.result?.rows.find((r) => r.id === 'this-machine')?.pitfalls.map((p) => p.id),
    );
    expect(v.webgpu).toContain('this browser’s WebGPU 5 TFLOPS — 10 % of it');
    expect(v.result?.rows[0]?.basisText).toBe('measured in this browser (WebGPU)');
    expect(v.showControls).toBe(true);
  });

  it('a custom task: no comparison, said why; its warnings still reach the answer card', () => {
    const a = customAnswer({
      cpuGflops: 100,
      gpuTflops: 10,
      totalGigaOps: 0.001,
      transferGBps: 10,
      dataGB: 1,
      launchOverheadMs: 0.01,
      launchCount: 1,
    });
    const v = compareView(input(a));
    expect(v.result).toBeUndefined();
    expect(v.problem).toMatch(/needs the shape of your code/);
    expect(v.showControls).toBe(false);
    expect(v.machinePitfalls.map((p) => p.id)).toContain('transfer-bound');
  });

  it('the link’s problems are collected for the page', () => {
    const a = workloadAnswer(workloadResultsView(W, MACHINE));
    const v = compareView(input(a, { gpus: 'nope', 'w.tf32': 'x', vs: 'zzz' }));
    expect(v.messages).toHaveLength(3);
  });
});

describe('thisMachineBasis: this machine’s row is labelled as the answer is', () => {
  const base = { provisional: false, sources: SOURCES, badges: {}, software: false };
  it('measured in this browser, a software adapter said so, typed, a Python run’s, or defaults', () => {
    expect(thisMachineBasis(base)).toBe('measured in this browser (WebGPU)');
    expect(thisMachineBasis({ ...base, software: true })).toMatch(/software adapter/);
    expect(thisMachineBasis({ ...base, sources: { ...SOURCES, gpuTflops: 'manual' } })).toBe('typed');
    expect(thisMachineBasis({ ...base, badges: { gpuTflops: 'Python: PyTorch' } })).toBe('measured (Python: PyTorch)');
    expect(thisMachineBasis({ ...base, provisional: true })).toBe('default values, not measured yet');
  });
});
