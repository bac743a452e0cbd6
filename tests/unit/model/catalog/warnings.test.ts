import { describe, expect, it } from 'vitest';
import { estimateOnGpu } from '../../../../src/model/catalog/estimate.ts';
import { PITFALLS, PITFALL_IDS, type PitfallId } from '../../../../src/model/catalog/pitfalls.ts';
import { DEFAULT_ESTIMATE_OPTIONS, type EstimateOptions } from '../../../../src/model/catalog/rates.ts';
import { gpuById } from '../../../../src/model/catalog/registry.ts';
import { SOURCES } from '../../../../src/model/catalog/sources.ts';
import {
  machineTimingFromRoofline,
  pitfallsFor,
  type MachineTiming,
  type ThisMachineGpu,
} from '../../../../src/model/catalog/warnings.ts';
import type { WorkloadCounts } from '../../../../src/model/workloads/counts.ts';
import { elementwiseCounts } from '../../../../src/model/workloads/kinds/elementwise.ts';
import { matmulCounts } from '../../../../src/model/workloads/kinds/matmul.ts';
import { pipelineCounts } from '../../../../src/model/workloads/kinds/pipeline.ts';
import type { DeviceRates } from '../../../../src/model/workloads/precision.ts';
import { roofline } from '../../../../src/model/workloads/roofline.ts';
import type { Dtype } from '../../../../src/model/workloads/types.ts';

/** The ids of the warnings a workload gets on a catalog GPU. */
function warnings(
  id: string,
  counts: WorkloadCounts,
  dtype: Dtype,
  options: EstimateOptions = DEFAULT_ESTIMATE_OPTIONS,
): PitfallId[] {
  const gpu = gpuById(id);
  if (!gpu) throw new Error(`no ${id}`);
  const estimate = estimateOnGpu(gpu, counts, dtype, options);
  return pitfallsFor({ dtype, counts, device: { kind: 'catalog', gpu }, estimate, options }).map((p) => p.id);
}

const matmul = (n: number, dtype: Dtype) => matmulCounts({ m: n, n, k: n, batch: 1 }, dtype);
const pinned: EstimateOptions = { tf32: false, hostMemory: 'pinned', launchMode: 'eager' };

describe("the issue's examples", () => {
  it('float64 matmul on an RTX 4090 shows f64-consumer; float32 does not', () => {
    expect(warnings('rtx-4090', matmul(4096, 'f64'), 'f64')).toContain('f64-consumer');
    expect(warnings('rtx-4090', matmul(4096, 'f32'), 'f32')).not.toContain('f64-consumer');
  });

  it('elementwise on 10⁹ float32 on an H100 SXM shows transfer-bound', () => {
    const c = elementwiseCounts({ elements: 1e9, inputs: 2, outputs: 1, flopsPerElement: 2 }, 'f32');
    expect(warnings('h100-sxm', c, 'f32')).toContain('transfer-bound');
  });

  it('a 32³ matmul on an H100 SXM shows too-small', () => {
    expect(warnings('h100-sxm', matmul(32, 'f32'), 'f32')).toContain('too-small');
  });

  it('a 50000³ float32 matmul shows capacity on a T4, not on an H200', () => {
    expect(warnings('t4', matmul(50000, 'f32'), 'f32')).toContain('capacity');
    expect(warnings('h200', matmul(50000, 'f32'), 'f32')).not.toContain('capacity');
  });
});

