import { describe, expect, it } from 'vitest';
import {
  HISTORY_SCHEMA_VERSION,
  makePythonRunRecord,
  parseRecordKey,
  readRecord,
  recordKey,
} from '../../../../src/model/history/records.ts';
import { buildExport, parseImport } from '../../../../src/model/history/io.ts';
import { cpuProbe, gpuProbe } from '../../fixtures/python-fixtures.ts';
import { makeRun } from '../../fixtures/history-fixtures.ts';

const meta = { id: 'py-1', savedAt: new Date('2026-11-21T10:00:00Z') };

describe('python-run records', () => {
  it('are named after the stack and keyed python-run:<id>', () => {
    const made = makePythonRunRecord(cpuProbe(), meta);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.record.name).toBe('NumPy 2.4 · OpenBLAS 0.3.31 · 2 threads');
    expect(recordKey(made.record)).toBe('python-run:py-1');
    expect(parseRecordKey('python-run:py-1')).toEqual({ kind: 'python-run', id: 'py-1' });
    const gpu = makePythonRunRecord(gpuProbe(), meta);
    expect(gpu.ok && gpu.record.name).toBe('PyTorch 2.5 · CUDA 12.4 · NVIDIA H100 80GB HBM3');
  });

  it('read back through the one migration and validation, and refuse a bad probe', () => {
    const made = makePythonRunRecord(cpuProbe(), meta);
    if (!made.ok) throw new Error(made.reason);
    const back = readRecord(JSON.parse(JSON.stringify(made.record)));
    expect(back.ok && back.record.kind).toBe('python-run');
    const broken = structuredClone(made.record) as unknown as { probe: { metrics: { value: number }[] } };
    broken.probe.metrics[0]!.value = -1;
    const bad = readRecord(broken);
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.reason).toMatch(
        /^record\.probe: In metrics\[0\] \(py\.cpu\.[a-z0-9.]+, numpy\), the field “value” must not be negative$/,
      );
  });

  it('migrate from version 0 like any record (no schemaVersion, savedAt in ms)', () => {
    const made = makePythonRunRecord(cpuProbe(), meta);
    if (!made.ok) throw new Error(made.reason);
    const old: Record<string, unknown> = { ...made.record, savedAt: Date.parse('2026-11-21T10:00:00Z') };
    delete old['schemaVersion'];
    const back = readRecord(old);
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.upgradedFrom).toBe(0);
    expect(HISTORY_SCHEMA_VERSION).toBe(1);
  });

  it('a stored run never keeps a `python` field (only the store’s views carry one)', () => {
    const made = makePythonRunRecord(cpuProbe(), meta);
    if (!made.ok) throw new Error(made.reason);
    const run = { schemaVersion: 1, kind: 'run', id: 'r1', name: 'x', savedAt: meta.savedAt.toISOString() };
    const read = readRecord({ ...run, run: makeRun(), python: made.record });
    expect(read.ok && read.record.kind === 'run' && read.record.python).toBe(undefined);
  });

  it('travel in the history export and back; files without pythonRuns still import', () => {
    const made = makePythonRunRecord(cpuProbe(), meta);
    if (!made.ok) throw new Error(made.reason);
    const doc = buildExport([], [], new Date('2026-11-22T00:00:00Z'), [made.record]);
    const parsed = parseImport(JSON.stringify(doc), new Set());
    expect(parsed.ok && parsed.records.map((r) => r.kind)).toEqual(['python-run']);
    const again = parseImport(JSON.stringify(doc), new Set(['python-run:py-1']));
    expect(again.ok && again.duplicates).toBe(1);
    const withoutPython = buildExport([], [], new Date());
    expect('pythonRuns' in withoutPython).toBe(false);
    const bad = { ...doc, pythonRuns: [{ ...made.record, probe: { kind: 'nope' } }] };
    const rejected = parseImport(JSON.stringify(bad), new Set());
    expect(rejected.ok && rejected.rejected[0]?.reason).toMatch(/^Python run 1 \("NumPy 2\.4/);
  });
});
