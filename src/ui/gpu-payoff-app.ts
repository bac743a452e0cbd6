import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { estimateBasis } from '../model/estimator/basis.ts';
import { VERDICT_SHORT } from '../model/estimator/summary.ts';
import { answerOutputs } from '../model/answer/outputs.ts';
import {
  type FieldCommitEvent,
  type FieldInputEvent,
  type HistoryApplyRunEvent,
  type HistoryOpenEstimateEvent,
  type MeasureChoiceEvent,
  type PresetSelectEvent,
  type PythonApplyRunEvent,
  type PythonCalibrateEvent,
  type WorkloadFieldInputEvent,
  type WorkloadPickEvent,
  type WorkloadRatesEvent,
  type WorkloadVerifiedEvent,
  type GpuCompareChangeEvent,
} from './shared/events.ts';
import { sharedStyles } from './shared/shared-styles.ts';
import { appStyles } from './app-styles.ts';
// The describe panel and the answer come with the first paint; the rest after it (lazy-elements.ts).
import './estimator/estimator-form.ts';
import './workloads/workload-form.ts';
import './answer/answer-card.ts';
import { defineLaterElements, detectHardwareLazily, loadHistoryStore, runBenchmarkLazily } from './lazy-elements.ts';
import { PersistenceController } from './app/persistence-controller.ts';
import { MeasurementController } from './app/measurement-controller.ts';
import { PythonLaneController } from './app/python-lane-controller.ts';
import { GpuCompareController } from './app/gpu-compare-controller.ts';
import { CODE_KEYS, EstimateController, RATE_KEYS, type EstimateView } from './app/estimate-controller.ts';
import { reportRates } from './app/report-rates.ts';
import type { MeasuredSweepPoint } from '../model/workloads/verify.ts';

/**
 * The page's root: a shell over four controllers (issue #17) — the estimate and the URL,
 * the measurement of this machine, persistence, and the Python lane — wired together here
 * and rendered in the order of the question: what the code does, the answer, why, check
 * it by running, this machine's numbers, history, Python, the formulas.
 *
 * Public events, for scripts and tests watching the page: 'bench-start', 'bench-progress'
 * and 'bench-complete' (sent by the measurement controller from this element).
 */
@customElement('gpu-payoff-app')
export class GpuPayoffApp extends LitElement {
  static override styles = [sharedStyles, appStyles];

  private readonly persistence = new PersistenceController(this, loadHistoryStore);
  private readonly python = new PythonLaneController(this);
  private readonly estimate = new EstimateController(this);
  /** "Which GPU would pay off?" (issue #19): its part of the URL, its view, this machine's warnings. */
  private readonly compare = new GpuCompareController(this, this.estimate, this.persistence);
  private readonly measurement = new MeasurementController(this, {
    runner: runBenchmarkLazily,
    detect: async () => {
      const report = await detectHardwareLazily();
      this.estimate.setHardware(report);
      return report;
    },
    persistence: this.persistence,
    onFill: (restoreAll) => this.fill(restoreAll),
    onRunComplete: () => this.estimate.syncUrl(false),
  });
  /** Measured points of the last verification, for the crossover chart while the workload is the same. */
  private verified: { key: string; points: MeasuredSweepPoint[] } | undefined;

  private readonly onPopState = () => this.estimate.loadFromUrl();

