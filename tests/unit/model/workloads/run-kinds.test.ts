/**
 * What "Run this workload" runs for conv2d, attention, the FFT and pipelines (issue #18):
 * the shape the kernels run and what the page says about it, the shapes they cannot run,
 * where a scale-down lands (powers of two for an FFT, every step in proportion for a
 * pipeline), the copies a pipeline pays and their latency in the prediction.
 */
import { describe, expect, it } from 'vitest';
import { workloadCounts } from '../../../../src/model/workloads/counts.ts';
import { scaledStep } from '../../../../src/model/workloads/kinds/pipeline-run.ts';
import type { KernelWorkload } from '../../../../src/model/workloads/kinds/steps.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import {
  DEFAULT_RUN_LIMITS,
  cannotRunText,
  fitToBudget,
  ranNotesFor,
  runBytes,
  runnableForm,
  sweepSizesFor,
} from '../../../../src/model/workloads/run-fit.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';
import { isAcceptedWorkload } from '../../../../src/model/workloads/url.ts';
import { predictParts, type TransferDetail } from '../../../../src/model/workloads/verify.ts';

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

const fft = (length: number, batch = 1, complex = true): Workload => ({
  id: 'fft',
  dtype: 'f32',
  shape: { length, batch, complex },
});
const step = (w: Workload): KernelWorkload => w as KernelWorkload;
const matmul = (n: number): Workload => ({ id: 'matmul', dtype: 'f32', shape: { m: n, n, k: n, batch: 1 } });
const softmax = (rows: number, cols: number): Workload => ({ id: 'softmax', dtype: 'f32', shape: { rows, cols } });
const pipeline = (steps: Workload[], repeat: number, dataStaysOnGpu: boolean): Workload => ({
  id: 'pipeline',
  dtype: 'f32',
  shape: { steps: steps.map(step), repeat, dataStaysOnGpu },
});

describe('conv2d runs the direct convolution its counts describe', () => {
  it('as asked, and says it is direct (no im2col), also in the convention', () => {
    const w: Workload = {
      id: 'conv2d',
      dtype: 'f32',
      shape: { batch: 32, cin: 3, cout: 64, h: 224, w: 224, kh: 7, kw: 7, stride: 2, pad: 3 },
    };
    const r = runnableForm(w);
    expect(r.workload).toEqual(w);
    expect(r.notes).toEqual([]);
    expect(ranNotesFor(w).join(' ')).toMatch(/direct convolution \(no im2col\)/);
    expect(workloadCounts(w).convention).toMatch(/runs a direct convolution \(no im2col\)/);
  });
  it('a scale-down keeps the kernel inside the padded input', () => {
    const w: Workload = {
      id: 'conv2d',
      dtype: 'f32',
      shape: { batch: 1e5, cin: 1e5, cout: 1e5, h: 1e6, w: 1e6, kh: 1000, kw: 1000, stride: 1, pad: 1000 },
    };
    const f = fitToBudget(w, model, { budgetSeconds: 0.5 });
    expect(isAcceptedWorkload(f.workload)).toBe(true);
    expect(f.scaled.map((s) => s.unit).slice(0, 3)).toEqual(['images', 'output channels', 'input channels']);
    expect(model(f.workload).cpuSeconds).toBeLessThanOrEqual(0.5);
  });
});

describe('attention runs the unfused path', () => {
  const base = { batch: 8, heads: 12, sq: 1024, sk: 1024, d: 64, causal: true };
  it('a fused request runs the three kernels and is compared with the unfused prediction, said on the page', () => {
    const r = runnableForm({ id: 'attention', dtype: 'f16', shape: { ...base, fused: true } });
    expect(r.workload.shape).toEqual({ ...base, fused: false });
    expect(r.notes.join(' ')).toMatch(/three-kernel path .* unfused/);
    expect(workloadCounts(r.workload).launches).toBe(3);
    expect(runnableForm({ id: 'attention', dtype: 'f16', shape: { ...base, fused: false } }).notes).toEqual([]);
  });
  it('shrinks sequences and heads before the sequence length', () => {
    const f = fitToBudget({ id: 'attention', dtype: 'f32', shape: { ...base, fused: false } }, model, {
      budgetSeconds: 1e9,
    });
    // 8 × 12 score matrices of 1024² float32 are 384 MiB: fewer sequences, the length kept.
    expect(f.scaled[0]).toMatchObject({ unit: 'sequences', requested: 8 });
    expect(f.workload.shape).toMatchObject({ sq: 1024, sk: 1024, heads: 12 });
  });
});

