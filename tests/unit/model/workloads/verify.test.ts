import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { okMetric, type Metric } from '../../../../src/model/bench/metrics.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import { estimateWorkload } from '../../../../src/model/workloads/roofline.ts';
import { defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';
import {
  calibratedRates,
  calibrationFrom,
  compareVerification,
  errorPercent,
  isRunnableWorkloadId,
  measuredBreakEven,
  medianAbsoluteError,
  notRunnableText,
  parseVerifySpec,
  predictParts,
  verifyRatesFromMetrics,
  type TransferDetail,
} from '../../../../src/model/workloads/verify.ts';
import {
  cannotRunText,
  fitToBudget,
  largestArrayBytes,
  runnableForm,
  sweepSizes,
} from '../../../../src/model/workloads/run-fit.ts';
import type { KernelWorkload } from '../../../../src/model/workloads/kinds/steps.ts';

/** Round numbers so every expectation below can be checked by hand. */
const machine: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 20e9,
  gpuF32FlopsPerSecond: 10e12,
  gpuF64PerF32Ratio: 1 / 64,
  gpuMemoryBytesPerSecond: 400e9,
  transferBytesPerSecond: 10e9,
  launchOverheadSeconds: 10e-6,
};

const matmul = (n: number): Workload => ({ id: 'matmul', dtype: 'f32', shape: { m: n, n, k: n, batch: 1 } });
const elementwise = (elements: number): Workload => ({
  id: 'elementwise',
  dtype: 'f32',
  shape: { elements, inputs: 3, outputs: 1, flopsPerElement: 2 },
});

describe('predictParts', () => {
  it('matmul 1000³ by hand: CPU compute-bound, GPU parts split by direction', () => {
    const p = predictParts(matmul(1000), machine);
    // 2e9 FLOPs / 100e9 = 20 ms (memory: 12e6 B / 20e9 = 0.6 ms).
    expect(p.cpuSeconds).toBeCloseTo(0.02, 12);
    expect(p.cpuBound).toBe('compute');
    // GPU: 2e9 / 10e12 = 0.2 ms vs 12e6 / 400e9 = 0.03 ms.
    expect(p.gpuComputeSeconds).toBeCloseTo(2e-4, 12);
    // 8 MB up, 4 MB back at 10 GB/s.
    expect(p.uploadSeconds).toBeCloseTo(8e-4, 12);
    expect(p.readbackSeconds).toBeCloseTo(4e-4, 12);
    expect(p.launches).toBe(1);
    expect(p.launchSeconds).toBeCloseTo(1e-5, 12);
    expect(p.gpuTotalSeconds).toBeCloseTo(2e-4 + 1e-5 + 1.2e-3, 12);
    // Without latency the refined total is the roofline's own.
    expect(p.gpuTotalSeconds).toBeCloseTo(p.rooflineGpuTotalSeconds, 12);
    expect(p.speedup).toBeCloseTo(0.02 / p.gpuTotalSeconds, 9);
  });

  it('with per-direction transfer detail each direction pays its latency', () => {
    const t: TransferDetail = {
      uploadBytesPerSecond: 8e9,
      uploadLatencySeconds: 1e-3,
      readbackBytesPerSecond: 4e9,
      readbackLatencySeconds: 2e-3,
    };
    const p = predictParts(matmul(1000), machine, t);
    expect(p.uploadSeconds).toBeCloseTo(1e-3 + 8e6 / 8e9, 12);
    expect(p.readbackSeconds).toBeCloseTo(2e-3 + 4e6 / 4e9, 12);
    expect(p.gpuTotalSeconds).toBeGreaterThan(p.rooflineGpuTotalSeconds);
  });
});

