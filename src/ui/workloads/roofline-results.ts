import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatDuration, formatSpeedup } from '../../model/shared/format.ts';
import type { SizeBreakEven } from '../../model/workloads/break-even.ts';
import { breakEvenDataValue, breakEvenShort, boundText, formatSize } from '../../model/workloads/present.ts';
import type { WorkloadEstimate } from '../../model/workloads/roofline.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/**
 * The roofline's answer for the workload: CPU time, GPU time (with what it is made of),
 * the speedup, which roof binds on each device, the size from which the GPU wins, and the
 * same in plain words. Every figure is a `data-output` element with a plain-number
 * `data-value` (seconds for times; `compute` / `memory` for the bounds).
 */
@customElement('roofline-results')
export class RooflineResults extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr));
        gap: 0.6rem;
        margin: 0 0 0.8rem;
      }
      .tile {
        border: 1px solid var(--border, #d5dae1);
        border-radius: 8px;
        padding: 0.5rem 0.65rem;
        min-width: 0;
      }
      .tile .label {
        font-size: 0.8rem;
        color: var(--muted, #5a6472);
        display: block;
      }
      .tile .value {
        font-size: 1.25rem;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }
      .tile .sub {
        display: block;
        font-size: 0.78rem;
        color: var(--muted, #5a6472);
      }
      .speedup.gpu .value {
        color: var(--good, #15803d);
      }
      .speedup.cpu .value {
        color: var(--cpu, #c2410c);
      }
      ul {
        margin: 0;
        padding-left: 1.2rem;
      }
      li {
        margin: 0.2rem 0;
      }
    `,
  ];

  @property({ attribute: false }) estimate: WorkloadEstimate | undefined;
  @property({ attribute: false }) breakEven: SizeBreakEven | undefined;
  /** What the size axis is, e.g. 'n (square matrices, m = n = k)'. */
  @property({ attribute: false }) axisLabel = '';
  /** Why there is no estimate (a field to fix), shown instead of the figures. */
  @property({ attribute: false }) problem = '';

  override render() {
    const e = this.estimate;
    if (!e) {
      return html`<p class="muted" role="status">
        ${this.problem || 'The roofline estimate appears when every field is valid.'}
      </p>`;
    }
    const r = e.roofline;
    const winner = r.speedup > 1 ? 'gpu' : 'cpu';
    const be = this.breakEven;
    const beData = be ? breakEvenDataValue(be) : undefined;
    return html`
      <div class="grid">
        <div class="tile">
          <span class="label">CPU time</span>
          <span class="value" data-output="cpuTime" data-value=${String(r.cpu.totalSeconds)}
            >${formatDuration(r.cpu.totalSeconds)}</span
          >
          <span class="sub"
            ><span data-output="cpuBound" data-value=${r.cpu.bound}>${boundText(r.cpu.bound)}</span></span
          >
        </div>
        <div class="tile">
          <span class="label">GPU time</span>
          <span class="value" data-output="gpuTime" data-value=${String(r.gpu.totalSeconds)}
            >${formatDuration(r.gpu.totalSeconds)}</span
          >
          <span class="sub"
            ><span data-output="gpuBound" data-value=${r.gpu.bound}>${boundText(r.gpu.bound)}</span>: kernels
            ${formatDuration(r.gpu.kernelSeconds)}, copies ${formatDuration(r.gpu.transferSeconds)}, launches
            ${formatDuration(r.gpu.launchSeconds)}</span
          >
        </div>
        <div class="tile speedup ${winner}">
          <span class="label">Speedup (CPU time ÷ GPU time)</span>
          <span class="value" data-output="speedup" data-value=${String(r.speedup)}>${formatSpeedup(r.speedup)}</span>
          <span class="sub">${winner === 'gpu' ? 'GPU faster' : 'CPU faster or even'}</span>
        </div>
        ${
          be && beData
            ? html`<div class="tile">
                <span class="label">Break-even size</span>
                <span
                  class="value"
                  data-output="breakEvenSize"
                  data-value=${beData.value}
                  data-unit=${be.unit}
                  data-kind=${beData.kind}
                  >${breakEvenShort(be)}</span
                >
                <span class="sub"
                  >${
                    be.kind === 'finite'
                      ? 'GPU faster from here up'
                      : be.kind === 'always'
                        ? 'GPU faster at every size'
                        : `GPU slower at every size up to ${formatSize(be.maxSize)}`
                  }</span
                >
              </div>`
            : nothing
        }
      </div>
      <ul class="explanation">
        ${e.explanation.map((line) => html`<li>${line}</li>`)}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roofline-results': RooflineResults;
  }
}
