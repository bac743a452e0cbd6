import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { WorkloadResultsView } from '../../model/workloads/view.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import './crossover-chart.ts';
import './roofline-chart.ts';
import './roofline-results.ts';
import './workload-counts.ts';
import './workload-verify.ts';
import type { MeasuredSweepPoint } from '../../model/workloads/verify.ts';
import { emit, type WorkloadVerifiedEvent } from '../shared/events.ts';
import type { RateChoice } from '../../model/history/verification.ts';
import type { MachineRates } from '../../model/workloads/precision.ts';

/**
 * The workload's results (issue #12): the roofline estimate, what the workload costs with
 * formulas, the roofline chart and the crossover chart along the workload's own size.
 * Shown only when a workload is picked; `problem` says what to fix when nothing can be
 * computed.
 */
@customElement('workload-results')
export class WorkloadResults extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr));
        gap: 1.25rem 1.5rem;
        align-items: start;
      }
      .note {
        font-size: 0.85rem;
        margin: 0 0 0.9rem;
      }
      section {
        min-width: 0;
      }
      .rates {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 0.75rem;
        align-items: baseline;
        margin: 0 0 0.9rem;
        font-size: 0.85rem;
      }
      .badge {
        font-size: 0.72rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        padding: 0.15rem 0.45rem;
        border-radius: 999px;
        border: 1px solid var(--good, #15803d);
        color: var(--good, #15803d);
        white-space: nowrap;
      }
      .badge.calibrated {
        border-color: var(--accent, #1f6feb);
        color: var(--accent, #1f6feb);
      }
    `,
  ];

  @property({ attribute: false }) view: WorkloadResultsView | undefined;
  /** Why there is no estimate, when there is none. */
  @property({ attribute: false }) problem = '';
  /** Where the view's rates came from (issue #13): calibrated from verifications here, or the raw measured peaks. */
  @property({ attribute: false }) rates: RateChoice | undefined;
  /** The raw rates, which a verification compares against (the view's own when absent). */
  @property({ attribute: false }) rawMachine: MachineRates | undefined;
  /** Measured points of the last verification (issue #13), for the crossover chart; cleared when the workload changes. */
  @state() private measured: { key: string; points: MeasuredSweepPoint[] } | undefined;

  private onVerified(e: WorkloadVerifiedEvent): void {
    const r = e.detail.result;
    const points = r.sweep?.points ?? [
      { size: r.fit.size, cpuSeconds: r.measured.cpuSeconds, gpuSeconds: r.comparison.gpuTotal.measured },
    ];
    this.measured = { key: JSON.stringify(r.requested), points };
  }

  /** The rates' source badge, its note, and the switch between calibrated and raw measured peaks. */
  private renderRates() {
    const r = this.rates;
    if (!r) return nothing;
    const toggle = (calibrated: boolean, label: string) =>
      html`<button type="button" @click=${() => emit(this, 'workload-rates', { calibrated })}>${label}</button>`;
    if (r.provenance === 'calibrated') {
      return html`<p class="rates" data-output="rateSource" data-value="calibrated">
        <span class="badge calibrated">calibrated</span> <span>${r.note}</span>
        ${toggle(false, 'Use raw measured peaks')}
      </p>`;
    }
    if (!r.calibrationAvailable) return nothing;
    return html`<p class="rates" data-output="rateSource" data-value="measured">
      <span class="badge">raw peaks</span>
      <span>This estimate uses the raw measured peaks; verifications of this workload here can calibrate it.</span>
      ${toggle(true, 'Use calibrated rates')}
    </p>`;
  }

  override render() {
    const v = this.view;
    return html`
      <p class="note muted">
        Each device takes max(FLOPs ÷ compute rate, bytes ÷ memory bandwidth) per kernel; the GPU adds host↔device
        copies and launches, as in the classic formula. The Calculation Results above use the classic formula, which has
        no memory bandwidth.
      </p>
      ${this.renderRates()}
      <div class="grid">
        <section aria-labelledby="wr-est">
          <h3 id="wr-est">Roofline estimate</h3>
          <roofline-results
            .estimate=${v?.estimate}
            .breakEven=${v?.breakEven}
            .axisLabel=${v?.axisLabel ?? ''}
            .problem=${this.problem}
          ></roofline-results>
        </section>
        <section aria-labelledby="wr-counts">
          <h3 id="wr-counts">What your workload costs</h3>
          <workload-counts .counts=${v?.estimate.counts}></workload-counts>
        </section>
        <section aria-label="Roofline chart">
          <roofline-chart .estimate=${v?.estimate}></roofline-chart>
        </section>
        <section aria-label="Crossover chart">
          <crossover-chart
            .points=${v?.sweep}
            .breakEven=${v?.breakEven}
            .breakEvenPoint=${v?.breakEvenPoint}
            .axisLabel=${v?.axisLabel ?? ''}
            .measured=${v && this.measured?.key === JSON.stringify(v.workload) ? this.measured.points : undefined}
          ></crossover-chart>
        </section>
        <section aria-labelledby="wr-verify" @workload-verified=${(e: WorkloadVerifiedEvent) => this.onVerified(e)}>
          <h3 id="wr-verify">Verify the estimate</h3>
          <p class="note muted">
            Runs this workload for real, on the GPU (WebGPU) and the CPU (WebAssembly SIMD on all cores), checks the
            outputs against a reference, and sets each measurement next to the prediction.
          </p>
          <workload-verify .workload=${v?.workload} .machine=${this.rawMachine ?? v?.machine}></workload-verify>
        </section>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workload-results': WorkloadResults;
  }
}
