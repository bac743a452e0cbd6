import { beforeAll, describe, expect, it } from 'vitest';
import type { GpuSuiteOptions } from '../../../../src/bench/gpu/step-context.ts';
import { runGpuSuite } from '../../../../src/bench/gpu/suite.ts';
import type { GpuAdapterFacts } from '../../../../src/model/bench/bench-run.ts';
import type { MetricId } from '../../../../src/model/bench/metrics.ts';
import { createFakeDevice, installGpuGlobals, type FakeDeviceOptions } from './fake-device.ts';

beforeAll(installGpuGlobals);

const adapter: GpuAdapterFacts = {
  vendor: 'fake',
  architecture: 'fake',
  device: '',
  description: 'fake device',
  isFallbackAdapter: true,
  features: [],
};

/** The shaders' entry points are all the fake looks at. */
const shaders = {
  fma: '// fma_vec4 fma_scalar',
  fmaF16: '// fma_vec4_f16',
  copy: '// copy_vec4',
  dispatch: '// dispatch_empty dispatch_count',
};

function run(fake: FakeDeviceOptions, opts: Partial<GpuSuiteOptions> = {}) {
  const { device, state } = createFakeDevice(fake);
  const result = runGpuSuite(device, { profile: 'quick', shaders, adapter, timeoutMs: 300, ...opts });
  return { result, state };
}

function status(metrics: { id: MetricId; status: string }[], id: MetricId) {
  return metrics.find((m) => m.id === id)?.status;
}

describe('GPU suite control flow (fake device)', () => {
  it('measures a working kernel: the round trip with its dispatch count verified', async () => {
    const r = await run({}, { steps: ['roundtrip'] }).result;
    const m = r.metrics.find((x) => x.id === 'gpu.roundtrip.ms');
    expect(m?.status).toBe('ok');
    if (m?.status !== 'ok') return;
    expect(m.n).toBe(50);
    expect(m.median).toBeGreaterThan(0);
    expect(r.error).toBeUndefined();
    expect(r.timer).toBe('wall-clock');
  });

  it('fails a metric whose kernel output differs from the CPU reference, and carries on', async () => {
    // The fake runs no fma: the results stay zero, so the check must reject them.
    const r = await run({ workMs: 12 }, { steps: ['f32', 'roundtrip'] }).result;
    const f32 = r.metrics.find((x) => x.id === 'gpu.f32.gflops');
    expect(f32?.status).toBe('failed');
    expect(f32 && 'error' in f32 ? f32.error : '').toMatch(/differs from the CPU reference/);
    expect(status(r.metrics, 'gpu.roundtrip.ms')).toBe('ok');
    expect(r.error).toBeUndefined();
  });

  it('a GPU call that never resolves ends the run with a timeout error; later steps are skipped', async () => {
    const r = await run({ hangOnSubmittedWorkDone: true }, { steps: ['f32', 'roundtrip'] }).result;
    expect(r.metrics.find((m) => m.id === 'gpu.f32.gflops')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/did not finish within/),
    });
    expect(r.metrics.find((m) => m.id === 'gpu.roundtrip.ms')).toMatchObject({
      status: 'skipped',
      error: expect.stringMatching(/ended early/),
    });
    expect(r.error).toMatch(/onSubmittedWorkDone.*did not finish/);
  });

  it('a mapAsync that never resolves also times out', async () => {
    const r = await run({ hangMapAsync: true }, { steps: ['readback'] }).result;
    expect(status(r.metrics, 'gpu.readback.gbps')).toBe('failed');
    expect(r.error).toMatch(/mapAsync.*did not finish/);
  }, 20_000);

  it('device loss ends the run with a clear message', async () => {
    const r = await run({ loseAtSubmit: 3 }, { steps: ['f32', 'roundtrip'] }).result;
    expect(r.error).toMatch(/GPU device lost.*crashed/);
    expect(r.metrics.every((m) => m.status !== 'ok')).toBe(true);
  });

  it('an out-of-memory buffer fails that metric only', async () => {
    const r = await run({ oomLabel: /copy\.src/ }, { steps: ['device', 'roundtrip'] }).result;
    expect(r.metrics.find((m) => m.id === 'gpu.device.gbps')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/out of GPU memory.*bench\.copy\.src/),
    });
    expect(status(r.metrics, 'gpu.roundtrip.ms')).toBe('ok');
    expect(r.error).toBeUndefined();
  });

  it('a shader compile error fails that metric with the compiler message', async () => {
    const r = await run({ compileErrorIn: 'fma_peak' }, { steps: ['f32'] }).result;
    expect(r.metrics[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/failed to compile: line 3:7/),
    });
  });

  it('cancellation keeps finished metrics and marks the rest cancelled', async () => {
    const controller = new AbortController();
    const r = await run(
      {},
      {
        steps: ['dispatch', 'roundtrip'],
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step.startsWith('Submit round trip')) controller.abort();
        },
      },
    ).result;
    expect(status(r.metrics, 'gpu.dispatch.us')).toBe('ok');
    expect(status(r.metrics, 'gpu.encode.us')).toBe('ok');
    expect(status(r.metrics, 'gpu.roundtrip.ms')).toBe('cancelled');
    expect(r.cancelled).toBe(true);
  });

  it('an already-aborted signal runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await run({}, { signal: controller.signal }).result;
    expect(r.metrics.length).toBeGreaterThan(0);
    expect(r.metrics.every((m) => m.status === 'cancelled')).toBe(true);
  });

  it('reports progress monotonically from 0 to 1', async () => {
    const seen: number[] = [];
    await run({}, { steps: ['dispatch', 'roundtrip'], onProgress: (p) => seen.push(p.fraction) }).result;
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] as number);
  });

  it('skips f16 without shader-f16', async () => {
    const r = await run({}, { steps: ['f16'] }).result;
    expect(r.metrics[0]).toMatchObject({ id: 'gpu.f16.gflops', status: 'skipped' });
  });
});
