import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { breakEven, estimate, verdictFor, type EstimatorInputs } from '../../../../src/model/estimator/estimator.ts';
import { PRESETS } from '../../../../src/model/estimator/fields.ts';
import { breakEvenText, explainVerdict, formulaNote } from '../../../../src/model/estimator/summary.ts';

const example1 = (): EstimatorInputs => ({ ...PRESETS[0]!.inputs });

/** The case: GPU compute 13.8 s against 1.27 s on the CPU, ≈ 99 % GPU efficiency. */
const COMPUTE_SLOWER: EstimatorInputs = {
  cpuGflops: 100 / 1.27,
  gpuTflops: 100 / 13.8 / 1000,
  totalGigaOps: 100,
  transferGBps: 16,
  dataGB: 0.01,
  launchOverheadMs: 0.05,
  launchCount: 100,
};

describe('the verdict\u2019s reason comes from the numbers', () => {
  it('compute alone slower: says so, and does not blame the overheads', () => {
    const out = estimate(COMPUTE_SLOWER);
    expect(out.efficiency).toBeGreaterThan(99);
    const v = explainVerdict(COMPUTE_SLOWER, out);
    expect(v.verdict).toBe('cpu');
    expect(v.cause).toBe('compute');
    expect(v.text).toBe(
      'The CPU is 10.9× faster: the GPU\u2019s compute alone (13.8 s) takes longer than the whole CPU run (1.27 s).',
    );
    expect(v.text).not.toMatch(/overhead/);
  });

  it('overheads dominate: names the data transfer when it is the larger one', () => {
    const inputs = { ...example1(), totalGigaOps: 0.01 };
    const v = explainVerdict(inputs);
    expect(v.cause).toBe('overhead');
    expect(v.overhead).toBe('transfer');
    expect(v.text).toMatch(/^The CPU is 266× faster: the GPU computes it in .* but its data transfer \(62\.5 ms\)/);
  });

  it('overheads dominate: names the kernel launches when they are the larger one', () => {
    const inputs = { ...example1(), totalGigaOps: 0.01, dataGB: 0, launchCount: 10_000 };
    const v = explainVerdict(inputs);
    expect(v.cause).toBe('overhead');
    expect(v.overhead).toBe('launches');
    expect(v.text).toContain('its kernel launch overhead (800 ms)');
  });

  it('both: compute slower and the overheads alone longer than the CPU run', () => {
    const inputs = { ...COMPUTE_SLOWER, dataGB: 100 };
    const v = explainVerdict(inputs);
    expect(v.cause).toBe('both');
    expect(v.text).toMatch(/compute alone \(13\.8 s\) and its data transfer \(6\.25 s\) each take longer/);
  });

  it('the GPU wins: the verdict gives both times', () => {
    const v = explainVerdict(example1());
    expect(v.verdict).toBe('gpu');
    expect(v.text).toBe('The GPU is 96.9× faster: 129 ms in all against the CPU\u2019s 12.5 s.');
  });

  it('the Formula footnote names the term that decides it for the current inputs', () => {
    expect(formulaNote(COMPUTE_SLOWER)).toContain('For your inputs: T_GPU_compute alone exceeds T_CPU.');
    expect(formulaNote({ ...example1(), totalGigaOps: 0.01 })).toContain('T_transfer outweighs the difference');
    expect(formulaNote(undefined)).toMatch(/compute alone is slower .* or both\.$/);
  });
});

describe('verdict, break-even and chart never contradict', () => {
  it('a GPU as fast as the CPU with a little overhead: not "about even" beside "GPU never wins"', () => {
    // Speedup ≈ 0.95: inside the ±10 % band, but the GPU's rate is not above the CPU's.
    const inputs: EstimatorInputs = { ...example1(), cpuGflops: 8000, totalGigaOps: 500, dataGB: 0.01, launchCount: 1 };
    expect(estimate(inputs).speedup).toBeGreaterThan(0.91);
    expect(breakEven(inputs).kind).toBe('never');
    const v = explainVerdict(inputs);
    expect(v.verdict).toBe('cpu');
    expect(breakEvenText(inputs)).toMatch(/GPU never wins/);
  });

  const inputsArb = fc.record({
    cpuGflops: fc.double({ min: 1e-3, max: 1e5, noNaN: true }),
    gpuTflops: fc.double({ min: 1e-6, max: 100, noNaN: true }),
    totalGigaOps: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
    transferGBps: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    dataGB: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e3, noNaN: true })),
    launchOverheadMs: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 10, noNaN: true })),
    launchCount: fc.integer({ min: 1, max: 1e6 }),
  });

  it('property: the verdict agrees with the break-even and with which line is lower at your task', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const out = estimate(inputs);
        const v = verdictFor(inputs, out.speedup);
        const be = breakEven(inputs);
        if (be.kind === 'never') expect(v).not.toBe('gpu');
        if (be.kind === 'never' && out.speedup < 1) expect(v).toBe('cpu');
        if (be.kind === 'always') expect(v).not.toBe('cpu');
        // The chart's lines: GPU below CPU at your task exactly when the speedup is above 1.
        if (v === 'gpu') expect(out.gpuTotalTime).toBeLessThan(out.cpuTime);
        if (v === 'cpu') expect(out.gpuTotalTime).toBeGreaterThan(out.cpuTime);
        const text = explainVerdict(inputs, out).text;
        // A reason that blames overheads only when compute alone is faster, and vice versa.
        if (out.gpuComputeTime >= out.cpuTime && v === 'cpu') expect(text).toMatch(/compute alone/);
        if (out.gpuComputeTime < out.cpuTime && v === 'cpu') expect(text).toMatch(/costs more than that saves/);
        expect(text).not.toMatch(/NaN|Infinity|undefined/);
      }),
      { numRuns: 1000 },
    );
  });
});
