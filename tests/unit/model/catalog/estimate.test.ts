import { describe, expect, it } from 'vitest';
import {
  estimateOnGpu,
  estimateSeconds,
  type DeviceEstimate,
  type GpuEstimate,
} from '../../../../src/model/catalog/estimate.ts';
import { measuredGpuRatesFromProbe, hasMeasuredFigures } from '../../../../src/model/catalog/measured.ts';
import { gpuById } from '../../../../src/model/catalog/registry.ts';
import type { GpuEntry } from '../../../../src/model/catalog/types.ts';
import { attentionCounts } from '../../../../src/model/workloads/kinds/attention.ts';
import { elementwiseCounts } from '../../../../src/model/workloads/kinds/elementwise.ts';
import { matmulCounts } from '../../../../src/model/workloads/kinds/matmul.ts';
import { pipelineCounts } from '../../../../src/model/workloads/kinds/pipeline.ts';
import { cpuProbe, gpuProbe } from '../../fixtures/python-fixtures.ts';

function gpu(id: string): GpuEntry {
  const g = gpuById(id);
  if (!g) throw new Error(`no ${id}`);
  return g;
}

function ok(e: DeviceEstimate): GpuEstimate {
  if (e.kind !== 'estimate') throw new Error(`expected an estimate, got ${e.kind}`);
  return e;
}

/** PCIe per direction by hand: GT/s × 128/130 / 8 bits × lanes. */
const GEN4_X16 = ((16 * 128) / 130 / 8) * 16 * 1e9; // 31.51 GB/s
const GEN5_X16 = ((32 * 128) / 130 / 8) * 16 * 1e9; // 63.02 GB/s

