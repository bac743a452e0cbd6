import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BenchRun } from '../../model/bench/bench-run.ts';
import { CPU_TIERS } from '../../model/estimator/measured.ts';
import { gpuDisplayName, type HardwareReport } from '../../model/bench/hardware.ts';
import type { VerificationEnvironment } from '../../model/history/verification.ts';
import type { BasisStatus } from '../../model/estimator/basis.ts';
import type { CpuTier, Metric } from '../../model/bench/metrics.ts';
import { latestRunFor } from '../../model/bench/run-match.ts';
import type { MeasureLockOptions } from '../../bench/measure-lock.ts';
import { BenchSession, type BenchRunner } from '../../bench/session.ts';
import type { BenchProgress } from '../../bench/types.ts';
import { emit } from '../shared/events.ts';
import type { PersistenceController } from './persistence-controller.ts';

/** The performance mark set when a run has filled every measured field (scripts/first-answer.ts reads it). */
export const FIRST_MEASURED_ESTIMATE_MARK = 'gpu-payoff:first-measured-estimate';

export interface MeasurementDeps {
  runner: BenchRunner;
  detect: () => Promise<HardwareReport>;
  persistence: PersistenceController;
  /** The cross-tab lock's options (tests pass fakes; the page uses navigator.locks and a BroadcastChannel). */
  lock?: MeasureLockOptions;
  /**
   * The run's values should go into the fields: `restoreAll` also over typed ones (a run
   * applied on purpose), otherwise only into fields that are not typed.
   */
  onFill: (restoreAll: boolean) => void;
  /** A finished run is in (after `onFill`): for the URL and whatever else follows a run. */
  onRunComplete?: (run: BenchRun) => void;
}

/**
 * The measurement of this machine (issue #17: one controller per concern): the hardware
 * report, the page's benchmark session, the run whose numbers fill the fields (measured
 * now, or stored by an earlier visit or another tab), and the cross-tab lock that lets one
 * tab measure at a time. Startup either applies the newest stored run for this browser
 * and adapter (a later visit) or measures at once with the quick profile (a first visit).
 *
 * The host (the page's root) hears the session's progress through `bench-start`,
 * `bench-progress` and `bench-complete`, which this controller sends from it.
 */
export class MeasurementController implements ReactiveController {
  readonly session: BenchSession;
  hardware: HardwareReport | undefined;
  /** The run whose numbers fill the measured fields. */
  run: BenchRun | undefined;
  /** The run came from history (a later visit) rather than being measured just now. */
  runFromHistory = false;
  /** History id of `run`, so a saved estimate can say which run it was based on. */
  runRecordId: string | undefined;
  /** Before startup has decided whether to measure: the defaults are about to be measured. */
  starting = true;
  /** Another tab is measuring this machine; this tab waits for its run (and its progress). */
  otherTabProgress: BenchProgress | undefined;

