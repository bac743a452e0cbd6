import { describe, expect, it } from 'vitest';
import { ACHIEVABLE_KINDS, achievableLadder } from '../../../../src/model/workloads/achievable-plan.ts';
import { ACHIEVABLE_CLASSES } from '../../../../src/model/workloads/achievable.ts';
import { RUNNABLE_WORKLOAD_IDS } from '../../../../src/model/workloads/runnable.ts';
import { isAcceptedWorkload } from '../../../../src/model/workloads/url.ts';
import type { PartComparison } from '../../../../src/model/workloads/verify.ts';
import {
  VERIFY_SWEEP_SIZES,
  signedPercent,
  sweepScore,
  withinTarget,
  type SweepRow,
} from '../../../../src/model/workloads/verify-sweep.ts';

const part = (errorPercent: number): PartComparison => ({
  predicted: 1,
  measured: 1 + errorPercent / 100,
  errorPercent,
});

describe('the held-out sizes', () => {
  it('three per runnable kind, the first tiny, every one a shape the page accepts', () => {
    expect(Object.keys(VERIFY_SWEEP_SIZES).sort()).toEqual([...RUNNABLE_WORKLOAD_IDS].sort());
    for (const sizes of Object.values(VERIFY_SWEEP_SIZES)) {
      expect(sizes).toHaveLength(3);
      for (const w of sizes) expect(isAcceptedWorkload(w), JSON.stringify(w)).toBe(true);
    }
  });

  it('none is a size the achievable ladders measure, in either profile', () => {
    for (const c of ACHIEVABLE_CLASSES) {
      const rungs = [...achievableLadder(c, 'quick'), ...achievableLadder(c, 'full')].flatMap((r) => r.workloads);
      for (const id of ACHIEVABLE_KINDS[c]) {
        for (const w of VERIFY_SWEEP_SIZES[id]) {
          const same = rungs.some((r) => r.id === w.id && JSON.stringify(r.shape) === JSON.stringify(w.shape));
          expect(same, `${w.id} ${JSON.stringify(w.shape)} is on a ladder`).toBe(false);
        }
      }
    }
  });
});

describe('the table', () => {
  it('within ±25 % counts per column; non-finite errors never count', () => {
    expect(withinTarget(part(25))).toBe(true);
    expect(withinTarget(part(-25.1))).toBe(false);
    expect(withinTarget(part(Number.NaN))).toBe(false);
    const row = (cpu: number, gpu: number, speedup: number): SweepRow => ({
      kind: 'matmul',
      size: 'n',
      tiny: false,
      cpu: part(cpu),
      gpu: part(gpu),
      speedup: part(speedup),
      upload: part(0),
      readback: part(100),
      gpuCompute: part(0),
    });
    expect(sweepScore([row(10, 40, 5), row(-30, 0, -20)])).toEqual({
      cpu: 1,
      gpu: 1,
      speedup: 2,
      upload: 2,
      readback: 0,
      of: 2,
    });
    expect(signedPercent(33782859)).toBe('+33,782,859 %');
    expect(signedPercent(-12.4)).toBe('−12 %');
    expect(signedPercent(Number.NaN)).toBe('–');
  });
});