describe('estimateOnGpu against hand calculation', () => {
  it('a large float32 matmul on an H100 SXM: FP32 67 TFLOPS × 0.80, pageable copies, one eager launch', () => {
    const n = 8192;
    const e = ok(estimateOnGpu(gpu('h100-sxm'), matmulCounts({ m: n, n, k: n, batch: 1 }, 'f32'), 'f32'));
    const flops = 2 * n ** 3;
    const compute = flops / (67e12 * 0.8); // 20.5 ms
    const memory = (3 * n * n * 4) / (3350e9 * 0.9); // 0.27 ms: compute-bound
    const pageable = GEN5_X16 * 0.8 * 0.5; // 25.2 GB/s
    const up = 20e-6 + (2 * n * n * 4) / pageable;
    const down = 20e-6 + (n * n * 4) / pageable;
    const launch = 8e-6;
    const [k] = e.kernels;
    expect(k?.computeSeconds).toBeCloseTo(compute, 9);
    expect(k?.memorySeconds).toBeCloseTo(memory, 9);
    expect(k?.bound).toBe('compute');
    expect(e.copies.up.seconds).toBeCloseTo(up, 9);
    expect(e.copies.down.seconds).toBeCloseTo(down, 9);
    expect(e.launches.seconds).toBeCloseTo(launch, 12);
    expect(e.totalSeconds).toBeCloseTo(compute + up + down + launch, 9);
    expect(e.breakdown).toEqual({
      computeSeconds: k?.totalSeconds,
      memorySeconds: 0,
      copySeconds: e.copies.seconds,
      launchSeconds: e.launches.seconds,
    });
    expect(e.bound).toBe('compute');
    expect(e.basis).toBe('typical');
    expect(e.basisText).toBe('rated × typical efficiency');
    expect(k?.compute.sentence).toBe('FP32 rated 67 TFLOPS × 0.80, a large plain-FP32 matmul');
    expect(e.used.map((u) => u.sentence)).toContain('FP32 rated 67 TFLOPS × 0.80, a large plain-FP32 matmul');
  });

  it('a streaming elementwise pass on an A100 80 GB from pinned memory: bound by 2039 GB/s × 0.90', () => {
    const elements = 1e8;
    const counts = elementwiseCounts({ elements, inputs: 2, outputs: 1, flopsPerElement: 1 }, 'f32');
    const e = ok(
      estimateOnGpu(gpu('a100-80-sxm'), counts, 'f32', { tf32: false, hostMemory: 'pinned', launchMode: 'eager' }),
    );
    const memory = (elements * 3 * 4) / (2039e9 * 0.9); // 1.2 GB ≥ 100 MB: full streaming efficiency
    // 0.1 GFLOP per launch: calculon's vector table gives 0.105 of 0.95 of the 19.5 TFLOPS.
    const compute = elements / (19.5e12 * 0.95 * 0.105);
    const pinned = GEN4_X16 * 0.8;
    const [k] = e.kernels;
    expect(k?.memorySeconds).toBeCloseTo(memory, 12);
    expect(k?.computeSeconds).toBeCloseTo(compute, 12);
    expect(k?.bound).toBe('memory');
    expect(e.bound).toBe('memory');
    expect(e.copies.up.seconds).toBeCloseTo(10e-6 + (elements * 2 * 4) / pinned, 12);
    expect(e.copies.down.seconds).toBeCloseTo(10e-6 + (elements * 4) / pinned, 12);
    expect(e.breakdown.memorySeconds).toBeCloseTo(memory, 12);
    expect(e.breakdown.computeSeconds).toBe(0);
    expect(k?.memory.sentence).toBe('Memory rated 2.04 TB/s × 0.90, a streaming pass');
  });

  it('a 32³ matmul on an H100 SXM: launches and copy latency dwarf the work', () => {
    const e = ok(estimateOnGpu(gpu('h100-sxm'), matmulCounts({ m: 32, n: 32, k: 32, batch: 1 }, 'f32'), 'f32'));
    // 65.5 kFLOP is below the size curve's first point: 0.008 of the large-matmul rate.
    const compute = (2 * 32 ** 3) / (67e12 * 0.8 * 0.008);
    const memory = (3 * 32 * 32 * 4) / (3350e9 * 0.9 * 0.33);
    const pageable = GEN5_X16 * 0.8 * 0.5;
    const copies = 20e-6 + (2 * 32 * 32 * 4) / pageable + 20e-6 + (32 * 32 * 4) / pageable;
    const [k] = e.kernels;
    expect(k?.computeSeconds).toBeCloseTo(compute, 15);
    expect(k?.memorySeconds).toBeCloseTo(memory, 15);
    expect(e.totalSeconds).toBeCloseTo(compute + copies + 8e-6, 12);
    expect(e.fixedSeconds).toBeCloseTo(8e-6 + 40e-6, 12);
    expect(e.fixedSeconds / e.totalSeconds).toBeGreaterThan(0.9);
    expect(k?.compute.sentence).toMatch(/× 0\.008 for its size \(65\.5 kFLOP per launch\)$/);
  });
});

