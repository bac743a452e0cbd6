import { describe, expect, it } from 'vitest';
import {
  classicFieldsFromCounts,
  intensityFlopsPerByte,
  workloadCounts,
} from '../../../../src/model/workloads/counts.ts';
import { attentionCounts } from '../../../../src/model/workloads/kinds/attention.ts';
import { conv2dCounts, convOutputSize } from '../../../../src/model/workloads/kinds/conv2d.ts';
import { elementwiseCounts } from '../../../../src/model/workloads/kinds/elementwise.ts';
import { fftCounts } from '../../../../src/model/workloads/kinds/fft.ts';
import { matmulCounts } from '../../../../src/model/workloads/kinds/matmul.ts';
import { pipelineCounts } from '../../../../src/model/workloads/kinds/pipeline.ts';
import { reductionCounts } from '../../../../src/model/workloads/kinds/reduction.ts';
import { softmaxCounts } from '../../../../src/model/workloads/kinds/softmax.ts';
import { defaultPipeline, defaultWorkload } from '../../../../src/model/workloads/specs.ts';
import { WORKLOAD_IDS } from '../../../../src/model/workloads/types.ts';

// Every expected value below is worked out by hand in the comment beside it.

describe('matmul', () => {
  it('2048³ float32: 2·2048³ FLOPs, three 16 MiB matrices', () => {
    const c = matmulCounts({ m: 2048, n: 2048, k: 2048, batch: 1 }, 'f32');
    expect(c.flops).toBe(17_179_869_184); // 2 · 2^33
    expect(c.deviceBytes).toBe(50_331_648); // 3 · 2^22 · 4
    expect(c.hostToDeviceBytes).toBe(33_554_432); // A and B
    expect(c.deviceToHostBytes).toBe(16_777_216); // C
    expect(c.hostBytes).toBe(50_331_648);
    expect(c.launches).toBe(1);
    expect(c.formulas.flops).toBe('2·batch·m·n·k');
  });

  it('non-square, batched, float64', () => {
    // m=3, n=5, k=7, batch=2: FLOPs 2·2·3·5·7 = 420; bytes (21 + 35 + 15)·2·8 = 1136
    const c = matmulCounts({ m: 3, n: 5, k: 7, batch: 2 }, 'f64');
    expect(c.flops).toBe(420);
    expect(c.deviceBytes).toBe(1136);
    expect(c.hostToDeviceBytes).toBe((21 + 35) * 2 * 8);
    expect(c.deviceToHostBytes).toBe(15 * 2 * 8);
  });
});

describe('elementwise', () => {
  it('a*b+c on 1e8 float32: 2e8 FLOPs, 4 arrays of 400 MB', () => {
    const c = elementwiseCounts({ elements: 1e8, inputs: 3, outputs: 1, flopsPerElement: 2 }, 'f32');
    expect(c.flops).toBe(2e8);
    expect(c.deviceBytes).toBe(1.6e9);
    expect(c.hostToDeviceBytes).toBe(1.2e9);
    expect(c.deviceToHostBytes).toBe(4e8);
    expect(c.launches).toBe(1);
  });

  it('a generator (no inputs) in float16', () => {
    const c = elementwiseCounts({ elements: 1000, inputs: 0, outputs: 1, flopsPerElement: 0.5 }, 'f16');
    expect(c.flops).toBe(500);
    expect(c.deviceBytes).toBe(2000);
    expect(c.hostToDeviceBytes).toBe(0);
  });
});

describe('reduction', () => {
  it('x.sum() on 1e8 float32: 1e8 FLOPs, 400 MB read, one value back', () => {
    const c = reductionCounts({ elements: 1e8 }, 'f32');
    expect(c.flops).toBe(1e8);
    expect(c.deviceBytes).toBe(4e8);
    expect(c.hostToDeviceBytes).toBe(4e8);
    expect(c.deviceToHostBytes).toBe(4);
    expect(c.launches).toBe(1);
  });
});

describe('softmax', () => {
  it('5 FLOPs per element, one read and one write', () => {
    // 4096 × 32000 = 131,072,000 elements
    const c = softmaxCounts({ rows: 4096, cols: 32000 }, 'f32');
    expect(c.flops).toBe(655_360_000);
    expect(c.deviceBytes).toBe(1_048_576_000); // 2 · 131,072,000 · 4
    expect(c.hostBytes).toBe(1_048_576_000);
  });
});

