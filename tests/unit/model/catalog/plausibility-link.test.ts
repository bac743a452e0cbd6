import { describe, expect, it } from 'vitest';
import { catalogCeilings } from '../../../../src/model/catalog/ceilings.ts';
import { HOST_LINK_GBPS_RANGE, PY_PLAUSIBLE_RANGES } from '../../../../src/model/python/plausibility.ts';

/**
 * The importer refuses a probe figure "beyond any device in the catalog by a wide margin"
 * (issue #19, point 7). Its bounds are a table of their own, with a reason each; this keeps
 * them tied to the catalog: each GPU bound lies between 2× and 100× the fastest catalog
 * device, so a faster GPU added to the catalog cannot be refused, and the table cannot
 * drift into believing anything.
 */
describe('the import bounds follow the catalog', () => {
  const c = catalogCeilings();
  const between = (bound: number, ceiling: number) => {
    expect(bound).toBeGreaterThanOrEqual(2 * ceiling);
    expect(bound).toBeLessThanOrEqual(100 * ceiling);
  };

  it('GPU matmul rates: FP32 against the fastest FP32, tensor rates against the fastest rated matmul', () => {
    between(PY_PLAUSIBLE_RANGES['py.gpu.matmul.f32.gflops'].max * 1e9, c.fp32FlopsPerSecond);
    between(PY_PLAUSIBLE_RANGES['py.gpu.matmul.tf32.gflops'].max * 1e9, c.flopsPerSecond);
    between(PY_PLAUSIBLE_RANGES['py.gpu.matmul.f16.gflops'].max * 1e9, c.flopsPerSecond);
  });

  it('device memory and the host link', () => {
    between(PY_PLAUSIBLE_RANGES['py.gpu.device.gbps'].max * 1e9, c.deviceBytesPerSecond);
    between(HOST_LINK_GBPS_RANGE.max * 1e9, c.hostLinkBytesPerSecond);
  });
});