describe('the data type picks the rate', () => {
  const big = (dtype: 'f32' | 'f16' | 'bf16' | 'f64') => matmulCounts({ m: 8192, n: 8192, k: 8192, batch: 1 }, dtype);
  const rateOf = (id: string, dtype: 'f32' | 'f16' | 'bf16' | 'f64', tf32 = false) =>
    ok(estimateOnGpu(gpu(id), big(dtype), dtype, { tf32, hostMemory: 'pageable', launchMode: 'eager' })).kernels[0]
      ?.compute;

  it('float32 uses FP32 unless TF32 is allowed; then TF32 tensor (494.5 on H100 SXM)', () => {
    expect(rateOf('h100-sxm', 'f32')?.rateKind).toBe('fp32');
    const t = rateOf('h100-sxm', 'f32', true);
    expect(t?.rateKind).toBe('tf32');
    expect(t?.flopsPerSecond).toBeCloseTo(494.5e12 * 0.8, -6);
    expect(t?.sentence).toBe('TF32 tensor rated 495 TFLOPS × 0.80, a large matmul on the tensor cores');
  });

  it('TF32 asked for on a T4 (none): FP32, with a note', () => {
    const t = rateOf('t4', 'f32', true);
    expect(t?.rateKind).toBe('fp32');
    expect(t?.notes.join()).toMatch(/TF32 is allowed, but this GPU has none/);
  });

  it('float16 and bfloat16 use the tensor rates; bfloat16 on a T4 falls back to FP32 and says so', () => {
    expect(rateOf('t4', 'f16')?.ratedFlopsPerSecond).toBe(65e12);
    expect(rateOf('h100-sxm', 'bf16')?.rateKind).toBe('bf16');
    const b = rateOf('t4', 'bf16');
    expect(b?.rateKind).toBe('fp32');
    expect(b?.notes.join()).toMatch(/No bfloat16 tensor support/);
  });

  it('float64 uses FP64 tensor on A100 and MI300X, plain FP64 on an RTX 4090 (1/64)', () => {
    expect(rateOf('a100-80-sxm', 'f64')?.ratedFlopsPerSecond).toBe(19.5e12);
    expect(rateOf('mi300x', 'f64')?.rateKind).toBe('fp64Tensor');
    const r = rateOf('rtx-4090', 'f64');
    expect(r?.rateKind).toBe('fp64');
    expect(r?.ratedFlopsPerSecond).toBe(1.29e12); // 82.6 / 64, to three digits
  });

  it('plain float32 matmuls on MI300X run on the matrix cores (163.4), at the CDNA 3 efficiency', () => {
    const r = rateOf('mi300x', 'f32');
    expect(r?.rateKind).toBe('fp32Matrix');
    expect(r?.flopsPerSecond).toBeCloseTo(163.4e12 * 0.51, -6);
  });

  it('float64 on an Apple GPU is its own result: unsupported, no time', () => {
    const e = estimateOnGpu(gpu('m4-max'), big('f64'), 'f64');
    expect(e.kind).toBe('unsupported');
    if (e.kind === 'unsupported') expect(e.message).toMatch(/cannot run float64/);
    expect('totalSeconds' in e).toBe(false);
  });
});

describe('capacity', () => {
  const huge = matmulCounts({ m: 50000, n: 50000, k: 50000, batch: 1 }, 'f32'); // 30 GB of operands

  it('a 50000³ float32 matmul does not fit a T4 (16 GB): no time, a sentence', () => {
    const e = estimateOnGpu(gpu('t4'), huge, 'f32');
    expect(e.kind).toBe('over-capacity');
    if (e.kind !== 'over-capacity') return;
    expect(e.capacity.workingSetBytes).toBe(3 * 50000 * 50000 * 4);
    expect(e.capacity.fits).toBe(false);
    expect(e.message).toMatch(/^The working set, 30 GB .* exceeds the 16 GB of memory: it does not fit/);
    expect('totalSeconds' in e).toBe(false);
    expect(estimateSeconds(e)).toBeUndefined();
  });

  it('fits an H200 (141 GB)', () => {
    const e = ok(estimateOnGpu(gpu('h200'), huge, 'f32'));
    expect(e.capacity.fits).toBe(true);
    expect(estimateSeconds(e)).toBe(e.totalSeconds);
    expect(e.totalSeconds).toBeGreaterThan(0);
  });
});

