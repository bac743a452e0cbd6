import { describe, expect, it } from 'vitest';
import * as session from '../../../../src/ui/catalog/compare-session.ts';
import { EstimateController } from '../../../../src/ui/app/estimate-controller.ts';
import { GpuCompareController, type ComparePage } from '../../../../src/ui/app/gpu-compare-controller.ts';
import { FakeHost, FakeLocation } from './fake-host.ts';

const MATMUL = 'http://127.0.0.1/?cpu=100&gpu=1&bw=10&lat=0.02&w=matmul&w.m=4096&w.n=4096&w.k=4096&w.dtype=f32';

async function setup(url: string) {
  const host = new FakeHost();
  const location = new FakeLocation(url);
  const estimate = new EstimateController(host, location);
  let loaded!: Promise<unknown>;
  const compare = new GpuCompareController(host, estimate, undefined, () => (loaded = Promise.resolve(session)));
  estimate.loadFromUrl();
  await loaded;
  await Promise.resolve();
  return { host, location, estimate, compare };
}

function page(estimate: EstimateController): ComparePage {
  return {
    answer: estimate.view().answer,
    basis: undefined,
    sources: estimate.sources,
    badges: {},
    gpuClass: 'consumer',
    metrics: undefined,
    software: false,
  };
}

/** The view once computed: the controller computes it after the render that asked for it. */
async function settled(compare: GpuCompareController, p: ComparePage) {
  const first = compare.view(p);
  if (first.ready) return first;
  await new Promise((r) => setTimeout(r, 0));
  return compare.view(p);
}

describe('GpuCompareController: its part of the URL', () => {
  it('reads gpus= and the w.* options from a link; the estimate controller accepts them beside a workload', async () => {
    const { estimate, compare } = await setup(`${MATMUL}&gpus=h100-sxm,t4&w.tf32=1&w.pinned=1`);
    expect(estimate.linkNotices).toEqual([]);
    expect(compare.raw).toEqual({ gpus: 'h100-sxm,t4', 'w.tf32': '1', 'w.pinned': '1' });
    const shared = new URL(estimate.link(true)).searchParams;
    expect(shared.get('gpus')).toBe('h100-sxm,t4');
    expect(shared.get('w.tf32')).toBe('1');
    expect(shared.get('w.graphs')).toBe('0');
    expect(shared.get('w.m')).toBe('4096');
  });

  it('keeps the address bar’s gpus= when the page rewrites it, bad ids left out', async () => {
    const { estimate, location } = await setup(`${MATMUL}&gpus=h100-sxm,%3Cscript%3E,t4,t4`);
    estimate.syncUrl(false);
    expect(new URL(location.url).searchParams.get('gpus')).toBe('h100-sxm,t4');
  });

  it('a change from the section goes into the address bar, a commit as a new history entry', async () => {
    const { compare, location } = await setup(MATMUL);
    compare.change({ gpus: 'rtx-4090,l4', 'w.graphs': '1', bogus: 'x' }, true);
    const q = new URL(location.pushed.at(-1) ?? '').searchParams;
    expect(q.get('gpus')).toBe('rtx-4090,l4');
    expect(q.get('w.graphs')).toBe('1');
    expect(q.has('bogus')).toBe(false);
    compare.change({ 'w.graphs': null }, false);
    expect(new URL(location.replaced.at(-1) ?? '').searchParams.has('w.graphs')).toBe(false);
  });

  it('a custom task: no w.* options in the link (there is no workload for them)', async () => {
    const { estimate, compare } = await setup('http://127.0.0.1/?ops=10');
    compare.change({ 'w.tf32': '1', gpus: 't4' }, true);
    const q = new URL(estimate.link(false)).searchParams;
    expect(q.has('w.tf32')).toBe(false);
    expect(q.get('gpus')).toBe('t4');
  });

  it('before the catalog has loaded, the link’s values travel unchanged', () => {
    const host = new FakeHost();
    const estimate = new EstimateController(host, new FakeLocation(`${MATMUL}&gpus=h100-sxm,nope`));
    const compare = new GpuCompareController(host, estimate, undefined, () => new Promise(() => undefined));
    estimate.loadFromUrl();
    expect(compare.query(false)).toBe('gpus=h100-sxm%2Cnope');
  });
});

describe('GpuCompareController: the view', () => {
  it('computed after the render that asks for it, then the same until an input changes', async () => {
    const { estimate, compare, host } = await setup(`${MATMUL}&gpus=this-machine,h100-sxm`);
    const p = page(estimate);
    const first = compare.view(p);
    expect(first).toEqual({ view: undefined, ready: false });
    const updates = host.updates;
    const done = await settled(compare, p);
    expect(host.updates).toBeGreaterThan(updates);
    expect(done.ready).toBe(true);
    expect(done.view?.result?.rows.map((r) => r.id)).toEqual(['this-machine', 'h100-sxm']);
    expect(compare.view(p).view).toBe(done.view);
    compare.change({ gpus: 't4' }, true);
    const stale = compare.view(page(estimate));
    expect(stale).toEqual({ view: done.view, ready: false });
    expect((await settled(compare, page(estimate))).view?.result?.rows.map((r) => r.id)).toEqual(['t4']);
  });

  it('this machine’s row is the answer’s; its warnings go to the answer card', async () => {
    const { estimate, compare } = await setup(`${MATMUL}&gpus=this-machine`);
    const v = (await settled(compare, page(estimate))).view;
    const answer = estimate.view().answer;
    expect(v?.result?.rows[0]?.time?.gpuSeconds).toBe(answer?.outputs.gpuTotalTime);
    expect(v?.result?.rows[0]?.time?.speedup).toBe(answer?.outputs.speedup);
    expect(compare.machinePitfalls.map((p) => p.id)).toEqual(v?.result?.rows[0]?.pitfalls.map((p) => p.id));
    expect(compare.machinePitfalls.length).toBeGreaterThan(0);
    expect(v?.result?.rows[0]?.basisText).toBe('typed'); // the link typed this machine's GPU rate
  });
});
