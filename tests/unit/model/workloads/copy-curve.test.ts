import { describe, expect, it } from 'vitest';
import { copyCurve, copyTimesFromDetails } from '../../../../src/model/workloads/copy-curve.ts';
import { copySeconds } from '../../../../src/model/workloads/roofline.ts';

describe('copyTimesFromDetails', () => {
  it('takes the median over rounds per size, ascending, skipping other keys and bad values', () => {
    const t = copyTimesFromDetails({
      'r0.4096.ms': 0.03,
      'r1.4096.ms': 0.05,
      'r2.4096.ms': 0.04,
      'r0.1048576.ms': 0.4,
      'r1.1048576.ms': -1,
      path: 'readOutput',
      'allRounds.fitGBps': 5,
    });
    expect(t).toEqual([
      { bytes: 4096, ms: 0.04 },
      { bytes: 1048576, ms: 0.4 },
    ]);
  });
});

describe('copyCurve and copySeconds', () => {
  // Line: 0.1 ms + bytes ÷ 5 GB/s. 1 MB measured on the line; 16 MB measured 3× it.
  const line = (bytes: number) => 1e-4 + bytes / 5e9;
  const curve = copyCurve(
    [
      { bytes: 1e6, ms: line(1e6) * 1e3 },
      { bytes: 16e6, ms: 3 * line(16e6) * 1e3 },
    ],
    1e-4,
    5e9,
  );

  it('keeps measured ÷ line per size, x in bytes, from a one-byte copy on the line', () => {
    expect(curve.map((c) => c.x)).toEqual([1, 1e6, 16e6]);
    expect(curve[0]?.factor).toBe(1);
    expect(curve[1]?.factor).toBeCloseTo(1, 12);
    expect(curve[2]?.factor).toBeCloseTo(3, 12);
  });

  it('a readback between two measured sizes takes the interpolated factor; without curves, the line', () => {
    const counts = { hostToDeviceBytes: 4e6, deviceToHostBytes: 4e6 };
    const rates = {
      transferBytesPerSecond: 5e9,
      uploadLatencySeconds: 1e-4,
      readbackBytesPerSecond: 5e9,
      readbackLatencySeconds: 1e-4,
    };
    const plain = copySeconds(counts, rates);
    expect(plain.readbackSeconds).toBeCloseTo(line(4e6), 15);
    const curved = copySeconds(counts, { ...rates, copyCurves: { back: curve } });
    // 4 MB is halfway between 1 and 16 MB in log bytes: √3 × the line.
    expect(curved.readbackSeconds).toBeCloseTo(Math.sqrt(3) * line(4e6), 12);
    expect(curved.uploadSeconds).toBeCloseTo(plain.uploadSeconds, 15);
  });

  it('no usable line, no curve', () => {
    expect(
      copyCurve(
        [
          { bytes: 1e6, ms: 1 },
          { bytes: 2e6, ms: 2 },
        ],
        1e-4,
        0,
      ),
    ).toEqual([]);
  });
});