  override connectedCallback(): void {
    super.connectedCallback();
    this.estimate.loadFromUrl();
    window.addEventListener('popstate', this.onPopState);
    void this.measurement.startup();
    void this.persistence.onChange(() => void this.refreshCalibrations());
    void this.refreshCalibrations();
    void defineLaterElements();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPopState);
  }

  /** The measurements (browser run, or an applied probe run) into the fields that are not typed. */
  private fill(restoreAll: boolean): void {
    const e = this.estimate;
    const lanes = this.python.lanes(this.measurement.currentMetrics(), {
      cpuTier: e.cpuTier,
      launchMode: e.launchMode,
      workloadId: e.workload.form?.id,
    });
    e.applyMeasured(lanes, this.measurement.run?.metrics, this.measurement.measuredAt(), restoreAll);
    this.measurement.noteFilled(e.allRatesMeasured());
  }

  /** Re-read the saved verifications for calibrated workload rates (after a save, a delete, another tab). */
  private async refreshCalibrations(): Promise<void> {
    await this.measurement.hardwareReady;
    const here = this.measurement.verificationHere();
    if (!here) return;
    this.estimate.workload.setCalibrations(await this.persistence.calibrations(here));
    this.requestUpdate();
  }

  private onVerified(e: WorkloadVerifiedEvent): void {
    const r = e.detail.result;
    const points = r.sweep?.points ?? [
      { size: r.fit.size, cpuSeconds: r.measured.cpuSeconds, gpuSeconds: r.comparison.gpuTotal.measured },
    ];
    this.verified = { key: JSON.stringify(r.requested), points };
    const here = this.measurement.verificationHere();
    if (here) void this.persistence.saveVerification(r, here).then(() => this.refreshCalibrations());
    this.requestUpdate();
  }

  private async onPythonApply(e: PythonApplyRunEvent): Promise<void> {
    await this.python.apply(e.detail.record);
    this.fill(true);
    this.estimate.syncUrl(true);
    if (e.detail.record) this.scrollToAnswer();
  }

  private async onHistoryApplyRun(e: HistoryApplyRunEvent): Promise<void> {
    // A Python-lane run listed among the runs: its probe fills the fields, the browser run stays.
    const python = e.detail.record.python;
    if (python) {
      await this.python.apply(python);
      this.fill(true);
    } else {
      this.measurement.applyHistoryRun(e.detail.run, e.detail.record.id);
    }
    this.estimate.syncUrl(true);
    this.scrollToAnswer();
  }

  private onOpenEstimate(e: HistoryOpenEstimateEvent): void {
    this.estimate.openSaved(e.detail.estimate);
    this.scrollToAnswer();
  }

  private onSave(view: EstimateView): void {
    const a = view.answer;
    if (!a) return;
    const e = this.estimate;
    const runId = this.measurement.runRecordId;
    this.persistence.saveEstimate(
      {
        raw: e.raw,
        sources: e.sources,
        outputs: a.outputs,
        ...(runId !== undefined ? { basedOnRunId: runId } : {}),
        ...e.workload.saved(view.fields),
      },
      a,
    );
  }

  private scrollToAnswer(e?: Event): void {
    e?.preventDefault();
    this.renderRoot.querySelector('#results')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  override render() {
    const m = this.measurement;
    const e = this.estimate;
    const bench = m.session.state;
    const view = e.view();
    const wl = view.workload;
    const answer = view.answer;
    const lanes = this.python.pyRun ? e.appliedLanes : undefined;
    const gpuUnavailable = lanes?.gpuFromPython ? undefined : m.gpuUnavailable();
    const basis = estimateBasis({
      sources: e.sources,
      status: m.basisStatus(),
      progress: m.basisProgress(),
      gpuUnavailable,
      cancelled: m.run?.cancelled,
    });
    const gpuSaid = basis.provisional && gpuUnavailable !== undefined && !m.run?.cancelled;
    const f64 = wl.validity?.workload?.dtype === 'f64';
    const measured =
      this.verified && wl.view && this.verified.key === JSON.stringify(wl.view.workload)
        ? this.verified.points
        : undefined;
    const link = e.link(true);
    const gpus = this.compare.view({
      answer,
      basis,
      sources: e.sources,
      badges: view.badges,
      gpuClass: e.workload.gpuClass,
      metrics: m.run?.metrics,
      software: m.softwareValues(),
    });
    return html`
      <header>
        <h1>Will moving this computation to the GPU pay off?</h1>
        <p>Describe your code; the answer uses this machine’s measured CPU and GPU. Everything runs in your browser.</p>
      </header>
      <main>
        <section class="top" aria-label="Your code and the answer">
          <div class="card describe" aria-labelledby="describe-h">
            <h2 id="describe-h">What does your code do?</h2>
            ${
              e.linkNotices.length > 0
                ? html`<ul class="link-notices" role="status" data-link-notices>
                    ${e.linkNotices.map((n) => html`<li>${n}</li>`)}
                  </ul>`
                : nothing
            }
            <workload-form
              .form=${wl.form}
              .validity=${wl.validity}
              .pickError=${wl.pickError}
              @workload-pick=${(ev: WorkloadPickEvent) => e.pick(ev.detail.id)}
              @workload-field-input=${(ev: WorkloadFieldInputEvent) => e.workloadInput(ev.detail.param, ev.detail.raw)}
              @workload-field-commit=${() => e.commit()}
            ></workload-form>
            ${
              wl.form
                ? nothing
                : html`<estimator-form
                    toolbar
                    .keys=${CODE_KEYS}
                    .raw=${e.raw}
                    .validity=${view.fields}
                    .sources=${e.sources}
                    @field-input=${(ev: FieldInputEvent) => e.input(ev.detail.key, ev.detail.raw)}
                    @field-commit=${(_: FieldCommitEvent) => e.commit()}
                    @preset-select=${(ev: PresetSelectEvent) => e.preset(ev.detail.id)}
                    @reset-values=${() => e.reset()}
                  ></estimator-form>`
            }
          </div>
          <div class="card results" id="results">
            <h2>The answer</h2>
            <answer-card
              .answer=${answer}
              .problem=${view.problem}
              .basis=${basis}
              .report=${{ description: view.description, rates: reportRates(e, view, f64), link }}
              @answer-save=${() => this.onSave(view)}
            >
              <pitfall-list
                slot="warnings"
                heading="Warnings for this answer"
                .pitfalls=${answer ? this.compare.machinePitfalls : []}
              ></pitfall-list>
            </answer-card>
          </div>
        </section>
        <section class="card" id="why" aria-labelledby="why-h">
          <h2 id="why-h">
            Why: ${wl.view ? 'the roofline and the crossover' : 'how the speedup changes with task size'}
          </h2>
          ${
            wl.view
              ? html`<workload-results
                  .view=${wl.view}
                  .rates=${wl.rates}
                  .measured=${measured}
                  @workload-rates=${(ev: WorkloadRatesEvent) => {
                    e.workload.useCalibrated = ev.detail.calibrated;
                    this.requestUpdate();
                  }}
                ></workload-results>`
              : answer?.inputs
                ? html`<div class="sweep">
                    <sweep-chart .inputs=${answer.inputs}></sweep-chart>
                    <sweep-table .inputs=${answer.inputs}></sweep-table>
                  </div>`
                : html`<p class="muted">The charts appear with the answer, once every field above is valid.</p>`
          }
        </section>
        <section class="card" id="gpus" aria-labelledby="gpus-h">
          <h2 id="gpus-h">Which GPU would pay off?</h2>
          <gpu-compare
            .view=${gpus.view}
            .ready=${gpus.ready}
            .raw=${this.compare.raw}
            @gpu-compare-change=${(ev: GpuCompareChangeEvent) => this.compare.change(ev.detail.patch, ev.detail.commit)}
          ></gpu-compare>
        </section>
        <section class="card" id="check" aria-labelledby="check-h">
          <h2 id="check-h">Check it by running</h2>
          ${
            wl.form
              ? html`<p class="muted note">
                    Runs this workload for real, on the GPU (WebGPU) and the CPU (WebAssembly SIMD: vector instructions,
                    on every core), checks every output against a reference, and sets each measured time beside the
                    prediction.
                  </p>
                  <workload-verify
                    .workload=${wl.view?.workload}
                    .machine=${wl.rawMachine ?? wl.view?.machine}
                    .measuring=${this.measurement.basisStatus() !== 'idle'}
                    @workload-verified=${this.onVerified}
                  ></workload-verify>`
              : html`<p class="muted">
                  A custom task is only numbers, so there is nothing to run. Describe the code as a workload above
                  (matmul, elementwise, …) to run it here and compare.
                </p>`
          }
        </section>
        <section class="card" id="machine" aria-labelledby="machine-h">
          <h2 id="machine-h">This machine’s numbers</h2>
          <measure-controls
            .cpuTier=${e.cpuTier}
            .launchMode=${e.launchMode}
            .run=${m.run}
            .runFromHistory=${m.runFromHistory}
            .software=${m.softwareValues() && !lanes?.gpuFromPython}
            .canRestore=${view.canRestore}
            .availableTiers=${m.availableTiers()}
            .running=${bench.status === 'pending'}
            .cancelElsewhere=${bench.startedBy === 'bench-panel'}
            .progress=${bench.progress.fraction}
            .step=${bench.progress.step}
            .gpuSaid=${gpuSaid}
            @measure-choice=${(ev: MeasureChoiceEvent) => {
              e.choose(ev.detail.cpuTier, ev.detail.launchMode);
              this.fill(false);
            }}
            @use-measured=${() => {
              this.fill(true);
              e.syncUrl(true);
            }}
            @measure-start=${() => m.measure()}
            @measure-cancel=${() => m.cancel()}
          ></measure-controls>
          ${lanes?.appliedText ? html`<p class="note" data-lane-applied>${lanes.appliedText}</p>` : nothing}
          <div class="machine-grid">
            <estimator-form
              .keys=${RATE_KEYS}
              .raw=${e.raw}
              .validity=${view.fields}
              .sources=${e.sources}
              .sourceNotes=${view.notes}
              .sourceBadges=${view.badges}
              @field-input=${(ev: FieldInputEvent) => e.input(ev.detail.key, ev.detail.raw)}
              @field-commit=${() => e.commit()}
            ></estimator-form>
            <machine-fields
              ?f64=${f64}
              .machine=${wl.machine}
              .validity=${wl.machineValidity}
              .notes=${wl.machineNotes}
              .badges=${wl.machineBadges}
              @workload-field-input=${(ev: WorkloadFieldInputEvent) => e.workloadInput(ev.detail.param, ev.detail.raw)}
              @workload-field-commit=${() => e.commit()}
            ></machine-fields>
          </div>
          <h3 class="sub-h">Your hardware</h3>
          <hardware-card .report=${m.hardware}></hardware-card>
          <h3 class="sub-h">Every measurement</h3>
          <bench-panel .session=${m.session}></bench-panel>
        </section>
        <section class="card" id="history" aria-labelledby="history-h">
          <h2 id="history-h">History</h2>
          <history-panel
            .store=${this.persistence.store}
            @history-apply-run=${this.onHistoryApplyRun}
            @history-open-estimate=${this.onOpenEstimate}
          ></history-panel>
        </section>
        <section class="card" id="python" aria-labelledby="python-h">
          <h2 id="python-h">Measure with Python</h2>
          <python-panel
            .store=${this.persistence.store}
            .browserMetrics=${m.run && m.run.environment.host === 'browser' ? m.run.metrics : undefined}
            .appliedId=${this.python.pyRun?.id}
            ?calibrated=${this.python.calibration !== undefined}
            @python-apply-run=${this.onPythonApply}
            @python-calibrate=${(ev: PythonCalibrateEvent) => {
              void this.python.calibrate(ev.detail.factors).then(() => this.fill(true));
            }}
          ></python-panel>
        </section>
        <section class="card" id="formulas" aria-labelledby="formula-h">
          <h2 id="formula-h">Formula Used</h2>
          <formula-section .inputs=${answer?.inputs}></formula-section>
        </section>
      </main>
      ${
        answer
          ? html`<a
              class="peek ${basis.provisional ? 'provisional' : ''}"
              href="#results"
              @click=${(ev: Event) => this.scrollToAnswer(ev)}
              aria-hidden="true"
              tabindex="-1"
              data-peek=${basis.provisional ? 'provisional' : 'answer'}
            >
              <strong data-peek-speedup=${answerOutputs(answer).speedup.value}
                >${answerOutputs(answer).speedup.text}</strong
              >
              <span>${basis.provisional ? basis.short : VERDICT_SHORT[answer.verdict.verdict]}</span>
              <span class="peek-go">Answer ↑</span>
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
