import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { WorkloadResultsView } from '../../model/workloads/view.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import './crossover-chart.ts';
import './roofline-chart.ts';
import './roofline-results.ts';
import './workload-counts.ts';
import './workload-verify.ts';
import type { MeasuredSweepPoint } from '../../model/workloads/verify.ts';
import type { WorkloadVerifiedEvent } from '../shared/events.ts';

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
    `,
  ];

  @property({ attribute: false }) view: WorkloadResultsView | undefined;
  /** Why there is no estimate, when there is none. */
  @property({ attribute: false }) problem = '';
  /** Measured points of the last verification (issue #13), for the crossover chart; cleared when the workload changes. */
  @state() private measured: { key: string; points: MeasuredSweepPoint[] } | undefined;

  private onVerified(e: WorkloadVerifiedEvent): void {
    const r = e.detail.result;
    const points = r.sweep?.points ?? [
      { size: r.fit.size, cpuSeconds: r.measured.cpuSeconds, gpuSeconds: r.comparison.gpuTotal.measured },
    ];
    this.measured = { key: JSON.stringify(r.requested), points };
  }

  override render() {
    const v = this.view;
    return html`
      <p class="note muted">
        Each device takes max(FLOPs ÷ compute rate, bytes ÷ memory bandwidth) per kernel; the GPU adds host↔device
        copies and launches, as in the classic formula. The Calculation Results above use the classic formula, which has
        no memory bandwidth.
      </p>
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
          <workload-verify .workload=${v?.workload} .machine=${v?.machine}></workload-verify>
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