describe('the FFT runs radix-2, powers of two', () => {
  it('says why a length that is not a power of two does not run, naming the nearest ones', () => {
    expect(cannotRunText(fft(1000))).toBe(
      'Not runnable: a radix-2 kernel needs a power of two length; N = 1,000 is not (the nearest are 512 and 1,024).',
    );
    expect(cannotRunText(fft(1))).toBeUndefined();
    expect(cannotRunText(fft(2 ** 20))).toBeUndefined();
  });
  it('real input runs as a complex FFT, said; a long transform says it took more passes than the model counts', () => {
    const r = runnableForm(fft(4096, 2, false));
    expect(r.workload.shape).toEqual({ length: 4096, batch: 2, complex: true });
    expect(r.notes).toEqual([expect.stringMatching(/complex FFT of the real data/)]);
    // Said of the shape that ran, after any scale-down.
    expect(ranNotesFor(r.workload)).toEqual([
      expect.stringMatching(/4,096 points ran as 3 GPU launches: 2 radix-2 passes/),
    ]);
    expect(ranNotesFor(fft(1024))).toEqual([]);
    expect(runnableForm(fft(1024)).notes).toEqual([]);
  });
  it('a scale-down lands on a power of two and reports the length that runs; sweeps too', () => {
    const f = fitToBudget(fft(2 ** 30, 64), model, { budgetSeconds: 1e9 });
    const length = (f.workload.shape as { length: number }).length;
    expect(Math.log2(length) % 1).toBe(0);
    expect(f.scaled.at(-1)).toEqual({ unit: 'points', requested: 2 ** 30, size: length });
    expect(cannotRunText(f.workload)).toBeUndefined();
    for (const s of sweepSizesFor(fft(2 ** 16), 2 ** 16)) expect(Math.log2(s) % 1).toBe(0);
  });
  it('a huge batch shrinks to 64 transforms before the length does', () => {
    const f = fitToBudget(fft(2 ** 20, 1e9), model, { budgetSeconds: 1e9 });
    expect(f.scaled[0]).toEqual({ unit: 'transforms', requested: 1e9, size: 64 });
    expect((f.workload.shape as { batch: number }).batch).toBe(64);
  });
});

