/**
 * One benchmark session: the lifecycle of the page's runs (start, progress, each metric as
 * it finishes, cancel, the finished run), owned in one place. DOM-free: an EventTarget,
 * like the history store, so the UI renders from its state and Node tests drive it with a
 * fake runner.
 *
 * State: `status` ('initial' before any run, 'pending' while one runs, 'complete' after),
 * `progress` of the current run, `metrics` finished so far in it, and `run`, the last
 * finished run (the one owner of it; the page shows it and the estimator reads it).
 *
 * Events:
 * - `change` (plain Event): the state changed.
 * - `start` (BenchStartEvent): a run started, with its profile.
 * - `metric` (BenchMetricEvent): a metric finished (measured, failed, skipped or cancelled).
 * - `complete` (BenchCompleteEvent): a run ended, however it ended; `run` is the whole document.
 */
import type { BenchRun } from '../model/bench/bench-run.ts';
import type { Metric } from '../model/bench/metrics.ts';
import type { BenchProfile, BenchProgress, BenchRunOptions } from './types.ts';

export type BenchStatus = 'initial' | 'pending' | 'complete';

export interface BenchSessionState {
  status: BenchStatus;
  /** The profile the next run uses when none is given (the panel's choice). */
  profile: BenchProfile;
  /** Progress of the current run; the last values once it is over. */
  progress: BenchProgress;
  /** Metrics finished so far in the current run, in the order they finished. */
  metrics: readonly Metric[];
  /** The last finished run (or one restored from history), if any. */
  run: BenchRun | undefined;
  /**
   * Which control started the current (or last) run, so that exactly one Cancel is
   * offered: the bench panel's for its own runs, the calculator's for the rest.
   */
  startedBy: BenchStarter;
}

/** Where a run was started: the page (a first visit, the calculator's Re-measure) or the bench panel. */
export type BenchStarter = 'page' | 'bench-panel';

/** What the session calls to measure: the page's runBenchmark, or a fake in tests. */
export type BenchRunner = (opts: BenchRunOptions) => Promise<BenchRun>;

export class BenchStartEvent extends Event {
  constructor(readonly profile: BenchProfile) {
    super('start');
  }
}

export class BenchMetricEvent extends Event {
  constructor(readonly metric: Metric) {
    super('metric');
  }
}

export class BenchCompleteEvent extends Event {
  constructor(readonly run: BenchRun) {
    super('complete');
  }
}

/** The session's events by name. */
export interface BenchSessionEventMap {
  change: Event;
  start: BenchStartEvent;
  metric: BenchMetricEvent;
  complete: BenchCompleteEvent;
}

/** Runs one benchmark at a time and keeps the last finished run. */
export class BenchSession extends EventTarget {
  private current: BenchSessionState = {
    status: 'initial',
    profile: 'quick',
    progress: { fraction: 0, step: '' },
    metrics: [],
    run: undefined,
    startedBy: 'page',
  };
  private controller: AbortController | undefined;
  private pending: Promise<BenchRun> | undefined;

  constructor(private readonly runner: BenchRunner) {
    super();
  }

  /** Listen to one of the session's events with its own type; returns the unsubscribe. */
  on<K extends keyof BenchSessionEventMap>(type: K, listener: (ev: BenchSessionEventMap[K]) => void): () => void {
    const l = listener as (ev: Event) => void;
    this.addEventListener(type, l);
    return () => this.removeEventListener(type, l);
  }

  /** A snapshot of the state; replaced, never mutated, on every change. */
  get state(): BenchSessionState {
    return this.current;
  }

  get running(): boolean {
    return this.current.status === 'pending';
  }

  private set(next: Partial<BenchSessionState>): void {
    this.current = { ...this.current, ...next };
    this.dispatchEvent(new Event('change'));
  }

  /** Choose the profile the next run uses by default. */
  setProfile(profile: BenchProfile): void {
    if (profile !== this.current.profile) this.set({ profile });
  }

  /**
   * Show a run that was measured before (a stored run on a later visit) as the last run,
   * without measuring. Ignored while a run is in progress.
   */
  restore(run: BenchRun): void {
    if (this.running) return;
    this.set({ run, status: 'complete' });
  }

  /**
   * Measure with `profile` (default: the chosen one). While a run is in progress, returns
   * that run's promise instead of starting another. Never rejects for GPU or CPU trouble
   * (the runner reports those in the run); a runner that throws leaves the state 'complete'
   * with the previous run and rejects. `startedBy` says which control started it.
   */
  run(profile: BenchProfile = this.current.profile, startedBy: BenchStarter = 'page'): Promise<BenchRun> {
    if (this.pending) return this.pending;
    const controller = new AbortController();
    this.controller = controller;
    this.set({ status: 'pending', profile, progress: { fraction: 0, step: 'Starting' }, metrics: [], startedBy });
    this.dispatchEvent(new BenchStartEvent(profile));
    this.pending = this.runner({
      profile,
      signal: controller.signal,
      onProgress: (progress) => this.set({ progress }),
      onMetric: (metric) => {
        this.set({ metrics: [...this.current.metrics, metric] });
        this.dispatchEvent(new BenchMetricEvent(metric));
      },
    })
      .then((run) => {
        this.set({ status: 'complete', run });
        this.dispatchEvent(new BenchCompleteEvent(run));
        return run;
      })
      .finally(() => {
        this.pending = undefined;
        this.controller = undefined;
        if (this.current.status === 'pending') this.set({ status: 'complete' });
      });
    return this.pending;
  }

  /** Stop after the current step; finished metrics are kept, the rest marked cancelled. */
  cancel(): void {
    if (!this.controller) return;
    this.controller.abort();
    this.set({ progress: { ...this.current.progress, step: 'Cancelling after the current step…' } });
  }
}
