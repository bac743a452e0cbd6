/**
 * What "Run this workload" runs: the type each device runs (or why not), the shape the
 * kernels run, and the scale-down, including the axes past the size axis (a single row
 * of a billion values) and the memory one run may hold.
 */
import { describe, expect, it } from 'vitest';
import { workloadCounts } from '../../../../src/model/workloads/counts.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import {
  MAX_RUN_BYTES,
  cannotRunText,
  fitToBudget,
  largestArrayBytes,
  runSides,
  sweepSizesFor,
  validatedText,
} from '../../../../src/model/workloads/run-fit.ts';
import { RUNNABLE_WORKLOAD_IDS } from '../../../../src/model/workloads/runnable.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';
import { predictParts } from '../../../../src/model/workloads/verify.ts';

const machine: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 20e9,
  gpuF32FlopsPerSecond: 10e12,
  gpuF64PerF32Ratio: 1 / 64,
  gpuMemoryBytesPerSecond: 400e9,
  transferBytesPerSecond: 10e9,
  launchOverheadSeconds: 10e-6,
};
const model = (w: Workload) => {
  const p = predictParts(w, machine);
  return { cpuSeconds: p.cpuSeconds, gpuSeconds: p.gpuTotalSeconds };
};

describe('runSides: the type asked for is the type run, or said plainly', () => {
  it('float32 on both devices', () => {
    expect(runSides('f32', { shaderF16: false })).toEqual({
      gpu: { run: true, dtype: 'f32' },
      cpu: { run: true, dtype: 'f32' },
    });
  });
  it('float16 on a GPU with shader-f16 only; WebAssembly has none', () => {
    const s = runSides('f16', { shaderF16: true });
    expect(s.gpu).toEqual({ run: true, dtype: 'f16' });
    expect(s.cpu.run === false && s.cpu.reason).toMatch(/WebAssembly has no float16/);
    const without = runSides('f16', { shaderF16: false });
    expect(without.gpu.run === false && without.gpu.reason).toMatch(/no shader-f16/);
  });
  it('float64 on the CPU only; bfloat16 nowhere', () => {
    const s = runSides('f64', { shaderF16: true });
    expect(s.cpu).toEqual({ run: true, dtype: 'f64' });
    expect(s.gpu.run === false && s.gpu.reason).toMatch(/WebGPU has no float64/);
    const b = runSides('bf16', { shaderF16: true });
    expect(b.gpu.run || b.cpu.run).toBe(false);
  });
  it('every runnable kind runs float64 on the CPU (the expression’s generated Wasm too); the GPU says plainly why not', () => {
    for (const id of RUNNABLE_WORKLOAD_IDS) {
      const s = runSides('f64', { shaderF16: true }, id);
      expect(s.cpu, id).toEqual({ run: true, dtype: 'f64' });
      expect(s.gpu.run === false && s.gpu.reason, id).toMatch(
        /^WebGPU has no float64, so the GPU kernels cannot run it/,
      );
    }
    expect(RUNNABLE_WORKLOAD_IDS).toContain('expression');
  });
  it('cannotRunText: kinds without kernels and types nobody runs; nothing for the rest', () => {
    const mm = (dtype: Workload['dtype']): Workload => ({ id: 'matmul', dtype, shape: { m: 8, n: 8, k: 8, batch: 1 } });
    expect(cannotRunText({ id: 'fft', dtype: 'f32', shape: { length: 8, batch: 1, complex: true } })).toBeUndefined();
    expect(cannotRunText({ id: 'fft', dtype: 'f32', shape: { length: 1000, batch: 1, complex: true } })).toMatch(
      /a radix-2 kernel needs a power of two length; N = 1,000 is not/,
    );
    expect(cannotRunText(mm('bf16'))).toMatch(/bfloat16 cannot run here/);
    expect(cannotRunText(mm('f32'))).toBeUndefined();
    expect(cannotRunText(mm('f64'))).toBeUndefined();
    expect(cannotRunText(mm('f16'))).toBeUndefined();
  });
});