describe('conv2d', () => {
  it('output size follows torch.nn.Conv2d', () => {
    expect(convOutputSize(224, 7, 2, 3)).toBe(112); // ⌊(224 + 6 − 7)/2⌋ + 1
    expect(convOutputSize(32, 3, 1, 1)).toBe(32); // "same" padding
    expect(convOutputSize(5, 3, 2, 0)).toBe(2); // ⌊2/2⌋ + 1
    expect(convOutputSize(2, 5, 1, 1)).toBe(0); // the kernel does not fit
  });

  it('ResNet-50 conv1 on 32 images', () => {
    // P = Q = 112. FLOPs 2·32·64·3·7·7·112·112 = 7,552,892,928
    const c = conv2dCounts({ batch: 32, cin: 3, cout: 64, h: 224, w: 224, kh: 7, kw: 7, stride: 2, pad: 3 }, 'f32');
    expect(c.flops).toBe(7_552_892_928);
    const input = 32 * 3 * 224 * 224 * 4; // 19,267,584
    const weights = 64 * 3 * 7 * 7 * 4; // 37,632
    const output = 32 * 64 * 112 * 112 * 4; // 102,760,448
    expect(c.deviceBytes).toBe(input + weights + output);
    expect(c.deviceBytes).toBe(122_065_664);
    expect(c.hostToDeviceBytes).toBe(input + weights);
    expect(c.deviceToHostBytes).toBe(output);
  });

  it('a tiny case worked out in full', () => {
    // N=1, C=2, H=W=4, K=3, R=S=3, stride 1, pad 0 → P=Q=2
    // FLOPs 2·1·3·2·3·3·2·2 = 432; bytes (1·2·4·4 + 3·2·3·3 + 1·3·2·2)·4 = (32 + 54 + 12)·4 = 392
    const c = conv2dCounts({ batch: 1, cin: 2, cout: 3, h: 4, w: 4, kh: 3, kw: 3, stride: 1, pad: 0 }, 'f32');
    expect(c.flops).toBe(432);
    expect(c.deviceBytes).toBe(392);
  });
});

describe('attention', () => {
  const base = { batch: 2, heads: 3, sq: 4, sk: 5, d: 8 };
  // b·h = 6. Matmuls 4·6·4·5·8 = 3840, softmax 5·6·4·5 = 600.
  // Q = O = 6·4·8·2 = 384 bytes (f16), K = V = 6·5·8·2 = 480, scores 6·4·5·2 = 240.

  it('fused: one kernel, no score matrix in memory', () => {
    const c = attentionCounts({ ...base, causal: false, fused: true }, 'f16');
    expect(c.flops).toBe(4440);
    expect(c.deviceBytes).toBe(384 + 480 + 480 + 384);
    expect(c.launches).toBe(1);
    expect(c.hostToDeviceBytes).toBe(384 + 480 + 480);
    expect(c.deviceToHostBytes).toBe(384);
  });

  it('unfused: three kernels, the score matrix written and read twice', () => {
    const c = attentionCounts({ ...base, causal: false, fused: false }, 'f16');
    expect(c.flops).toBe(4440);
    expect(c.launches).toBe(3);
    expect(c.kernels.map((k) => k.flops)).toEqual([1920, 600, 1920]);
    expect(c.kernels.map((k) => k.deviceBytes)).toEqual([384 + 480 + 240, 480, 240 + 480 + 384]);
    expect(c.deviceBytes).toBe(384 + 480 + 480 + 384 + 4 * 240);
    // The host copies do not depend on how the GPU computes it.
    expect(c.hostBytes).toBe(attentionCounts({ ...base, causal: false, fused: true }, 'f16').hostBytes);
  });

  it('causal halves the FLOPs, not the stored score matrix', () => {
    const full = attentionCounts({ ...base, causal: false, fused: false }, 'f16');
    const causal = attentionCounts({ ...base, causal: true, fused: false }, 'f16');
    expect(causal.flops).toBe(2220);
    expect(causal.deviceBytes).toBe(full.deviceBytes);
  });

  it('BERT-base default: 4·8·12·1024²·64 + 5·8·12·1024² FLOPs', () => {
    const w = defaultWorkload('attention');
    expect(workloadCounts(w).flops).toBe(4 * 8 * 12 * 1024 * 1024 * 64 + 5 * 8 * 12 * 1024 * 1024);
  });
});

