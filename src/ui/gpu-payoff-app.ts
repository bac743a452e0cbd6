import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { estimate, verdict, type InputKey } from '../model/estimator.ts';
import { formatSpeedup } from '../model/format.ts';
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
} from '../model/fields.ts';
import type { HardwareReport } from '../model/hardware.ts';
import { runProblem, runSummary } from '../model/run-summary.ts';
import {
  CPU_TIERS,
  measuredFields,
  mergeMeasured,
  speedupRange,
  type LaunchMode,
  type MeasuredField,
} from '../model/measured.ts';
import type { BenchRun } from '../model/bench-run.ts';
import type { CpuTier } from '../model/metrics.ts';
import { detectHardware } from '../bench/detect.ts';
import { latestRunFor } from '../model/run-match.ts';
import { defaultHistoryStore, type HistoryStore } from '../store/history-store.ts';
import type { HistoryPanel } from './history/history-panel.ts';
import type { HistoryApplyRunEvent, HistoryOpenEstimateEvent } from './history/history-events.ts';
import type { FieldCommitEvent, FieldInputEvent, PresetSelectEvent } from './shared/events.ts';
import type { ValueSource } from './estimator/estimator-form.ts';
import type { MeasureChoiceDetail } from './bench/measure-controls.ts';
import type { BenchPanel } from './bench/bench-panel.ts';
import type { BenchProgress } from '../bench/types.ts';
import type { BenchCompleteEvent, BenchProgressEvent } from './bench/bench-events.ts';
import { sharedStyles } from './shared/shared-styles.ts';
import { appStyles } from './app-styles.ts';
import './estimator/estimator-form.ts';
import './bench/measure-controls.ts';
import './bench/hardware-card.ts';
import './history/history-panel.ts';
import './estimator/estimator-results.ts';
import './estimator/sweep-table.ts';
import './estimator/sweep-chart.ts';
import './estimator/formula-section.ts';
import './bench/bench-panel.ts';

/** Verdicts short enough for the phone summary bar. */
const VERDICT_SHORT = { gpu: 'GPU faster', cpu: 'CPU faster', even: 'about even' } as const;

function allSources(source: ValueSource): Record<InputKey, ValueSource> {
  return Object.fromEntries(FIELDS.map((f) => [f.key, source])) as Record<InputKey, ValueSource>;
}

