import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitTransfer,
  fitTransferForBandwidth,
  geometricSizes,
  predictMs,
  type TransferPoint,
} from '../../../../src/model/bench/transfer-fit.ts';

const sizes = geometricSizes(4096, 64 * 2 ** 20, 4);

function line(latencyMs: number, gbps: number, noise: (i: number) => number = () => 1): TransferPoint[] {
  return sizes.map((bytes, i) => ({ bytes, ms: (latencyMs + bytes / (gbps * 1e6)) * noise(i) }));
}

describe('fitTransfer', () => {
  it('recovers an exact latency + bandwidth line', () => {
    const fit = fitTransfer(line(0.05, 12));
    expect(fit?.latencyMs).toBeCloseTo(0.05, 9);
    expect(fit?.gbps).toBeCloseTo(12, 6);
    expect(fit?.r2).toBeCloseTo(1, 9);
    expect(fit?.clamped).toBe(false);
    expect(fit?.n).toBe(sizes.length);
  });

  it('worked example: 1 ms latency, 10 GB/s → 64 MiB takes 1 + 6.71 ms', () => {
    const fit = fitTransfer(line(1, 10));
    expect(fit).toBeDefined();
    if (fit) expect(predictMs(fit, 64 * 2 ** 20)).toBeCloseTo(1 + (64 * 2 ** 20) / 1e7, 6);
  });

  it('keeps both ends within 10 % under ±5 % multiplicative noise (relative weighting)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.array(fc.double({ min: 0.95, max: 1.05, noNaN: true }), {
          minLength: sizes.length,
          maxLength: sizes.length,
        }),
        (latencyMs, gbps, noise) => {
          const fit = fitTransfer(line(latencyMs, gbps, (i) => noise[i] as number));
          // Each parameter is only identifiable where it dominates some points.
          const smallest = sizes[0] as number;
          const largest = sizes[sizes.length - 1] as number;
          const bandwidthVisible = largest / (gbps * 1e6) > 4 * latencyMs;
          // A flat (latency-only) curve may, with noise, slope downwards: no fit is right then.
          if (bandwidthVisible) expect(fit).toBeDefined();
          if (!fit) return;
          if (latencyMs > (4 * smallest) / (gbps * 1e6))
            expect(Math.abs(fit.latencyMs / latencyMs - 1)).toBeLessThan(0.1);
          if (bandwidthVisible) expect(Math.abs(fit.gbps / gbps - 1)).toBeLessThan(0.1);
        },
      ),
    );
  });

  it('clamps a negative intercept to zero and refits through the origin', () => {
    const pts = sizes.map((bytes) => ({ bytes, ms: bytes / 1e7 - (bytes === 4096 ? 0.0002 : 0) }));
    const fit = fitTransfer(pts);
    expect(fit?.clamped).toBe(true);
    expect(fit?.latencyMs).toBe(0);
    expect(fit?.gbps).toBeGreaterThan(9);
  });

  it('refuses data that cannot define the model', () => {
    expect(fitTransfer([])).toBeUndefined();
    expect(
      fitTransfer([
        { bytes: 4096, ms: 1 },
        { bytes: 4096, ms: 2 },
      ]),
    ).toBeUndefined();
    // Bigger transfers faster: a broken measurement, not a bandwidth.
    expect(
      fitTransfer([
        { bytes: 4096, ms: 5 },
        { bytes: 2 ** 26, ms: 1 },
      ]),
    ).toBeUndefined();
    // Non-positive and non-finite times are ignored.
    expect(
      fitTransfer([
        { bytes: 4096, ms: 0 },
        { bytes: 8192, ms: Number.NaN },
      ]),
    ).toBeUndefined();
  });
});

describe('geometricSizes', () => {
  it('spans 4 KiB to 64 MiB by ×4 in 8 sizes', () => {
    expect(sizes).toEqual([4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864]);
  });
  it('rejects a factor ≤ 1', () => {
    expect(() => geometricSizes(1, 10, 1)).toThrow(RangeError);
  });
});

describe('fitTransferForBandwidth', () => {
  it('equals the plain fit on an exact line', () => {
    const pts = line(0.2, 8);
    const fit = fitTransferForBandwidth(pts);
    expect(fit?.gbps).toBeCloseTo(8, 6);
    expect(fit?.latencyMs).toBeCloseTo(0.2, 9);
  });

  it('takes bandwidth from large transfers when mid sizes are cache-fast', () => {
    // 0.1 ms latency; 20 GB/s up to 1 MiB-ish (cache), 5 GB/s for big transfers.
    const pts = sizes.map((bytes) => ({ bytes, ms: 0.1 + bytes / ((bytes <= 2 ** 20 ? 20 : 5) * 1e6) }));
    const plain = fitTransfer(pts);
    const big = fitTransferForBandwidth(pts);
    expect(plain?.gbps).toBeGreaterThan(6);
    expect(big?.gbps).toBeCloseTo(5, 1);
    expect(big?.latencyMs).toBe(plain?.latencyMs);
  });
});