describe('fft', () => {
  it('complex: 5·N·log₂N per transform, N complex values in and out', () => {
    // N = 1024, batch 3: 5·1024·10·3 = 153,600; bytes 2 · 1024·2·4 · 3 = 49,152
    const c = fftCounts({ length: 1024, batch: 3, complex: true }, 'f32');
    expect(c.flops).toBe(153_600);
    expect(c.deviceBytes).toBe(49_152);
    expect(c.hostToDeviceBytes).toBe(24_576);
  });

  it('real: half the FLOPs, N real in, N/2 + 1 complex out', () => {
    // N = 8, batch 1, f64: 2.5·8·3 = 60; in 8·8 = 64, out 2·5·8 = 80
    const c = fftCounts({ length: 8, batch: 1, complex: false }, 'f64');
    expect(c.flops).toBe(60);
    expect(c.hostToDeviceBytes).toBe(64);
    expect(c.deviceToHostBytes).toBe(80);
    expect(c.deviceBytes).toBe(144);
  });

  it('a one-point transform has no FLOPs but still moves its data', () => {
    const c = fftCounts({ length: 1, batch: 1, complex: true }, 'f32');
    expect(c.flops).toBe(0);
    expect(c.deviceBytes).toBe(16);
  });
});

describe('pipeline', () => {
  const steps = [
    {
      id: 'elementwise' as const,
      dtype: 'f32' as const,
      shape: { elements: 100, inputs: 2, outputs: 1, flopsPerElement: 1 },
    },
    { id: 'reduction' as const, dtype: 'f32' as const, shape: { elements: 100 } },
  ];
  // Step 1: 100 FLOPs, 1200 device bytes, 800 up, 400 back. Step 2: 100 FLOPs, 400 bytes, 400 up, 4 back.

  it('data on the GPU: copies once, compute and launches every repetition', () => {
    const c = pipelineCounts({ steps, dataStaysOnGpu: true, repeat: 10 });
    expect(c.flops).toBe(2000);
    expect(c.deviceBytes).toBe(16_000);
    expect(c.launches).toBe(20);
    expect(c.hostToDeviceBytes).toBe(800); // step 1's inputs
    expect(c.deviceToHostBytes).toBe(4); // step 2's result
    expect(c.kernels.map((k) => k.count)).toEqual([10, 10]);
    expect(c.kernels.map((k) => k.label)).toEqual(['1. elementwise', '2. reduce']);
  });

  it('data back on the host between steps: every step copies, every repetition', () => {
    const c = pipelineCounts({ steps, dataStaysOnGpu: false, repeat: 10 });
    expect(c.flops).toBe(2000);
    expect(c.launches).toBe(20);
    expect(c.hostToDeviceBytes).toBe(12_000);
    expect(c.deviceToHostBytes).toBe(4040);
  });

  it('the default pipeline counts as the sum of its steps', () => {
    const p = defaultPipeline();
    const c = workloadCounts(p);
    const sum = p.shape.steps.map(workloadCounts).reduce((a, s) => a + s.flops, 0);
    expect(c.flops).toBe(sum * p.shape.repeat);
  });
});

describe('every workload', () => {
  it.each(WORKLOAD_IDS)('%s: totals agree with its kernels, and it has formulas and a convention', (id) => {
    const c = workloadCounts(defaultWorkload(id));
    expect(c.flops).toBe(c.kernels.reduce((a, k) => a + k.count * k.flops, 0));
    expect(c.launches).toBe(c.kernels.reduce((a, k) => a + k.count, 0));
    expect(c.hostBytes).toBe(c.hostToDeviceBytes + c.deviceToHostBytes);
    for (const f of Object.values(c.formulas) as string[]) expect(f.length).toBeGreaterThan(0);
    expect(c.convention.length).toBeGreaterThan(20);
  });

  it('intensity is FLOPs per device byte, 0 when nothing moves', () => {
    expect(intensityFlopsPerByte({ flops: 2e8, deviceBytes: 1.6e9 })).toBe(0.125);
    expect(intensityFlopsPerByte({ flops: 5, deviceBytes: 0 })).toBe(0);
  });

  it('fills the classic fields in their units', () => {
    const c = matmulCounts({ m: 2048, n: 2048, k: 2048, batch: 1 }, 'f32');
    expect(classicFieldsFromCounts(c)).toEqual({ totalGigaOps: 17.179869184, dataGB: 0.050331648, launchCount: 1 });
  });
});
