import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DASH, formatNumber } from '../../model/shared/format.ts';
import { compareRuns, compareVerifications, type CompareCell, type CompareRow } from '../../model/history/compare.ts';
import type { StoredRun, StoredVerification } from '../../model/history/records.ts';
import { formatSignedFraction } from './history-verification-list.ts';
import { browserLabel, deviceLabel, isSoftwareRun, runUserAgent } from '../../model/history/describe.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { formatDateTime } from './history-format.ts';
import './history-chart.ts';

const STATUS_TEXT: Record<Exclude<CompareCell['status'], 'ok'>, string> = {
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
  missing: 'not measured',
};

/** "+12.3 %" / "−4.5 %" with a real minus sign. */
export function formatDiff(percent: number): string {
  const abs = Math.abs(percent);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const text = abs.toFixed(digits);
  if (Number(text) === 0) return '±0 %';
  return `${percent > 0 ? '+' : '\u2212'}${text} %`;
}

/**
 * Saved runs side by side: a table of every metric with the difference from the first
 * run in % and the best value highlighted, a warning when the runs were not measured
 * under the same conditions, and a chart of the headline metrics.
 */
@customElement('history-compare')
export class HistoryCompare extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .warn {
        background: var(--warn-bg, #fff4d6);
        color: var(--warn-fg, #6b4a00);
        border-radius: 8px;
        padding: 0.6rem 0.8rem;
        margin: 0 0 0.75rem;
      }
      .warn p {
        margin: 0 0 0.25rem;
        font-weight: 600;
      }
      .warn ul {
        margin: 0;
        padding-left: 1.2rem;
      }
      .ok {
        margin: 0 0 0.75rem;
      }
      .scroll {
        overflow-x: auto;
        margin-bottom: 1rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9rem;
      }
      caption {
        text-align: left;
        color: var(--muted, #5a6472);
        padding-bottom: 0.4rem;
      }
      th,
      td {
        border-bottom: 1px solid var(--border, #d5dae1);
        padding: 0.4rem 0.5rem;
        text-align: left;
        vertical-align: top;
      }
      thead th {
        font-weight: 600;
      }
      td.value {
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      td.best {
        background: var(--good-bg, #e7f6ec);
        font-weight: 700;
      }
      .diff {
        display: block;
        font-size: 0.8rem;
        font-weight: 600;
      }
      .diff.better {
        color: var(--good, #15803d);
      }
      .diff.worse {
        color: var(--bad, #b42318);
      }
      .diff.same,
      .spread,
      .sub,
      .reason {
        color: var(--muted, #5a6472);
        font-weight: 400;
      }
      .spread,
      .sub {
        display: block;
        font-size: 0.75rem;
      }
      .badge {
        display: inline-block;
        font-size: 0.7rem;
        padding: 0 0.35rem;
        border-radius: 4px;
        background: var(--warn-bg, #fff4d6);
        color: var(--warn-fg, #6b4a00);
        font-weight: 600;
      }
    `,
  ];

  /** The runs to compare, in order; the first is the baseline for differences. */
  @property({ attribute: false }) runs: readonly StoredRun[] = [];
  /** Saved verifications (issue #13): their prediction error per workload, per machine and browser. */
  @property({ attribute: false }) verifications: readonly StoredVerification[] = [];

  /** Prediction error per workload: one row per workload, one column per machine and browser. */
  private renderVerifications() {
    const rows = compareVerifications(this.verifications);
    if (rows.length === 0) return nothing;
    const envs = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.environment)))];
    return html`<div class="scroll" data-compare="verifications">
      <table>
        <caption>
          Prediction error per workload: measured GPU total ÷ predicted − 1, the median over the verifications in each
          setup (how many in brackets), and the median absolute error over all of them.
        </caption>
        <thead>
          <tr>
            <th scope="col">Workload</th>
            ${envs.map((e) => html`<th scope="col">${e}</th>`)}
            <th scope="col">Median |error|</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr data-compare-workload=${row.workload}>
                <th scope="row">${row.workload}</th>
                ${envs.map((e) => {
                  const c = row.cells.find((x) => x.environment === e);
                  return c
                    ? html`<td class="value" data-value=${String(c.medianError)}>
                        ${formatSignedFraction(c.medianError)} <span class="sub">(${c.runs})</span>
                      </td>`
                    : html`<td class="value"><span class="reason">${DASH}</span></td>`;
                })}
                <td class="value" data-output="medianAbsPredictionError" data-value=${String(row.medianAbsError)}>
                  ${Math.round(row.medianAbsError * 100)} % <span class="sub">(${row.runs})</span>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private cell(row: CompareRow, c: CompareCell, i: number) {
    if (c.value === undefined) {
      return html`<td class="value" data-compare-run=${c.runId}>
        <span class="reason" title=${c.error ?? ''}>${c.status === 'ok' ? DASH : STATUS_TEXT[c.status]}</span>
      </td>`;
    }
    const spread =
      c.p10 !== undefined && c.p90 !== undefined && c.p10 !== c.p90
        ? html`<span class="spread">p10–p90 ${formatNumber(c.p10)}–${formatNumber(c.p90)}</span>`
        : nothing;
    const diff =
      i === 0
        ? html`<span class="diff same">baseline</span>`
        : c.diffPercent !== undefined
          ? html`<span class="diff ${c.verdict ?? 'same'}"
              >${formatDiff(c.diffPercent)}${c.verdict === 'better' ? ' better' : c.verdict === 'worse' ? ' worse' : ''}</span
            >`
          : nothing;
    return html`<td
      class="value ${c.best ? 'best' : ''}"
      data-compare-run=${c.runId}
      data-value=${String(c.value)}
      data-diff=${c.diffPercent === undefined ? '' : String(c.diffPercent)}
      ?data-best=${c.best}
    >
      ${formatNumber(c.value)} ${row.unit}${c.best ? html`<span class="sr-only"> (best)</span>` : nothing} ${diff}
      ${spread}
    </td>`;
  }

  override render() {
    const runs = this.runs;
    if (runs.length < 2) {
      return this.verifications.length > 0
        ? this.renderVerifications()
        : html`<p class="muted">Select two or more runs to compare them.</p>`;
    }
    const comparison = compareRuns(runs);
    const base = runs[0];
    return html`
      ${
        comparison.likeForLike
          ? html`<p class="ok muted" data-like-for-like="yes">
              Same browser, adapter, timer and isolation: a like-for-like comparison.
            </p>`
          : html`<div class="warn" role="note" data-like-for-like="no">
              <p>Not like-for-like: differences may come from the setup, not the hardware.</p>
              <ul>
                ${comparison.issues.map((i) => html`<li data-issue=${i.kind}>${i.message}</li>`)}
              </ul>
            </div>`
      }
      <div class="scroll">
        <table>
          <caption>
            Every metric side by side. Differences are against the first selected run, “<bdi>${base?.name ?? ''}</bdi>”.
            Throughput is the best sample, latency the median; the better value is highlighted.
          </caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              ${runs.map(
                (r) =>
                  html`<th scope="col" data-compare-run=${r.id}>
                    <bdi>${r.name}</bdi>
                    ${isSoftwareRun(r.run) ? html`<span class="badge">software GPU</span>` : nothing}
                    <span class="sub">${formatDateTime(r.run.startedAt)}</span>
                    <span class="sub">${deviceLabel(r.run)} · ${browserLabel(runUserAgent(r.run))}</span>
                  </th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${comparison.rows.map(
              (row) =>
                html`<tr data-compare-metric=${row.id}>
                  <th scope="row">
                    ${row.label}
                    <span class="sub"
                      >${row.unit}, ${row.better === 'higher' ? 'higher is better' : 'lower is better'}</span
                    >
                    ${row.comparable ? nothing : html`<span class="sub">units differ between runs: not compared</span>`}
                  </th>
                  ${row.cells.map((c, i) => this.cell(row, c, i))}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <history-chart .runs=${runs}></history-chart>
      ${this.renderVerifications()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-compare': HistoryCompare;
  }
}
