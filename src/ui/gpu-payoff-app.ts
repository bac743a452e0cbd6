import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { estimate, verdictFor, type InputKey } from '../model/estimator/estimator.ts';
import { estimateBasis } from '../model/estimator/basis.ts';
import { VERDICT_SHORT } from '../model/estimator/summary.ts';
import { takeMeasureTurn } from '../bench/measure-lock.ts';
import { formatSpeedup } from '../model/shared/format.ts';
import {
  DEFAULT_RAW,
  FIELDS,
  PRESETS,
  queryFromRaw,
  rawFromInputs,
  rawFromNumber,
  rawFromQuery,
  validateInputs,
  type RawInputs,
} from '../model/estimator/fields.ts';
import { gpuDisplayName, type HardwareReport } from '../model/bench/hardware.ts';
import type { VerificationEnvironment } from '../model/history/verification.ts';
import { runProblem, runSummary } from '../model/bench/run-summary.ts';
import {
  CPU_TIERS,
  measuredFields,
  mergeMeasured,
  speedupRange,
  type LaunchMode,
  type MeasuredField,
  type ValueSource,
} from '../model/estimator/measured.ts';
import type { BenchRun } from '../model/bench/bench-run.ts';
import type { CpuTier, Metric } from '../model/bench/metrics.ts';
import { detectHardware } from '../bench/detect.ts';
import { latestRunFor } from '../model/bench/run-match.ts';
import { BenchSession } from '../bench/session.ts';
import type { BenchProgress } from '../bench/types.ts';
import type { HistoryStore } from '../store/history-store.ts';
import {
  emit,
  type FieldCommitEvent,
  type FieldInputEvent,
  type HistoryApplyRunEvent,
  type HistoryOpenEstimateEvent,
  type MeasureChoiceEvent,
  type PresetSelectEvent,
  type PythonApplyRunEvent,
  type PythonCalibrateEvent,
  type WorkloadFieldCommitEvent,
  type WorkloadFieldInputEvent,
  type WorkloadPickEvent,
  type WorkloadRatesEvent,
  type WorkloadVerifiedEvent,
} from './shared/events.ts';
import { ChangeController } from './shared/change-controller.ts';
import { sharedStyles } from './shared/shared-styles.ts';
import { appStyles } from './app-styles.ts';
// The calculator's elements come with the first paint; the rest come after it (lazy-elements.ts).
import './estimator/estimator-form.ts';
import './bench/measure-controls.ts';
import './estimator/estimator-results.ts';
import './workloads/workload-form.ts';
import { defineLaterElements, loadHistoryStore, runBenchmarkLazily } from './lazy-elements.ts';
import { WorkloadController } from './workloads/workload-controller.ts';
import { WORKLOAD_INFO } from '../model/workloads/specs.ts';
import type { StoredPythonRun } from '../model/history/records.ts';
import { combineLanes, type CalibrationFactor } from '../model/python/calibration.ts';
import { cpuWorkFor, pythonFields, type LaneFields } from '../model/python/python-lane.ts';

/**
 * A save the store refused has been shown in the history panel (its `save-failed` event);
 * anything else is a bug worth a console line.
 */
function reportSaveError(e: unknown): void {
  // By name, not instanceof: the store's module is loaded later, in its own chunk.
  if (!(e instanceof Error && e.name === 'HistoryError')) console.error(e);
}

/** The estimator fields a run measures (CPU and GPU rates, transfer rate, launch overhead). */
const MEASURED_KEYS: readonly InputKey[] = ['cpuGflops', 'gpuTflops', 'transferGBps', 'launchOverheadMs'];

/** The performance mark set when a run has filled all of MEASURED_KEYS (scripts/first-answer.ts reads it). */
export const FIRST_MEASURED_ESTIMATE_MARK = 'gpu-payoff:first-measured-estimate';

function allSources(source: ValueSource): Record<InputKey, ValueSource> {
  return Object.fromEntries(FIELDS.map((f) => [f.key, source])) as Record<InputKey, ValueSource>;
}