describe('copies and launches', () => {
  const counts = elementwiseCounts({ elements: 1e8, inputs: 2, outputs: 1, flopsPerElement: 2 }, 'f32');

  it('unified memory pays no copy', () => {
    const e = ok(estimateOnGpu(gpu('m4-max'), counts, 'f32'));
    expect(e.copies.seconds).toBe(0);
    expect(e.copies.up.sentence).toMatch(/^Unified memory/);
    expect(e.totalSeconds).toBeCloseTo(e.kernelSeconds + e.launches.seconds, 15);
  });

  it('pinned copies are faster than pageable ones; CUDA graphs launch cheaper than eager', () => {
    const g = gpu('rtx-4090');
    const pageable = ok(estimateOnGpu(g, counts, 'f32'));
    const pinned = ok(estimateOnGpu(g, counts, 'f32', { tf32: false, hostMemory: 'pinned', launchMode: 'eager' }));
    const graphs = ok(
      estimateOnGpu(g, counts, 'f32', { tf32: false, hostMemory: 'pageable', launchMode: 'cuda-graphs' }),
    );
    expect(pinned.copies.seconds).toBeLessThan(pageable.copies.seconds / 1.9);
    expect(graphs.launches.secondsEach).toBe(2e-6);
    expect(pageable.launches.secondsEach).toBe(8e-6);
  });

  it('a pipeline of 100 small steps pays 100 launches', () => {
    const step = {
      id: 'elementwise' as const,
      dtype: 'f32' as const,
      shape: { elements: 1000, inputs: 1, outputs: 1, flopsPerElement: 1 },
    };
    const counts100 = pipelineCounts({ steps: [step], repeat: 100, dataStaysOnGpu: true });
    const e = ok(estimateOnGpu(gpu('l4'), counts100, 'f32'));
    expect(e.launches.count).toBe(100);
    expect(e.launches.seconds).toBeCloseTo(100 * 8e-6, 12);
  });

  it('fused attention runs at the attention efficiency (0.50 of the tensor rate)', () => {
    const c = attentionCounts({ batch: 8, heads: 16, sq: 4096, sk: 4096, d: 128, causal: false, fused: true }, 'bf16');
    const e = ok(estimateOnGpu(gpu('a100-80-sxm'), c, 'bf16'));
    expect(e.kernels[0]?.compute.sentence).toMatch(/^BF16 tensor rated 312 TFLOPS × 0\.50, fused attention/);
  });
});

describe('measured figures from a Python probe run replace typical ones, labelled measured', () => {
  it('reads the py.gpu.* metrics into base units', () => {
    const m = measuredGpuRatesFromProbe(gpuProbe());
    expect(m?.label).toMatch(/^Python probe: PyTorch 2\.5 · CUDA 12\.4 · NVIDIA H100/);
    expect(m?.matmulF32FlopsPerSecond).toBe(50000e9);
    expect(m?.uploadPageableBytesPerSecond).toBe(12e9);
    expect(m?.uploadPinnedBytesPerSecond).toBe(25e9);
    expect(m?.launchSeconds).toBe(6e-6); // the median of 5, 6, 7 µs
    expect(m?.deviceBytesPerSecond).toBeUndefined();
    expect(hasMeasuredFigures(m)).toBe(true);
  });

  it('a CPU-only run measured no GPU', () => {
    expect(measuredGpuRatesFromProbe(cpuProbe())).toBeUndefined();
    expect(hasMeasuredFigures(undefined)).toBe(false);
  });

  it('the estimate uses them and says so; unmeasured figures stay typical', () => {
    const m = measuredGpuRatesFromProbe(gpuProbe());
    const counts = matmulCounts({ m: 8192, n: 8192, k: 8192, batch: 1 }, 'f32');
    const e = ok(estimateOnGpu(gpu('h100-sxm'), counts, 'f32', undefined, m));
    const k = e.kernels[0];
    expect(k?.compute.basis).toBe('measured');
    expect(k?.compute.flopsPerSecond).toBe(50e12);
    expect(k?.compute.sentence).toMatch(/^FP32 measured 50 TFLOPS \(Python probe: PyTorch/);
    expect(e.copies.up.basis).toBe('measured');
    expect(e.copies.up.bytesPerSecond).toBe(12e9);
    expect(e.launches.secondsEach).toBe(6e-6);
    expect(k?.memory.basis).toBe('typical'); // the probe's device.gbps is absent here
    expect(e.basis).toBe('mixed');
  });
});
