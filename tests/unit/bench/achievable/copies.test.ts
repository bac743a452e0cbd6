/**
 * The copy path's control flow on the fake device, whose writes and copies advance a fake
 * clock by a latency plus bytes ÷ bandwidth: the fit across the sweep gets both back, and a
 * readback that returns wrong data fails the metrics instead of giving a number.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { measureCopyPath } from '../../../../src/bench/achievable/copies.ts';
import type { MetricOk } from '../../../../src/model/bench/metrics.ts';
import { createFakeDevice, installGpuGlobals } from '../gpu/fake-device.ts';

beforeAll(installGpuGlobals);

/** Upload: 0.05 ms + bytes at 10 GB/s; readback: 0.2 ms + bytes at 4 GB/s. */
function timedDevice(corrupt = false) {
  const { device } = createFakeDevice({ workMs: 0 });
  let t = 0;
  const q = device.queue as unknown as { writeBuffer: (...a: unknown[]) => void };
  const write = q.writeBuffer.bind(q);
  q.writeBuffer = (...a: unknown[]) => {
    const data = a[2] as ArrayBufferView;
    t += 0.05 + data.byteLength / 1e7;
    write(...a);
  };
  const d = device as unknown as { createCommandEncoder: () => Record<string, unknown> };
  const flipped = new Set<unknown>();
  const make = d.createCommandEncoder.bind(d);
  d.createCommandEncoder = () => {
    const enc = make();
    const copy = enc['copyBufferToBuffer'] as (s: unknown, so: number, dst: unknown, d0: number, n: number) => void;
    enc['copyBufferToBuffer'] = (s: { data: Uint8Array }, so: number, dst: unknown, d0: number, n: number) => {
      t += 0.2 + n / 4e6;
      // A bit flipped on the way (once per source, so a warm-up copy does not flip it back):
      // what a broken readback looks like.
      if (corrupt && !flipped.has(s)) {
        flipped.add(s);
        s.data[0] = (s.data[0] ?? 0) ^ 0xff;
      }
      copy(s, so, dst, d0, n);
    };
    return enc;
  };
  return { device, now: () => t };
}

describe('measureCopyPath', () => {
  it('fits each direction’s latency and bandwidth across the sweep, per round', { timeout: 30_000 }, async () => {
    const { device, now } = timedDevice();
    const ms = await measureCopyPath(device, { profile: 'quick', now });
    expect(ms.map((m) => [m.id, m.status])).toEqual([
      ['gpu.copy.upload.gbps', 'ok'],
      ['gpu.copy.upload.latency.ms', 'ok'],
      ['gpu.copy.readback.gbps', 'ok'],
      ['gpu.copy.readback.latency.ms', 'ok'],
    ]);
    const [up, upLat, back, backLat] = ms as MetricOk[];
    expect(up?.n).toBe(3);
    expect(up?.best).toBeCloseTo(10, 6);
    expect(upLat?.median).toBeCloseTo(0.05, 6);
    expect(back?.best).toBeCloseTo(4, 6);
    expect(backLat?.median).toBeCloseTo(0.2, 6);
    expect(up?.details?.['path']).toMatch(/uploadInputs/);
  });

  it('wrong data read back fails the four metrics with the reason', async () => {
    const { device, now } = timedDevice(true);
    const ms = await measureCopyPath(device, { profile: 'quick', now });
    expect(ms.map((m) => m.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(ms[0]).toMatchObject({ error: expect.stringMatching(/readback returned .* expected/) });
  });
});
