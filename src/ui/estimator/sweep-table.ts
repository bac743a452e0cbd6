import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { breakEven, sweep, type EstimatorInputs } from '../../model/estimator/estimator.ts';
import { formatGigaOps, formatNumber, formatSpeedup } from '../../model/shared/format.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/**
 * The spec's table "Total Operations (Giga-ops) | CPU Time (s) | GPU Time (s) | Speedup
 * Factor" over decades of task size, with the user's own task highlighted.
 */
@customElement('sweep-table')
export class SweepTable extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .wrap {
        overflow-x: auto;
      }
      /* The title sits outside the scroll box so a narrow screen never cuts it. */
      .title {
        font-weight: 600;
        margin: 0 0 0.4rem;
        font-size: 1rem;
      }
      .scroll-hint[hidden] {
        display: none;
      }
      /* Phones: the four columns fit, headers wrap; if they still do not, say it scrolls. */
      @media (max-width: 480px) {
        th,
        td {
          padding: 0.3rem 0.3rem;
          font-size: 0.85rem;
        }
        thead th {
          white-space: normal;
          vertical-align: bottom;
          font-size: 0.78rem;
        }
        .tag {
          display: block;
          margin-left: 0;
        }
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: left;
        font-weight: 600;
        margin-bottom: 0.4rem;
      }
      th,
      td {
        padding: 0.35rem 0.6rem;
        border-bottom: 1px solid var(--border, #d5dae1);
        text-align: right;
        white-space: nowrap;
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      thead th {
        font-size: 0.85rem;
        color: var(--muted, #5a6472);
      }
      tr.current {
        background: var(--warn-bg, #fff4d6);
        font-weight: 700;
      }
      td.gpu {
        color: var(--good, #15803d);
      }
      td.cpu {
        color: var(--bad, #b42318);
      }
      .tag {
        font-size: 0.75rem;
        font-weight: 600;
        margin-left: 0.4rem;
      }
      p {
        font-size: 0.88rem;
        margin: 0.5rem 0 0;
      }
    `,
  ];

  @property({ attribute: false }) inputs: EstimatorInputs | undefined;
  /** The table is wider than its box (a very narrow screen): show the scroll hint. */
  @state() private overflowing = false;
  private resizeObserver: ResizeObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.measureOverflow());
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  override updated(): void {
    this.measureOverflow();
  }

  private readonly onScroll = () => this.measureOverflow();

  private measureOverflow(): void {
    const wrap = this.renderRoot.querySelector('.wrap');
    const over = wrap ? wrap.scrollWidth - wrap.clientWidth - wrap.scrollLeft > 1 : false;
    if (over !== this.overflowing) this.overflowing = over;
  }

  override render() {
    const inputs = this.inputs;
    if (!inputs) {
      return html`<p class="muted">The table appears when every input is valid.</p>`;
    }
    const rows = sweep(inputs);
    const be = breakEven(inputs);
    return html`<p class="title" id="sweep-title">Task-size sweep (data size and launches held at your values)</p>
      <div class="wrap" tabindex="0" role="region" aria-labelledby="sweep-title" @scroll=${this.onScroll}>
        <table aria-labelledby="sweep-title">
          <thead>
            <tr>
              <th scope="col">Total Operations (Giga-ops)</th>
              <th scope="col">CPU Time (s)</th>
              <th scope="col">GPU Time (s)</th>
              <th scope="col">Speedup Factor</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr class=${r.isCurrent ? 'current' : ''} data-ops=${r.totalGigaOps}>
                  <th scope="row">
                    ${formatNumber(r.totalGigaOps)}${r.isCurrent ? html`<span class="tag">your task</span>` : ''}
                  </th>
                  <td>${formatNumber(r.cpuTime)}</td>
                  <td>${formatNumber(r.gpuTotalTime)}</td>
                  <td class=${r.speedup > 1 ? 'gpu' : 'cpu'}>${formatSpeedup(r.speedup)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="muted scroll-hint" ?hidden=${!this.overflowing}>Scroll the table sideways for more columns →</p>
      <p class="muted">
        ${
          be.kind === 'finite'
            ? `Below ${formatGigaOps(be.gigaOps)} the CPU is faster; above it the GPU is.`
            : be.kind === 'always'
              ? 'The GPU is faster at every size.'
              : 'The CPU is faster at every size.'
        }
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sweep-table': SweepTable;
  }
}
