import { describe, expect, it } from 'vitest';
import {
  HISTORY_SCHEMA_VERSION,
  makeVerificationRecord,
  migrateRecord,
  parseRecordKey,
  readRecord,
  recordKey,
} from '../../../../src/model/history/records.ts';
import { buildExport, parseImport } from '../../../../src/model/history/io.ts';
import { compareVerifications, verificationEnvironmentLabel } from '../../../../src/model/history/compare.ts';
import {
  calibrationFromHistory,
  calibrationsFromHistory,
  chooseRates,
  verificationSummary,
} from '../../../../src/model/history/verification.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import { compareVerification, predictParts } from '../../../../src/model/workloads/verify.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';
import type { VerifyResult } from '../../../../src/bench/workloads/verify.ts';
import { CHROME_UA, FIREFOX_UA, verificationSummaryFixture } from '../../fixtures/verification-fixtures.ts';

const meta = { id: 'ver-1', savedAt: new Date('2026-11-25T10:00:00Z') };

function made(over = {}, m = meta) {
  const r = makeVerificationRecord(verificationSummaryFixture(over), m);
  if (!r.ok) throw new Error(r.reason);
  return r.record;
}

const machine: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 16e9,
  gpuF32FlopsPerSecond: 1e12,
  gpuF64PerF32Ratio: 1 / 32,
  gpuMemoryBytesPerSecond: 32e9,
  transferBytesPerSecond: 8e9,
  launchOverheadSeconds: 1e-5,
};

