import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCH_RUN_SCHEMA_VERSION } from '../../../../src/model/bench/bench-run.ts';
import {
  HISTORY_SCHEMA_VERSION,
  migrateRecord,
  parseRecordKey,
  readRecord,
  recordKey,
  type StoredRun,
} from '../../../../src/model/history/records.ts';
import {
  browserLabel,
  cleanName,
  defaultRunName,
  deviceLabel,
  isSoftwareRun,
  runUserAgent,
  MAX_NAME_LENGTH,
} from '../../../../src/model/history/describe.ts';
import { checkJsonShape } from '../../../../src/model/history/validate.ts';
import { CHROME_UA, FIREFOX_UA, makeRun } from '../../fixtures/history-fixtures.ts';

function stored(overrides: Partial<StoredRun> = {}): StoredRun {
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    kind: 'run',
    id: 'a1b2c3',
    name: 'My laptop',
    savedAt: '2026-11-20T10:00:05.000Z',
    run: makeRun(),
    ...overrides,
  };
}

/** A deep copy with one path replaced, for hostile variants. */
function mutate(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let o: Record<string | number, unknown> = copy;
  for (const p of path.slice(0, -1)) o = o[p] as Record<string | number, unknown>;
  o[path[path.length - 1] as string | number] = replacement;
  return copy;
}

describe('readRecord', () => {
  it('accepts a valid run and returns a copy', () => {
    const rec = stored();
    const r = readRecord(rec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record).toEqual(rec);
    expect(r.record).not.toBe(rec);
    expect(r).not.toHaveProperty('upgradedFrom');
  });

  it.each([
    ['non-object', 'hello', /not an object/],
    ['bad id', { ...stored(), id: '../etc' }, /id is not a valid id/],
    ['empty name', { ...stored(), name: '   ' }, /name/],
    ['long name', { ...stored(), name: 'x'.repeat(MAX_NAME_LENGTH + 1) }, /longer than/],
    ['bad date', { ...stored(), savedAt: 'yesterday' }, /savedAt must be a date/],
    ['unknown kind', { ...stored(), kind: 'photo' }, /kind must be run, estimate, python-run or verification/],
    ['infinite sample', mutate(stored(), ['run', 'metrics', 0, 'samples', 0], Infinity), /finite/],
    ['NaN best', mutate(stored(), ['run', 'metrics', 0, 'best'], NaN), /finite/],
    ['enormous value', mutate(stored(), ['run', 'metrics', 0, 'best'], 1e300), /out of range/],
    ['enormous sample', mutate(stored(), ['run', 'metrics', 0, 'samples', 1], -1e200), /impossible value/],
    ['unknown metric', mutate(stored(), ['run', 'metrics', 0, 'id'], 'gpu.warp.drive'), /not a known metric/],
    ['unknown status', mutate(stored(), ['run', 'metrics', 0, 'status'], 'great'), /status must be one of/],
    ['unknown timer', mutate(stored(), ['run', 'gpu', 'timer'], 'sundial'), /timer must be one of/],
    ['metrics not a list', mutate(stored(), ['run', 'metrics'], 'none'), /metrics must be a list/],
    ['string too long', mutate(stored(), ['run', 'environment', 'userAgent'], 'u'.repeat(5000)), /too long/],
    ['array too long', mutate(stored(), ['run', 'errors'], new Array(20_001).fill('e')), /too many entries/],
    ['newer bench run', mutate(stored(), ['run', 'schemaVersion'], BENCH_RUN_SCHEMA_VERSION + 1), /newer version/],
    ['newer record', { ...stored(), schemaVersion: HISTORY_SCHEMA_VERSION + 1 }, /newer version/],
    ['negative duration', mutate(stored(), ['run', 'durationMs'], -5), /out of range/],
  ])('rejects %s with a reason', (_name, value, reason) => {
    const r = readRecord(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('rejects deep nesting and prototype keys without throwing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { x: deep };
    expect(readRecord({ ...stored(), extra: deep })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/deeply/),
    });
    const poisoned = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    expect(readRecord({ ...stored(), extra: poisoned })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/forbidden/),
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const hostile = { ...stored() };
    Object.defineProperty(hostile, 'name', {
      enumerable: true,
      get() {
        throw new Error('gotcha');
      },
    });
    expect(readRecord(hostile).ok).toBe(false);
  });

  it('keeps unknown extra fields of the GPU section (the bench may add some)', () => {
    const rec = mutate(stored(), ['run', 'gpu', 'newFact'], { anything: [1, 2, 3] });
    const r = readRecord(rec);
    expect(r.ok).toBe(true);
  });

  it('treats optional fields set to undefined as absent', () => {
    const rec = stored();
    rec.run = { ...rec.run, gpuUnavailable: undefined } as unknown as StoredRun['run'];
    expect(readRecord(rec).ok).toBe(true);
  });

  it('accepts a valid estimate and rejects a raw text beyond the field limit', () => {
    const est = {
      schemaVersion: 1,
      kind: 'estimate',
      id: 'e1',
      name: 'Training',
      savedAt: '2026-11-20T10:00:00.000Z',
      raw: {
        cpuGflops: '40',
        gpuTflops: '8',
        totalGigaOps: '500',
        transferGBps: '8',
        dataGB: '0.5',
        launchOverheadMs: '0.08',
        launchCount: '50',
      },
      sources: {
        cpuGflops: 'measured',
        gpuTflops: 'measured',
        totalGigaOps: 'manual',
        transferGBps: 'measured',
        dataGB: 'manual',
        launchOverheadMs: 'default',
        launchCount: 'manual',
      },
      outputs: {
        cpuTime: 12.5,
        gpuComputeTime: 0.0625,
        transferTime: 0.0625,
        kernelOverhead: 0.004,
        totalOverhead: 0.0665,
        gpuTotalTime: 0.129,
        speedup: 96.9,
        efficiency: 48.4,
      },
      basedOnRunId: 'a1b2c3',
    };
    expect(readRecord(est).ok).toBe(true);
    expect(readRecord(mutate(est, ['raw', 'dataGB'], '9'.repeat(100)))).toMatchObject({ ok: false });
    expect(readRecord(mutate(est, ['sources', 'dataGB'], 'guessed'))).toMatchObject({ ok: false });
    expect(readRecord(mutate(est, ['outputs', 'speedup'], -1))).toMatchObject({ ok: false });
  });
});