/**
 * Root element: owns the estimator's state (the raw text of every field and where each
 * value came from), keeps it in the URL's query string, and passes it down.
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
  @state() private benchRunning = false;
  @state() private benchProgress: BenchProgress = { fraction: 0, step: '' };

  /** The run came from history (a later visit) rather than being measured just now. */
  @state() private runFromHistory = false;

  @query('bench-panel') private benchPanel!: BenchPanel;
  @query('history-panel') private historyPanel!: HistoryPanel;
  private readonly history: HistoryStore = defaultHistoryStore();
  /** History id of `run`, so a saved estimate can say which run it was based on. */
  private runRecordId: string | undefined;

  /** The next keystroke starts a new history entry (after a commit, preset or back). */
  private pushOnNextInput = true;

  private readonly onPopState = () => this.loadFromUrl();

  override connectedCallback(): void {
    super.connectedCallback();
    this.loadFromUrl();
    window.addEventListener('popstate', this.onPopState);
    void this.startup();
  }

  /**
   * Detect the hardware, then either apply the newest stored run for this browser and
   * adapter (a later visit) or measure at once with the quick profile (a first visit).
   * The calculator is usable with its defaults all the while.
   */
  private async startup(): Promise<void> {
    const [report, snapshot] = await Promise.all([detectHardware(), this.history.load()]);
    this.hardware = report;
    await this.updateComplete;
    if (this.run || this.benchPanel.running) return;
    const stored = latestRunFor(snapshot.runs, report);
    if (stored) {
      this.useRun(stored.run, stored.id, true);
      this.applyMeasured(false);
      this.benchPanel.lastRun = stored.run;
    } else {
      void this.benchPanel.run('quick');
    }
  }

  private useRun(run: BenchRun, recordId: string | undefined, fromHistory: boolean): void {
    this.run = run;
    this.runRecordId = recordId;
    this.runFromHistory = fromHistory;
  }

  private measured(run: BenchRun | undefined = this.run): Partial<Record<InputKey, MeasuredField>> {
    return run ? measuredFields(run.metrics, { cpuTier: this.cpuTier, launchMode: this.launchMode }) : {};
  }

  /** Put the run's values into the fields that are not typed (all of them when `restoreAll`). */
  private applyMeasured(restoreAll: boolean): void {
    const next = mergeMeasured({ raw: this.raw, sources: this.sources }, this.measured(), DEFAULT_RAW, restoreAll);
    this.raw = next.raw;
    this.sources = next.sources;
  }

  private onBenchComplete(e: BenchCompleteEvent): void {
    this.benchRunning = false;
    const run = e.detail.run;
    this.useRun(run, undefined, false);
    this.applyMeasured(false);
    this.syncUrl(false);
    // Keep every run that measured something; history says so if it cannot persist.
    if (run.metrics.some((m) => m.status === 'ok')) {
      void this.historyPanel.addRun(run).then((rec) => {
        if (rec && this.run === run) this.runRecordId = rec.id;
      });
    }
  }

  private onHistoryApplyRun(e: HistoryApplyRunEvent): void {
    this.useRun(e.detail.run, e.detail.record.id, true);
    this.applyMeasured(true);
    this.syncUrl(true);
    this.pushOnNextInput = true;
    this.renderRoot.querySelector('.estimator')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  private onHistoryOpenEstimate(e: HistoryOpenEstimateEvent): void {
    this.raw = { ...e.detail.estimate.raw };
    this.sources = { ...e.detail.estimate.sources };
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
    void this.historyPanel.saveEstimate({
      raw: this.raw,
      sources: this.sources,
      ...(this.runRecordId !== undefined ? { basedOnRunId: this.runRecordId } : {}),
    });
  }

  private onMeasureStart(): void {
    void this.benchPanel.run(this.benchPanel.profile);
  }

  private onUseMeasured(): void {
    this.applyMeasured(true);
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  private onMeasureChoice(e: CustomEvent<MeasureChoiceDetail>): void {
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
    url.search = queryFromRaw(this.raw, all ? () => true : (k) => this.sources[k] === 'manual');
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
    this.sources = allSources('manual');
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  private onReset(): void {
    this.raw = { ...DEFAULT_RAW };
    this.sources = allSources('default');
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  override render() {
    const validated = validateInputs(this.raw);
    const inputs = validated.inputs;
    const outputs = inputs ? estimate(inputs) : undefined;
    const measured = this.measured();
    const when = this.run ? new Date(this.run.startedAt).toLocaleString() : '';
    const notes: Partial<Record<InputKey, string>> = {};
    for (const m of Object.values(measured)) {
      if (this.sources[m.key] === 'measured') notes[m.key] = `Measured ${when}: ${m.note}.`;
      else notes[m.key] = `Measured value: ${rawFromNumber(m.value)}.`;
    }
    const range = inputs ? speedupRange(inputs, measured, (k) => this.sources[k] === 'measured') : undefined;
    const canRestore = Object.values(measured).some(
      (m) => this.sources[m.key] !== 'measured' || this.raw[m.key] !== rawFromNumber(m.value),
    );
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
              .software=${Boolean(this.run?.software)}
              .canRestore=${canRestore}
              .availableTiers=${availableTiers}
              .running=${this.benchRunning}
              .progress=${this.benchProgress.fraction}
              .step=${this.benchProgress.step}
              .problem=${this.benchRunning || !this.run ? '' : runProblem(this.run)}
              @measure-choice=${this.onMeasureChoice}
              @use-measured=${this.onUseMeasured}
              @measure-start=${this.onMeasureStart}
              @measure-cancel=${() => this.benchPanel.cancel()}
            ></measure-controls>
            <estimator-form
              .raw=${this.raw}
              .validity=${validated.fields}
              .sources=${this.sources}
              .sourceNotes=${notes}
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
              .link=${this.link(true)}
            ></estimator-results>
          </div>
        </section>
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
          <bench-panel
            @bench-start=${() => {
              this.benchRunning = true;
              this.benchProgress = { fraction: 0, step: 'Starting' };
            }}
            @bench-progress=${(e: BenchProgressEvent) => (this.benchProgress = e.detail)}
            @bench-complete=${this.onBenchComplete}
          ></bench-panel>
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
        <section class="card" aria-labelledby="formula-h">
          <h2 id="formula-h">Formula Used</h2>
          <formula-section></formula-section>
        </section>
      </main>
      ${
        outputs
          ? html`<a class="peek" href="#results" @click=${this.scrollToResults} aria-hidden="true" tabindex="-1">
              <strong>${formatSpeedup(outputs.speedup)}</strong>
              <span>${VERDICT_SHORT[verdict(outputs.speedup)]}</span>
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
