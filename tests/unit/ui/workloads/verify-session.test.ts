/**
 * Runs follow the form (issue #18): a run whose workload changes, or whose view goes away,
 * is cancelled and says so, naming what it ran; a result shows only under its own
 * workload; a cancellation survives the element (classic mode and back).
 */
import { describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../../../src/bench/workloads/verify.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';
import { VerifySession, sameWorkload, type VerifyRunner } from '../../../../src/ui/workloads/verify-session.ts';

const mm = (n: number): Workload => ({ id: 'matmul', dtype: 'f32', shape: { m: n, n, k: n, batch: 1 } });
const machine = {
  cpuF32FlopsPerSecond: 1e11,
  cpuMemoryBytesPerSecond: 2e10,
  gpuF32FlopsPerSecond: 1e13,
  gpuF64PerF32Ratio: 1 / 32,
  gpuMemoryBytesPerSecond: 3.6e11,
  transferBytesPerSecond: 1e10,
  launchOverheadSeconds: 1e-5,
};

/** A runner that waits until released (or aborted), then returns a stand-in result for its workload. */
function heldRunner(): { runner: VerifyRunner; release: () => void; started: Workload[] } {
  let release = () => {};
  const started: Workload[] = [];
  const runner: VerifyRunner = (w, opts) => {
    started.push(w);
    return new Promise((resolve, reject) => {
      opts.signal?.addEventListener('abort', () =>
        reject(Object.assign(new Error('Cancelled.'), { kind: 'cancelled' })),
      );
      release = () => resolve({ requested: w, ran: w } as unknown as VerifyResult);
    });
  };
  return { runner, release: () => release(), started };
}

describe('VerifySession', () => {
  it('a finished run shows under its own workload only', async () => {
    const s = new VerifySession();
    const h = heldRunner();
    const done = s.run(h.runner, mm(64), { machine });
    expect(s.statusFor(mm(64)).kind).toBe('pending');
    h.release();
    await done;
    expect(s.statusFor(mm(64)).kind).toBe('complete');
    // Another shape: the result is not shown under it (and comes back with the shape it belongs to).
    expect(s.statusFor(mm(128)).kind).toBe('initial');
    expect(s.statusFor(mm(64)).kind).toBe('complete');
  });

  it('editing the shape mid-run cancels it and says what it was running', async () => {
    const s = new VerifySession();
    const h = heldRunner();
    const done = s.run(h.runner, mm(64), { machine });
    s.follow(mm(64)); // the same workload, rebuilt: nothing happens
    s.follow(undefined); // a field mid-edit: the run goes on
    expect(s.status.kind).toBe('pending');
    s.follow(mm(128));
    expect(await done).toBeUndefined();
    const st = s.statusFor(mm(128));
    expect(st.kind === 'error' && st.errorKind).toBe('cancelled');
    expect(st.kind === 'error' && st.message).toMatch(
      /^Cancelled: the workload changed while it ran \(it was running Matrix multiply 64×64/,
    );
  });

  it('leaving the workload view (classic mode) cancels the run, and the next view still says so', async () => {
    const s = new VerifySession();
    const h = heldRunner();
    const done = s.run(h.runner, mm(64), { machine });
    s.cancel('left');
    // Back in the workload view before the run has stopped: the new element's workload does not rename the reason.
    s.follow(mm(2048));
    await done;
    // A new element, possibly for another workload, shows the cancellation.
    const st = s.statusFor(mm(64));
    expect(st.kind === 'error' && st.message).toMatch(/^Cancelled: the page left the workload while it ran/);
  });

  it('the Cancel button says just that; a second run while one is pending is refused', async () => {
    const s = new VerifySession();
    const h = heldRunner();
    const done = s.run(h.runner, mm(64), { machine });
    expect(await s.run(h.runner, mm(64), { machine })).toBeUndefined();
    expect(h.started).toHaveLength(1);
    s.cancel('button');
    await done;
    const st = s.statusFor(mm(64));
    expect(st.kind === 'error' && st.message).toBe('Cancelled.');
  });

  it('workloads compare by value', () => {
    expect(sameWorkload(mm(8), mm(8))).toBe(true);
    expect(sameWorkload(mm(8), mm(9))).toBe(false);
    expect(sameWorkload(mm(8), undefined)).toBe(false);
  });
});
