/**
 * The registry of kinds: every kind has every part, its id is its key, its URL names are
 * unique, and every kind's workload survives the URL round trip (defaults and random
 * shapes); the unions and lists derived from it agree with it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonExample } from '../../../../../src/model/workloads/python.ts';
import { kindOf, WORKLOAD_IDS, WORKLOAD_KINDS, workloadOf } from '../../../../../src/model/workloads/kinds/index.ts';
import { RUNS, runOf } from '../../../../../src/model/workloads/kinds/runs.ts';
import { STEP_KINDS } from '../../../../../src/model/workloads/kinds/steps.ts';
import { RUNNABLE_WORKLOAD_IDS } from '../../../../../src/model/workloads/runnable.ts';
import { workloadLabel } from '../../../../../src/model/workloads/saved.ts';
import { SIZE_UNITS, sizeAxis } from '../../../../../src/model/workloads/break-even.ts';
import { cpuWorkFor } from '../../../../../src/model/python/python-lane.ts';
import { defaultWorkload } from '../../../../../src/model/workloads/specs.ts';
import { DTYPES } from '../../../../../src/model/workloads/dtype.ts';
import {
  queryFromWorkload,
  validateWorkloadForm,
  workloadFields,
  workloadFormFromQuery,
} from '../../../../../src/model/workloads/url.ts';
import type { Workload } from '../../../../../src/model/workloads/types.ts';

describe.each(WORKLOAD_IDS)('kind %s', (id) => {
  const kind = kindOf(id);
  const w = defaultWorkload(id);

  it('has every part: names, fields, counts with formulas and a convention, a size axis, Python, a label, the lane mapping', () => {
    expect(kind.id).toBe(id);
    expect(kind.label.length).toBeGreaterThan(2);
    expect(kind.example.length).toBeGreaterThan(2);
    expect(kind.params.length).toBeGreaterThan(0);
    const c = kind.counts(w.shape, w.dtype);
    for (const v of [c.flops, c.deviceBytes, c.hostBytes, c.launches]) expect(Number.isFinite(v) && v >= 0).toBe(true);
    for (const f of Object.values(c.formulas) as string[]) expect(f.length).toBeGreaterThan(0);
    expect(c.convention.length).toBeGreaterThan(20);
    for (const k of c.kernels)
      expect(k.kernelClass).toMatch(/^(matmul|matvec|elementwise|reduction|rowwise|fft|attention|task)$/);
    const axis = sizeAxis(w);
    expect(axis.unit).toBe(kind.sizeUnit);
    expect(SIZE_UNITS[id]).toBe(kind.sizeUnit);
    expect(axis.min).toBeGreaterThan(0);
    expect(axis.max).toBeGreaterThan(axis.min);
    expect(axis.at(Math.round(axis.current)).id).toBe(id);
    expect(pythonExample(w)).toMatch(/^import /);
    expect(workloadLabel(w).length).toBeGreaterThan(kind.label.length);
    expect(['compute', 'memory']).toContain(cpuWorkFor(id));
  });

  it('its URL names are unique, all under w.', () => {
    const names = workloadFields({ id, raw: {} }).map((f) => f.param);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n.startsWith('w.')).toBe(true);
  });

  it('its default workload survives the URL round trip, in every type', () => {
    for (const dtype of DTYPES) {
      const d = defaultWorkload(id, dtype);
      const q = workloadFormFromQuery(new URLSearchParams(queryFromWorkload(d)));
      expect(q.form && validateWorkloadForm(q.form).workload).toEqual(d);
    }
  });

  it('random shapes within the fields’ limits survive the URL round trip', () => {
    if (kind.form) return; // a composite kind's steps are round-tripped in url.test.ts
    const rec: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of kind.params) {
      if (p.kind === 'number') {
        rec[p.key] = p.integer
          ? fc.integer({ min: Math.max(p.min, p.minExclusive ? 1 : 0, 1), max: Math.min(p.max, 1e6) })
          : // Three decimals: the form writes numbers to 15 significant digits, not every bit of a double.
            fc
              .integer({ min: Math.ceil(Math.max(p.floor, 1e-3) * 1000), max: Math.min(p.max, 1e4) * 1000 })
              .map((x) => x / 1000);
      } else if (p.kind === 'flag') rec[p.key] = fc.boolean();
      else rec[p.key] = fc.constant(p.defaultValue);
    }
    fc.assert(
      fc.property(fc.record(rec), (shape) => {
        const w2 = workloadOf(id, 'f32', shape);
        const v = validateWorkloadForm({ id, raw: {} });
        expect(v.workload).toBeDefined();
        const back = workloadFormFromQuery(new URLSearchParams(queryFromWorkload(w2)));
        const again = back.form && validateWorkloadForm(back.form).workload;
        // A shape the fields refuse together (conv2d's kernel) does not come back; every other one comes back equal.
        if (again) expect(again).toEqual(w2);
        else expect(kind.check?.(shape)).toBeDefined();
      }),
      { numRuns: 30 },
    );
  });
});

describe('the registry', () => {
  it('lists the single kinds, then the composite ones, and every id is its key', () => {
    expect(WORKLOAD_IDS).toEqual([...Object.keys(STEP_KINDS), 'pipeline']);
    for (const [key, kind] of Object.entries(WORKLOAD_KINDS)) expect(kind.id).toBe(key);
  });

  it('the runnable kinds are exactly those marked runs: true, and each has its run spec', () => {
    expect(RUNNABLE_WORKLOAD_IDS).toEqual(WORKLOAD_IDS.filter((id) => kindOf(id).runs === true));
    expect(Object.keys(RUNS).sort()).toEqual([...RUNNABLE_WORKLOAD_IDS].sort());
    for (const id of WORKLOAD_IDS) expect(runOf(id) !== undefined).toBe(kindOf(id).runs === true);
    // Every kind runs (issue #18): conv2d, attention, FFT and pipelines too.
    expect(RUNNABLE_WORKLOAD_IDS).toEqual([
      'matmul',
      'matvec',
      'elementwise',
      'expression',
      'reduction',
      'softmax',
      'layernorm',
      'conv2d',
      'attention',
      'fft',
      'pipeline',
    ]);
  });

  it('a kind without a dtype field (a typed task) keeps the default type', () => {
    // None today; the form and the URL honour `takesDtype: false` for the classic "custom" kind to come.
    const fields = (w: Workload) => workloadFields({ id: w.id, raw: {} }).map((f) => f.kind);
    for (const id of WORKLOAD_IDS)
      expect(fields(defaultWorkload(id))[0]).toBe(kindOf(id).takesDtype === false ? undefined : 'dtype');
  });
});