describe('compareVerification', () => {
  it('errors in percent per part, predictionError as a signed fraction of the GPU total', () => {
    const w = matmul(1000);
    const p = predictParts(w, machine);
    const c = compareVerification(w, machine, {
      cpuSeconds: 0.04, // twice the prediction
      gpuComputeSeconds: (p.gpuComputeSeconds + p.launchSeconds) * 4,
      uploadSeconds: p.uploadSeconds,
      readbackSeconds: p.readbackSeconds / 2,
      launches: 1,
    });
    expect(c.cpu.errorPercent).toBeCloseTo(100, 9);
    expect(c.gpuCompute.errorPercent).toBeCloseTo(300, 9);
    expect(c.upload.errorPercent).toBeCloseTo(0, 9);
    expect(c.readback.errorPercent).toBeCloseTo(-50, 9);
    expect(c.launches.errorPercent).toBe(0);
    const measuredGpu = (p.gpuComputeSeconds + p.launchSeconds) * 4 + p.uploadSeconds + p.readbackSeconds / 2;
    expect(c.gpuTotal.measured).toBeCloseTo(measuredGpu, 12);
    expect(c.predictionError).toBeCloseTo(measuredGpu / p.gpuTotalSeconds - 1, 12);
    expect(c.speedup.measured).toBeCloseTo(0.04 / measuredGpu, 9);
    expect(c.speedup.predicted).toBeCloseTo(p.speedup, 12);
  });

  it('achieved fractions: a CPU matmul at 40 GFLOPS is 40 % of a 100 GFLOPS peak', () => {
    const w = matmul(1000);
    const c = compareVerification(w, machine, {
      cpuSeconds: 2e9 / 40e9,
      gpuComputeSeconds: 2e9 / 5e12,
      uploadSeconds: 1e-3,
      readbackSeconds: 1e-3,
      launches: 1,
    });
    expect(c.achieved.cpuGflops).toBeCloseTo(40, 9);
    expect(c.achieved.cpuFlopsFraction).toBeCloseTo(0.4, 9);
    expect(c.achieved.gpuGflops).toBeCloseTo(5000, 6);
    expect(c.achieved.gpuFlopsFraction).toBeCloseTo(0.5, 9);
    // Compute-bound on both, so the roof fraction is the FLOPS fraction.
    expect(c.achieved.cpuRoofFraction).toBeCloseTo(0.4, 9);
    expect(c.achieved.gpuRoofFraction).toBeCloseTo(0.5, 9);
    expect(c.achieved.cpuGbps).toBeCloseTo(12e6 / 0.05 / 1e9, 9);
  });

  it('memory-bound elementwise: the bandwidth fraction is what binds', () => {
    const w = elementwise(1e8); // 1.6 GB moved, 2e8 FLOPs
    const c = compareVerification(w, machine, {
      cpuSeconds: 1.6e9 / 16e9,
      gpuComputeSeconds: 1.6e9 / 200e9,
      uploadSeconds: 0.12,
      readbackSeconds: 0.04,
      launches: 1,
    });
    expect(c.achieved.cpuBound).toBe('memory');
    expect(c.achieved.cpuBandwidthFraction).toBeCloseTo(0.8, 9);
    expect(c.achieved.gpuBandwidthFraction).toBeCloseTo(0.5, 9);
    expect(c.achieved.gpuRoofFraction).toBeCloseTo(0.5, 9);
  });

  it('errorPercent is NaN when there is nothing to compare, never ∞', () => {
    expect(errorPercent(1, 0)).toBeNaN();
    expect(errorPercent(Number.POSITIVE_INFINITY, 1)).toBeNaN();
    expect(errorPercent(1.5, 1)).toBeCloseTo(50, 12);
  });
});