  private broadcastProgress: ((p: BenchProgress) => void) | undefined;
  private sentProgress: BenchProgress | undefined;
  /** The store's save of the last finished run, so the measuring tab holds its lock until it is stored. */
  private lastSave: Promise<unknown> = Promise.resolve();
  private markedFirstEstimate = false;
  private resolveHardware!: () => void;
  /** Resolves once the hardware report is in (whatever startup then decides). */
  readonly hardwareReady = new Promise<void>((resolve) => (this.resolveHardware = resolve));

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly deps: MeasurementDeps,
  ) {
    host.addController(this);
    this.session = new BenchSession(deps.runner);
    this.session.addEventListener('change', () => this.onSessionChange());
    this.session.on('start', (e) => emit(host, 'bench-start', { profile: e.profile }));
    this.session.on('complete', (e) => this.onComplete(e.run));
    // Fill each field the moment its metric is done, not all at the end.
    this.session.on('metric', () => deps.onFill(false));
  }

  hostConnected(): void {}

  get running(): boolean {
    return this.session.running;
  }

  private onSessionChange(): void {
    this.host.requestUpdate();
    const { status, progress } = this.session.state;
    if (status === 'pending' && progress !== this.sentProgress) {
      this.sentProgress = progress;
      emit(this.host, 'bench-progress', progress);
      this.broadcastProgress?.(progress);
    }
  }

  /** Detect the hardware, then apply a stored run or measure (one tab at a time). */
  async startup(): Promise<void> {
    // The cross-tab lock loads beside them, in its own chunk: only startup takes it.
    const [report, snapshot, { takeMeasureTurn }] = await Promise.all([
      this.deps.detect(),
      this.deps.persistence.ready.then((store) => store.load()),
      import('../../bench/measure-lock.ts'),
    ]);
    this.hardware = report;
    this.resolveHardware();
    this.host.requestUpdate();
    await this.host.updateComplete;
    if (this.run || this.session.running) return;
    const stored = latestRunFor(snapshot.runs, report);
    if (stored) {
      this.useStored(stored);
      this.starting = false;
      return;
    }
    await takeMeasureTurn(
      {
        measure: async (broadcast) => {
          this.broadcastProgress = broadcast;
          this.starting = false;
          try {
            await this.session.run('quick');
            await this.lastSave.catch(() => undefined);
          } finally {
            this.broadcastProgress = undefined;
          }
        },
        onWaiting: () => {
          this.starting = false;
          this.otherTabProgress = { fraction: 0, step: 'Measuring in another tab' };
          this.host.requestUpdate();
        },
        onOtherProgress: (p) => {
          this.otherTabProgress = p;
          this.host.requestUpdate();
        },
        afterOther: async () => {
          this.otherTabProgress = undefined;
          const later = latestRunFor((await (await this.deps.persistence.ready).load()).runs, report);
          if (!later || this.run || this.session.running) return Boolean(this.run);
          this.useStored(later);
          return true;
        },
      },
      this.deps.lock,
    );
    this.starting = false;
    this.otherTabProgress = undefined;
    this.host.requestUpdate();
  }

  /** Apply a stored run (a later visit, or another tab's fresh run) without measuring. */
  private useStored(stored: { run: BenchRun; id: string }): void {
    this.useRun(stored.run, stored.id, true);
    this.deps.onFill(false);
    this.session.restore(stored.run);
  }

  private useRun(run: BenchRun, recordId: string | undefined, fromHistory: boolean): void {
    this.run = run;
    this.runRecordId = recordId;
    this.runFromHistory = fromHistory;
    this.host.requestUpdate();
  }

  /** "Apply to estimator" on a saved run: its numbers go into every field. */
  applyHistoryRun(run: BenchRun, recordId: string): void {
    this.useRun(run, recordId, true);
    this.deps.onFill(true);
  }

  private onComplete(run: BenchRun): void {
    this.useRun(run, undefined, false);
    this.deps.onFill(false);
    this.deps.onRunComplete?.(run);
    // Keep every run that measured something; history says so if it cannot persist.
    if (run.metrics.some((m) => m.status === 'ok')) {
      this.lastSave = this.deps.persistence.saveRun(run).then((id) => {
        if (this.run === run) this.runRecordId = id;
      });
    }
    emit(this.host, 'bench-complete', { run });
  }

  /** "Measure this machine" / "Re-measure". */
  measure(): void {
    void this.session.run();
  }

  cancel(): void {
    this.session.cancel();
  }

  /** The metrics the fields fill from: the run's, with a run in progress taking over one by one. */
  currentMetrics(): readonly Metric[] {
    const bench = this.session.state;
    const live = bench.status === 'pending' ? bench.metrics.filter((m) => m.status === 'ok') : [];
    const fresh = new Set(live.map((m) => m.id));
    return [...(this.run?.metrics.filter((m) => !fresh.has(m.id)) ?? []), ...live];
  }

  /** When the values in the fields were measured: "just now" during a run. */
  measuredAt(): string {
    if (this.session.state.status === 'pending') return 'just now';
    return this.run ? new Date(this.run.startedAt).toLocaleString() : '';
  }

  /**
   * Mark (once per page) the moment a run in progress has filled every measured field,
   * for scripts/first-answer.ts: how soon a first visit gets a measured answer (issue #11).
   */
  noteFilled(allMeasured: boolean): void {
    if (this.markedFirstEstimate || !this.session.running || !allMeasured) return;
    this.markedFirstEstimate = true;
    performance.mark(FIRST_MEASURED_ESTIMATE_MARK);
  }

  /** What the answer rests on right now: a run in this tab, another tab's, or nothing running. */
  basisStatus(): BasisStatus {
    if (this.otherTabProgress !== undefined) return 'waiting';
    return this.session.state.status === 'pending' || (this.starting && !this.run) ? 'measuring' : 'idle';
  }

  basisProgress(): BenchProgress {
    if (this.otherTabProgress) return this.otherTabProgress;
    return this.session.state.status === 'pending'
      ? this.session.state.progress
      : { fraction: 0, step: 'Detecting the hardware' };
  }

  /** Why the GPU cannot be measured here, when it cannot. */
  gpuUnavailable(): string | undefined {
    return this.hardware && !this.hardware.gpu.available ? this.hardware.gpu.message : this.run?.gpuUnavailable;
  }

  /** The GPU values come from a software adapter: the current run's, or the last run's. */
  softwareValues(): boolean {
    const hw = this.hardware?.gpu;
    return this.session.state.status === 'pending'
      ? Boolean(hw?.available && hw.isFallbackAdapter)
      : Boolean(this.run?.software);
  }

  /** The CPU tiers the run measured, for the baseline picker. */
  availableTiers(): CpuTier[] {
    const run = this.run;
    return run
      ? CPU_TIERS.filter((t) => run.metrics.some((m) => m.id === t.metric && m.status === 'ok')).map((t) => t.id)
      : [];
  }

  /** Where this page runs, as a verification records it (browser and adapter; issue #13). */
  verificationHere(): VerificationEnvironment | undefined {
    const gpu = this.hardware?.gpu;
    if (!gpu) return undefined;
    return {
      userAgent: navigator.userAgent,
      adapter: gpu.available ? gpuDisplayName(gpu) : '',
      gpuTimer: '',
      cpuThreads: 0,
    };
  }
}
