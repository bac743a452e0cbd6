import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Answer } from '../../model/answer/answer.ts';
import type { BenchRun } from '../../model/bench/bench-run.ts';
import type { NewEstimate } from '../../model/history/records.ts';
import type { VerificationEnvironment } from '../../model/history/verification.ts';
import type { Calibration } from '../../model/workloads/calibrated.ts';
import type { WorkloadId } from '../../model/workloads/types.ts';
import type { VerifyResult } from '../../bench/workloads/verify.ts';
import type { HistoryStore } from '../../store/history-store.ts';

/**
 * A save the store refused has been shown in the history panel (its `save-failed` event);
 * anything else is a bug worth a console line.
 */
export function reportSaveError(e: unknown): void {
  // By name, not instanceof: the store's module is loaded later, in its own chunk.
  if (!(e instanceof Error && e.name === 'HistoryError')) console.error(e);
}

/**
 * The page's persistence (issue #17: one controller per concern): the one history store,
 * loaded beside the first paint, and everything the page saves to it or reads back —
 * finished runs, saved estimates, verifications, and the calibrations those verifications
 * give later estimates. The store itself is the only module that talks to IndexedDB.
 */
export class PersistenceController implements ReactiveController {
  /** The store, once loaded (its own chunk); every save waits for it. */
  readonly ready: Promise<HistoryStore>;
  /** The same store once loaded, for the elements that list history. */
  store: HistoryStore | undefined;

  constructor(
    host: ReactiveControllerHost,
    load: () => Promise<HistoryStore>,
    /** The verification model, loaded after the first paint (it is not needed before). */
    private readonly loadVerification: () => Promise<typeof import('../../model/history/verification.ts')> = () =>
      import('../../model/history/verification.ts'),
  ) {
    host.addController(this);
    this.ready = load().then((store) => {
      this.store = store;
      host.requestUpdate();
      return store;
    });
  }

  hostConnected(): void {}

  /** Keep a finished run; resolves with its record id, or undefined when the store refused (it says so itself). */
  async saveRun(run: BenchRun): Promise<string | undefined> {
    try {
      return (await (await this.ready).saveRun(run)).id;
    } catch (e) {
      reportSaveError(e);
      return undefined;
    }
  }

  /**
   * "Save estimate": taken at the click, saved when the store is there, with the answer as
   * the history keeps it (answer/saved.ts, which the store's validation loads too: it is
   * not in the first paint).
   */
  saveEstimate(estimate: Omit<NewEstimate, 'answer'>, answer: Answer): void {
    Promise.all([this.ready, import('../../model/answer/saved.ts')])
      .then(([store, { savedAnswer }]) => store.saveEstimate({ ...estimate, answer: savedAnswer(answer) }))
      .catch(reportSaveError);
  }

  /** A verification ("Run this workload") as history keeps it; nothing when it cannot be summarised. */
  async saveVerification(result: VerifyResult, here: VerificationEnvironment): Promise<void> {
    const [store, { verificationSummary }] = await Promise.all([this.ready, this.loadVerification()]);
    const summary = verificationSummary(result, {
      ...here,
      gpuTimer: result.gpu.timer,
      cpuThreads: result.cpu.threads,
    });
    if (summary) await store.saveVerification(summary);
  }

  /** Per workload kind, the efficiencies this machine's saved verifications give (issue #13). */
  async calibrations(here: VerificationEnvironment): Promise<ReadonlyMap<WorkloadId, Calibration>> {
    const [store, { calibrationsFromHistory }] = await Promise.all([this.ready, this.loadVerification()]);
    return calibrationsFromHistory((await store.load()).verifications, here);
  }

  /** Call `listener` whenever history changes (a save, a delete, another tab). */
  async onChange(listener: () => void): Promise<void> {
    (await this.ready).addEventListener('change', listener);
  }
}
