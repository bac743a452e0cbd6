import { describe, expect, it } from 'vitest';
import {
  takeMeasureTurn,
  type ChannelLike,
  type LockManagerLike,
  type MeasureMessage,
  type MeasureTurn,
} from '../../../src/bench/measure-lock.ts';
import type { BenchProgress } from '../../../src/bench/types.ts';

/** Web Locks semantics for one exclusive lock: ifAvailable gives null when held; otherwise queue. */
class FakeLocks implements LockManagerLike {
  private held = false;
  private queue: (() => void)[] = [];
  async request<T>(
    _name: string,
    options: { ifAvailable?: boolean },
    cb: (lock: unknown) => Promise<T> | T,
  ): Promise<T> {
    if (this.held) {
      if (options.ifAvailable) return cb(null);
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
    this.held = true;
    try {
      return await cb({});
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.held = false;
    }
  }
}

/** BroadcastChannel between tabs of one origin: a message reaches every other channel. */
class FakeBus {
  private channels = new Set<{ listeners: ((e: { data: unknown }) => void)[] }>();
  open(): ChannelLike {
    const me = { listeners: [] as ((e: { data: unknown }) => void)[] };
    this.channels.add(me);
    return {
      postMessage: (message: MeasureMessage) => {
        for (const c of this.channels) if (c !== me) for (const l of c.listeners) l({ data: structuredClone(message) });
      },
      addEventListener: (_t, l) => me.listeners.push(l),
      close: () => this.channels.delete(me),
    };
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function tab(opts: { finish?: Promise<void>; otherRunStored?: () => boolean }) {
  const log: string[] = [];
  const seen: BenchProgress[] = [];
  const turn: MeasureTurn = {
    async measure(broadcast) {
      log.push('measure');
      broadcast({ fraction: 0.4, step: 'GPU f32 throughput' });
      await opts.finish;
      log.push('stored');
    },
    onWaiting: () => log.push('waiting'),
    onOtherProgress: (p) => seen.push(p),
    afterOther: async () => {
      const ok = opts.otherRunStored?.() ?? false;
      log.push(ok ? 'use other run' : 'no run from other');
      return ok;
    },
  };
  return { log, seen, turn };
}

describe('takeMeasureTurn: two tabs, one measurement', () => {
  it('the first tab measures; the second waits, sees its progress, then uses its run', async () => {
    const locks = new FakeLocks();
    const bus = new FakeBus();
    const done = deferred();
    let stored = false;
    const a = tab({ finish: done.promise.then(() => void (stored = true)) });
    const b = tab({ otherRunStored: () => stored });
    const first = takeMeasureTurn(a.turn, { locks, openChannel: () => bus.open() });
    await Promise.resolve();
    // B opens while A measures. A's progress, broadcast before B listened, is re-sent below.
    const second = takeMeasureTurn(b.turn, { locks, openChannel: () => bus.open() });
    await new Promise((r) => setTimeout(r, 0));
    expect(b.log).toEqual(['waiting']);
    done.resolve();
    expect(await first).toBe('here');
    expect(await second).toBe('other');
    expect(a.log).toEqual(['measure', 'stored']);
    expect(b.log).toEqual(['waiting', 'use other run']);
  });

  it('the waiting tab shows the progress the measuring tab broadcasts', async () => {
    const locks = new FakeLocks();
    const bus = new FakeBus();
    const gate = deferred();
    const progress = deferred();
    let broadcastLater: ((p: BenchProgress) => void) | undefined;
    const a: MeasureTurn = {
      async measure(broadcast) {
        broadcastLater = broadcast;
        await gate.promise;
      },
      onWaiting: () => undefined,
      onOtherProgress: () => undefined,
      afterOther: async () => true,
    };
    const seen: BenchProgress[] = [];
    const b: MeasureTurn = {
      measure: async () => undefined,
      onWaiting: () => undefined,
      onOtherProgress: (p) => {
        seen.push(p);
        progress.resolve();
      },
      afterOther: async () => true,
    };
    const first = takeMeasureTurn(a, { locks, openChannel: () => bus.open() });
    const second = takeMeasureTurn(b, { locks, openChannel: () => bus.open() });
    await new Promise((r) => setTimeout(r, 0));
    broadcastLater?.({ fraction: 0.5, step: 'CPU tiers' });
    await progress.promise;
    expect(seen).toEqual([{ fraction: 0.5, step: 'CPU tiers' }]);
    gate.resolve();
    await Promise.all([first, second]);
  });

  it('if the measuring tab stored nothing (cancelled, closed), the waiting tab measures after all', async () => {
    const locks = new FakeLocks();
    const bus = new FakeBus();
    const a = tab({ finish: Promise.resolve() });
    const b = tab({ otherRunStored: () => false });
    const [ra, rb] = await Promise.all([
      takeMeasureTurn(a.turn, { locks, openChannel: () => bus.open() }),
      takeMeasureTurn(b.turn, { locks, openChannel: () => bus.open() }),
    ]);
    expect(ra).toBe('here');
    expect(rb).toBe('here-after-other');
    expect(b.log).toEqual(['waiting', 'no run from other', 'measure', 'stored']);
  });

  it('without Web Locks every tab measures on its own', async () => {
    const a = tab({ finish: Promise.resolve() });
    expect(await takeMeasureTurn(a.turn, { locks: undefined, openChannel: () => undefined })).toBe('here');
    expect(a.log).toEqual(['measure', 'stored']);
  });
});