describe('calibration', () => {
  it('learns the median roof fraction per workload and scales both roofs of each device', () => {
    const runs = [0.3, 0.5, 0.4].map((f) => ({
      workload: 'matmul' as const,
      achieved: { ...compareFixture(), cpuRoofFraction: f, gpuRoofFraction: f / 2 },
      hostBytes: 12e6,
      transferSeconds: 12e6 / 5e9,
    }));
    runs.push({
      workload: 'reduction' as never,
      achieved: { ...compareFixture(), cpuRoofFraction: 0.01, gpuRoofFraction: 0.01 },
      hostBytes: 1,
      transferSeconds: 1,
    });
    const cal = calibrationFrom('matmul', runs);
    expect(cal?.runs).toBe(3);
    expect(cal?.cpuEfficiency).toBeCloseTo(0.4, 12);
    expect(cal?.gpuEfficiency).toBeCloseTo(0.2, 12);
    expect(cal?.transferBytesPerSecond).toBeCloseTo(5e9, 3);
    if (!cal) return;
    const r = calibratedRates(machine, cal);
    expect(r.provenance).toBe('calibrated');
    expect(r.rates.cpuF32FlopsPerSecond).toBeCloseTo(40e9, 0);
    expect(r.rates.cpuMemoryBytesPerSecond).toBeCloseTo(8e9, 0);
    expect(r.rates.gpuF32FlopsPerSecond).toBeCloseTo(2e12, 0);
    expect(r.rates.transferBytesPerSecond).toBeCloseTo(5e9, 0);
    expect(r.note).toMatch(/3 verifications of matmul/);
    // A calibrated estimate of the same run now predicts the CPU time it measured.
    const before = estimateWorkload(matmul(1000), machine).roofline.cpu.totalSeconds;
    const after = estimateWorkload(matmul(1000), r.rates).roofline.cpu.totalSeconds;
    expect(after / before).toBeCloseTo(1 / 0.4, 9);
  });

  it('no verifications of that workload: no calibration', () => {
    expect(calibrationFrom('softmax', [])).toBeUndefined();
  });
});

function compareFixture() {
  return compareVerification(matmul(100), machine, {
    cpuSeconds: 1e-3,
    gpuComputeSeconds: 1e-4,
    uploadSeconds: 1e-4,
    readbackSeconds: 1e-4,
    launches: 1,
  }).achieved;
}

describe('fitToBudget', () => {
  const model = (w: Workload) => {
    const p = predictParts(w, machine);
    return { cpuSeconds: p.cpuSeconds, gpuSeconds: p.gpuTotalSeconds };
  };

  it('keeps a size that fits', () => {
    const f = fitToBudget(matmul(1000), model, { budgetSeconds: 2 });
    expect(f.scaledDown).toBe(false);
    expect(f.size).toBe(1000);
  });

  it('scales matmul down to the largest n whose predicted CPU time fits: 2n³/1e11 ≤ 0.5 s → n = 2924', () => {
    const f = fitToBudget(matmul(8192), model, {
      budgetSeconds: 0.5,
      limits: { maxBindingBytes: 2 ** 30, maxWorkgroupsPerDimension: 65_535 },
    });
    expect(f.scaledDown).toBe(true);
    expect(f.requestedSize).toBe(8192);
    // (0.5 · 1e11 / 2)^(1/3) = 2924.0
    expect(f.size).toBe(2924);
    expect(f.reason).toMatch(/0\.5 s/);
    expect(f.workload.id === 'matmul' && f.workload.shape.m).toBe(2924);
  });

  it("scales down to the adapter's buffer limit", () => {
    const f = fitToBudget(elementwise(1e9), model, {
      budgetSeconds: 1e9,
      limits: { maxBindingBytes: 4e6, maxWorkgroupsPerDimension: 65_535 },
    });
    expect(f.scaledDown).toBe(true);
    expect(largestArrayBytes(f.workload)).toBeLessThanOrEqual(4e6);
    expect(f.size).toBe(1e6);
    expect(f.reason).toMatch(/limits/);
  });

  it('property: the fitted size never grows and always fits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.double({ min: 1e-4, max: 100, noNaN: true }), (n, budget) => {
        const f = fitToBudget(elementwise(n), model, { budgetSeconds: budget });
        expect(f.size).toBeLessThanOrEqual(n);
        expect(f.size).toBeGreaterThanOrEqual(1);
        if (f.size > 1) expect(Math.max(...Object.values(model(f.workload)))).toBeLessThanOrEqual(budget);
      }),
      { numRuns: 50 },
    );
  });
});

