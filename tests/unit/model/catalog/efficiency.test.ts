import { describe, expect, it } from 'vitest';
import {
  ATTENTION_EFFICIENCY,
  EFFICIENCY_PROFILES,
  MATMUL_SIZE_CURVE,
  MEMORY_SIZE_CURVE,
  STREAMING_EFFICIENCY,
  VECTOR_EFFICIENCY,
  VECTOR_SIZE_CURVE,
  curveFactor,
  type Efficiency,
  type SizeCurve,
} from '../../../../src/model/catalog/efficiency.ts';
import {
  COPY_LATENCY,
  LAUNCH_COST,
  PAGEABLE_COPY_FACTOR,
  PINNED_COPY_EFFICIENCY,
  copySeconds,
} from '../../../../src/model/catalog/overheads.ts';
import { SOURCES } from '../../../../src/model/catalog/sources.ts';
import { estimateOnGpu } from '../../../../src/model/catalog/estimate.ts';
import { gpuById } from '../../../../src/model/catalog/registry.ts';
import { matmulCounts } from '../../../../src/model/workloads/kinds/matmul.ts';

const CURVES: [string, SizeCurve][] = [
  ['matmul', MATMUL_SIZE_CURVE],
  ['memory', MEMORY_SIZE_CURVE],
  ['vector', VECTOR_SIZE_CURVE],
];

/** Log-spaced sizes from 1 to 10¹⁴, eight per decade. */
const SIZES = Array.from({ length: 14 * 8 + 1 }, (_, i) => 10 ** (i / 8));

describe('efficiency grows with size', () => {
  for (const [name, curve] of CURVES) {
    it(`${name}: non-decreasing over sizes, within (0, 1], 1 for large kernels`, () => {
      let prev = 0;
      for (const s of SIZES) {
        const f = curveFactor(curve, s);
        expect(f, `${name} at ${s}`).toBeGreaterThan(0);
        expect(f).toBeLessThanOrEqual(1);
        expect(f).toBeGreaterThanOrEqual(prev);
        prev = f;
      }
      expect(curveFactor(curve, 1e14)).toBe(1);
    });

    it(`${name}: passes through its points and is straight between them on log-log axes`, () => {
      for (const p of curve.points) expect(curveFactor(curve, p.size)).toBeCloseTo(p.factor, 12);
      const [a, b] = curve.points;
      if (!a || !b) throw new Error('a curve has points');
      const mid = Math.sqrt(a.size * b.size); // halfway in log size
      expect(curveFactor(curve, mid)).toBeCloseTo(Math.sqrt(a.factor * b.factor), 12);
    });

    it(`${name}: the time, size ÷ (rate × factor), never falls as a kernel grows`, () => {
      let prev = 0;
      for (const s of SIZES) {
        const time = s / curveFactor(curve, s);
        expect(time, `${name} at ${s}`).toBeGreaterThanOrEqual(prev);
        prev = time;
      }
      // The condition that guarantees it: no point's factor grows faster than its size.
      for (let i = 1; i < curve.points.length; i++) {
        const lo = curve.points[i - 1]!;
        const hi = curve.points[i]!;
        expect(hi.factor / lo.factor).toBeLessThanOrEqual(hi.size / lo.size);
      }
    });
  }

  it('bad sizes give the smallest factor, never NaN', () => {
    for (const s of [0, -5, NaN, -Infinity]) expect(curveFactor(MATMUL_SIZE_CURVE, s)).toBe(0.008);
    expect(curveFactor(MATMUL_SIZE_CURVE, Infinity)).toBe(1);
  });

  it('a small matmul reaches far less than a large one on the same GPU', () => {
    const h100 = gpuById('h100-sxm');
    if (!h100) throw new Error('no h100-sxm');
    const rate = (n: number) => {
      const e = estimateOnGpu(h100, matmulCounts({ m: n, n, k: n, batch: 1 }, 'bf16'), 'bf16');
      if (e.kind !== 'estimate') throw new Error(e.kind);
      return e.kernels[0]?.compute.flopsPerSecond ?? 0;
    };
    const rates = [128, 256, 512, 1024, 2048, 4096, 8192].map(rate);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1] ?? 0);
    expect(rates[0]).toBeLessThan((rates[rates.length - 1] ?? 0) / 20);
  });
});

describe('every default efficiency carries its source and what was measured', () => {
  const all: [string, Efficiency][] = [
    ...Object.entries(EFFICIENCY_PROFILES).flatMap(([id, p]) => [
      [`${id}.matmulTensor`, p.matmulTensor] as [string, Efficiency],
      [`${id}.matmulFp32`, p.matmulFp32] as [string, Efficiency],
      [`${id}.matmulFp64`, p.matmulFp64] as [string, Efficiency],
    ]),
    ['attention', ATTENTION_EFFICIENCY],
    ['streaming', STREAMING_EFFICIENCY],
    ['vector', VECTOR_EFFICIENCY],
    ['pinned copies', PINNED_COPY_EFFICIENCY],
    ['pageable copies', PAGEABLE_COPY_FACTOR],
  ];

  it.each(all)('%s', (_, e) => {
    expect(e.value).toBeGreaterThan(0);
    expect(e.value).toBeLessThanOrEqual(1);
    expect(SOURCES[e.source].url).toMatch(/^https:\/\//);
    expect(e.measured.length).toBeGreaterThan(20);
  });

  it('the issue’s ranges: NVIDIA data-centre large matmul 0.80–0.87 of dense tensor peak, AMD lower, streaming 0.85–0.92', () => {
    for (const id of ['nvidia-hopper', 'nvidia-a100-sxm', 'nvidia-a100-pcie'] as const) {
      expect(EFFICIENCY_PROFILES[id].matmulTensor.value).toBeGreaterThanOrEqual(0.8);
      expect(EFFICIENCY_PROFILES[id].matmulTensor.value).toBeLessThanOrEqual(0.87);
    }
    expect(EFFICIENCY_PROFILES['amd-cdna3'].matmulTensor.value).toBeLessThan(0.8);
    expect(STREAMING_EFFICIENCY.value).toBeGreaterThanOrEqual(0.85);
    expect(STREAMING_EFFICIENCY.value).toBeLessThanOrEqual(0.92);
  });

  it('copies and launches: sources for the typical times, eager dearer than CUDA graphs', () => {
    for (const t of [...Object.values(COPY_LATENCY), ...Object.values(LAUNCH_COST)]) {
      expect(SOURCES[t.source].url).toMatch(/^https:\/\//);
      expect(t.seconds).toBeGreaterThan(0);
    }
    expect(LAUNCH_COST.eager.seconds).toBeGreaterThan(LAUNCH_COST['cuda-graphs'].seconds);
    expect(COPY_LATENCY.pageable.seconds).toBeGreaterThan(COPY_LATENCY.pinned.seconds);
  });

  it('a copy is latency + size / bandwidth: small copies are slow, empty ones free', () => {
    expect(copySeconds(0, 25e9, 10e-6)).toBe(0);
    expect(copySeconds(4096, 25e9, 10e-6)).toBeCloseTo(10e-6 + 4096 / 25e9, 15);
    const small = 4096 / copySeconds(4096, 25e9, 10e-6);
    const large = 1e9 / copySeconds(1e9, 25e9, 10e-6);
    expect(small).toBeLessThan(large / 50);
  });
});
