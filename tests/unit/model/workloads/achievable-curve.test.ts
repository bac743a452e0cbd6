import { describe, expect, it } from 'vitest';
import { classCurve, curveFactor, loweredPoints } from '../../../../src/model/workloads/achievable-curve.ts';
import type { AchievablePoint } from '../../../../src/model/workloads/achievable.ts';
import { kernelFigures } from '../../../../src/model/workloads/achievable.ts';

/** A point whose roof time is `roof` s (bytes at 1 B/s) and measured time `s`. */
const pt = (size: number, roof: number, s: number, shape = `n=${size}`): AchievablePoint => ({
  size,
  shape,
  flops: 0,
  deviceBytes: roof,
  seconds: s,
});
const roofOf = (p: AchievablePoint) => p.deviceBytes;

describe('classCurve', () => {
  // The fitted line: 1 ms fixed + roof ÷ 0.5.
  const line = (p: AchievablePoint) => 1e-3 + p.deviceBytes / 0.5;

  it('keeps measured ÷ line at each size, in ascending roof time', () => {
    const c = classCurve([pt(64, 1e-2, 0.042), pt(1, 1e-6, 1e-3), pt(8, 1e-4, 1.5e-3)], roofOf, line);
    [1e-6, 1e-4, 1e-2].forEach((x, i) => expect(c[i]?.x).toBeCloseTo(x, 15));
    expect(c[0]?.factor).toBeCloseTo(1e-3 / (1e-3 + 2e-6), 12);
    expect(c[1]?.factor).toBeCloseTo(1.5e-3 / 1.2e-3, 12);
    expect(c[2]?.factor).toBeCloseTo(0.042 / 0.021, 12);
  });

  it('lowers a slow sample to the least time of any larger size of the same kernel', () => {
    // 8 took longer than 64 (a wake-up): it counts as 64's time, not its own.
    const c = classCurve([pt(1, 1e-6, 1e-3), pt(8, 1e-4, 0.05), pt(64, 1e-2, 0.02)], roofOf, line);
    expect(c[1]?.factor).toBeCloseTo(0.02 / 1.2e-3, 9);
  });

  it('takes each kernel of a class apart for the running minimum, then one point per size', () => {
    const c = classCurve(
      [
        pt(1, 1e-6, 1e-3, 'softmax rows=1'),
        pt(1, 4e-6, 2e-3, 'layernorm rows=1'),
        pt(4, 4e-6, 4e-3, 'softmax rows=4'),
        pt(4, 16e-6, 1e-3, 'layernorm rows=4'),
      ],
      roofOf,
      () => 1e-3,
    );
    expect(c).toHaveLength(2);
    // softmax keeps 1 ms at rows=1; layernorm's 2 ms drops to its rows=4 time, 1 ms.
    expect(c[0]?.factor).toBeCloseTo(1, 12);
    expect(c[0]?.x).toBeCloseTo(2e-6, 12);
    expect(c[1]?.factor).toBeCloseTo(2, 12);
  });

  it('is empty with fewer than two usable sizes', () => {
    expect(classCurve([pt(1, 1e-6, 1e-3)], roofOf, line)).toEqual([]);
    expect(classCurve([pt(1, 1e-6, 1e-3), pt(2, 0, 1e-3)], roofOf, line)).toEqual([]);
  });
});

describe('curveFactor', () => {
  const curve = [
    { x: 1e-6, factor: 1 },
    { x: 1e-4, factor: 4 },
    { x: 1e-2, factor: 1 },
  ];
  it('interpolates log–log between the sizes around it', () => {
    expect(curveFactor(curve, 1e-5)).toBeCloseTo(2, 12);
    expect(curveFactor(curve, 1e-3)).toBeCloseTo(2, 12);
    expect(curveFactor(curve, 1e-4)).toBeCloseTo(4, 12);
  });
  it('takes the nearest end outside the measured sizes, and 1 without a curve', () => {
    expect(curveFactor(curve, 1e-9)).toBe(1);
    expect(curveFactor(curve, 10)).toBe(1);
    expect(
      curveFactor(
        [
          { x: 1e-6, factor: 0.5 },
          { x: 1e-3, factor: 3 },
        ],
        1,
      ),
    ).toBe(3);
    expect(curveFactor(undefined, 1e-5)).toBe(1);
    expect(curveFactor([], 1e-5)).toBe(1);
    expect(curveFactor(curve, Number.NaN)).toBe(1);
  });
});

