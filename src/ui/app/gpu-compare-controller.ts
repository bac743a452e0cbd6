import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Answer } from '../../model/answer/answer.ts';
import type { Metric } from '../../model/bench/metrics.ts';
import { COMPARE_PARAMS, GPUS_PARAM, OPTION_PARAMS } from '../../model/catalog/compare-params.ts';
import type { CompareView } from '../../model/catalog/compare-view.ts';
import type { Pitfall } from '../../model/catalog/warnings.ts';
import type { EstimateBasis } from '../../model/estimator/basis.ts';
import type { InputKey } from '../../model/estimator/estimator.ts';
import type { ValueSource } from '../../model/estimator/measured.ts';
import type { StoredPythonRun } from '../../model/history/records.ts';
import type { GpuClass } from '../../model/workloads/precision.ts';
import { defineLaterElements } from '../lazy-elements.ts';
import type { EstimateController, LinkPart } from './estimate-controller.ts';
import type { PersistenceController } from './persistence-controller.ts';

/** The comparison's model, loaded after the first paint (the catalog is not needed before). */
export type CompareModel = Pick<
  typeof import('../../model/catalog/compare-view.ts'),
  'compareView' | 'compareQueryFor'
>;

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

/** The browser run's best float32 GPU rate, GFLOPS. */
function browserF32Gflops(metrics: readonly Metric[] | undefined): number | undefined {
  const m = metrics?.find((x) => x.id === 'gpu.f32.gflops');
  return m && m.status === 'ok' ? m.best : undefined;
}

/**
 * "Which GPU would pay off?" (issue #19): the comparison's settings as the URL carries
 * them (a part of every link, through the estimate controller's `addLinkPart`), the
 * imported Python runs it can compare, and its view — computed off the render path, since
 * a dozen devices with their break-even searches take tens of milliseconds, and only after
 * the first paint, when the catalog arrives in its own chunk. Also gives the answer card
 * this machine's warnings.
 */
export class GpuCompareController implements ReactiveController, LinkPart {
  readonly params = COMPARE_PARAMS;
  /** Raw text by URL name; a missing name is its default. */
  raw: Record<string, string> = {};
  /** The imported Python runs, once history is loaded. */
  runs: StoredPythonRun[] | undefined;
  private model: CompareModel | undefined;
  private result: { key: string; view: CompareView } | undefined;
  private pendingKey: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly estimate: Pick<EstimateController, 'addLinkPart' | 'syncUrl' | 'workload'>,
    persistence: Pick<PersistenceController, 'ready' | 'onChange'> | undefined,
    /** Loads the model: after the first paint on the page; tests pass it directly. */
    load: () => Promise<CompareModel> = () =>
      defineLaterElements().then(() => import('../../model/catalog/compare-view.ts')),
  ) {
    host.addController(this);
    estimate.addLinkPart(this);
    void load().then((m) => {
      this.model = m;
      host.requestUpdate();
    });
    if (persistence) {
      const reload = () =>
        void persistence.ready
          .then((store) => store.load())
          .then((snapshot) => {
            this.runs = [...snapshot.pythonRuns];
            host.requestUpdate();
          })
          .catch(() => {
            // History unavailable (private mode): compare without imported runs.
            this.runs = [];
            host.requestUpdate();
          });
      reload();
      void persistence.onChange(reload);
    } else {
      this.runs = [];
    }
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** A link's values (already cleaned of duplicates by the estimate controller). */
  load(params: URLSearchParams): void {
    const raw: Record<string, string> = {};
    for (const name of COMPARE_PARAMS) {
      const v = params.get(name);
      if (v !== null) raw[name] = v;
    }
    this.raw = raw;
    this.host.requestUpdate();
  }

  /**
   * The comparison's part of a link. Until the catalog and history are loaded the raw
   * values travel as they came, so nothing is lost; then they are written as read (a bad
   * id left out). In a custom task the `w.*` options stay out: there is no workload for them.
   */
  query(all: boolean): string {
    const custom = !this.estimate.workload.form;
    if (!this.model || !this.runs) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(this.raw)) {
        if (!(custom && k.startsWith('w.'))) p.set(k, v);
      }
      return p.toString();
    }
    const q = new URLSearchParams(this.model.compareQueryFor(this.raw, this.runs, all));
    if (custom) for (const k of OPTION_PARAMS) q.delete(k);
    if (custom && !all && this.raw[GPUS_PARAM] === undefined) q.delete(GPUS_PARAM);
    return q.toString();
  }

  /** A setting changed in the section: into the state, then the address bar. */
  change(patch: Readonly<Record<string, string | null>>, commit: boolean): void {
    const raw = { ...this.raw };
    for (const [k, v] of Object.entries(patch)) {
      if (!COMPARE_PARAMS.includes(k)) continue;
      if (v === null) delete raw[k];
      else raw[k] = v;
    }
    this.raw = raw;
    this.estimate.syncUrl(commit);
    this.host.requestUpdate();
  }

  /**
   * The section's view for `page`: the last one computed, while a newer one is computed
   * after this render (undefined until the first is ready). `ready` says whether it is
   * for the current inputs.
   */
  view(page: ComparePage): { view: CompareView | undefined; ready: boolean } {
    const model = this.model;
    const runs = this.runs;
    if (!model || !runs) return { view: this.result?.view, ready: false };
    const thisBasis = {
      provisional: Boolean(page.basis?.provisional),
      sources: page.sources,
      badges: page.badges,
      software: page.software,
    };
    const browser = { f32Gflops: browserF32Gflops(page.metrics), software: page.software };
    const a = page.answer;
    const key = JSON.stringify([
      this.raw,
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
          view: model.compareView({
            raw: this.raw,
            answer: a,
            runs,
            thisMachineBasis: thisBasis,
            gpuClass: page.gpuClass,
            browser,
          }),
        };
        this.pendingKey = undefined;
        this.host.requestUpdate();
      }, 0);
    }
    return { view: this.result?.view, ready: false };
  }

  /** This machine's warnings for the answer card (of the last view computed). */
  get machinePitfalls(): readonly Pitfall[] {
    return this.result?.view.machinePitfalls ?? [];
  }
}
