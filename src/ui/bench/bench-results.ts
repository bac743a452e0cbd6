import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BenchRun } from '../../model/bench/bench-run.ts';
import { formatMetricValue as fmt } from '../../model/shared/format.ts';
import { headlineValue, metricLabel, type Metric } from '../../model/bench/metrics.ts';

/**
 * The results table of a BenchRun. Each row carries `data-metric` (the id) and, for a
 * measured metric, `data-value` (its headline number: best for throughput, median for
 * latencies) and `data-status`.
 */
@customElement('bench-results')
export class BenchResults extends LitElement {
  static override styles = css`
    :host {
      display: block;
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-size: 0.92rem;
    }
    caption {
      text-align: left;
      font-weight: 600;
      padding-bottom: 0.35rem;
    }
    th,
    td {
      text-align: left;
      padding: 0.35rem 0.5rem;
      border-bottom: 1px solid var(--border, #d5dae1);
      vertical-align: top;
    }
    td.num {
      text-align: right;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    th.num {
      text-align: right;
    }
    .id {
      display: block;
      color: var(--muted, #5a6472);
      font-size: 0.78rem;
      font-family: ui-monospace, monospace;
    }
    .unit {
      color: var(--muted, #5a6472);
    }
    tr[data-status='failed'] td {
      color: var(--error, #c62828);
    }
    tr[data-status='skipped'] td,
    tr[data-status='cancelled'] td {
      color: var(--muted, #5a6472);
    }
    .reason {
      display: block;
      font-weight: normal;
      font-size: 0.85rem;
    }
    @media (max-width: 480px) {
      table {
        font-size: 0.85rem;
      }
      th,
      td {
        padding: 0.3rem 0.3rem;
      }
      .spread-col {
        display: none;
      }
    }
  `;

  @property({ attribute: false }) run: BenchRun | undefined;
  /**
   * What ended the GPU run early (a lost device), said once on the page, in the
   * calculator's note: rows that repeat it say only that the run stopped.
   */
  @property({ attribute: false }) stoppedBy: string | undefined;

  private reason(error: string | undefined): string | undefined {
    const fatal = this.stoppedBy;
    if (!fatal || !error) return error;
    if (error === fatal) return 'the GPU run stopped here (the reason is said above the calculator\u2019s fields)';
    return error.replace(` (${fatal})`, '').replace(fatal, 'the GPU run stopped');
  }

  override render() {
    if (!this.run) return nothing;
    return html`<table>
      <caption>
        Results (${this.run.profile} profile)
      </caption>
      <thead>
        <tr>
          <th scope="col">Measurement</th>
          <th scope="col" class="num">Value</th>
          <th scope="col" class="num spread-col" title="The middle 80 % of the samples: 10 % were lower, 10 % higher">
            Spread (p10–p90)
          </th>
          <th scope="col" class="spread-col">Notes</th>
        </tr>
      </thead>
      <tbody>
        ${this.run.metrics.map((m) => this.row(m))}
      </tbody>
    </table>`;
  }

  private row(m: Metric) {
    const label = metricLabel(m.id);
    if (m.status !== 'ok') {
      return html`<tr data-metric=${m.id} data-status=${m.status}>
        <th scope="row">${label}<span class="id">${m.id}</span><span class="reason">${this.reason(m.error)}</span></th>
        <td class="num">${m.status}</td>
        <td class="spread-col"></td>
        <td class="spread-col"></td>
      </tr>`;
    }
    const value = headlineValue(m);
    const how = m.better === 'higher' ? `best of ${m.n}` : `median of ${m.n}`;
    return html`<tr data-metric=${m.id} data-value=${String(value)} data-status="ok">
      <th scope="row">${label}<span class="id">${m.id}</span></th>
      <td class="num" aria-label="${label}: ${fmt(value)} ${m.unit}">
        ${fmt(value)} <span class="unit">${m.unit}</span>
      </td>
      <td class="num spread-col">${fmt(m.p10)}–${fmt(m.p90)} <span class="unit">n=${m.n}</span></td>
      <td class="spread-col">
        ${how}${m.details?.['path'] ? html`; via ${String(m.details['path']).split('.')[1]}` : nothing}
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bench-results': BenchResults;
  }
}
