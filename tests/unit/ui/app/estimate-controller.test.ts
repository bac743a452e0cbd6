import { describe, expect, it } from 'vitest';
import { answerOutputs } from '../../../../src/model/answer/outputs.ts';
import { estimate } from '../../../../src/model/estimator/estimator.ts';
import { PRESETS } from '../../../../src/model/estimator/fields.ts';
import type { MeasuredField } from '../../../../src/model/estimator/measured.ts';
import { EstimateController } from '../../../../src/ui/app/estimate-controller.ts';
import type { Lanes } from '../../../../src/ui/app/python-lane-controller.ts';
import { FakeHost, FakeLocation } from './fake-host.ts';

const ISSUE_LINK =
  'http://127.0.0.1/?cpu=100&gpu=10&bw=10&lat=0.01&cpuMem=20&gpuMem=1000&w=elementwise&w.elements=100000000&w.inputs=2&w.outputs=1&w.flops=2&w.dtype=f32';

function controller(url: string) {
  const host = new FakeHost();
  const location = new FakeLocation(url);
  const c = new EstimateController(host, location);
  c.loadFromUrl();
  return { c, host, location };
}

function measuredField(key: MeasuredField['key'], value: number): MeasuredField {
  return { key, value, low: value * 0.9, high: value * 1.1, metric: 'gpu.upload.gbps', note: 'a note' };
}

function lanes(fields: Lanes['fields']): Lanes {
  return { fields, badges: {}, machine: {}, gpuFromPython: false, appliedText: '' };
}

describe('EstimateController: one answer from the description and the rates', () => {
  it('the issue’s link: CPU 60 ms and speedup ≈ 0.495, from the roofline', () => {
    const { c } = controller(ISSUE_LINK);
    const a = c.view().answer!;
    expect(a.mode).toBe('workload');
    expect(a.outputs.cpuTime).toBeCloseTo(0.06, 12);
    expect(a.outputs.speedup).toBeCloseTo(0.495, 3);
    expect(c.linkNotices).toEqual([]);
  });

  it('the shared link reproduces the answer in a fresh page', () => {
    const { c } = controller(ISSUE_LINK);
    const again = controller(c.link(true)).c;
    expect(answerOutputs(again.view().answer!)).toEqual(answerOutputs(c.view().answer!));
  });

  it('a custom task is the seed page exactly; its worked examples stay test vectors', () => {
    const { c } = controller('http://127.0.0.1/');
    for (const p of PRESETS) {
      c.preset(p.id);
      const a = c.view().answer!;
      expect(a.mode).toBe('custom');
      expect(a.outputs).toEqual(estimate(p.inputs));
    }
  });

  it('a conflicting link is read with notices, and the address bar no longer carries what was refused', () => {
    const { c, location } = controller('http://127.0.0.1/?w=matmul&ops=1&data=1000&n=7&w.m=4096&w.m=1');
    expect(c.linkNotices).toHaveLength(2);
    c.syncUrl(true);
    const search = new URL(location.url).searchParams;
    expect(search.has('ops')).toBe(false);
    // The workload travels whole, defaults included: w.m is back to its default, once.
    expect(search.getAll('w.m')).toEqual(['2048']);
    expect(c.view().answer?.mode).toBe('workload');
  });

  it('a valid workload always gets an answer, however small (no page-filled field turns red)', () => {
    for (const link of [
      '?w=reduction&w.elements=1',
      '?w=softmax&w.rows=1&w.cols=1',
      '?w=fft&w.length=1',
      '?w=matmul&w.m=10000000&w.n=1&w.k=1&w.batch=1000000',
      '?w=elementwise&w.flops=0',
    ]) {
      const v = controller(`http://127.0.0.1/${link}`).c.view();
      expect(v.answer, link).toBeDefined();
      expect(Object.values(v.fields).every((f) => f.ok)).toBe(true);
    }
  });

  it('“Read as” only under typed text the page would not write: never under a measured value', () => {
    const { c } = controller('http://127.0.0.1/');
    c.applyMeasured(lanes({ transferGBps: measuredField('transferGBps', 2.938) }), undefined, 'now', false);
    expect(c.raw.transferGBps).toBe('2.938');
    expect(c.view().fields.transferGBps).toEqual({ ok: true, value: 2.938 });
    c.input('transferGBps', '1.500');
    const typed = c.view().fields.transferGBps;
    expect(typed.ok && typed.note).toMatch(/^Read as 1\.5/);
    c.input('transferGBps', '1.712');
    expect(c.view().fields.transferGBps).toEqual({ ok: true, value: 1.712 });
  });

  it('a measured value fills untyped fields only; the measured spread brackets the speedup', () => {
    const { c } = controller('http://127.0.0.1/?w=matmul&gpu=10');
    c.applyMeasured(
      lanes({ cpuGflops: measuredField('cpuGflops', 60), gpuTflops: measuredField('gpuTflops', 0.04) }),
      undefined,
      'now',
      false,
    );
    expect(c.sources.cpuGflops).toBe('measured');
    expect(c.sources.gpuTflops).toBe('manual');
    const a = c.view().answer!;
    expect(a.range).toBeDefined();
    expect(a.range!.low).toBeLessThanOrEqual(a.outputs.speedup);
    expect(a.range!.high).toBeGreaterThanOrEqual(a.outputs.speedup);
  });

  it('typing pushes one history entry per edit, replacing while typing', () => {
    const { c, location } = controller('http://127.0.0.1/');
    c.input('cpuGflops', '4');
    c.input('cpuGflops', '40');
    c.commit();
    c.input('cpuGflops', '41');
    expect(location.pushed).toHaveLength(2);
    expect(location.replaced).toHaveLength(1);
    expect(new URL(location.url).searchParams.get('cpu')).toBe('41');
  });
});
