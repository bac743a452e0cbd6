import { describe, expect, it } from 'vitest';
import type { InputKey } from '../../../../src/model/estimator/estimator.ts';
import { DEFAULT_RAW } from '../../../../src/model/estimator/fields.ts';
import type { ValueSource } from '../../../../src/model/estimator/measured.ts';
import { mergeWorkloadFields } from '../../../../src/model/workloads/classic.ts';
import { matmulCounts } from '../../../../src/model/workloads/kinds/matmul.ts';

const sources = (s: ValueSource): Record<InputKey, ValueSource> => ({
  cpuGflops: 'measured',
  gpuTflops: 'measured',
  totalGigaOps: s,
  transferGBps: 'measured',
  dataGB: s,
  launchOverheadMs: 'measured',
  launchCount: s,
});

describe('mergeWorkloadFields', () => {
  const counts = matmulCounts({ m: 2048, n: 2048, k: 2048, batch: 1 }, 'f32');

  it('fills total operations, data size and launch count from the workload, marked "workload"', () => {
    const out = mergeWorkloadFields({ raw: { ...DEFAULT_RAW }, sources: sources('default') }, counts, DEFAULT_RAW);
    expect(out.raw.totalGigaOps).toBe('17.179869184');
    // A and B up, C back: 3 · 2048² · 4 bytes.
    expect(out.raw.dataGB).toBe('0.050331648');
    expect(out.raw.launchCount).toBe('1');
    expect(out.sources.totalGigaOps).toBe('workload');
    expect(out.sources.cpuGflops).toBe('measured');
    expect(out.raw.cpuGflops).toBe(DEFAULT_RAW.cpuGflops);
  });

  it('never overwrites a typed value', () => {
    const state = {
      raw: { ...DEFAULT_RAW, dataGB: '7' },
      sources: { ...sources('default'), dataGB: 'manual' as const },
    };
    const out = mergeWorkloadFields(state, counts, DEFAULT_RAW);
    expect(out.raw.dataGB).toBe('7');
    expect(out.sources.dataGB).toBe('manual');
    expect(out.sources.launchCount).toBe('workload');
  });

  it('classic mode puts the workload’s fields back to their defaults and leaves the rest', () => {
    const filled = mergeWorkloadFields({ raw: { ...DEFAULT_RAW }, sources: sources('default') }, counts, DEFAULT_RAW);
    const back = mergeWorkloadFields(filled, undefined, DEFAULT_RAW);
    expect(back.raw).toEqual(DEFAULT_RAW);
    expect(back.sources.totalGigaOps).toBe('default');
    expect(back.sources.cpuGflops).toBe('measured');
  });
});