describe('migrateRecord', () => {
  it('upgrades a version-0 record (no schemaVersion, epoch savedAt, no name, no kind)', () => {
    const old = { id: 'old1', savedAt: Date.UTC(2025, 0, 2, 3, 4, 5), run: makeRun() };
    const r = readRecord(old);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.upgradedFrom).toBe(0);
    expect(r.record).toMatchObject({
      schemaVersion: HISTORY_SCHEMA_VERSION,
      kind: 'run',
      id: 'old1',
      name: 'Benchmark run',
      savedAt: '2025-01-02T03:04:05.000Z',
    });
  });

  it('carries an embedded run of an older bench version forward', () => {
    const old = stored();
    const r = readRecord({ ...old, run: { ...old.run, schemaVersion: BENCH_RUN_SCHEMA_VERSION - 1 } });
    expect(r.ok && r.record.kind === 'run' && r.record.run.schemaVersion).toBe(BENCH_RUN_SCHEMA_VERSION);
  });

  it('refuses versions it cannot know', () => {
    expect(migrateRecord({ schemaVersion: 99 })).toMatchObject({ ok: false, reason: expect.stringMatching(/newer/) });
    expect(migrateRecord({ schemaVersion: 'one' })).toMatchObject({ ok: false });
    expect(migrateRecord(null)).toMatchObject({ ok: false });
  });
});

describe('keys and names', () => {
  it('round-trips storage keys', () => {
    expect(recordKey({ kind: 'run', id: 'x' })).toBe('run:x');
    expect(parseRecordKey('estimate:y')).toEqual({ kind: 'estimate', id: 'y' });
    expect(parseRecordKey('other')).toBeUndefined();
    expect(parseRecordKey(42)).toBeUndefined();
  });

  it('cleans names: trims, drops control characters, clamps length, keeps emoji whole', () => {
    expect(cleanName('  a\u0000b\n ')).toBe('a b');
    expect(cleanName('   ')).toBeUndefined();
    expect(cleanName('x'.repeat(500))).toHaveLength(MAX_NAME_LENGTH);
    const emoji = cleanName('a'.repeat(MAX_NAME_LENGTH - 1) + '😀');
    expect(emoji).toBe('a'.repeat(MAX_NAME_LENGTH - 1));
  });

  it('names browsers and devices briefly', () => {
    expect(browserLabel(CHROME_UA)).toBe('Chrome 131');
    expect(browserLabel(FIREFOX_UA)).toBe('Firefox 133');
    expect(
      browserLabel(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
      ),
    ).toBe('Safari 18.1');
    expect(
      browserLabel('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'),
    ).toBe('Edge 131');
    expect(browserLabel('node v20.19.0 (Dawn)')).toBe('Node 20.19 (Dawn)');
    expect(browserLabel('')).toBe('unknown browser');
    expect(deviceLabel(makeRun())).toBe('NVIDIA GeForce RTX 4070');
    expect(deviceLabel(makeRun({ description: '' }))).toBe('nvidia ada');
    expect(deviceLabel(makeRun({ noGpu: true }))).toBe('no GPU');
    expect(defaultRunName(makeRun())).toBe('NVIDIA GeForce RTX 4070 · Chrome 131');
  });

  it('checkJsonShape accepts plain JSON and rejects functions and class instances', () => {
    expect(checkJsonShape({ a: [1, 'b', null, true] })).toBeUndefined();
    expect(checkJsonShape({ f: () => 1 })).toMatch(/unsupported/);
    expect(checkJsonShape({ d: new Date() })).toMatch(/plain object/);
  });
});

describe('a run recorded by the real suite', () => {
  // Chromium 156 on SwiftShader, quick profile, saved from the page on 2026-11-23: old
  // runs must stay readable, so this file is never regenerated, only added to.
  const realRun = JSON.parse(
    readFileSync(new URL('../../fixtures/history-real-run.json', import.meta.url), 'utf8'),
  ) as unknown;

  it('is readable and described correctly', () => {
    const r = readRecord({
      schemaVersion: 1,
      kind: 'run',
      id: 'real-1',
      name: 'SwiftShader',
      savedAt: '2026-11-23T20:23:00.000Z',
      run: realRun,
    });
    expect(r.ok ? 'ok' : r.reason).toBe('ok');
    if (!r.ok || r.record.kind !== 'run') return;
    const run = r.record.run;
    expect(run.metrics).toHaveLength(13);
    expect(deviceLabel(run)).toBe('google swiftshader');
    expect(isSoftwareRun(run)).toBe(true);
    expect(browserLabel(runUserAgent(run))).toBe('Headless Chrome 156');
  });
});