/**
 * Root element: owns the estimator's state (the raw text of every field and where each
 * value came from), keeps it in the URL's query string, and passes it down. It also owns
 * the page's benchmark session (handed to <bench-panel>, which renders and drives it) and
 * the page's history store (handed to <history-panel>, which re-reads it on every change):
 * a finished run is saved here, through the store.
 *
 * Public events, for scripts and tests watching the page: 'bench-start', 'bench-progress'
 * and 'bench-complete' mirror the session's.
 */
@customElement('gpu-payoff-app')
export class GpuPayoffApp extends LitElement {
  static override styles = [sharedStyles, appStyles];

  @state() private raw: RawInputs = { ...DEFAULT_RAW };
  @state() private sources: Record<InputKey, ValueSource> = allSources('default');
  @state() private hardware: HardwareReport | undefined;
  /** The run whose numbers fill the measured fields. */
  @state() private run: BenchRun | undefined;
  @state() private cpuTier: CpuTier = 'simdAll';
  @state() private launchMode: LaunchMode = 'dispatch';

  /** The run came from history (a later visit) rather than being measured just now. */
  @state() private runFromHistory = false;
  /** Before startup has decided whether to measure: the defaults are about to be measured. */
  @state() private starting = true;
  /** Another tab is measuring this machine; this tab waits for its run (and its progress). */
  @state() private otherTabProgress: BenchProgress | undefined;
  /** Sends this tab's progress to tabs waiting for it, while this tab measures. */
  private broadcastProgress: ((p: BenchProgress) => void) | undefined;
  /** The store's save of the last finished run, so the measuring tab holds its lock until it is stored. */
  private lastSave: Promise<unknown> = Promise.resolve();

  /** The page's one history store, loaded beside the first paint (its own chunk). */
  private readonly historyReady: Promise<HistoryStore> = loadHistoryStore();
  /** The same store once loaded, for <history-panel>. */
  @state() private history: HistoryStore | undefined;
  /** The page's benchmark runs: the one owner of the last measured run. The suite loads on the first run. */
  private readonly session = new BenchSession(runBenchmarkLazily);
  /** Progress last sent as 'bench-progress', so each value is sent once. */
  private sentProgress: BenchProgress | undefined;
  /** History id of `run`, so a saved estimate can say which run it was based on. */
  private runRecordId: string | undefined;

  /** FIRST_MEASURED_ESTIMATE_MARK was set. */
  private markedFirstEstimate = false;

  /** The next keystroke starts a new history entry (after a commit, preset or back). */
  private pushOnNextInput = true;

  /** The workload picked in "What does your code do?" and the roofline's machine fields (issue #12). */
  private readonly workload = new WorkloadController(this);

  private readonly onPopState = () => this.loadFromUrl();

  constructor() {
    super();
    // Re-render on every session change, and send the page's public bench events.
    new ChangeController(this, () => this.onSessionChange()).observe(this.session);
    this.session.on('start', (e) => emit(this, 'bench-start', { profile: e.profile }));
    this.session.on('complete', (e) => this.onBenchComplete(e.run));
    // Fill each field the moment its metric is done, not all at the end.
    this.session.on('metric', () => this.applyMeasured(false));
  }

  private onSessionChange(): void {
    this.requestUpdate();
    const { status, progress } = this.session.state;
    if (status === 'pending' && progress !== this.sentProgress) {
      this.sentProgress = progress;
      emit(this, 'bench-progress', progress);
      this.broadcastProgress?.(progress);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.loadFromUrl();
    window.addEventListener('popstate', this.onPopState);
    void this.startup();
    void defineLaterElements();
  }

  /**
   * Detect the hardware, then either apply the newest stored run for this browser and
   * adapter (a later visit) or measure at once with the quick profile (a first visit).
   * The calculator is usable with its defaults all the while.
   */
  private async startup(): Promise<void> {
    const [report, snapshot] = await Promise.all([
      detectHardware(),
      this.historyReady.then((store) => {
        this.history = store;
        return store.load();
      }),
    ]);
    this.hardware = report;
    this.workload.setHardware(report);
    // Verifications calibrate later estimates (issue #13); deletions and other tabs change them.
    void this.historyReady
      .then((store) => {
        store.addEventListener('change', () => void this.refreshVerifications(store).catch(reportSaveError));
        return this.refreshVerifications(store);
      })
      .catch(reportSaveError);
    await this.updateComplete;
    if (this.run || this.session.running) return;
    const stored = latestRunFor(snapshot.runs, report);
    if (stored) {
      this.useStored(stored);
      this.starting = false;
      return;
    }
    // One tab measures at a time; another tab opened together waits and uses its run.
    await takeMeasureTurn({
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
      },
      onOtherProgress: (p) => (this.otherTabProgress = p),
      afterOther: async () => {
        this.otherTabProgress = undefined;
        const later = latestRunFor((await (await this.historyReady).load()).runs, report);
        if (!later || this.run || this.session.running) return Boolean(this.run);
        this.useStored(later);
        return true;
      },
    });
    this.starting = false;
    this.otherTabProgress = undefined;
  }

