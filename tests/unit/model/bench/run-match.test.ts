import { describe, expect, it } from 'vitest';
import { latestRunFor, sameSetup } from '../../../../src/model/bench/run-match.ts';
import type { HardwareReport } from '../../../../src/model/bench/hardware.ts';
import { HISTORY_SCHEMA_VERSION, type StoredRun } from '../../../../src/model/history/records.ts';
import { CHROME_UA, FIREFOX_UA, makeRun, type RunOptions } from '../../fixtures/history-fixtures.ts';

const hw: HardwareReport = {
  detectedAt: '2026-11-23T10:00:00.000Z',
  gpu: {
    available: true,
    vendor: 'nvidia',
    architecture: 'ada',
    device: '',
    description: 'NVIDIA GeForce RTX 4070',
    isFallbackAdapter: false,
    nameHidden: false,
    features: { timestampQuery: true, shaderF16: true, subgroups: true, all: [] },
    limits: {
      maxBufferSize: 1,
      maxStorageBufferBindingSize: 1,
      maxComputeWorkgroupsPerDimension: 1,
      maxComputeInvocationsPerWorkgroup: 1,
      maxComputeWorkgroupSizeX: 1,
    },
  },
  logicalCores: 8,
  browser: { name: 'Chrome', version: '131' },
  userAgent: CHROME_UA,
  platform: 'Linux',
  crossOriginIsolated: true,
  secureContext: true,
};

const stored = (id: string, o: RunOptions, cancelled = false): StoredRun => {
  const run = makeRun(o);
  run.cancelled = cancelled;
  return { schemaVersion: HISTORY_SCHEMA_VERSION, kind: 'run', id, name: id, savedAt: o.startedAt ?? '', run };
};

describe('matching stored runs to this browser and adapter', () => {
  it('needs the same user agent and the same adapter', () => {
    expect(sameSetup(makeRun(), hw)).toBe(true);
    expect(sameSetup(makeRun({ userAgent: FIREFOX_UA }), hw)).toBe(false);
    expect(sameSetup(makeRun({ description: 'NVIDIA GeForce RTX 3060' }), hw)).toBe(false);
    expect(sameSetup(makeRun({ fallback: true }), hw)).toBe(false);
    expect(sameSetup(makeRun({ noGpu: true }), hw)).toBe(false);
    expect(
      sameSetup(makeRun({ noGpu: true }), { ...hw, gpu: { available: false, reason: 'no-webgpu', message: '' } }),
    ).toBe(true);
  });

  it('picks the newest complete run for this setup', () => {
    const runs = [
      stored('old', { startedAt: '2026-11-01T00:00:00.000Z' }),
      stored('new', { startedAt: '2026-11-20T00:00:00.000Z' }),
      stored('newest-cancelled', { startedAt: '2026-11-22T00:00:00.000Z' }, true),
      stored('other-browser', { startedAt: '2026-11-23T00:00:00.000Z', userAgent: FIREFOX_UA }),
    ];
    expect(latestRunFor(runs, hw)?.id).toBe('new');
    expect(latestRunFor([runs[3]!], hw)).toBeUndefined();
  });
});
