/** Imported saved estimates pass the same validation as typed inputs, record by record (issue 10). */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../../../src/model/estimator/estimator.ts';
import { PRESETS, rawFromInputs } from '../../../../src/model/estimator/fields.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, parseImport } from '../../../../src/model/history/io.ts';
import { HISTORY_SCHEMA_VERSION } from '../../../../src/model/history/records.ts';

const inputs = PRESETS[0]!.inputs;

function estimateRecord(id: string, raw: Record<string, string>, outputs = estimate(inputs)) {
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'estimate',
    id,
    name: `Estimate ${id}`,
    savedAt: '2026-11-22T10:00:00.000Z',
    raw: { ...rawFromInputs(inputs), ...raw },
    sources: Object.fromEntries(Object.keys(rawFromInputs(inputs)).map((k) => [k, 'measured'])),
    outputs,
  };
}

describe('importing saved estimates', () => {
  it('refuses invalid inputs and impossible results, one record at a time, saying why', () => {
    const doc = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      runs: [],
      estimates: [
        estimateRecord('good', {}),
        estimateRecord('nan', { cpuGflops: 'NaN' }),
        estimateRecord('huge', { cpuGflops: '1e308' }),
        estimateRecord('half', { launchCount: '2.5' }),
        estimateRecord('lie', {}, { ...estimate(inputs), speedup: 1e308 }),
        estimateRecord('bidi', { gpuTflops: '\u202Eabc' }),
      ],
    };
    const r = parseImport(JSON.stringify(doc), new Set());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.records.map((x) => x.id)).toEqual(['good']);
    const reasons = r.rejected.map((x) => x.reason);
    expect(reasons).toHaveLength(5);
    expect(reasons[0]).toMatch(/Estimate 2 .*raw\.cpuGflops "NaN" is not a valid GFLOPS value: "NaN" is not a number/);
    expect(reasons[1]).toMatch(/raw\.cpuGflops "1e308" .*Must be at most/);
    expect(reasons[2]).toMatch(/raw\.launchCount "2\.5" .*whole number/);
    expect(reasons[3]).toMatch(/outputs\.speedup \(1e\+308\) does not follow from its inputs/);
    expect(reasons[4]).not.toMatch(/\u202E/);
  });
});

describe('names from untrusted records', () => {
  it('lose their bidi controls: "\\u202Egnp.exe" reads as written, not as "exe.png"', () => {
    const doc = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      runs: [],
      estimates: [{ ...estimateRecord('named', {}), name: '\u202Egnp.exe' }],
    };
    const r = parseImport(JSON.stringify(doc), new Set());
    expect(r.ok && r.records[0]?.name).toBe('gnp.exe');
  });
});
