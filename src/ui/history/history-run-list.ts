import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { BenchRun } from '../../model/bench/bench-run.ts';
import { formatNumber } from '../../model/shared/format.ts';
import type { StoredRun } from '../../model/history/records.ts';
import { browserLabel, deviceLabel, isSoftwareRun, okMetricOf, runUserAgent } from '../../model/history/describe.ts';
import {
  HEADLINE_METRICS,
  headlineValue,
  metricLabel,
  metricShortLabel,
  type MetricId,
} from '../../model/bench/metrics.ts';
import { emit, type RenameSubmitEvent } from '../shared/events.ts';
import { requestRename } from './history-rename.ts';
import { formatDateTime } from './history-format.ts';
import { historyStyles } from './history-styles.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/**
 * The saved runs as a table (a card per run on narrow screens): date, name, device,
 * browser, headline metrics, and per run "Compare", "Apply to estimator", "Rename"
 * (inline) and "Delete".
 *
 * Holds only the inline rename's draft. `runs` and `selected` come down from
 * `<history-panel>`; "Apply" sends the public `history-apply-run` event, the rest go to
 * the panel as requests (`history-select-run`, `history-rename`, `history-delete-record`).
 */
@customElement('history-run-list')
export class HistoryRunList extends LitElement {
  static override styles = [
    sharedStyles,
    historyStyles,
    css`
      :host {
        display: block;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9rem;
      }
      th,
      td {
        border-bottom: 1px solid var(--border, #d5dae1);
        padding: 0.4rem 0.45rem;
        text-align: left;
        vertical-align: top;
      }
      td.num {
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .badge {
        display: inline-block;
        font-size: 0.72rem;
        padding: 0 0.35rem;
        border-radius: 4px;
        margin-left: 0.25rem;
        font-weight: 600;
        background: var(--warn-bg, #fff4d6);
        color: var(--warn-fg, #6b4a00);
      }
      /* Narrow screens: each run becomes a small card with labelled fields. */
      @media (max-width: 640px) {
        table.runs thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0, 0, 0, 0);
        }
        table.runs,
        table.runs tbody,
        table.runs tr,
        table.runs td {
          display: block;
        }
        table.runs tr {
          border-bottom: 1px solid var(--border, #d5dae1);
          padding: 0.5rem 0;
        }
        table.runs td {
          border: 0;
          padding: 0.15rem 0;
        }
        table.runs td[data-label]::before {
          content: attr(data-label) ': ';
          color: var(--muted, #5a6472);
        }
      }
    `,
  ];

  /** The runs to list, newest first. */
  @property({ attribute: false }) runs: readonly StoredRun[] = [];
  /** Ids of the runs ticked for comparison. */
  @property({ attribute: false }) selected: readonly string[] = [];

  /** The run whose name is being edited. */
  @state() private editing: string | undefined;

  /** Focus one of a run's buttons (by its data-action), e.g. after an undo or a rename. */
  async focusAction(id: string, action: string): Promise<void> {
    await this.updateComplete;
    const row = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-run-id]')].find(
      (el) => el.dataset['runId'] === id,
    );
    row?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)?.focus();
  }

  private apply(record: StoredRun): void {
    emit(this, 'history-apply-run', { run: record.run, record });
  }

  private rename(id: string, e: RenameSubmitEvent): void {
    // Escape, or another rename, may have ended this edit while the store was busy.
    requestRename(this, 'run', id, e, () => {
      if (this.editing === id) this.stopRename();
    });
  }

  private stopRename(): void {
    const id = this.editing;
    this.editing = undefined;
    if (id) void this.focusAction(id, 'rename');
  }

  private headline(run: BenchRun, id: MetricId) {
    const m = okMetricOf(run, id);
    return html`<td class="num" data-headline=${id} data-label=${metricShortLabel(id)}>
      ${m ? `${formatNumber(headlineValue(m))} ${m.unit}` : '—'}
    </td>`;
  }

  private renderName(r: StoredRun) {
    if (this.editing === r.id) {
      return html`<history-rename
        .name=${r.name}
        .label=${`New name for run “${r.name}”`}
        @rename-submit=${(ev: RenameSubmitEvent) => this.rename(r.id, ev)}
        @rename-cancel=${() => this.stopRename()}
      ></history-rename>`;
    }
    const run = r.run;
    return html`<bdi class="name" data-name>${r.name}</bdi> ${
        isSoftwareRun(run)
          ? html`<span
              class="badge"
              data-fallback
              title="A software (fallback) adapter: its GPU numbers say nothing about real GPUs."
              >software GPU (fallback)</span
            >`
          : nothing
      }
      ${run.cancelled ? html`<span class="badge">cancelled</span>` : nothing}
      ${run.errors.length > 0 ? html`<span class="badge" title=${run.errors.join('\n')}>${run.errors.length} error${run.errors.length === 1 ? '' : 's'}</span>` : nothing}`;
  }

  private renderRunRow(r: StoredRun) {
    return html`<tr data-run-id=${r.id}>
      <td>
        <input
          type="checkbox"
          aria-label=${`Compare “${r.name}”`}
          .checked=${this.selected.includes(r.id)}
          @change=${(e: Event) =>
            emit(this, 'history-select-run', {
              id: r.id,
              selected: (e.target as HTMLInputElement).checked,
            })}
        />
      </td>
      <td data-label="Date"><time datetime=${r.run.startedAt}>${formatDateTime(r.run.startedAt)}</time></td>
      <td>${this.renderName(r)}</td>
      <td data-device data-label="Device">${deviceLabel(r.run)}</td>
      <td data-browser data-label="Browser" title=${runUserAgent(r.run)}>${browserLabel(runUserAgent(r.run))}</td>
      ${HEADLINE_METRICS.map((id) => this.headline(r.run, id))}
      <td>
        <div class="actions">
          <button
            type="button"
            data-action="apply"
            @click=${() => this.apply(r)}
            aria-label=${`Apply “${r.name}” to the estimator`}
          >
            Apply to estimator
          </button>
          <button
            type="button"
            data-action="rename"
            @click=${() => (this.editing = r.id)}
            aria-label=${`Rename “${r.name}”`}
          >
            Rename
          </button>
          <button
            type="button"
            data-action="delete"
            @click=${() => emit(this, 'history-delete-record', { kind: 'run', id: r.id })}
            aria-label=${`Delete “${r.name}”`}
          >
            Delete
          </button>
        </div>
      </td>
    </tr>`;
  }

  override render() {
    if (this.runs.length === 0) {
      return html`<p class="empty muted">No saved runs yet. Every completed benchmark is saved here.</p>`;
    }
    return html`<div class="scroll">
      <table class="runs" aria-label="Saved benchmark runs">
        <thead>
          <tr>
            <th scope="col"><span class="sr-only">Compare</span></th>
            <th scope="col">Date</th>
            <th scope="col">Name</th>
            <th scope="col">Device</th>
            <th scope="col">Browser</th>
            ${HEADLINE_METRICS.map((id) => html`<th scope="col" title=${metricLabel(id)}>${metricShortLabel(id)}</th>`)}
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            this.runs,
            (r) => r.id,
            (r) => this.renderRunRow(r),
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-run-list': HistoryRunList;
  }
}