describe('measuredBreakEven', () => {
  it('interpolates log-log between the bracketing points', () => {
    const be = measuredBreakEven(
      [
        { size: 1000, cpuSeconds: 1e-3, gpuSeconds: 1e-2 },
        { size: 100, cpuSeconds: 1e-4, gpuSeconds: 1e-2 }, // unsorted on purpose
        { size: 10_000, cpuSeconds: 1e-1, gpuSeconds: 1e-2 },
      ],
      'elements',
    );
    // log(gpu/cpu): +ln 10 at 1000, −ln 10 at 10 000 → halfway on the log axis: √(1e7) ≈ 3162.
    expect(be).toEqual({ kind: 'finite', size: 3162, unit: 'elements' });
  });

  it('always / never / too few points', () => {
    expect(measuredBreakEven([{ size: 5, cpuSeconds: 2, gpuSeconds: 1 }], 'n')).toEqual({
      kind: 'always',
      minSize: 5,
      unit: 'n',
    });
    expect(
      measuredBreakEven(
        [
          { size: 5, cpuSeconds: 1, gpuSeconds: 2 },
          { size: 50, cpuSeconds: 1, gpuSeconds: 2 },
        ],
        'n',
      ),
    ).toEqual({ kind: 'never', maxSize: 50, unit: 'n' });
    expect(measuredBreakEven([], 'n')).toBeUndefined();
  });
});

describe('sweepSizes', () => {
  it('log-spaced, whole, both ends included', () => {
    expect(sweepSizes(10, 10_000, 1)).toEqual([10, 100, 1000, 10_000]);
    expect(sweepSizes(1, 1, 2)).toEqual([1]);
    expect(sweepSizes(0, 10)).toEqual([]);
  });
});

describe('runnable workloads', () => {
  it('every kind has kernels; a shape they cannot run says why', () => {
    const ids = ['matmul', 'matvec', 'elementwise', 'reduction', 'softmax', 'layernorm', 'conv2d', 'attention', 'fft'];
    expect([...ids, 'pipeline'].every(isRunnableWorkloadId)).toBe(true);
    expect(notRunnableText('fft')).toMatch(/not runnable here yet/);
    const fft = (length: number): Workload => ({ id: 'fft', dtype: 'f32', shape: { length, batch: 1, complex: true } });
    expect(cannotRunText(fft(1000))).toBe(
      'Not runnable: a radix-2 kernel needs a power of two length; N = 1,000 is not (the nearest are 512 and 1,024).',
    );
    expect(cannotRunText(fft(1024))).toBeUndefined();
    const pipe: Workload = {
      id: 'pipeline',
      dtype: 'f32',
      shape: { steps: [fft(1024) as KernelWorkload, fft(3) as KernelWorkload], repeat: 2, dataStaysOnGpu: true },
    };
    expect(cannotRunText(pipe)).toMatch(/^Step 2 \(fft\): Not runnable: .* N = 3 is not/);
  });

  it('runnableForm: the type asked for, one product of a batch, a*b+c for elementwise; each said', () => {
    const mm: Workload = { id: 'matmul', dtype: 'f64', shape: { m: 8, n: 8, k: 8, batch: 4 } };
    const r = runnableForm(mm);
    expect(r.workload).toEqual({ id: 'matmul', dtype: 'f64', shape: { m: 8, n: 8, k: 8, batch: 1 } });
    expect(r.notes).toEqual(['Ran one product of the batch of 4.']);
    const ew = runnableForm({
      id: 'elementwise',
      dtype: 'f32',
      shape: { elements: 10, inputs: 1, outputs: 1, flopsPerElement: 1 },
    });
    expect(ew.workload.id === 'elementwise' && ew.workload.shape.inputs).toBe(3);
    expect(runnableForm(elementwise(10)).notes).toEqual([]);
  });
});

