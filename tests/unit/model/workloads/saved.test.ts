import { describe, expect, it } from 'vitest';
import { DEFAULT_RAW, FIELDS } from '../../../../src/model/estimator/fields.ts';
import type { InputKey } from '../../../../src/model/estimator/estimator.ts';
import type { ValueSource } from '../../../../src/model/estimator/measured.ts';
import { makeEstimateRecord, readRecord } from '../../../../src/model/history/records.ts';
import {
  savedWorkloadName,
  validateSavedWorkload,
  workloadFromSavedQuery,
  workloadLabel,
  type SavedWorkload,
} from '../../../../src/model/workloads/saved.ts';
import { defaultPipeline, defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import { WORKLOAD_IDS } from '../../../../src/model/workloads/types.ts';

const saved: SavedWorkload = {
  query: 'w=matmul&w.dtype=f32&w.m=2048&w.n=2048&w.k=2048&w.batch=1&cpuMem=20&gpuMem=360&gpuF64=0.03125',
  label: 'Matrix multiply 2,048×2,048 · 2,048×2,048, float32',
  cpuSeconds: 0.17,
  gpuSeconds: 0.012,
  speedup: 14.2,
};

const sources = Object.fromEntries(FIELDS.map((f) => [f.key, 'default'])) as Record<InputKey, ValueSource>;
/** The workload's answer in the seed's output names, as the page saves it (issue #17: one answer). */
const outputs = {
  cpuTime: saved.cpuSeconds,
  gpuComputeTime: 0.01,
  transferTime: 0.0015,
  kernelOverhead: 0.0005,
  totalOverhead: 0.002,
  gpuTotalTime: saved.gpuSeconds,
  speedup: saved.cpuSeconds / saved.gpuSeconds,
  efficiency: 40,
};
const meta = { id: 'e1', savedAt: new Date('2026-01-02T03:04:05Z') };

describe('saved workloads', () => {
  it('labels say what the workload was', () => {
    expect(workloadLabel(defaultWorkload('matmul'))).toBe(saved.label);
    expect(workloadLabel(defaultWorkload('softmax', 'f64'))).toBe('Softmax over rows 4,096 × 32,000, float64');
    expect(workloadLabel(defaultPipeline())).toBe(
      'Pipeline matmul → elementwise → softmax × 100, float32, data stays on the GPU',
    );
    for (const id of WORKLOAD_IDS) expect(workloadLabel(defaultWorkload(id)).length).toBeLessThanOrEqual(200);
    expect(savedWorkloadName(saved)).toBe(`14.2× speedup · ${saved.label}`);
  });

  it('the query goes through the URL parser', () => {
    expect(workloadFromSavedQuery(saved.query)).toEqual(defaultWorkload('matmul'));
    expect(workloadFromSavedQuery('w=matmul&w.m=-1')).toBeUndefined();
    expect(workloadFromSavedQuery('')).toBeUndefined();
  });

  it('validation refuses what the page could not show', () => {
    expect(validateSavedWorkload(saved, 'r.workload')).toBeUndefined();
    expect(validateSavedWorkload(null, 'r.workload')).toBe('r.workload must be an object');
    expect(validateSavedWorkload({ ...saved, query: 'w=banana' }, 'r.workload')).toMatch(/valid workload/);
    expect(validateSavedWorkload({ ...saved, query: 'x'.repeat(5000) }, 'r.workload')).toMatch(/at most/);
    expect(validateSavedWorkload({ ...saved, label: '' }, 'r.workload')).toMatch(/label/);
    expect(validateSavedWorkload({ ...saved, speedup: Number.NaN }, 'r.workload')).toMatch(/speedup/);
    expect(validateSavedWorkload({ ...saved, gpuSeconds: -1 }, 'r.workload')).toMatch(/gpuSeconds/);
  });

  it('a saved estimate keeps its workload through storage; older records without one still load', () => {
    const made = makeEstimateRecord(
      { raw: { ...DEFAULT_RAW }, sources, outputs, workload: { ...saved, speedup: outputs.speedup } },
      meta,
    );
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const kept = { ...saved, speedup: outputs.speedup };
    expect(made.record.workload).toEqual(kept);
    expect(made.record.name).toBe(savedWorkloadName(kept));
    const back = readRecord(JSON.parse(JSON.stringify(made.record)));
    expect(back.ok && back.record.kind === 'estimate' && back.record.workload).toEqual(kept);
    // The saved answer must hold together and be the workload's own.
    expect(readRecord({ ...made.record, outputs: { ...outputs, speedup: 99 } }).ok).toBe(false);
    expect(readRecord({ ...made.record, workload: { ...kept, cpuSeconds: 5 } }).ok).toBe(false);

    // A custom (classic) estimate, and older records, have no workload and still load.
    const old = makeEstimateRecord({ raw: { ...DEFAULT_RAW }, sources }, meta);
    expect(old.ok && old.record.workload).toBeUndefined();
    expect(old.ok && readRecord(JSON.parse(JSON.stringify(old.record))).ok).toBe(true);
    // A field filled from a workload is a valid source.
    const filled = makeEstimateRecord(
      { raw: { ...DEFAULT_RAW }, sources: { ...sources, totalGigaOps: 'workload' }, outputs, workload: { ...kept } },
      meta,
    );
    expect(filled.ok).toBe(true);
    const bad = readRecord({ ...made.record, workload: { ...saved, query: 'w=matmul&w.m=0' } });
    expect(bad.ok).toBe(false);
  });
});
