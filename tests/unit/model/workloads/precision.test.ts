import { describe, expect, it } from 'vitest';
import {
  GPU_F64_RATIO_BY_CLASS,
  gpuClassFromAdapter,
  machineRatesFromFields,
  ratesForDtype,
  ratioText,
  type MachineRates,
} from '../../../../src/model/workloads/precision.ts';

const base: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 30e9,
  gpuF32FlopsPerSecond: 20e12,
  gpuF64PerF32Ratio: 1 / 64,
  gpuMemoryBytesPerSecond: 500e9,
  transferBytesPerSecond: 25e9,
  launchOverheadSeconds: 1e-5,
};

describe('ratesForDtype', () => {
  it('float32: the rates as given, no notes', () => {
    const r = ratesForDtype(base, 'f32');
    expect(r.rates.cpuFlopsPerSecond).toBe(100e9);
    expect(r.rates.gpuFlopsPerSecond).toBe(20e12);
    expect(r.cpuFlopsSource).toBe('input');
    expect(r.gpuFlopsSource).toBe('input');
    expect(r.notes).toEqual([]);
  });

  it('float64: GPU = float32 × ratio; CPU measured when given, else half, with a note', () => {
    const derived = ratesForDtype(base, 'f64');
    expect(derived.rates.gpuFlopsPerSecond).toBeCloseTo(20e12 / 64, 3);
    expect(derived.rates.cpuFlopsPerSecond).toBe(50e9);
    expect(derived.cpuFlopsSource).toBe('derived');
    expect(derived.gpuFlopsSource).toBe('derived');
    expect(derived.notes).toHaveLength(2);
    const measured = ratesForDtype({ ...base, cpuF64FlopsPerSecond: 40e9, gpuF64PerF32Ratio: 0.5 }, 'f64');
    expect(measured.rates.cpuFlopsPerSecond).toBe(40e9);
    expect(measured.cpuFlopsSource).toBe('input');
    expect(measured.rates.gpuFlopsPerSecond).toBe(10e12);
    expect(measured.notes).toHaveLength(1);
  });

  it('float16 / bfloat16: CPU at the float32 rate; GPU float16 rate when measured', () => {
    const none = ratesForDtype(base, 'f16');
    expect(none.rates.cpuFlopsPerSecond).toBe(100e9);
    expect(none.rates.gpuFlopsPerSecond).toBe(20e12);
    expect(none.gpuFlopsSource).toBe('derived');
    expect(none.notes.join(' ')).toContain('not measured');
    const f16 = ratesForDtype({ ...base, gpuF16FlopsPerSecond: 40e12 }, 'f16');
    expect(f16.rates.gpuFlopsPerSecond).toBe(40e12);
    expect(f16.gpuFlopsSource).toBe('input');
    const bf16 = ratesForDtype({ ...base, gpuF16FlopsPerSecond: 40e12 }, 'bf16');
    expect(bf16.rates.gpuFlopsPerSecond).toBe(40e12);
    expect(bf16.gpuFlopsSource).toBe('derived');
  });

  it('memory, transfer and launch figures do not depend on the type', () => {
    for (const d of ['f32', 'f16', 'bf16', 'f64'] as const) {
      const r = ratesForDtype(base, d).rates;
      expect([
        r.cpuMemoryBytesPerSecond,
        r.gpuMemoryBytesPerSecond,
        r.transferBytesPerSecond,
        r.launchOverheadSeconds,
      ]).toEqual([30e9, 500e9, 25e9, 1e-5]);
    }
  });
});

describe('GPU float64 defaults by adapter class', () => {
  it('classifies what WebGPU reports', () => {
    expect(gpuClassFromAdapter({ vendor: 'nvidia', description: 'NVIDIA H100 80GB HBM3' })).toBe('datacenter');
    expect(gpuClassFromAdapter({ vendor: 'nvidia', architecture: 'ada', description: 'NVIDIA GeForce RTX 4090' })).toBe(
      'consumer',
    );
    expect(gpuClassFromAdapter({ vendor: 'apple', architecture: 'metal-3' })).toBe('integrated');
    expect(gpuClassFromAdapter({ vendor: 'intel', architecture: 'gen-12lp' })).toBe('integrated');
    expect(gpuClassFromAdapter({ vendor: 'amd', architecture: 'rdna-3' })).toBe('consumer');
    expect(gpuClassFromAdapter({})).toBe('unknown');
  });

  it('has a ratio and a reason for every class', () => {
    expect(GPU_F64_RATIO_BY_CLASS.datacenter.ratio).toBe(0.5);
    expect(GPU_F64_RATIO_BY_CLASS.consumer.ratio).toBe(1 / 64);
    for (const v of Object.values(GPU_F64_RATIO_BY_CLASS)) {
      expect(v.ratio).toBeGreaterThan(0);
      expect(v.why.length).toBeGreaterThan(20);
    }
    expect(ratioText(1 / 64)).toBe('1/64');
    expect(ratioText(0.3)).toBe('0.3');
  });
});

describe('machineRatesFromFields', () => {
  it('converts the estimator units to base units', () => {
    const m = machineRatesFromFields(
      { cpuGflops: 40, gpuTflops: 8, transferGBps: 8, launchOverheadMs: 0.08 },
      { cpuMemGBps: 20, gpuMemGBps: 360 },
    );
    expect(m).toEqual({
      cpuF32FlopsPerSecond: 40e9,
      cpuF64FlopsPerSecond: undefined,
      cpuMemoryBytesPerSecond: 20e9,
      gpuF32FlopsPerSecond: 8e12,
      gpuF16FlopsPerSecond: undefined,
      gpuF64PerF32Ratio: 1 / 32,
      gpuMemoryBytesPerSecond: 360e9,
      transferBytesPerSecond: 8e9,
      launchOverheadSeconds: 0.08e-3,
    });
  });
});