describe('fitToBudget past the size axis', () => {
  it('softmax of a billion rows of a billion values: one row, then the row shortened to the adapter’s binding', () => {
    const w: Workload = { id: 'softmax', dtype: 'f32', shape: { rows: 1e9, cols: 1e9 } };
    const f = fitToBudget(w, model, { budgetSeconds: 1e9 });
    expect(f.workload.shape).toEqual({ rows: 1, cols: 2 ** 25 });
    expect(f.scaled.map((s) => s.unit)).toEqual(['rows', 'columns']);
    expect(f.scaled[0]).toEqual({ unit: 'rows', requested: 1e9, size: 1 });
    expect(f.reason).toMatch(/buffer limits/);
    expect(largestArrayBytes(f.workload)).toBe(128 * 2 ** 20);
  });
  it('a row of 65 536 values fits as asked', () => {
    const w: Workload = { id: 'softmax', dtype: 'f32', shape: { rows: 1, cols: 65_536 } };
    expect(fitToBudget(w, model).scaledDown).toBe(false);
  });
  it('one run holds at most 1 GiB, whatever the adapter binds', () => {
    const w: Workload = {
      id: 'elementwise',
      dtype: 'f64',
      shape: { elements: 1e10, inputs: 3, outputs: 1, flopsPerElement: 2 },
    };
    const f = fitToBudget(w, model, {
      budgetSeconds: 1e9,
      limits: { maxBindingBytes: 2 ** 40, maxWorkgroupsPerDimension: 65_535 },
    });
    expect(workloadCounts(f.workload).hostBytes).toBeLessThanOrEqual(MAX_RUN_BYTES);
    expect(workloadCounts(sizeUp(f.workload)).hostBytes).toBeGreaterThan(MAX_RUN_BYTES);
  });
  it('a device that does not run does not hold the size back', () => {
    // float64 on the GPU at 1/64 of the rate: only the CPU runs it.
    const w: Workload = { id: 'matmul', dtype: 'f64', shape: { m: 4096, n: 4096, k: 4096, batch: 1 } };
    const both = fitToBudget(w, model, { budgetSeconds: 0.5 });
    const cpuOnly = fitToBudget(w, model, { budgetSeconds: 0.5, sides: { cpu: true, gpu: false } });
    expect(cpuOnly.size).toBeGreaterThanOrEqual(both.size);
    expect(model(cpuOnly.workload).cpuSeconds).toBeLessThanOrEqual(0.5);
  });
});

function sizeUp(w: Workload): Workload {
  return w.id === 'elementwise' ? { ...w, shape: { ...w.shape, elements: w.shape.elements + 1 } } : w;
}

describe('sweepSizesFor', () => {
  it('matmul sweeps 1.5 decades of n (4.5 of work), three points a decade, from 8; the others three decades', () => {
    const mm: Workload = { id: 'matmul', dtype: 'f32', shape: { m: 1024, n: 1024, k: 1024, batch: 1 } };
    expect(sweepSizesFor(mm, 1024)).toEqual([32, 64, 128, 256, 512]);
    const ew: Workload = {
      id: 'elementwise',
      dtype: 'f32',
      shape: { elements: 1e6, inputs: 3, outputs: 1, flopsPerElement: 2 },
    };
    expect(sweepSizesFor(ew, 1e6)).toEqual([1000, 3162, 10000, 31623, 100000, 316228]);
  });
});

describe('validatedText', () => {
  it('counts what was checked as it was: distinct outputs, per device that ran', () => {
    const gpu = { ran: true, samples: 1, timer: 'timestamp-query' };
    const cpu = { ran: true, checked: 1, checkedRuns: 4, threads: 2 };
    expect(validatedText({ gpu, cpu })).toBe(
      'Validated: 1 sampled output on the GPU and 1 sampled output on the CPU after each of its 4 runs matched the reference. GPU timer: timestamp-query; CPU: 2 workers.',
    );
    expect(validatedText({ gpu: { ...gpu, ran: false }, cpu: { ...cpu, checked: 1536 } })).toBe(
      'Validated: 1,536 sampled outputs on the CPU after each of its 4 runs matched the reference. GPU: not run; CPU: 2 workers.',
    );
  });
});
