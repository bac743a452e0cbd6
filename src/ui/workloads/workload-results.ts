import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { WorkloadResultsView } from '../../model/workloads/view.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import './crossover-chart.ts';
import './roofline-chart.ts';
import './workload-counts.ts';
import './workload-variants.ts';
import type { MeasuredSweepPoint } from '../../model/workloads/verify.ts';
import { emit } from '../shared/events.ts';
import type { RateChoice } from '../../model/workloads/calibrated.ts';

/**
 * Why the answer is what it is, for a described workload (issue #17's third part): the
 * reasons in plain words, the roofline chart (each device's two roofs and the workload
 * under them), the crossover chart along the workload's own size, and what the workload
 * costs with the formulas. The answer itself is the answer card's; nothing here repeats
 * its figures as outputs.
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
      section.wide {
        grid-column: 1 / -1;
      }
      ul {
        margin: 0 0 1rem;
        padding-left: 1.2rem;
      }
      li {
        margin: 0.2rem 0;
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
  /** Where the view's rates came from (issue #13): calibrated from verifications here, or the raw measured peaks. */
  @property({ attribute: false }) rates: RateChoice | undefined;
  /** Measured points of the last verification of this very workload, for the crossover chart. */
  @property({ attribute: false }) measured: MeasuredSweepPoint[] | undefined;

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
    if (!v) return nothing;
    return html`
      <p class="note muted">
        The roofline model: each device runs a kernel at whichever is slower, its compute rate (FLOPs ÷ FLOP/s) or its
        memory (bytes ÷ bandwidth); the GPU then adds host↔device copies and kernel launches.
      </p>
      ${this.renderRates()}
      <ul class="explanation" data-explanation>
        ${v.estimate.explanation.map((line) => html`<li>${line}</li>`)}
      </ul>
      <workload-variants .view=${v}></workload-variants>
      <div class="grid">
        <section aria-label="Roofline chart">
          <roofline-chart .estimate=${v.estimate}></roofline-chart>
        </section>
        <section aria-label="Crossover chart">
          <crossover-chart
            .points=${v.sweep}
            .breakEven=${v.breakEven}
            .breakEvenPoint=${v.breakEvenPoint}
            .axisLabel=${v.axisLabel}
            .measured=${this.measured}
          ></crossover-chart>
        </section>
        <section class="wide" aria-labelledby="wr-counts">
          <h3 id="wr-counts">What your workload costs</h3>
          <workload-counts .counts=${v.estimate.counts}></workload-counts>
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