describe('each warning applies when, and only when, its rule holds', () => {
  it('f64-consumer: not on GPUs with full FP64 (A100, MI300X); on Apple, which has none', () => {
    expect(warnings('a100-80-sxm', matmul(4096, 'f64'), 'f64')).not.toContain('f64-consumer');
    expect(warnings('mi300x', matmul(4096, 'f64'), 'f64')).not.toContain('f64-consumer');
    expect(warnings('t4', matmul(4096, 'f64'), 'f64')).toContain('f64-consumer'); // 1/32
    expect(warnings('m4-max', matmul(4096, 'f64'), 'f64')).toContain('f64-consumer');
  });

  it('tf32: a large float32 matmul on a GPU with TF32; not on a T4, not for elementwise, not in float16', () => {
    expect(warnings('a100-80-sxm', matmul(8192, 'f32'), 'f32', pinned)).toContain('tf32');
    expect(warnings('t4', matmul(8192, 'f32'), 'f32', pinned)).not.toContain('tf32');
    const ew = elementwiseCounts({ elements: 1e8, inputs: 2, outputs: 1, flopsPerElement: 2 }, 'f32');
    expect(warnings('a100-80-sxm', ew, 'f32')).not.toContain('tf32');
    expect(warnings('a100-80-sxm', matmul(8192, 'f16'), 'f16')).not.toContain('tf32');
    // A tiny matmul is all launches and copies: TF32 does not change the answer.
    expect(warnings('a100-80-sxm', matmul(32, 'f32'), 'f32')).not.toContain('tf32');
  });

  it('sparsity: when the rate used is a vendor sparse figure halved (H100 BF16), not FP32 nor A100 BF16', () => {
    expect(warnings('h100-sxm', matmul(8192, 'bf16'), 'bf16')).toContain('sparsity');
    expect(warnings('h100-sxm', matmul(8192, 'f32'), 'f32')).not.toContain('sparsity');
    expect(warnings('a100-80-sxm', matmul(8192, 'bf16'), 'bf16')).not.toContain('sparsity');
  });

  it('transfer-bound: not for a large float32 matmul from pinned memory; yes for the same in bfloat16', () => {
    // 16384³ in FP32: 164 ms of compute against 64 ms of copies.
    expect(warnings('h100-sxm', matmul(16384, 'f32'), 'f32', pinned)).not.toContain('transfer-bound');
    // On the tensor cores the compute drops to 11 ms, under the 32 ms of copies.
    expect(warnings('h100-sxm', matmul(16384, 'bf16'), 'bf16', pinned)).toContain('transfer-bound');
  });

  it('too-small: not for a large matmul', () => {
    expect(warnings('h100-sxm', matmul(8192, 'f32'), 'f32')).not.toContain('too-small');
  });

  it('sync-timing: when kernel time at least equals launch time; not for a 32³ matmul', () => {
    expect(warnings('h100-sxm', matmul(4096, 'f32'), 'f32')).toContain('sync-timing');
    expect(warnings('h100-sxm', matmul(32, 'f32'), 'f32')).not.toContain('sync-timing');
  });

  it('first-call: when the GPU time is under a second; not for hours of work', () => {
    expect(warnings('h100-sxm', matmul(2048, 'f32'), 'f32')).toContain('first-call');
    const long = pipelineCounts({
      steps: [{ id: 'matmul', dtype: 'f32', shape: { m: 8192, n: 8192, k: 8192, batch: 1 } }],
      repeat: 200,
      dataStaysOnGpu: true,
    });
    expect(warnings('h100-sxm', long, 'f32')).not.toContain('first-call');
  });

  it('warm-cache: a memory-bound kernel whose operands fit in L2; not beyond L2, not compute-bound', () => {
    const small = elementwiseCounts({ elements: 1e6, inputs: 2, outputs: 1, flopsPerElement: 1 }, 'f32'); // 12 MB
    const big = elementwiseCounts({ elements: 1e8, inputs: 2, outputs: 1, flopsPerElement: 1 }, 'f32'); // 1.2 GB
    expect(warnings('h100-sxm', small, 'f32')).toContain('warm-cache');
    expect(warnings('h100-sxm', big, 'f32')).not.toContain('warm-cache');
    expect(warnings('h100-sxm', matmul(1024, 'f32'), 'f32')).not.toContain('warm-cache');
    // Apple publishes no cache sizes: no claim either way.
    expect(warnings('m4-max', small, 'f32')).not.toContain('warm-cache');
  });

  it('pageable-memory: pageable copies that matter; not pinned, not unified, not negligible', () => {
    const ew = elementwiseCounts({ elements: 1e8, inputs: 2, outputs: 1, flopsPerElement: 2 }, 'f32');
    expect(warnings('rtx-4090', ew, 'f32')).toContain('pageable-memory');
    expect(warnings('rtx-4090', ew, 'f32', pinned)).not.toContain('pageable-memory');
    expect(warnings('m3-max', ew, 'f32')).not.toContain('pageable-memory');
    const longMatmul = pipelineCounts({
      steps: [{ id: 'matmul', dtype: 'f32', shape: { m: 8192, n: 8192, k: 8192, batch: 1 } }],
      repeat: 50,
      dataStaysOnGpu: true,
    });
    expect(warnings('rtx-4090', longMatmul, 'f32')).not.toContain('pageable-memory');
  });

  it('unified-memory: Apple with host data; never on a discrete GPU', () => {
    const ew = elementwiseCounts({ elements: 1e6, inputs: 2, outputs: 1, flopsPerElement: 2 }, 'f32');
    expect(warnings('m4-max', ew, 'f32')).toContain('unified-memory');
    expect(warnings('rtx-4090', ew, 'f32')).not.toContain('unified-memory');
  });

  it('an answer with no time (over capacity) gets no time-based warnings', () => {
    const ids = warnings('t4', matmul(50000, 'f32'), 'f32');
    expect(ids).toEqual(['capacity']);
  });
});

