import { LitElement, html, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { compareEstimates, type ComparableEstimate, type ComparedEstimate } from '../../model/answer/saved.ts';
import { formatDuration, formatSpeedup } from '../../model/shared/format.ts';
import { historyStyles } from './history-styles.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/** The comparison's rows: what each estimate's column shows. */
const ROWS: readonly { key: keyof ComparedEstimate; title: string; format?: (v: number) => string }[] = [
  { key: 'code', title: 'Code' },
  { key: 'machine', title: 'Machine' },
  { key: 'cpuSeconds', title: 'CPU time', format: formatDuration },
  { key: 'gpuSeconds', title: 'GPU time', format: formatDuration },
  { key: 'speedup', title: 'Speedup', format: formatSpeedup },
  { key: 'cpuBound', title: 'CPU bound' },
  { key: 'gpuBound', title: 'GPU bound' },
  { key: 'breakEven', title: 'Break-even' },
];

/**
 * 2–4 saved estimates side by side (issue #17), as runs already are: a table of CPU time,
 * GPU time, speedup, the bound on each device and the break-even, and a chart of the two
 * times per estimate on a log scale (times differ by orders of magnitude between machines
 * and workloads), so "which pays off, where" reads at a glance.
 */
@customElement('estimate-compare')
export class EstimateCompare extends LitElement {
  static override styles = [
    sharedStyles,
    historyStyles,
    css`
      :host {
        display: block;
        margin-top: 0.8rem;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        font-size: 0.88rem;
        min-width: 100%;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.6rem;
        border-bottom: 1px solid var(--border, #d5dae1);
        vertical-align: top;
      }
      td.num {
        font-family: var(--font-mono);
        font-variant-numeric: tabular-nums;
      }
      .chart {
        display: grid;
        grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr);
        gap: 0.25rem 0.6rem;
        align-items: center;
        margin-top: 0.9rem;
        font-size: 0.85rem;
      }
      .bars {
        display: grid;
        gap: 2px;
      }
      .bar {
        height: 0.7rem;
        border-radius: 3px;
        min-width: 2px;
      }
      .bar.cpu {
        background: var(--cpu, #c2410c);
      }
      .bar.gpu {
        background: var(--gpu, #1f6feb);
      }
      .legend {
        display: flex;
        gap: 1rem;
        font-size: 0.8rem;
        margin-top: 0.4rem;
      }
      .legend i {
        display: inline-block;
        width: 0.7rem;
        height: 0.7rem;
        border-radius: 2px;
        margin-right: 0.3rem;
        vertical-align: -1px;
      }
    `,
  ];

  @property({ attribute: false }) estimates: readonly ComparableEstimate[] = [];
  /** The machine each estimate's measured rates came from (the saved run's name). */
  @property({ attribute: false }) machineOf: (e: ComparableEstimate) => string | undefined = () => undefined;

  /** Widths on a log scale spanning the times shown, with a little floor so the shortest bar is seen. */
  private widths(cols: readonly ComparedEstimate[]): (t: number) => string {
    const times = cols.flatMap((c) => [c.cpuSeconds, c.gpuSeconds]).filter((t) => t > 0);
    const lo = Math.log10(Math.min(...times)) - 0.5;
    const hi = Math.log10(Math.max(...times));
    return (t) => {
      if (!(t > 0) || !(hi > lo)) return '2%';
      return `${Math.max(2, ((Math.log10(t) - lo) / (hi - lo)) * 100).toFixed(1)}%`;
    };
  }

  override render() {
    const cols = compareEstimates(this.estimates, this.machineOf);
    if (cols.length < 2) return html``;
    const width = this.widths(cols);
    return html`<div class="scroll">
        <table data-estimate-compare>
          <caption class="sr-only">
            Saved estimates compared
          </caption>
          <thead>
            <tr>
              <th scope="col"></th>
              ${cols.map((c) => html`<th scope="col" data-compare-estimate=${c.id}><bdi>${c.name}</bdi></th>`)}
            </tr>
          </thead>
          <tbody>
            ${ROWS.map(
              (r) =>
                html`<tr data-compare-row=${r.key}>
                  <th scope="row">${r.title}</th>
                  ${cols.map((c) => {
                    const v = c[r.key];
                    return typeof v === 'number' && r.format
                      ? html`<td class="num" data-compare-estimate=${c.id} data-value=${String(v)}>${r.format(v)}</td>`
                      : html`<td data-compare-estimate=${c.id}><bdi>${v}</bdi></td>`;
                  })}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div
        class="chart"
        role="img"
        aria-label=${cols
          .map((c) => `${c.name}: CPU ${formatDuration(c.cpuSeconds)}, GPU ${formatDuration(c.gpuSeconds)}`)
          .join('; ')}
      >
        ${cols.map(
          (c) =>
            html`<bdi>${c.name}</bdi>
              <div class="bars">
                <div class="bar cpu" style="width:${width(c.cpuSeconds)}"></div>
                <div class="bar gpu" style="width:${width(c.gpuSeconds)}"></div>
              </div>`,
        )}
      </div>
      <p class="legend muted">
        <span><i class="bar cpu"></i>CPU time</span><span><i class="bar gpu"></i>GPU time</span> (log scale)
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'estimate-compare': EstimateCompare;
  }
}