  /** Apply a stored run (a later visit, or another tab's fresh run) without measuring. */
  private useStored(stored: { run: BenchRun; id: string }): void {
    this.useRun(stored.run, stored.id, true);
    this.applyMeasured(false);
    this.session.restore(stored.run);
  }

  private useRun(run: BenchRun, recordId: string | undefined, fromHistory: boolean): void {
    this.run = run;
    this.runRecordId = recordId;
    this.runFromHistory = fromHistory;
  }

  /**
   * The metrics the fields are filled from: the run's, with those of a run in progress
   * taking over one by one as each is measured.
   */
  private currentMetrics(): readonly Metric[] {
    const bench = this.session.state;
    const live = bench.status === 'pending' ? bench.metrics.filter((m) => m.status === 'ok') : [];
    const fresh = new Set(live.map((m) => m.id));
    return [...(this.run?.metrics.filter((m) => !fresh.has(m.id)) ?? []), ...live];
  }

  private measured(): Partial<Record<InputKey, MeasuredField>> {
    return this.lanes().fields;
  }

  /** The Python-lane run the estimator takes its rates from (issue #14), if one is applied. */
  @state() private pyRun: StoredPythonRun | undefined;
  /** Calibration factors browser-only estimates use, when the person turned them on. */
  @state() private calibration: readonly CalibrationFactor[] | undefined;

  /** The browser run's fields, with an applied Python run's over them, or calibrated; and their badges. */
  private lanes(): LaneFields {
    const browser = measuredFields(this.currentMetrics(), { cpuTier: this.cpuTier, launchMode: this.launchMode });
    const python = this.pyRun
      ? pythonFields(this.pyRun.probe, { cpuWork: cpuWorkFor(this.workload.form?.id), launchMode: this.launchMode })
      : undefined;
    return combineLanes(browser, python, this.calibration);
  }

  /** Where this page runs, as a verification records it (browser and adapter; issue #13). */
  private verificationHere(): VerificationEnvironment | undefined {
    const gpu = this.hardware?.gpu;
    if (!gpu) return undefined;
    return {
      userAgent: navigator.userAgent,
      adapter: gpu.available ? gpuDisplayName(gpu) : '',
      gpuTimer: '',
      cpuThreads: 0,
    };
  }

  /** Re-read the saved verifications for calibrated workload rates (after a save, a delete, another tab). */
  private async refreshVerifications(store?: HistoryStore): Promise<void> {
    const here = this.verificationHere();
    if (!here) return;
    // The verification model loads after the first paint, like the store.
    const [snap, { calibrationsFromHistory }] = await Promise.all([
      (store ?? (await this.historyReady)).load(),
      import('../model/history/verification.ts'),
    ]);
    this.workload.setCalibrations(calibrationsFromHistory(snap.verifications, here));
    this.requestUpdate();
  }

  /** "Run this workload" finished: keep the verification in history; later estimates can calibrate from it. */
  private onWorkloadVerified(e: WorkloadVerifiedEvent): void {
    const here = this.verificationHere();
    const r = e.detail.result;
    if (!here) return;
    Promise.all([this.historyReady, import('../model/history/verification.ts')])
      .then(([store, { verificationSummary }]) => {
        const summary = verificationSummary(r, { ...here, gpuTimer: r.gpu.timer, cpuThreads: r.cpu.threads });
        return summary ? store.saveVerification(summary) : undefined;
      })
      .then(() => this.refreshVerifications())
      .catch(reportSaveError);
  }

