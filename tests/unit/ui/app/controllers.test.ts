import { describe, expect, it, vi } from 'vitest';
import type { BenchRun } from '../../../../src/model/bench/bench-run.ts';
import type { HardwareReport } from '../../../../src/model/bench/hardware.ts';
import type { StoredPythonRun, StoredRun } from '../../../../src/model/history/records.ts';
import { MeasurementController } from '../../../../src/ui/app/measurement-controller.ts';
import { PersistenceController } from '../../../../src/ui/app/persistence-controller.ts';
import { PythonLaneController } from '../../../../src/ui/app/python-lane-controller.ts';
import type { HistoryStore } from '../../../../src/store/history-store.ts';
import { CHROME_UA, makeRun } from '../../fixtures/history-fixtures.ts';
import { gpuProbe } from '../../fixtures/python-fixtures.ts';
import { FakeHost } from './fake-host.ts';

/** The hardware report of the browser `makeRun` describes. */
const REPORT: HardwareReport = {
  detectedAt: '2026-12-07T10:00:00.000Z',
  gpu: {
    available: true,
    vendor: 'nvidia',
    architecture: 'ada',
    device: '',
    description: 'NVIDIA GeForce RTX 4070',
    isFallbackAdapter: false,
    features: [],
    limits: {},
  },
  logicalCores: 8,
  browser: { name: 'Chrome', version: '131.0.0.0' },
  userAgent: CHROME_UA,
  platform: 'Linux',
  crossOriginIsolated: true,
  secureContext: true,
} as unknown as HardwareReport;

/** A store with the runs given; saves are recorded. */
function fakeStore(runs: StoredRun[] = []) {
  const saved: BenchRun[] = [];
  const store = Object.assign(new EventTarget(), {
    load: () => Promise.resolve({ runs, estimates: [], pythonRuns: [], verifications: [] }),
    saveRun: (run: BenchRun) => {
      saved.push(run);
      return Promise.resolve({ id: `run-${saved.length}` });
    },
    saveEstimate: vi.fn(() => Promise.resolve({})),
  });
  return { store: store as unknown as HistoryStore, saved };
}

function measurement(runs: StoredRun[] = [], runner = vi.fn(() => Promise.resolve(makeRun()))) {
  const host = new FakeHost();
  const { store, saved } = fakeStore(runs);
  const persistence = new PersistenceController(host, () => Promise.resolve(store));
  const fills: boolean[] = [];
  const m = new MeasurementController(host, {
    runner,
    detect: () => Promise.resolve(REPORT),
    persistence,
    lock: { locks: undefined, openChannel: () => undefined },
    onFill: (all) => fills.push(all),
  });
  return { m, host, runner, fills, saved, persistence };
}

