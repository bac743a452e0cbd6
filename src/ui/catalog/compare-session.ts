import type { Answer } from '../../model/answer/answer.ts';
import type { Metric } from '../../model/bench/metrics.ts';
import { GPUS_PARAM, OPTION_PARAMS } from '../../model/catalog/compare-params.ts';
import type { CompareRaw } from '../../model/catalog/compare-url.ts';
import { compareQueryFor, compareView, type CompareView } from '../../model/catalog/compare-view.ts';
import type { Pitfall } from '../../model/catalog/warnings.ts';
import type { EstimateBasis } from '../../model/estimator/basis.ts';
import type { InputKey } from '../../model/estimator/estimator.ts';
import type { ValueSource } from '../../model/estimator/measured.ts';
import type { StoredPythonRun } from '../../model/history/records.ts';
import type { GpuClass } from '../../model/workloads/precision.ts';
import type { HistoryStore } from '../../store/history-store.ts';

/** What the page knows that the comparison reads: this machine's answer and how it was measured. */
export interface ComparePage {
  answer: Answer | undefined;
  basis: EstimateBasis | undefined;
  sources: Readonly<Record<InputKey, ValueSource>>;
  badges: Readonly<Partial<Record<InputKey, string>>>;
  gpuClass: GpuClass;
  /** The browser run's metrics, for its GPU's float32 rate. */
  metrics: readonly Metric[] | undefined;
  /** The GPU figures come from a software adapter. */
  software: boolean;
}

/** The history the session reads imported Python runs from (the persistence controller). */
export interface CompareHistory {
  ready: Promise<Pick<HistoryStore, 'load'>>;
  onChange(listener: () => void): Promise<void>;
}

/** The browser run's best float32 GPU rate, GFLOPS. */
function browserF32Gflops(metrics: readonly Metric[] | undefined): number | undefined {
  const m = metrics?.find((x) => x.id === 'gpu.f32.gflops');
  return m && m.status === 'ok' ? m.best : undefined;
}

/**
 * The comparison's working part, loaded after the first paint with the catalog (the
 * controller that owns the URL stays in the first paint, this does not): the imported
 * Python runs from history, the view computed off the render path — a dozen devices with
 * their break-even searches take tens of milliseconds — and the link written as read.
 */
export class CompareSession {
  /** The imported Python runs, once history is loaded. */
  runs: StoredPythonRun[] | undefined;
  private result: { key: string; view: CompareView } | undefined;
  private pendingKey: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Asks the page to render again (a view or the runs arrived). */
    private readonly update: () => void,
    history: CompareHistory | undefined,
  ) {
    if (!history) {
      this.runs = [];
      return;
    }
    const reload = () =>
      void history.ready
        .then((store) => store.load())
        .then((snapshot) => {
          this.runs = [...snapshot.pythonRuns];
          update();
        })
        .catch(() => {
          // History unavailable (private mode): compare without imported runs.
          this.runs = [];
          update();
        });
    reload();
    void history.onChange(reload);
  }

  /** Stop a pending computation (the page went away). */
  stop(): void {
    clearTimeout(this.timer);
  }

  /**
   * The comparison's part of a link, bad values left out; undefined until history is read
   * (an id of an imported run is only known then). In a custom task the `w.*` options stay
   * out, and the devices unless chosen: there is no workload for them.
   */
  query(raw: CompareRaw, all: boolean, custom: boolean): string | undefined {
    if (!this.runs) return undefined;
    const q = new URLSearchParams(compareQueryFor(raw, this.runs, all));
    if (custom) for (const k of OPTION_PARAMS) q.delete(k);
    if (custom && !all && raw[GPUS_PARAM] === undefined) q.delete(GPUS_PARAM);
    return q.toString();
  }

  /**
   * The section's view: the last one computed, while a newer one is computed after this
   * render (undefined until the first is ready). `ready` says whether it is for the
   * current inputs.
   */
  view(raw: CompareRaw, page: ComparePage): { view: CompareView | undefined; ready: boolean } {
    const runs = this.runs;
    if (!runs) return { view: this.result?.view, ready: false };
    const thisBasis = {
      provisional: Boolean(page.basis?.provisional),
      sources: page.sources,
      badges: page.badges,
      software: page.software,
    };
    const browser = { f32Gflops: browserF32Gflops(page.metrics), software: page.software };
    const a = page.answer;
    const key = JSON.stringify([
      raw,
      a?.mode,
      a?.outputs,
      a?.view?.workload,
      a?.view?.machine,
      thisBasis,
      page.gpuClass,
      browser,
      runs.map((r) => r.id),
    ]);
    if (this.result?.key === key) return { view: this.result.view, ready: true };
    if (this.pendingKey !== key) {
      this.pendingKey = key;
      clearTimeout(this.timer);
      // After this render: typing stays responsive while a dozen devices are searched.
      this.timer = setTimeout(() => {
        this.result = {
          key,
          view: compareView({ raw, answer: a, runs, thisMachineBasis: thisBasis, gpuClass: page.gpuClass, browser }),
        };
        this.pendingKey = undefined;
        this.update();
      }, 0);
    }
    return { view: this.result?.view, ready: false };
  }

  /** This machine's warnings for the answer card (of the last view computed). */
  get machinePitfalls(): readonly Pitfall[] {
    return this.result?.view.machinePitfalls ?? [];
  }
}
