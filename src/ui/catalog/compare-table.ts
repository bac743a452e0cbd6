import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CompareResult, CompareRow } from '../../model/catalog/compare.ts';
import {
  compareSummary,
  rowOutputs,
  type RowOutputName,
  type RowOutputValue,
} from '../../model/catalog/compare-outputs.ts';
import { formatDuration } from '../../model/shared/format.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import './pitfall-list.ts';
import { seriesColour } from './series-colours.ts';

/** The badge of a row: what its figures are. */
function basisBadge(row: CompareRow): { cls: string; text: string } {
  if (row.kind === 'this-machine') return { cls: 'machine', text: row.basisText };
  if (row.basisText === 'measured' || row.basisText.startsWith('measured ('))
    return { cls: 'measured', text: row.basisText };
  if (row.basisText.startsWith('measured where')) return { cls: 'measured', text: row.basisText };
  if (row.basisText.startsWith('typed')) return { cls: 'typed', text: row.basisText };
  return { cls: 'typical', text: row.basisText };
}

const PARTS = [
  { key: 'compute', name: 'Compute', cls: 'seg-compute' },
  { key: 'memory', name: 'Memory', cls: 'seg-memory' },
  { key: 'copies', name: 'Copies', cls: 'seg-copies' },
  { key: 'launches', name: 'Launches', cls: 'seg-launches' },
] as const;

/**
 * The comparison as a table (issue #19): one `<tbody data-device="<id>">` per device, with
 * `data-output` elements `gpuTime`, `speedup`, `gpuBound` and `breakEvenSize` (the answer
 * card's names and value contract, scoped by the row), where the GPU time goes, what the
 * figures are ("rated × typical efficiency", "measured", this machine's own label), which
 * efficiency each figure used and why, the source, and the warnings that apply to the row.
 * On a phone each device is a card.
 */