describe('MeasurementController', () => {
  it('a first visit measures at once, fills the fields as metrics arrive, saves the run and says so', async () => {
    const { m, host, runner, fills, saved } = measurement();
    expect(m.basisStatus()).toBe('measuring');
    await m.startup();
    expect(runner).toHaveBeenCalledOnce();
    expect(m.run).toBeDefined();
    expect(m.runFromHistory).toBe(false);
    expect(fills).toContain(false);
    expect(saved).toHaveLength(1);
    expect(host.events.map((e) => e.type)).toContain('bench-complete');
    expect(m.basisStatus()).toBe('idle');
    await Promise.resolve();
    expect(m.runRecordId).toBe('run-1');
  });

  it('a later visit applies the stored run for this browser and adapter, and measures nothing', async () => {
    const stored: StoredRun = {
      schemaVersion: 1,
      kind: 'run',
      id: 'r1',
      name: 'x',
      savedAt: '2026-11-20T10:00:00.000Z',
      run: makeRun(),
    } as unknown as StoredRun;
    const { m, runner, fills } = measurement([stored]);
    await m.startup();
    expect(runner).not.toHaveBeenCalled();
    expect(m.runFromHistory).toBe(true);
    expect(m.runRecordId).toBe('r1');
    expect(fills).toEqual([false]);
    expect(m.currentMetrics().length).toBeGreaterThan(0);
  });

  it('a saved run applied from history fills every field, typed ones too', () => {
    const { m, fills } = measurement();
    m.applyHistoryRun(makeRun({ gflops: 5 }), 'r9');
    expect(fills).toEqual([true]);
    expect(m.runRecordId).toBe('r9');
  });

  it('the first-answer mark is set once, only while a run fills every field', async () => {
    let finish: (run: BenchRun) => void = () => undefined;
    const runner = vi.fn(() => new Promise<BenchRun>((resolve) => (finish = resolve)));
    const { m } = measurement([], runner);
    const mark = vi.spyOn(performance, 'mark');
    m.noteFilled(true);
    expect(mark).not.toHaveBeenCalled();
    const started = m.startup();
    await vi.waitFor(() => expect(m.running).toBe(true));
    m.noteFilled(false);
    expect(mark).not.toHaveBeenCalled();
    m.noteFilled(true);
    m.noteFilled(true);
    expect(mark).toHaveBeenCalledOnce();
    finish(makeRun());
    await started;
    mark.mockRestore();
  });
});

describe('PersistenceController', () => {
  it('saves a run and gives its id; a refused save gives undefined and no throw', async () => {
    const host = new FakeHost();
    const { store } = fakeStore();
    const p = new PersistenceController(host, () => Promise.resolve(store));
    expect(await p.saveRun(makeRun())).toBe('run-1');
    expect(p.store).toBe(store);
    const refusing = Object.assign(new EventTarget(), {
      saveRun: () => Promise.reject(Object.assign(new Error('full'), { name: 'HistoryError' })),
    }) as unknown as HistoryStore;
    const q = new PersistenceController(host, () => Promise.resolve(refusing));
    expect(await q.saveRun(makeRun())).toBeUndefined();
  });

  it('tells its listener when history changes', async () => {
    const host = new FakeHost();
    const { store } = fakeStore();
    const p = new PersistenceController(host, () => Promise.resolve(store));
    const heard = vi.fn();
    await p.onChange(heard);
    store.dispatchEvent(new Event('change'));
    expect(heard).toHaveBeenCalledOnce();
  });
});

describe('PythonLaneController', () => {
  const record = { id: 'py1', probe: gpuProbe() } as unknown as StoredPythonRun;

  it('without a probe run: the browser run’s fields, no badges', () => {
    const lane = new PythonLaneController(new FakeHost());
    const l = lane.lanes(makeRun().metrics, { cpuTier: 'simdAll', launchMode: 'dispatch', workloadId: 'matmul' });
    expect(l.fields.gpuTflops?.value).toBeCloseTo(1);
    expect(l.badges).toEqual({});
    expect(l.gpuFromPython).toBe(false);
  });

  it('an applied probe run fills every field it has a figure for and names the ones it left alone', async () => {
    const lane = new PythonLaneController(new FakeHost());
    await lane.apply(record);
    const l = lane.lanes(makeRun().metrics, { cpuTier: 'simdAll', launchMode: 'dispatch', workloadId: 'matmul' });
    expect(l.fields.gpuTflops?.value).toBeCloseTo(50);
    expect(l.badges.gpuTflops).toBe('Python: PyTorch');
    expect(l.gpuFromPython).toBe(true);
    expect(l.machine.cpuMemGBps).toBeDefined();
    expect(l.appliedText).toMatch(/^The Python run filled the CPU rate, the GPU rate/);
    expect(l.appliedText).toMatch(/no figure for .*the GPU float64 ratio/);
    await lane.apply(null);
    expect(lane.lanes([], { cpuTier: 'simdAll', launchMode: 'dispatch', workloadId: undefined }).appliedText).toBe('');
  });
});