describe('every warning says what, how large, the fix, a source, the rule and why here', () => {
  it.each(PITFALL_IDS)('%s', (id) => {
    const t = PITFALLS[id];
    for (const text of [t.title, t.whatGoesWrong, t.typicalError, t.fix, t.when])
      expect(text.length).toBeGreaterThan(15);
    expect(SOURCES[t.source].url).toMatch(/^https:\/\//);
  });

  it('the why carries this answer’s numbers', () => {
    const c = elementwiseCounts({ elements: 1e9, inputs: 2, outputs: 1, flopsPerElement: 2 }, 'f32');
    const gpu = gpuById('h100-sxm');
    if (!gpu) throw new Error('no h100-sxm');
    const estimate = estimateOnGpu(gpu, c, 'f32');
    const p = pitfallsFor({
      dtype: 'f32',
      counts: c,
      device: { kind: 'catalog', gpu },
      estimate,
      options: DEFAULT_ESTIMATE_OPTIONS,
    });
    expect(p.find((x) => x.id === 'transfer-bound')?.why).toMatch(
      /^Copies take 476 ms of 480 ms \(99\.\d %\) of the GPU time\.$/,
    );
  });
});

describe('this machine (browser-measured GPU)', () => {
  const integrated: ThisMachineGpu = { kind: 'this-machine', f64PerF32Ratio: 1 / 64, unifiedMemory: true };
  const rates: DeviceRates = {
    cpuFlopsPerSecond: 100e9,
    cpuMemoryBytesPerSecond: 20e9,
    gpuFlopsPerSecond: 2e12,
    gpuMemoryBytesPerSecond: 100e9,
    transferBytesPerSecond: 10e9,
    launchOverheadSeconds: 50e-6,
  };

  function machine(counts: WorkloadCounts, dtype: Dtype, device: ThisMachineGpu = integrated): PitfallId[] {
    const timing: MachineTiming = machineTimingFromRoofline(roofline(counts, rates).gpu);
    return pitfallsFor({ dtype, counts, device, estimate: timing, options: DEFAULT_ESTIMATE_OPTIONS }).map((p) => p.id);
  }

  it('uses the roofline times: a 32³ matmul is too small, float64 with a 1/64 ratio is crippled', () => {
    expect(machine(matmul(32, 'f32'), 'f32')).toContain('too-small');
    expect(machine(matmul(512, 'f64'), 'f64')).toContain('f64-consumer');
    expect(machine(matmul(512, 'f64'), 'f64', { ...integrated, f64PerF32Ratio: 1 / 2 })).not.toContain('f64-consumer');
  });

  it('no TF32, sparsity or pageable warnings without catalog figures; capacity only when memory is known', () => {
    const ids = machine(matmul(4096, 'f32'), 'f32');
    for (const id of ['tf32', 'sparsity', 'pageable-memory', 'capacity'] as const) expect(ids).not.toContain(id);
    expect(machine(matmul(50000, 'f32'), 'f32', { ...integrated, memoryBytes: 8e9 })).toContain('capacity');
  });
});
