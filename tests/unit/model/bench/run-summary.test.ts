import { describe, expect, it } from 'vitest';
import { runProblem, runSummary } from '../../../../src/model/bench/run-summary.ts';
import { makeRun } from '../../fixtures/history-fixtures.ts';

describe('run summary lines', () => {
  it('names the profile, GPU, browser and whether it came from history', () => {
    const run = makeRun();
    const text = runSummary(run, true, 'en-US');
    expect(text).toMatch(
      /^Measured .*, quick profile, NVIDIA GeForce RTX 4070, Chrome 131\. Taken from your history\.$/,
    );
    expect(runSummary({ ...run, cancelled: true }, false, 'en-US')).toContain('(cancelled: partial results).');
  });
  it('says plainly why numbers are missing', () => {
    expect(runProblem(makeRun())).toBe('');
    expect(runProblem({ ...makeRun(), cancelled: true })).toContain('cancelled');
    expect(runProblem(makeRun({ noGpu: true }))).toContain('No GPU measurements: WebGPU is not available');
    expect(runProblem({ ...makeRun(), errors: ['Device lost.'] })).toBe('Some measurements failed: Device lost.');
  });
  it('a lost device is said once, not once per failed measurement', () => {
    const lost = 'GPU device lost (destroyed): no message';
    const base = makeRun();
    const run = {
      ...base,
      ...(base.gpu ? { gpu: { ...base.gpu, error: lost } } : {}),
      errors: [`GPU: ${lost}`, `gpu.device.gbps: ${lost}`, 'cpu.js.gflops: timed out'],
    };
    const text = runProblem(run);
    expect(text.split(lost).length - 1).toBe(1);
    expect(text).toBe(
      `The GPU run stopped: ${lost}. GPU values measured before that are used; the rest keep their previous values. Also failed: cpu.js.gflops: timed out.`,
    );
    expect(runProblem({ ...base, errors: ['Device lost.', 'Device lost'] })).toBe(
      'Some measurements failed: Device lost.',
    );
  });
  it('a reason without its full stop still reads as a sentence', () => {
    const run = { ...makeRun({ noGpu: true }), gpuUnavailable: 'The GPU adapter did not answer within 15 s' };
    expect(runProblem(run)).toBe(
      'No GPU measurements: The GPU adapter did not answer within 15 s. The CPU values are measured; the GPU fields keep their defaults.',
    );
  });
});
