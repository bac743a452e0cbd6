import { describe, expect, it } from 'vitest';
import { runProblem, runSummary } from '../../../src/model/run-summary.ts';
import { makeRun } from '../fixtures/history-fixtures.ts';

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
  it('a reason without its full stop still reads as a sentence', () => {
    const run = { ...makeRun({ noGpu: true }), gpuUnavailable: 'The GPU adapter did not answer within 15 s' };
    expect(runProblem(run)).toBe(
      'No GPU measurements: The GPU adapter did not answer within 15 s. The CPU values are measured; the GPU fields keep their defaults.',
    );
  });
});
