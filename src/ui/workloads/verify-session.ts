/**
 * The state of "Run this workload", kept outside the element so that it outlives it: the
 * page removes the element in classic mode and builds a new one on the way back, and a
 * run must not vanish without a word. Runs follow the form: a run whose workload changes
 * while it runs, or whose view goes away, is cancelled and says so, naming what it was
 * running; a finished result is shown only under the workload it ran. No DOM, no Lit:
 * unit-tested in Node.
 */
import { workloadLabel } from '../../model/workloads/saved.ts';
import type { Workload } from '../../model/workloads/types.ts';
import type { VerifyOptions, VerifyProgress, VerifyResult } from '../../bench/workloads/verify.ts';

/** Runs a verification (the page's default acquires the GPU and starts CPU workers). */
export type VerifyRunner = (workload: Workload, opts: VerifyOptions) => Promise<VerifyResult>;

export type VerifyStatus =
  | { kind: 'initial' }
  | { kind: 'pending'; workload: Workload; progress: VerifyProgress }
  | { kind: 'complete'; workload: Workload; result: VerifyResult }
  | { kind: 'error'; workload: Workload; errorKind: string; message: string };

/** Why a run was cancelled, in words for the page. */
export type CancelReason = 'button' | 'changed' | 'left';

const CANCEL_TEXT: Record<CancelReason, (label: string) => string> = {
  button: () => 'Cancelled.',
  changed: (label) => `Cancelled: the workload changed while it ran (it was running ${label}).`,
  left: (label) => `Cancelled: the page left the workload while it ran (it was running ${label}).`,
};

/** The same workload: compared by value (the page rebuilds the object on every render). */
export function sameWorkload(a: Workload | undefined, b: Workload | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

export class VerifySession {
  status: VerifyStatus = { kind: 'initial' };
  private controller: AbortController | undefined;
  private cancelReason: CancelReason = 'button';
  private readonly listeners = new Set<() => void>();

  /** Call `listener` on every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(status: VerifyStatus): void {
    this.status = status;
    for (const l of this.listeners) l();
  }

  /** What to show under `current`: a result or an error only for the workload it belongs to; a cancellation always, named. */
  statusFor(current: Workload | undefined): VerifyStatus {
    const s = this.status;
    if (s.kind === 'initial' || s.kind === 'pending') return s;
    if (s.kind === 'error' && s.errorKind === 'cancelled') return s;
    return sameWorkload(s.workload, current) ? s : { kind: 'initial' };
  }

  /** Start a run of `workload`; resolves with the result (undefined when it failed or was cancelled). */
  async run(
    runner: VerifyRunner,
    workload: Workload,
    opts: Omit<VerifyOptions, 'signal' | 'onProgress'>,
  ): Promise<VerifyResult | undefined> {
    if (this.status.kind === 'pending') return undefined;
    const controller = new AbortController();
    this.controller = controller;
    this.cancelReason = 'button';
    this.set({ kind: 'pending', workload, progress: { fraction: 0, step: 'starting' } });
    try {
      const result = await runner(workload, {
        ...opts,
        signal: controller.signal,
        onProgress: (progress) => {
          if (this.controller === controller) this.set({ kind: 'pending', workload, progress });
        },
      });
      if (controller.signal.aborted) throw Object.assign(new Error('Cancelled.'), { kind: 'cancelled' });
      this.set({ kind: 'complete', workload, result });
      return result;
    } catch (e) {
      const errorKind = controller.signal.aborted ? 'cancelled' : ((e as { kind?: string }).kind ?? 'failed');
      const message =
        errorKind === 'cancelled'
          ? CANCEL_TEXT[this.cancelReason](workloadLabel(workload))
          : e instanceof Error
            ? e.message
            : String(e);
      this.set({ kind: 'error', workload, errorKind, message });
      return undefined;
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  /** Cancel the run in flight (nothing when none), saying why. */
  cancel(reason: CancelReason): void {
    // The first reason stands: the run may take a moment to stop, and a later edit must not rename why it did.
    if (this.status.kind !== 'pending' || !this.controller || this.controller.signal.aborted) return;
    this.cancelReason = reason;
    this.controller.abort();
  }

  /**
   * The form shows `current` now: a run of another workload is cancelled. While a field is
   * invalid (`current` undefined, the user mid-edit) the run goes on: the next valid
   * workload decides, and leaving the view cancels it (`cancel('left')`).
   */
  follow(current: Workload | undefined): void {
    const s = this.status;
    if (current !== undefined && s.kind === 'pending' && !sameWorkload(s.workload, current)) this.cancel('changed');
  }
}

/** The page's one session: the element comes and goes, the run's state stays. */
export const pageVerifySession = new VerifySession();