describe('verification records', () => {
  it('are named after the workload and keyed verification:<id>', () => {
    const rec = made();
    expect(rec.kind).toBe('verification');
    expect(rec.schemaVersion).toBe(HISTORY_SCHEMA_VERSION);
    expect(rec.name).toBe('elementwise 1 000 000 elements f32');
    expect(recordKey(rec)).toBe('verification:ver-1');
    expect(parseRecordKey('verification:ver-1')).toEqual({ kind: 'verification', id: 'ver-1' });
  });

  it('round-trip through JSON, migration and validation unchanged', () => {
    const rec = made({ measuredBreakEvenSize: 250_000 });
    const back = readRecord(JSON.parse(JSON.stringify(rec)));
    expect(back).toEqual({ ok: true, record: rec });
  });

  it('migrate from envelope version 0 (no schemaVersion, savedAt in ms)', () => {
    const rec = made() as unknown as Record<string, unknown>;
    const old: Record<string, unknown> = { ...rec, savedAt: Date.parse('2026-11-25T10:00:00Z') };
    delete old['schemaVersion'];
    const back = readRecord(old);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.upgradedFrom).toBe(0);
    expect(back.record.kind).toBe('verification');
    expect(back.record.savedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('refuse a body from a newer version, or without one', () => {
    const rec = made();
    const newer = { ...rec, verification: { ...rec.verification, schemaVersion: 99 } };
    const m = migrateRecord(newer);
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.reason).toMatch(/newer version/);
    const none = structuredClone(rec) as unknown as { verification: Record<string, unknown> };
    delete none.verification['schemaVersion'];
    expect(readRecord(none).ok).toBe(false);
  });

  it('refuse untrusted bodies: unknown workload, non-finite or negative numbers, bad bounds, long text', () => {
    const rec = made();
    const bad = (patch: (v: Record<string, unknown>) => void) => {
      const copy = structuredClone(rec) as unknown as { verification: Record<string, unknown> };
      patch(copy.verification);
      return readRecord(copy);
    };
    const cases: [string, (v: Record<string, unknown>) => void, RegExp][] = [
      ['workload', (v) => (v['workload'] = 'qr'), /record\.verification\.workload/],
      ['negative time', (v) => ((v['measured'] as Record<string, unknown>)['cpuSeconds'] = -1), /measured\.cpuSeconds/],
      ['null error', (v) => (v['predictionError'] = null), /predictionError/],
      ['bound', (v) => ((v['achieved'] as Record<string, unknown>)['gpuBound'] = 'cache'), /achieved\.gpuBound/],
      ['size', (v) => (v['ranSize'] = 0), /ranSize/],
      ['environment', (v) => (v['environment'] = 'chrome'), /environment/],
      [
        'user agent',
        (v) => ((v['environment'] as Record<string, unknown>)['userAgent'] = 'x'.repeat(5000)),
        /userAgent/,
      ],
    ];
    for (const [, patch, reason] of cases) {
      const r = bad(patch);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
  });

  it('travel in export/import, and an export without them still imports', () => {
    const rec = made();
    const doc = buildExport([], [], new Date('2026-11-25T11:00:00Z'), [], [rec]);
    expect(doc.verifications).toHaveLength(1);
    const back = parseImport(JSON.stringify(doc), new Set());
    expect(back.ok && back.records).toEqual([rec]);
    const again = parseImport(JSON.stringify(doc), new Set([recordKey(rec)]));
    expect(again.ok && again.duplicates).toBe(1);
    expect(buildExport([], [], new Date()).verifications).toBeUndefined();
    const wrong = parseImport(JSON.stringify({ ...doc, verifications: [{ ...rec, kind: 'run' }] }), new Set());
    expect(wrong.ok && wrong.rejected.length).toBe(1);
  });
});

describe('verificationSummary', () => {
  it('keeps the workload, sizes, prediction, measurement and achieved fractions of a result', () => {
    const w: Workload = {
      id: 'elementwise',
      dtype: 'f32',
      shape: { elements: 1_000_000, inputs: 3, outputs: 1, flopsPerElement: 2 },
    };
    const measured = {
      cpuSeconds: 0.002,
      gpuComputeSeconds: 0.001,
      uploadSeconds: 0.003,
      readbackSeconds: 0.001,
      launches: 1,
    };
    const comparison = compareVerification(w, machine, measured);
    const result = {
      requested: w,
      ran: w,
      fit: { workload: w, size: 1_000_000, requestedSize: 1_000_000, scaledDown: false, reason: '' },
      notes: [],
      prediction: predictParts(w, machine),
      measured,
      comparison,
      gpu: {
        timer: 'wall-clock',
        samples: 64,
        computeSamples: [],
        validated: true,
        uploadBytes: 12e6,
        readbackBytes: 4e6,
      },
      cpu: { threads: 4, flavor: 'simd', checked: 64, samples: [], validated: true },
      durationMs: 100,
    } as unknown as VerifyResult;
    const env = { userAgent: CHROME_UA, adapter: 'SwiftShader', gpuTimer: 'wall-clock', cpuThreads: 4 };
    const s = verificationSummary(result, env);
    expect(s).toBeDefined();
    if (!s) return;
    expect(s.workload).toBe('elementwise');
    expect(s.ranSize).toBe(1_000_000);
    expect(s.predictionError).toBeCloseTo(comparison.predictionError);
    expect(s.achieved.gpuRoofFraction).toBeCloseTo(comparison.achieved.gpuRoofFraction);
    expect(s.hostBytes).toBe(16e6);
    const rec = makeVerificationRecord(s, meta);
    expect(rec.ok).toBe(true);
    // Nothing non-finite is kept.
    const broken: VerifyResult = { ...result, comparison: { ...comparison, predictionError: Number.NaN } };
    expect(verificationSummary(broken, env)).toBeUndefined();
  });
});

describe('calibration from history', () => {
  const here = verificationSummaryFixture().environment;

  it('uses only verifications of the same workload kind on this machine and browser', () => {
    const list = [
      made(),
      made({ workload: 'matmul', achieved: { ...verificationSummaryFixture().achieved, gpuRoofFraction: 0.1 } }),
      made({ environment: { ...here, userAgent: FIREFOX_UA } }),
    ];
    const cal = calibrationFromHistory('elementwise', list, here);
    expect(cal?.runs).toBe(1);
    expect(cal?.gpuEfficiency).toBeCloseTo(0.5);
    expect(calibrationFromHistory('softmax', list, here)).toBeUndefined();
  });

  it('gives one calibration per workload kind verified here, for the page', () => {
    const cals = calibrationsFromHistory([made(), made({ workload: 'matmul' })], here);
    expect([...cals.keys()].sort()).toEqual(['elementwise', 'matmul']);
    expect(calibrationsFromHistory([made()], { ...here, adapter: 'Another GPU' }).size).toBe(0);
  });

  it('chooses calibrated rates with provenance, or the raw peaks when asked', () => {
    const cal = calibrationFromHistory('elementwise', [made()], verificationSummaryFixture().environment);
    const on = chooseRates(machine, cal, true);
    expect(on.provenance).toBe('calibrated');
    expect(on.rates.gpuMemoryBytesPerSecond).toBeCloseTo(16e9);
    expect(on.note).toMatch(/Calibrated from 1 verification of elementwise/);
    const off = chooseRates(machine, cal, false);
    expect(off).toEqual({ rates: machine, provenance: 'measured', calibrationAvailable: true });
    expect(chooseRates(machine, undefined, true).calibrationAvailable).toBe(false);
  });
});

describe('compareVerifications', () => {
  it('gives the prediction error per workload, per machine and browser', () => {
    const env = verificationSummaryFixture().environment;
    const rows = compareVerifications([
      made({ predictionError: 0.2 }),
      made({ predictionError: -0.4 }),
      made({ predictionError: 0.1, environment: { ...env, userAgent: FIREFOX_UA } }),
      made({ workload: 'matmul', predictionError: 1.5 }),
    ]);
    expect(rows.map((r) => r.workload)).toEqual(['elementwise', 'matmul']);
    const ew = rows[0]!;
    expect(ew.runs).toBe(3);
    expect(ew.medianAbsError).toBeCloseTo(0.2);
    expect(ew.cells.map((c) => c.environment)).toEqual([
      verificationEnvironmentLabel(env),
      verificationEnvironmentLabel({ ...env, userAgent: FIREFOX_UA }),
    ]);
    expect(ew.cells[0]!.medianError).toBeCloseTo(-0.1);
    expect(ew.cells[0]!.medianAbsError).toBeCloseTo(0.3);
    expect(rows[1]!.cells[0]!.medianError).toBeCloseTo(1.5);
  });
});