describe('kernelFigures with a curve', () => {
  const rates = {
    launchOverheadSeconds: 1e-5,
    cpuCallSeconds: 5e-5,
    cpuSerialCallSeconds: 4e-6,
    achievable: {
      gpu: {
        matvec: {
          efficiency: 0.5,
          fixedSeconds: 1e-3,
          curve: [
            { x: 1e-6, factor: 1 },
            { x: 1e-4, factor: 4 },
          ],
        },
      },
      cpu: {
        matvec: {
          efficiency: 0.5,
          fixedSeconds: 1e-4,
          curve: [
            { x: 1e-6, factor: 1 },
            { x: 1e-4, factor: 4 },
          ],
        },
      },
    },
  };
  const matvec = { kernelClass: 'matvec' as const, parallelUnits: 64 };

  it('scales both parts by the factor at the kernel’s roof time, so the line time scales by it', () => {
    const f = kernelFigures(rates, 'gpu', matvec, 1e-5);
    expect(f.factor).toBeCloseTo(2, 12);
    const lineTime = 1e-3 + 1e-5 / 0.5;
    expect(f.fixedSeconds + 1e-5 / f.efficiency).toBeCloseTo(2 * lineTime, 15);
  });
  it('without the kernel’s roof time, or on one CPU core, no factor', () => {
    expect(kernelFigures(rates, 'gpu', matvec).factor).toBe(1);
    const one = kernelFigures(rates, 'cpu', { kernelClass: 'matvec', parallelUnits: 1 }, 1e-5);
    expect(one).toEqual({ efficiency: 0.5, fixedSeconds: 4e-6, fromClass: true, factor: 1 });
    expect(kernelFigures(rates, 'cpu', matvec, 1e-5).factor).toBeCloseTo(2, 12);
  });
});

describe('below the smallest measured size', () => {
  it('a kernel takes that size’s time per launch, not the line’s (a fixed cost fitted to zero)', () => {
    const rates = {
      launchOverheadSeconds: 1e-5,
      achievable: {
        gpu: {
          conv2d: {
            efficiency: 0.004,
            fixedSeconds: 0,
            curve: [
              { x: 1.6e-6, factor: 0.07, seconds: 32e-6 },
              { x: 1.8e-4, factor: 1 },
            ],
          },
        },
      },
    };
    const f = kernelFigures(rates, 'gpu', { kernelClass: 'matmul', measuredAs: 'conv2d' }, 1e-8);
    expect(f.fixedSeconds + 1e-8 / f.efficiency).toBeCloseTo(32e-6, 15);
  });
});

describe('loweredPoints', () => {
  it('lowers each kernel to the least time of its larger sizes, and leaves the rest as they are', () => {
    const pts = [pt(1, 1e-6, 5e-3), pt(2, 1e-5, 1e-3), pt(4, 1e-4, 2e-3), pt(1, 1e-6, 9e-3, 'other n=1')];
    const low = loweredPoints(pts, roofOf);
    expect(low.map((p) => p.seconds)).toEqual([1e-3, 1e-3, 2e-3, 9e-3]);
    expect(low[2]).toBe(pts[2]);
  });
});

describe('beyond the largest measured size', () => {
  const curve = [
    { x: 1e-6, factor: 1 },
    { x: 1e-4, factor: 2 },
    { x: 1e-3, factor: 1 },
  ];
  it('flat: the last factor; trend: the last two sizes’ log–log slope carried on, held to [−½, 0]', () => {
    expect(curveFactor(curve, 1e-1)).toBe(1);
    // Slope between the last two: log(1/2)/log(10) ≈ −0.30, within the limits.
    expect(curveFactor(curve, 1e-1, 'trend')).toBeCloseTo(100 ** (Math.log(0.5) / Math.log(10)), 12);
    const steep = [
      { x: 1e-6, factor: 1 },
      { x: 1e-5, factor: 0.01 },
    ];
    expect(curveFactor(steep, 1e-3, 'trend')).toBeCloseTo(0.01 * 100 ** -0.5, 12);
    const rising = [
      { x: 1e-6, factor: 1 },
      { x: 1e-5, factor: 3 },
    ];
    expect(curveFactor(rising, 1e-3, 'trend')).toBe(3);
  });
  it('the GPU carries the trend on, the CPU keeps the last factor', () => {
    const figures = { efficiency: 0.5, fixedSeconds: 1e-5, curve };
    const rates = { launchOverheadSeconds: 1e-5, achievable: { gpu: { matvec: figures }, cpu: { matvec: figures } } };
    const k = { kernelClass: 'matvec' as const, parallelUnits: 64 };
    expect(kernelFigures(rates, 'cpu', k, 1e-1).factor).toBe(1);
    expect(kernelFigures(rates, 'gpu', k, 1e-1).factor).toBeLessThan(1);
  });
});
