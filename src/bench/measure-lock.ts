/**
 * One tab measures at a time. Two tabs opened together would otherwise both run the
 * benchmark on the same cores (each slowing the other, so both measure a busier machine
 * than the user has) and both store a run. A Web Lock (`navigator.locks`) names the tab
 * that measures; the others wait for it to let go, showing the progress it broadcasts
 * on a BroadcastChannel, and then use the run it stored instead of measuring again.
 *
 * DOM-free (navigator.locks and BroadcastChannel exist in pages and workers), and both
 * are injectable so the flow is tested in Node.
 */
import type { BenchProgress } from './types.ts';

/** The lock's name, shared by every tab of this origin. */
export const MEASURE_LOCK_NAME = 'gpu-payoff-measure';
/** The channel on which the measuring tab reports its progress. */
export const MEASURE_CHANNEL_NAME = 'gpu-payoff-measure';

/** What the measuring tab broadcasts. */
export type MeasureMessage = { type: 'progress'; progress: BenchProgress } | { type: 'done' };

/** The part of `navigator.locks` this module uses. */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T> | T): Promise<T>;
}

/** The part of BroadcastChannel this module uses. */
export interface ChannelLike {
  postMessage(message: MeasureMessage): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  close(): void;
}

export interface MeasureLockOptions {
  /** Default: `navigator.locks`; without it (old browsers) every tab measures on its own. */
  locks?: LockManagerLike | undefined;
  /** Default: a BroadcastChannel named MEASURE_CHANNEL_NAME, when the browser has one. */
  openChannel?: (() => ChannelLike | undefined) | undefined;
}

export interface MeasureTurn {
  /** Measure; called with a function that broadcasts progress to the waiting tabs. */
  measure(broadcast: (p: BenchProgress) => void): Promise<void>;
  /** Another tab is measuring: show that this tab waits. */
  onWaiting(): void;
  /** Progress the measuring tab reported. */
  onOtherProgress(p: BenchProgress): void;
  /**
   * The other tab let go of the lock. Return true if its stored run is now in use (this
   * tab is done); false to measure here after all (it was cancelled or closed early).
   */
  afterOther(): Promise<boolean>;
}

function defaultLocks(): LockManagerLike | undefined {
  // Looked up without DOM types: this module is part of the DOM-free bench core.
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
}

function defaultChannel(): ChannelLike | undefined {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
  return Channel ? new Channel(MEASURE_CHANNEL_NAME) : undefined;
}

function isMessage(data: unknown): data is MeasureMessage {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as { type?: unknown; progress?: { fraction?: unknown; step?: unknown } };
  if (d.type === 'done') return true;
  return d.type === 'progress' && typeof d.progress?.fraction === 'number' && typeof d.progress.step === 'string';
}

/**
 * Take this tab's turn to measure: at once if no other tab holds the lock; otherwise
 * wait for it, then let `afterOther` use its run, and measure here only if that run is
 * missing. Resolves with who measured: 'here', 'other', or 'here-after-other'.
 */
export async function takeMeasureTurn(
  turn: MeasureTurn,
  options: MeasureLockOptions = {},
): Promise<'here' | 'other' | 'here-after-other'> {
  const locks = options.locks === undefined && !('locks' in options) ? defaultLocks() : options.locks;
  const channel = (options.openChannel ?? defaultChannel)();
  const broadcast = (progress: BenchProgress) => channel?.postMessage({ type: 'progress', progress });
  const measureHere = async () => {
    try {
      await turn.measure(broadcast);
    } finally {
      channel?.postMessage({ type: 'done' });
    }
  };
  try {
    if (!locks) {
      await measureHere();
      return 'here';
    }
    const got = await locks.request(MEASURE_LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await measureHere();
      return true;
    });
    if (got) return 'here';
    turn.onWaiting();
    channel?.addEventListener('message', (e) => {
      if (isMessage(e.data) && e.data.type === 'progress') turn.onOtherProgress(e.data.progress);
    });
    // Queue for the lock: granted when the measuring tab is done (or closed).
    return await locks.request(MEASURE_LOCK_NAME, {}, async () => {
      if (await turn.afterOther()) return 'other' as const;
      await measureHere();
      return 'here-after-other' as const;
    });
  } finally {
    channel?.close();
  }
}
