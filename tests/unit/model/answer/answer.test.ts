import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customAnswer, workloadAnswer } from '../../../../src/model/answer/answer.ts';
import { ANSWER_OUTPUT_NAMES, answerOutputs } from '../../../../src/model/answer/outputs.ts';
import { answerReport } from '../../../../src/model/answer/report.ts';
import { breakEven, estimate, type EstimatorInputs } from '../../../../src/model/estimator/estimator.ts';
import { PRESETS } from '../../../../src/model/estimator/fields.ts';
import { sizeAxis } from '../../../../src/model/workloads/break-even.ts';
import type { WorkloadCounts } from '../../../../src/model/workloads/counts.ts';
import { machineRatesFromFields } from '../../../../src/model/workloads/precision.ts';
import { roofline } from '../../../../src/model/workloads/roofline.ts';
import { defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import { WORKLOAD_IDS, type Workload } from '../../../../src/model/workloads/types.ts';
import { workloadResultsView } from '../../../../src/model/workloads/view.ts';

/** The custom task as roofline counts: one kernel of all the operations, no device traffic. */
function customCounts(i: EstimatorInputs): WorkloadCounts {
  return {
    flops: i.totalGigaOps * 1e9,
    deviceBytes: 0,
    hostToDeviceBytes: i.dataGB * 1e9,
    deviceToHostBytes: 0,
    hostBytes: i.dataGB * 1e9,
    launches: i.launchCount,
    kernels: [{ label: 'task', kernelClass: 'task', flops: i.totalGigaOps * 1e9, deviceBytes: 0, count: 1 }],
    formulas: { flops: '', deviceBytes: '', hostBytes: '', launches: '' },
    convention: '',
  };
}

describe('the custom answer is the seed page’s', () => {
  for (const preset of PRESETS) {
    it(`${preset.name}: the seed's outputs exactly, and the roofline without memory traffic agrees`, () => {
      const a = customAnswer(preset.inputs);
      expect(a.outputs).toEqual(estimate(preset.inputs));
      const m = machineRatesFromFields(preset.inputs, { cpuMemGBps: 1, gpuMemGBps: 1 });
      const r = roofline(customCounts(preset.inputs), {
        cpuFlopsPerSecond: m.cpuF32FlopsPerSecond,
        cpuMemoryBytesPerSecond: m.cpuMemoryBytesPerSecond,
        gpuFlopsPerSecond: m.gpuF32FlopsPerSecond,
        gpuMemoryBytesPerSecond: m.gpuMemoryBytesPerSecond,
        transferBytesPerSecond: m.transferBytesPerSecond,
        launchOverheadSeconds: m.launchOverheadSeconds,
      });
      expect(r.cpu.totalSeconds).toBeCloseTo(a.outputs.cpuTime, 12);
      expect(r.gpu.totalSeconds / a.outputs.gpuTotalTime).toBeCloseTo(1, 12);
      expect(r.speedup / a.outputs.speedup).toBeCloseTo(1, 12);
    });
  }

  it('example 1: 96.9×, the break-even in Giga-operations, both devices compute-bound', () => {
    const a = customAnswer(PRESETS[0]!.inputs);
    const o = answerOutputs(a);
    expect(o.speedup.text).toBe('96.9×');
    expect(o.cpuTime.text).toBe('12.5 s');
    const be = breakEven(PRESETS[0]!.inputs);
    expect(be.kind).toBe('finite');
    expect(Number(o.breakEven.value)).toBe(be.kind === 'finite' ? be.gigaOps : NaN);
    expect(o.breakEvenSize.value).toBe(o.breakEven.value);
    expect(o.cpuBound.value).toBe('compute');
    expect(o.deviceBytes).toEqual({ value: '', text: 'not counted' });
    expect(a.verdict.verdict).toBe('gpu');
  });

  it('a GPU no faster than the CPU: break-even "never", an empty value and words, never Infinity', () => {
    const i = { ...PRESETS[0]!.inputs, gpuTflops: 0.01 };
    const o = answerOutputs(customAnswer(i));
    expect(o.breakEven).toMatchObject({ value: '', kind: 'never', text: 'none: GPU never wins' });
    expect(o.breakEvenSize).toMatchObject({ value: '', kind: 'never' });
  });
});

/** The issue's link: cpu=100&gpu=10&bw=10&lat=0.01&cpuMem=20&gpuMem=1000, elementwise 10⁸ × (2 in, 1 out, 2 FLOPs). */
const ISSUE_MACHINE = machineRatesFromFields(
  { cpuGflops: 100, gpuTflops: 10, transferGBps: 10, launchOverheadMs: 0.01 },
  { cpuMemGBps: 20, gpuMemGBps: 1000 },
);
const ISSUE_WORKLOAD: Workload = {
  id: 'elementwise',
  dtype: 'f32',
  shape: { elements: 1e8, inputs: 2, outputs: 1, flopsPerElement: 2 },
};

describe('the workload answer is the roofline’s', () => {
  it('the issue’s link: CPU 60 ms (memory-bound), speedup ≈ 0.495, the copies take most of the GPU time', () => {
    const a = workloadAnswer(workloadResultsView(ISSUE_WORKLOAD, ISSUE_MACHINE));
    expect(a.outputs.cpuTime).toBeCloseTo(0.06, 12);
    expect(a.outputs.speedup).toBeCloseTo(0.06 / (0.0012 + 0.12 + 1e-5), 12);
    expect(a.cpuBound).toBe('memory');
    expect(a.gpuBound).toBe('memory');
    expect(a.split.copies).toBeCloseTo(0.12, 12);
    expect(a.split.memory).toBeCloseTo(0.0012, 12);
    expect(a.split.compute).toBe(0);
    expect(a.verdict.verdict).toBe('cpu');
    expect(a.verdict.text).toMatch(/^The CPU is 2\.02× faster: the GPU’s kernels take 1\.2 ms against the CPU’s 60 ms/);
    const o = answerOutputs(a);
    expect(o.gpuTime).toEqual(o.gpuTotalTime);
    expect(o.breakEvenSize).toMatchObject({ value: '', kind: 'never', unit: 'elements' });
  });

  it('a finite break-even carries the size along the axis and the same point in Giga-operations', () => {
    const matmul = defaultWorkload('matmul');
    const a = workloadAnswer(workloadResultsView(matmul, ISSUE_MACHINE));
    expect(a.breakEven.kind).toBe('finite');
    if (a.breakEven.kind !== 'finite') return;
    const n = a.breakEven.size;
    expect(Number.isInteger(n)).toBe(true);
    expect(a.breakEven.gigaOps).toBeCloseTo((2 * n ** 3) / 1e9, 9);
    expect(answerOutputs(a).breakEvenSize.text).toBe(`n = ${n.toLocaleString('en-US')}`);
  });
});

describe('one answer, the same figures everywhere (property)', () => {
  const described = fc
    .tuple(fc.constantFrom(...WORKLOAD_IDS), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 4 }))
    .map(([id, t, machine]) => {
      const w = defaultWorkload(id);
      const axis = sizeAxis(w);
      const size = Math.round(axis.min * (axis.max / axis.min) ** t);
      const rates = [
        ISSUE_MACHINE,
        machineRatesFromFields(
          { cpuGflops: 1e-6, gpuTflops: 1e6, transferGBps: 1e-6, launchOverheadMs: 0 },
          { cpuMemGBps: 1e6, gpuMemGBps: 1e-6 },
        ),
        machineRatesFromFields(
          { cpuGflops: 1e6, gpuTflops: 1e-6, transferGBps: 1e6, launchOverheadMs: 1e6 },
          { cpuMemGBps: 1e-6, gpuMemGBps: 1e6 },
        ),
        machineRatesFromFields(
          { cpuGflops: 50, gpuTflops: 10, transferGBps: 16, launchOverheadMs: 0.05 },
          { cpuMemGBps: 20, gpuMemGBps: 360 },
        ),
        machineRatesFromFields(
          { cpuGflops: 67, gpuTflops: 0.043, transferGBps: 2.9, launchOverheadMs: 0.025 },
          { cpuMemGBps: 18, gpuMemGBps: 1.7 },
        ),
      ][machine]!;
      return workloadAnswer(workloadResultsView(axis.at(Math.max(1, size)), rates));
    });

  it('every output value is a finite number, a bound, or empty with a kind; the report repeats the card’s texts', () => {
    fc.assert(
      fc.property(described, (a) => {
        const o = answerOutputs(a);
        for (const name of ANSWER_OUTPUT_NAMES) {
          const v = o[name];
          expect(v.value).not.toMatch(/Infinity|NaN/);
          expect(v.text).not.toMatch(/Infinity|NaN/);
          if (name === 'cpuBound' || name === 'gpuBound') expect(['compute', 'memory']).toContain(v.value);
          else if (v.value !== '') expect(Number.isFinite(Number(v.value))).toBe(true);
        }
        if (o.breakEvenSize.value === '') expect(['always', 'never']).toContain(o.breakEvenSize.kind);
        const report = answerReport({ answer: a, description: 'x', rates: [], link: 'http://127.0.0.1/' });
        expect(report).toContain(`## GPU payoff: ${o.speedup.text} speedup`);
        expect(report).toContain(`| CPU | ${o.cpuTime.text} | ${o.cpuBound.text} |`);
        expect(report).toContain(`| GPU | ${o.gpuTime.text} | ${o.gpuBound.text} |`);
        expect(report).toContain(a.verdict.text);
      }),
      { numRuns: 80 },
    );
    // Each answer searches its break-even and sweeps its axis: seconds on a busy 2-core machine.
  }, 60_000);
});