  /** "Use raw measured peaks" / "Use calibrated rates". */
  private onWorkloadRates(e: WorkloadRatesEvent): void {
    this.workload.useCalibrated = e.detail.calibrated;
    this.requestUpdate();
  }

  private onPythonApplyRun(e: PythonApplyRunEvent): void {
    this.pyRun = e.detail.record ?? undefined;
    this.applyMeasured(true);
    this.syncUrl(true);
    this.pushOnNextInput = true;
    if (this.pyRun) this.renderRoot.querySelector('.estimator')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  private onPythonCalibrate(e: PythonCalibrateEvent): void {
    this.calibration = e.detail.factors ?? undefined;
    this.applyMeasured(true);
  }

  /** Put the run's values into the fields that are not typed (all of them when `restoreAll`). */
  private applyMeasured(restoreAll: boolean): void {
    const next = mergeMeasured({ raw: this.raw, sources: this.sources }, this.measured(), DEFAULT_RAW, restoreAll);
    this.raw = next.raw;
    this.sources = next.sources;
    this.markFirstMeasuredEstimate();
    const when = this.run ? new Date(this.run.startedAt).toLocaleString() : '';
    this.workload.applyRun(this.run?.metrics, this.cpuTier, restoreAll, when);
  }

  /**
   * Mark (once per page) the moment a run in progress has filled all four measured fields,
   * for scripts/first-answer.ts: how soon a first visit gets a measured estimate (issue #11).
   */
  private markFirstMeasuredEstimate(): void {
    if (this.markedFirstEstimate || !this.session.running) return;
    if (!MEASURED_KEYS.every((k) => this.sources[k] === 'measured')) return;
    this.markedFirstEstimate = true;
    performance.mark(FIRST_MEASURED_ESTIMATE_MARK);
  }

  /** Fill total operations, data size and launch count from the workload (or give them back in classic mode). */
  private fillFromWorkload(): void {
    const next = this.workload.fill({ raw: this.raw, sources: this.sources });
    this.raw = next.raw;
    this.sources = next.sources;
  }

  private onWorkloadPick(e: WorkloadPickEvent): void {
    this.workload.pick(e.detail.id);
    this.fillFromWorkload();
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  private onWorkloadFieldInput(e: WorkloadFieldInputEvent): void {
    this.workload.input(e.detail.param, e.detail.raw);
    this.fillFromWorkload();
    this.syncUrl(this.pushOnNextInput);
    this.pushOnNextInput = false;
  }

  private onWorkloadFieldCommit(_e: WorkloadFieldCommitEvent): void {
    this.pushOnNextInput = true;
  }

  private onBenchComplete(run: BenchRun): void {
    this.useRun(run, undefined, false);
    this.applyMeasured(false);
    this.syncUrl(false);
    // Keep every run that measured something; history says so if it cannot persist.
    if (run.metrics.some((m) => m.status === 'ok')) {
      this.lastSave = this.historyReady
        .then((store) => store.saveRun(run))
        .then(
          (rec) => {
            if (this.run === run) this.runRecordId = rec.id;
          },
          (e: unknown) => reportSaveError(e),
        );
    }
    emit(this, 'bench-complete', { run });
  }

  private onHistoryApplyRun(e: HistoryApplyRunEvent): void {
    // A Python-lane run listed among the runs: its probe fills the fields, the browser run stays.
    const python = e.detail.record.python;
    if (python) return this.onPythonApplyRun(new CustomEvent('python-apply-run', { detail: { record: python } }));
    this.useRun(e.detail.run, e.detail.record.id, true);
    this.applyMeasured(true);
    this.syncUrl(true);
    this.pushOnNextInput = true;
    this.renderRoot.querySelector('.estimator')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  private onHistoryOpenEstimate(e: HistoryOpenEstimateEvent): void {
    this.raw = { ...e.detail.estimate.raw };
    this.sources = { ...e.detail.estimate.sources };
    // An estimate saved without a workload opens in classic mode.
    this.workload.loadFromQuery(e.detail.estimate.workload?.query ?? '');
    this.fillFromWorkload();
    this.syncUrl(true);
    this.pushOnNextInput = true;
    this.renderRoot.querySelector('.estimator')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  /** The phone-only summary bar jumps to the results card (it sits below the form there). */
  private scrollToResults(e: Event): void {
    e.preventDefault();
    this.renderRoot.querySelector('#results')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  private onSaveEstimate(): void {
    // Taken now, at the click; the store may still be loading.
    const estimate = {
      raw: this.raw,
      sources: this.sources,
      ...(this.runRecordId !== undefined ? { basedOnRunId: this.runRecordId } : {}),
      ...this.workload.saved(validateInputs(this.raw).fields),
    };
    this.historyReady.then((store) => store.saveEstimate(estimate)).catch(reportSaveError);
  }

  private onMeasureStart(): void {
    void this.session.run();
  }

  private onUseMeasured(): void {
    this.applyMeasured(true);
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  private onMeasureChoice(e: MeasureChoiceEvent): void {
    this.cpuTier = e.detail.cpuTier;
    this.launchMode = e.detail.launchMode;
    this.applyMeasured(false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPopState);
  }

  private loadFromUrl(): void {
    const { raw, fromUrl } = rawFromQuery(window.location.search, DEFAULT_RAW);
    this.raw = raw;
    // Values in a link are deliberate: they count as typed.
    const sources = allSources('default');
    for (const key of fromUrl) sources[key] = 'manual';
    this.sources = sources;
    this.workload.loadFromQuery(window.location.search);
    this.fillFromWorkload();
    this.pushOnNextInput = true;
    if (this.run) this.applyMeasured(false);
  }

  /**
   * A URL for the estimate: every field (`all`, the shared link that reproduces it
   * anywhere) or only the typed ones (the address bar, so a reload re-applies this
   * machine's measurements rather than freezing them).
   */
  private link(all: boolean): string {
    const url = new URL(window.location.href);
    // Fields a workload fills travel as the workload (w=…), not as numbers that would override it.
    const classic = queryFromRaw(
      this.raw,
      all ? (k) => this.sources[k] !== 'workload' : (k) => this.sources[k] === 'manual',
    );
    url.search = [classic, this.workload.query(all)].filter((q) => q !== '').join('&');
    url.hash = '';
    return url.toString();
  }

  /** Put the state into the URL: a new entry for a new edit, replacing while typing. */
  private syncUrl(push: boolean): void {
    const url = this.link(false);
    if (url === window.location.href) return;
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }

  private onFieldInput(e: FieldInputEvent): void {
    const { key, raw } = e.detail;
    this.raw = { ...this.raw, [key]: raw };
    this.sources = { ...this.sources, [key]: 'manual' };
    this.syncUrl(this.pushOnNextInput);
    this.pushOnNextInput = false;
  }

  private onFieldCommit(_e: FieldCommitEvent): void {
    this.pushOnNextInput = true;
  }

  private onPreset(e: PresetSelectEvent): void {
    const preset = PRESETS.find((p) => p.id === e.detail.id);
    if (!preset) return;
    this.raw = rawFromInputs(preset.inputs);
    // The examples are classic estimates: they leave workload mode.
    this.workload.pick(null);
    this.sources = allSources('manual');
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  private onReset(): void {
    this.raw = { ...DEFAULT_RAW };
    this.sources = allSources('default');
    this.fillFromWorkload();
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  override render() {
    const bench = this.session.state;
    const validated = validateInputs(this.raw);
    const inputs = validated.inputs;
    const outputs = inputs ? estimate(inputs) : undefined;
    const measured = this.measured();
    const when =
      bench.status === 'pending' ? 'just now' : this.run ? new Date(this.run.startedAt).toLocaleString() : '';
    const notes: Partial<Record<InputKey, string>> = {};
    const laneBadges = this.lanes().badges;
    for (const m of Object.values(measured)) {
      // A Python-lane value says when the probe ran itself.
      if (this.sources[m.key] === 'measured' && laneBadges[m.key]?.startsWith('Python')) notes[m.key] = `${m.note}.`;
      else if (this.sources[m.key] === 'measured') notes[m.key] = `Measured ${when}: ${m.note}.`;
      else notes[m.key] = `Measured value: ${rawFromNumber(m.value)}.`;
    }
    const range = inputs ? speedupRange(inputs, measured, (k) => this.sources[k] === 'measured') : undefined;
    const canRestore =
      this.workload.canRestore ||
      Object.values(measured).some(
        (m) => this.sources[m.key] !== 'measured' || this.raw[m.key] !== rawFromNumber(m.value),
      );
    const wl = this.workload.render(validated.fields);
    const gpuUnavailable =
      this.hardware && !this.hardware.gpu.available ? this.hardware.gpu.message : this.run?.gpuUnavailable;
    const basis = estimateBasis({
      sources: this.sources,
      status:
        this.otherTabProgress !== undefined
          ? 'waiting'
          : bench.status === 'pending' || (this.starting && !this.run)
            ? 'measuring'
            : 'idle',
      progress:
        this.otherTabProgress ??
        (bench.status === 'pending' ? bench.progress : { fraction: 0, step: 'Detecting the hardware' }),
      gpuUnavailable,
      cancelled: this.run?.cancelled,
    });
    // Without a GPU the results card says why and what to do; once is enough, so the
    // run's line leaves that out (a cancel or another failure is still said here).
    const gpuSaidInResults = basis.provisional && gpuUnavailable !== undefined && !this.run?.cancelled;
    const runNote =
      bench.status === 'pending' || !this.run || (gpuSaidInResults && this.run.gpuUnavailable !== undefined)
        ? ''
        : runProblem(this.run);
    // The fields' GPU values come from a software adapter: the current run's, or the last run's.
    const hw = this.hardware?.gpu;
    const softwareValues =
      bench.status === 'pending' ? Boolean(hw?.available && hw.isFallbackAdapter) : Boolean(this.run?.software);
    const availableTiers = this.run
      ? CPU_TIERS.filter((t) => this.run?.metrics.some((m) => m.id === t.metric && m.status === 'ok')).map((t) => t.id)
      : [];
    return html`
      <header>
        <h1>Will moving this computation to the GPU pay off?</h1>
        <p>
          Estimate the speedup of running your Python, ML or scientific workload on the GPU: CPU time against GPU
          compute time plus the cost of moving data and launching kernels. Type your numbers, or measure this machine
          below. Everything runs in your browser.
        </p>
      </header>
      <main>
        <section class="estimator" aria-label="Estimator">
          <div class="card">
            <h2>GPU Performance Calculator</h2>
            <measure-controls
              .cpuTier=${this.cpuTier}
              .launchMode=${this.launchMode}
              .runSummary=${this.run ? runSummary(this.run, this.runFromHistory) : ''}
              .software=${softwareValues}
              .canRestore=${canRestore}
              .availableTiers=${availableTiers}
              .running=${bench.status === 'pending'}
              .cancelElsewhere=${bench.startedBy === 'bench-panel'}
              .progress=${bench.progress.fraction}
              .step=${bench.progress.step}
              .problem=${runNote}
              .problemTone=${this.run?.cancelled ? 'info' : 'error'}
              @measure-choice=${this.onMeasureChoice}
              @use-measured=${this.onUseMeasured}
              @measure-start=${this.onMeasureStart}
              @measure-cancel=${() => this.session.cancel()}
            ></measure-controls>
            <h3 class="workload-h">What does your code do?</h3>
            <workload-form
              .form=${wl.form}
              .validity=${wl.validity}
              .pickError=${wl.pickError}
              .machine=${wl.machine}
              .machineValidity=${wl.machineValidity}
              .machineNotes=${wl.machineNotes}
              @workload-pick=${this.onWorkloadPick}
              @workload-field-input=${this.onWorkloadFieldInput}
              @workload-field-commit=${this.onWorkloadFieldCommit}
            ></workload-form>
            <h3 class="workload-h">The seven fields</h3>
            <estimator-form
              .raw=${this.raw}
              .validity=${validated.fields}
              .sources=${this.sources}
              .sourceNotes=${notes}
              .sourceBadges=${laneBadges}
              @field-input=${this.onFieldInput}
              @field-commit=${this.onFieldCommit}
              @preset-select=${this.onPreset}
              @reset-values=${this.onReset}
            ></estimator-form>
          </div>
          <div class="card results" id="results">
            <h2>Calculation Results</h2>
            <estimator-results
              .inputs=${inputs}
              .outputs=${outputs}
              .speedupRange=${range}
              .basis=${basis}
              .link=${this.link(true)}
              .workloadLabel=${wl.form ? WORKLOAD_INFO[wl.form.id].label : ''}
            ></estimator-results>
          </div>
        </section>
        ${
          wl.form
            ? html`<section class="card" id="workload" aria-labelledby="workload-h">
                <h2 id="workload-h">Roofline estimate for your workload</h2>
                <workload-results
                  .view=${wl.view}
                  .problem=${wl.problem}
                  .rates=${wl.rates}
                  .rawMachine=${wl.rawMachine}
                  @workload-verified=${this.onWorkloadVerified}
                  @workload-rates=${this.onWorkloadRates}
                ></workload-results>
              </section>`
            : nothing
        }
        <section class="card" aria-labelledby="sweep-h">
          <h2 id="sweep-h">How the speedup changes with task size</h2>
          <div class="sweep">
            <sweep-chart .inputs=${inputs}></sweep-chart>
            <sweep-table .inputs=${inputs}></sweep-table>
          </div>
        </section>
        <section class="card" id="hardware" aria-labelledby="hw-h">
          <h2 id="hw-h">Your hardware</h2>
          <hardware-card .report=${this.hardware}></hardware-card>
        </section>
        <section class="card" id="benchmark" aria-labelledby="bench-h">
          <h2 id="bench-h">Measure this machine</h2>
          <bench-panel .session=${this.session}></bench-panel>
        </section>
        <section class="card" id="history" aria-labelledby="history-h">
          <div class="history-head">
            <h2 id="history-h">History</h2>
            <button type="button" ?disabled=${!inputs} @click=${this.onSaveEstimate}>Save estimate</button>
          </div>
          <history-panel
            .store=${this.history}
            @history-apply-run=${this.onHistoryApplyRun}
            @history-open-estimate=${this.onHistoryOpenEstimate}
          ></history-panel>
        </section>
        <section class="card" id="python" aria-labelledby="python-h">
          <h2 id="python-h">Measure with Python</h2>
          <python-panel
            .store=${this.history}
            .browserMetrics=${this.run && this.run.environment.host === 'browser' ? this.run.metrics : undefined}
            .appliedId=${this.pyRun?.id}
            ?calibrated=${this.calibration !== undefined}
            @python-apply-run=${this.onPythonApplyRun}
            @python-calibrate=${this.onPythonCalibrate}
          ></python-panel>
        </section>
        <section class="card" aria-labelledby="formula-h">
          <h2 id="formula-h">Formula Used</h2>
          <formula-section .inputs=${inputs}></formula-section>
        </section>
      </main>
      ${
        outputs
          ? html`<a
              class="peek ${basis.provisional ? 'provisional' : ''}"
              href="#results"
              @click=${this.scrollToResults}
              aria-hidden="true"
              tabindex="-1"
              data-peek=${basis.provisional ? 'provisional' : 'answer'}
            >
              <strong>${formatSpeedup(outputs.speedup)}</strong>
              <span
                >${basis.provisional || !inputs ? basis.short : VERDICT_SHORT[verdictFor(inputs, outputs.speedup)]}</span
              >
              <span class="peek-go">Results ↓</span>
            </a>`
          : nothing
      }
      <footer>
        Nothing you type or measure leaves this page: no request goes to any other site. Measurements on a software
        (fallback) GPU adapter say nothing about real GPUs and are labelled as such.
      </footer>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gpu-payoff-app': GpuPayoffApp;
  }
}