@customElement('compare-table')
export class CompareTable extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.92rem;
      }
      .summary {
        font-size: 0.92rem;
        margin: 0 0 0.5rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.4rem 0.5rem;
        vertical-align: top;
      }
      thead th {
        font-size: 0.82rem;
        color: var(--muted, #5a6472);
        border-bottom: 1px solid var(--border, #d5dae1);
        white-space: nowrap;
      }
      tbody {
        border-bottom: 1px solid var(--border, #d5dae1);
      }
      tbody tr.detail td {
        padding-top: 0;
      }
      th[scope='row'] {
        font-weight: 600;
        min-width: 11rem;
      }
      .swatch {
        display: inline-block;
        width: 0.8rem;
        height: 0.8rem;
        border-radius: 3px;
        margin-right: 0.35rem;
        vertical-align: -0.05rem;
      }
      .badge {
        display: inline-block;
        font-size: 0.74rem;
        font-weight: 600;
        border-radius: 6px;
        padding: 0 0.4rem;
        margin-top: 0.2rem;
        border: 1px solid currentColor;
      }
      .badge.typical {
        color: var(--muted, #5a6472);
      }
      .badge.measured {
        color: var(--good, #15803d);
      }
      .badge.typed,
      .badge.machine {
        color: var(--accent, #1f6feb);
      }
      output {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
      output[data-value=''] {
        font-weight: 400;
        color: var(--muted, #5a6472);
      }
      .bar {
        display: flex;
        height: 0.5rem;
        width: 100%;
        min-width: 6rem;
        border-radius: 3px;
        overflow: hidden;
        margin-top: 0.3rem;
        background: var(--border, #d5dae1);
      }
      .seg-compute {
        background: var(--gpu, #1f6feb);
      }
      .seg-memory {
        background: var(--memory, #b45309);
      }
      .seg-copies {
        background: var(--transfer, #9333ea);
      }
      .seg-launches {
        background: var(--launch, #0d9488);
      }
      .where {
        font-size: 0.78rem;
        color: var(--muted, #5a6472);
      }
      .how {
        font-size: 0.82rem;
        color: var(--muted, #5a6472);
        margin: 0 0 0.35rem;
        padding-left: 1.1rem;
      }
      .how a,
      .source {
        color: inherit;
      }
      .why {
        font-size: 0.84rem;
        margin: 0 0 0.3rem;
      }
      details.figures {
        font-size: 0.82rem;
        margin: 0 0 0.4rem;
      }
      details.figures summary {
        cursor: pointer;
        color: var(--muted, #5a6472);
      }
      details.figures .how {
        margin: 0.25rem 0 0;
      }
      .source {
        display: block;
        font-size: 0.78rem;
        font-weight: 400;
        margin-top: 0.2rem;
      }
      .no-time {
        margin: 0 0 0.35rem;
        font-size: 0.88rem;
      }
      .speedup-big {
        font-size: 1.05rem;
      }
      @media (max-width: 700px) {
        table,
        thead,
        tbody,
        tr,
        th,
        td {
          display: block;
        }
        thead {
          display: none;
        }
        tbody {
          border: 1px solid var(--border, #d5dae1);
          border-radius: 8px;
          margin-bottom: 0.6rem;
          padding: 0.25rem 0;
        }
        tr.main {
          display: grid;
          grid-template-columns: 1fr 1fr;
        }
        tr.main th {
          grid-column: 1 / -1;
        }
        td[data-label]::before {
          content: attr(data-label);
          display: block;
          font-size: 0.75rem;
          color: var(--muted, #5a6472);
        }
      }
    `,
  ];

  @property({ attribute: false }) result: CompareResult | undefined;

  private out(name: RowOutputName, v: RowOutputValue): TemplateResult {
    return html`<output
      data-output=${name}
      data-value=${v.value}
      data-kind=${v.kind ?? nothing}
      data-unit=${v.unit ?? nothing}
      >${v.text}</output
    >`;
  }

  private where(row: CompareRow) {
    const t = row.time;
    if (!t) return nothing;
    const total = t.split.compute + t.split.memory + t.split.copies + t.split.launches;
    const parts = PARTS.filter((p) => t.split[p.key] > 0);
    const pct = (s: number) => (total > 0 ? (100 * s) / total : 0);
    return html`<div class="bar" role="img" aria-label="Where the GPU time goes">
        ${parts.map((p) => html`<span class=${p.cls} style="width:${pct(t.split[p.key]).toFixed(2)}%"></span>`)}
      </div>
      <div class="where" data-where>
        ${parts
          .filter((p) => pct(t.split[p.key]) >= 1)
          .map((p) => `${p.name} ${formatDuration(t.split[p.key])}`)
          .join(' · ')}
      </div>`;
  }

  private row(row: CompareRow, i: number) {
    const o = rowOutputs(row);
    const badge = basisBadge(row);
    const axisUnit = this.result?.unit ?? '';
    return html`<tbody data-device=${row.id} data-basis=${badge.cls}>
      <tr class="main">
        <th scope="row">
          <span class="swatch" style="background:${seriesColour(i)}" aria-hidden="true"></span>${row.name} <br /><span
            class="badge ${badge.cls}"
            data-basis-text
            >${badge.text}</span
          >
          ${
            row.source
              ? html`<a class="source" data-source href=${row.source.url} target="_blank" rel="noopener noreferrer"
                  >Source: ${row.source.title}</a
                >`
              : nothing
          }
        </th>
        <td data-label="GPU time">${this.out('gpuTime', o.gpuTime)} ${this.where(row)}</td>
        <td data-label="Bound">${this.out('gpuBound', o.gpuBound)}</td>
        <td data-label="Speedup" class="speedup-big">${this.out('speedup', o.speedup)}</td>
        <td data-label="GPU wins from (${axisUnit})">${this.out('breakEvenSize', o.breakEvenSize)}</td>
      </tr>
      <tr class="detail">
        <td colspan="5">
          ${row.noTime ? html`<p class="no-time" data-no-time=${row.noTime.reason}>${row.noTime.message}</p>` : nothing}
          ${
            row.why.length > 0
              ? html`<p class="why" data-why>${row.why.join(' · ')}${row.notes.map((n) => html`<br />${n}`)}</p>`
              : nothing
          }
          ${
            row.used.length > 0
              ? html`<details class="figures">
                  <summary>Every figure and its source</summary>
                  <ul class="how" data-used>
                    ${row.used.map(
                      (u) =>
                        html`<li>
                          ${u.sentence.replace(/\.$/, '')}${
                            u.sources.length > 0
                              ? html` (${u.sources.map(
                                  (src, j) =>
                                    html`${j > 0 ? ', ' : ''}<a
                                        href=${src.url}
                                        target="_blank"
                                        rel="noopener noreferrer"
                                        >${src.title}</a
                                      >`,
                                )})`
                              : nothing
                          }
                        </li>`,
                    )}
                  </ul>
                </details>`
              : nothing
          }
          <pitfall-list compact .pitfalls=${row.pitfalls}></pitfall-list>
        </td>
      </tr>
    </tbody>`;
  }

  override render() {
    const r = this.result;
    if (!r) return nothing;
    return html`<p class="summary">
        Against <strong data-cpu-label>${r.cpu.label}</strong>: your workload takes
        <output data-cpu-time data-value=${String(r.cpuSeconds)}>${formatDuration(r.cpuSeconds)}</output> there.
        <span data-compare-summary>${compareSummary(r)}</span>
      </p>
      <table aria-label="Your workload on each GPU against the CPU">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">GPU time and where it goes</th>
            <th scope="col">Bound</th>
            <th scope="col">Speedup</th>
            <th scope="col">GPU wins from (${r.unit})</th>
          </tr>
        </thead>
        ${r.rows.map((row, i) => this.row(row, i))}
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'compare-table': CompareTable;
  }
}
