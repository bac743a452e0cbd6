import { describe, expect, it } from 'vitest';
import { customAnswer, workloadAnswer } from '../../../../src/model/answer/answer.ts';
import { compareEstimates, savedAnswer, validateSavedAnswer } from '../../../../src/model/answer/saved.ts';
import { PRESETS, rawFromInputs } from '../../../../src/model/estimator/fields.ts';
import { machineRatesFromFields } from '../../../../src/model/workloads/precision.ts';
import { defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import { workloadResultsView } from '../../../../src/model/workloads/view.ts';

const example1 = PRESETS[0]!.inputs;
const machine = machineRatesFromFields(
  { cpuGflops: 100, gpuTflops: 10, transferGBps: 10, launchOverheadMs: 0.01 },
  { cpuMemGBps: 20, gpuMemGBps: 1000 },
);

describe('saved answers', () => {
  it('keep the bounds and the break-even, and pass their own validation', () => {
    const a = workloadAnswer(workloadResultsView(defaultWorkload('matmul'), machine));
    const s = savedAnswer(a);
    expect(s.cpuBound).toBe(a.cpuBound);
    expect(s.breakEven.kind).toBe('finite');
    expect(validateSavedAnswer(s, 'answer')).toBeUndefined();
    expect(validateSavedAnswer({ ...s, cpuBound: 'fast' }, 'answer')).toBe(
      'answer.cpuBound must be "compute" or "memory"',
    );
    expect(validateSavedAnswer({ ...s, breakEven: { kind: 'finite', unit: 'n', size: Infinity } }, 'a')).toMatch(
      /size must be a positive finite number/,
    );
    expect(validateSavedAnswer(null, 'a')).toBe('a must be an object');
  });

  it('compare 2–4 estimates as they were answered; an old custom one gets its bounds from its inputs', () => {
    const matmul = workloadAnswer(workloadResultsView(defaultWorkload('matmul'), machine));
    const cols = compareEstimates([
      { id: 'a', name: 'seed', raw: rawFromInputs(example1), outputs: customAnswer(example1).outputs },
      {
        id: 'b',
        name: 'matmul',
        raw: rawFromInputs(example1),
        outputs: matmul.outputs,
        workload: { label: 'Matrix multiply', cpuSeconds: 1, gpuSeconds: 0.5, speedup: 2 },
        answer: savedAnswer(matmul),
      },
      {
        id: 'c',
        name: 'old workload',
        raw: rawFromInputs(example1),
        outputs: matmul.outputs,
        workload: { label: 'Softmax', cpuSeconds: 3, gpuSeconds: 1, speedup: 3 },
      },
    ]);
    expect(cols.map((c) => c.code)).toEqual(['Custom task', 'Matrix multiply', 'Softmax']);
    expect(cols[0]!.cpuBound).toBe('compute-bound');
    expect(cols[0]!.breakEven).toMatch(/Giga-ops$/);
    expect(cols[1]!.speedup).toBe(2);
    expect(cols[1]!.breakEven).toMatch(/^n = [\d,]+$/);
    expect(cols[2]!.gpuBound).toBe('not saved');
  });
});