describe('parseVerifySpec', () => {
  it('reads the CLI form through the page validation', () => {
    const r = parseVerifySpec('matmul:m=1024,n=512,k=256');
    expect(r.ok && r.workload).toEqual({ id: 'matmul', dtype: 'f32', shape: { m: 1024, n: 512, k: 256, batch: 1 } });
    const e = parseVerifySpec('elementwise:elements=1e6');
    expect(e.ok && e.workload.id === 'elementwise' && e.workload.shape.elements).toBe(1e6);
    const d = parseVerifySpec('reduction');
    expect(d.ok && d.workload).toEqual(defaultWorkload('reduction', 'f32'));
  });

  it('a text value may hold commas: an expression’s call, its array list, a pipeline’s steps', () => {
    const x = parseVerifySpec('expression:expr=np.sum(x * y, axis=0),arrays=x:1000x64,y:64,mode=fused');
    expect(x.ok && x.workload).toEqual({
      id: 'expression',
      dtype: 'f32',
      shape: { expr: 'np.sum(x * y, axis=0)', arrays: 'x:1000x64,y:64', mode: 'fused' },
    });
    const p = parseVerifySpec('pipeline:steps=matmul,softmax,1.m=64,2.rows=64');
    expect(p.ok && p.workload.id === 'pipeline' && p.workload.shape.steps.map((s) => s.id)).toEqual([
      'matmul',
      'softmax',
    ]);
  });

  it('names what is wrong', () => {
    expect(parseVerifySpec('nope')).toMatchObject({ ok: false, message: expect.stringMatching(/not a workload/) });
    expect(parseVerifySpec('matmul:q=3')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no parameter "q"/),
    });
    expect(parseVerifySpec('matmul:m=-3')).toMatchObject({ ok: false, message: expect.stringMatching(/^m:/) });
    expect(parseVerifySpec('matmul:m')).toMatchObject({ ok: false });
  });
});

describe('verifyRatesFromMetrics', () => {
  const ok = (id: Parameters<typeof okMetric>[0], v: number): Metric => okMetric(id, 'x', 'higher', [v]);

  it('builds machine rates and per-direction transfer from a run', () => {
    const r = verifyRatesFromMetrics([
      ok('cpu.simdAll.gflops', 50),
      ok('cpu.mem.gbps', 10),
      ok('gpu.f32.gflops', 16),
      ok('gpu.device.gbps', 5),
      ok('gpu.upload.gbps', 2),
      ok('gpu.upload.latency.ms', 0.5),
      ok('gpu.readback.gbps', 1),
      ok('gpu.readback.latency.ms', 3),
      ok('gpu.dispatch.us', 25),
    ]);
    expect(r?.machine.cpuF32FlopsPerSecond).toBe(50e9);
    expect(r?.machine.gpuF32FlopsPerSecond).toBe(16e9);
    expect(r?.machine.launchOverheadSeconds).toBeCloseTo(25e-6, 15);
    expect(r?.transfer).toEqual({
      uploadBytesPerSecond: 2e9,
      uploadLatencySeconds: 5e-4,
      readbackBytesPerSecond: 1e9,
      readbackLatencySeconds: 3e-3,
    });
  });

  it('undefined when a rate the roofline needs is missing', () => {
    expect(verifyRatesFromMetrics([ok('cpu.simdAll.gflops', 50)])).toBeUndefined();
  });
});

describe('medianAbsoluteError', () => {
  it('median of |e|, NaN for none', () => {
    expect(medianAbsoluteError([-0.5, 0.1, 0.2])).toBeCloseTo(0.2, 12);
    expect(medianAbsoluteError([-0.4, 0.2])).toBeCloseTo(0.3, 12);
    expect(medianAbsoluteError([])).toBeNaN();
  });
});
