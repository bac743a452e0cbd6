import { describe, expect, it } from 'vitest';
import type { InputKey } from '../../../../src/model/estimator/estimator.ts';
import { FIELDS } from '../../../../src/model/estimator/fields.ts';
import { estimateBasis } from '../../../../src/model/estimator/basis.ts';
import type { ValueSource } from '../../../../src/model/estimator/measured.ts';

const all = (s: ValueSource): Record<InputKey, ValueSource> =>
  Object.fromEntries(FIELDS.map((f) => [f.key, s])) as Record<InputKey, ValueSource>;

describe('estimateBasis: defaults are never an answer', () => {
  it('a first visit, measuring: says so where the answer is, with progress', () => {
    const b = estimateBasis({
      sources: all('default'),
      status: 'measuring',
      progress: { fraction: 0.35, step: 'GPU f32' },
    });
    expect(b.provisional).toBe(true);
    expect(b.title).toBe('Estimate from default values \u2014 measuring this machine\u2026');
    expect(b.detail).toMatch(
      /^35 %: GPU f32\. Until it is measured, CPU GFLOPS, GPU TFLOPS, transfer rate and launch overhead are default values/,
    );
    expect(b.short).toBe('Defaults \u00b7 measuring 35 %');
    expect(b.fraction).toBe(0.35);
  });

  it('no WebGPU: the GPU side is not measured here, and what to do', () => {
    const sources = { ...all('default'), cpuGflops: 'measured' as const };
    const b = estimateBasis({ sources, status: 'idle', gpuUnavailable: 'This browser has no WebGPU' });
    expect(b.provisional).toBe(true);
    expect(b.title).toMatch(/GPU side is not measured here/);
    expect(b.detail).toContain('Type your GPU\u2019s numbers into those fields');
    expect(b.detail).toContain('import a run measured on another machine');
    expect(b.short).toBe('GPU not measured here');
  });

  it('no WebGPU while the CPU is measured: still says the GPU side is not measured, with the CPU\u2019s progress', () => {
    const b = estimateBasis({
      sources: all('default'),
      status: 'measuring',
      progress: { fraction: 0.5, step: 'CPU' },
      gpuUnavailable: 'No WebGPU in this browser',
    });
    expect(b.title).toMatch(/GPU side is not measured here/);
    expect(b.detail).toMatch(/^Measuring the CPU: 50 %\. No WebGPU in this browser\. So GPU TFLOPS/);
    expect(b.fraction).toBe(0.5);
  });

  it('typed or measured hardware inputs: not provisional (task inputs are the user\u2019s own)', () => {
    const sources = {
      ...all('default'),
      cpuGflops: 'measured',
      gpuTflops: 'manual',
      transferGBps: 'measured',
      launchOverheadMs: 'measured',
    } as const;
    expect(estimateBasis({ sources, status: 'idle' }).provisional).toBe(false);
    expect(estimateBasis({ sources, status: 'measuring' }).provisional).toBe(false);
  });

  it('another tab measuring: this one says it waits', () => {
    const b = estimateBasis({ sources: all('default'), status: 'waiting' });
    expect(b.title).toMatch(/another tab is measuring/);
    expect(b.short).toMatch(/waiting/);
  });

  it('a cancelled run leaves some defaults: names them and what to do', () => {
    const sources = { ...all('measured'), transferGBps: 'default', launchOverheadMs: 'default' } as const;
    const b = estimateBasis({ sources, status: 'idle', cancelled: true });
    expect(b.detail).toBe(
      'Transfer rate and launch overhead are default values (the measurement was cancelled before they were measured). Measure this machine, or type them into the fields.',
    );
  });
});
