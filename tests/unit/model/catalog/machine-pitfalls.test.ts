import { describe, expect, it } from 'vitest';
import { customAnswer, workloadAnswer } from '../../../../src/model/answer/answer.ts';
import { probeGpus } from '../../../../src/model/catalog/compare-devices.ts';
import { answerPitfalls, webgpuVsCuda } from '../../../../src/model/catalog/machine-pitfalls.ts';
import { HISTORY_SCHEMA_VERSION } from '../../../../src/model/history/records.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import { workloadResultsView } from '../../../../src/model/workloads/view.ts';
import { gpuProbe } from '../../fixtures/python-fixtures.ts';

const MACHINE: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 20e9,
  gpuF32FlopsPerSecond: 1e12,
  gpuF64PerF32Ratio: 1 / 64,
  gpuMemoryBytesPerSecond: 100e9,
  transferBytesPerSecond: 10e9,
  launchOverheadSeconds: 20e-6,
};
const GPU = { kind: 'this-machine' as const, f64PerF32Ratio: 1 / 64, unifiedMemory: false };

describe('answerPitfalls: the warnings of this machine’s own answer', () => {
  it('a workload: its roofline decides (float64 at 1/64 is crippled; a 32³ matmul is too small)', () => {
    const f64 = workloadAnswer(
      workloadResultsView({ id: 'matmul', dtype: 'f64', shape: { m: 2048, n: 2048, k: 2048, batch: 1 } }, MACHINE),
    );
    expect(answerPitfalls(f64, GPU).map((p) => p.id)).toContain('f64-consumer');
    const f32 = workloadAnswer(
      workloadResultsView({ id: 'matmul', dtype: 'f32', shape: { m: 2048, n: 2048, k: 2048, batch: 1 } }, MACHINE),
    );
    expect(answerPitfalls(f32, GPU).map((p) => p.id)).not.toContain('f64-consumer');
    const tiny = workloadAnswer(
      workloadResultsView({ id: 'matmul', dtype: 'f32', shape: { m: 32, n: 32, k: 32, batch: 1 } }, MACHINE),
    );
    expect(answerPitfalls(tiny, GPU).map((p) => p.id)).toContain('too-small');
  });

  it('a custom task: the seed’s times decide; unified memory only on an integrated GPU', () => {
    const inputs = {
      cpuGflops: 100,
      gpuTflops: 10,
      totalGigaOps: 1000,
      transferGBps: 10,
      dataGB: 0.001,
      launchOverheadMs: 0.01,
      launchCount: 1,
    };
    const big = customAnswer(inputs);
    expect(answerPitfalls(big, GPU).map((p) => p.id)).not.toContain('transfer-bound');
    expect(answerPitfalls(big, { ...GPU, unifiedMemory: true }).map((p) => p.id)).toContain('unified-memory');
    const copies = customAnswer({ ...inputs, totalGigaOps: 1, dataGB: 10 });
    expect(answerPitfalls(copies, GPU).map((p) => p.id)).toContain('transfer-bound');
  });
});

describe('webgpuVsCuda', () => {
  const probes = probeGpus([
    {
      schemaVersion: HISTORY_SCHEMA_VERSION,
      kind: 'python-run',
      id: 'aaaaaaaa',
      name: 'x',
      savedAt: '2025-01-01T00:00:00Z',
      probe: gpuProbe(),
    },
  ]);
  it('always says that WebGPU reaches less than CUDA', () => {
    expect(webgpuVsCuda({ f32Gflops: 1000, software: false }, [])).toMatch(
      /^WebGPU reaches less than CUDA on the same GPU/,
    );
  });
  it('with a probe run and a real adapter: both figures and the share', () => {
    expect(webgpuVsCuda({ f32Gflops: 12500, software: false }, probes)).toContain(
      'PyTorch 2.5 · CUDA 12.4 · NVIDIA H100 80GB HBM3 measured 50 TFLOPS in a float32 matmul, and this browser’s WebGPU 12.5 TFLOPS — 25 % of it.',
    );
  });
  it('a software adapter or no browser figure: no share, said why', () => {
    expect(webgpuVsCuda({ f32Gflops: 100, software: true }, probes)).toContain('software adapter');
    expect(webgpuVsCuda({ f32Gflops: 100, software: true }, probes)).not.toContain('%');
    expect(webgpuVsCuda({ f32Gflops: undefined, software: false }, probes)).toContain('has not measured its GPU yet');
  });
});