describe('pipelines run their steps', () => {
  it('each step as its kind runs it, each change said with the step’s number; a step that cannot run says so', () => {
    const p = pipeline(
      [{ id: 'matmul', dtype: 'f32', shape: { m: 8, n: 8, k: 8, batch: 4 } }, fft(64, 1, false)],
      10,
      true,
    );
    const r = runnableForm(p);
    expect((r.workload.shape as { steps: KernelWorkload[] }).steps.map((s) => s.shape)).toEqual([
      { m: 8, n: 8, k: 8, batch: 1 },
      { length: 64, batch: 1, complex: true },
    ]);
    expect(r.notes[0]).toBe('Step 1 (matmul): Ran one product of the batch of 4.');
    expect(r.notes[1]).toMatch(/^Step 2 \(fft\): Ran the real input as a complex FFT/);
    expect(cannotRunText(pipeline([matmul(8), fft(100)], 2, true))).toMatch(/^Step 2 \(fft\): Not runnable/);
    // How it ran: the copies as the model counts them, and each step's own notes.
    expect(ranNotesFor(p)[0]).toMatch(
      /first step’s inputs were the timed upload and the last step’s output the one readback/,
    );
    expect(ranNotesFor(pipeline([matmul(8)], 2, false))[0]).toMatch(
      /^Every step copied its inputs up and its output back/,
    );
    const conv: Workload = {
      id: 'conv2d',
      dtype: 'f32',
      shape: { batch: 1, cin: 1, cout: 1, h: 4, w: 4, kh: 3, kw: 3, stride: 1, pad: 1 },
    };
    expect(ranNotesFor(pipeline([matmul(8), conv], 1, true))[1]).toMatch(
      /^Step 2 \(conv2d\): Ran a direct convolution/,
    );
  });
  it('holds every step’s arrays once, however often it repeats', () => {
    const steps = [matmul(64), softmax(64, 64)];
    const once = workloadCounts(steps[0] as Workload).hostBytes + workloadCounts(steps[1] as Workload).hostBytes;
    expect(runBytes(pipeline(steps, 1000, false))).toBe(once);
    expect(workloadCounts(pipeline(steps, 1000, false)).hostBytes).toBe(1000 * once);
  });
  it('copies once each way with the data on the GPU, per step and repetition without; the prediction pays each copy’s latency', () => {
    const steps = [matmul(64), softmax(64, 64)];
    expect(workloadCounts(pipeline(steps, 10, true)).hostCopies).toEqual({ up: 1, down: 1 });
    expect(workloadCounts(pipeline(steps, 10, false)).hostCopies).toEqual({ up: 20, down: 20 });
    const transfer: TransferDetail = {
      uploadBytesPerSecond: 10e9,
      uploadLatencySeconds: 1e-4,
      readbackBytesPerSecond: 10e9,
      readbackLatencySeconds: 2e-4,
    };
    const off = pipeline(steps, 10, false);
    const c = workloadCounts(off);
    const p = predictParts(off, machine, transfer);
    expect(p.uploadSeconds).toBeCloseTo(20 * 1e-4 + c.hostToDeviceBytes / 10e9, 12);
    expect(p.readbackSeconds).toBeCloseTo(20 * 2e-4 + c.deviceToHostBytes / 10e9, 12);
    // A single kind still pays one latency each way.
    expect(predictParts(matmul(64), machine, transfer).uploadSeconds).toBeCloseTo(
      1e-4 + workloadCounts(matmul(64)).hostToDeviceBytes / 10e9,
      12,
    );
  });
  it('shrinks the repeat count first, then every step in proportion, to a continuous share', () => {
    const p = pipeline([matmul(4096), softmax(4096, 4096)], 100, true);
    const f = fitToBudget(p, model, { budgetSeconds: 0.01 });
    expect(f.scaled[0]).toEqual({ unit: 'repetitions', requested: 100, size: 1 });
    expect(f.scaled[1]?.unit).toBe('% of every step’s size');
    const share = (f.scaled[1]?.size ?? 0) / 100;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
    const [mm, sm] = (f.workload.shape as { steps: KernelWorkload[] }).steps;
    expect(mm).toEqual(scaledStep(step(matmul(4096)), share));
    expect((mm?.shape as { m: number }).m).toBe(Math.round(4096 * share));
    expect(sm?.shape).toEqual({ rows: Math.round(4096 * share), cols: Math.round(4096 * share) });
    expect(model(f.workload).gpuSeconds).toBeLessThanOrEqual(0.01);
    expect(isAcceptedWorkload(f.workload)).toBe(true);
  });
  it('a step too large for the adapter at its smallest share shrinks along its own axes', () => {
    const p = pipeline([matmul(8), softmax(1, 1e9)], 1, true);
    const f = fitToBudget(p, model, { budgetSeconds: 1e9, limits: DEFAULT_RUN_LIMITS });
    expect(isAcceptedWorkload(f.workload)).toBe(true);
    expect(runBytes(f.workload)).toBeLessThanOrEqual(2 ** 30);
  });
});
