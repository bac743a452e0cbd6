import { describe, expect, it } from 'vitest';
import { catalogCeilings } from '../../../../src/model/catalog/ceilings.ts';
import { gpuById } from '../../../../src/model/catalog/registry.ts';

describe('catalogCeilings', () => {
  it('are the fastest figures of the catalog: MI300X FP16, 5.3 TB/s, 192 GB, Gen 5 × 16', () => {
    const c = catalogCeilings();
    expect(c.flopsPerSecond).toBe(1307.4e12);
    expect(c.fp32FlopsPerSecond).toBe(104.8e12); // RTX 5090
    expect(c.deviceBytesPerSecond).toBe(5300e9);
    expect(c.memoryBytes).toBe(192e9);
    expect(c.hostLinkBytesPerSecond).toBeCloseTo(63.02e9, -8);
  });

  it('follow the entries given', () => {
    const t4 = gpuById('t4');
    if (!t4) throw new Error('no t4');
    const c = catalogCeilings([t4]);
    expect(c.flopsPerSecond).toBe(65e12);
    expect(c.deviceBytesPerSecond).toBe(320e9);
    expect(c.hostLinkBytesPerSecond).toBeCloseTo(15.75e9, -7);
  });
});
