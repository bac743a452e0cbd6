import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatSpeedup } from '../model/format.ts';
import type { SavedEstimate, StoredRun } from '../model/history.ts';
import { emit } from './events.ts';
import type { HistoryDeleteRecordDetail, HistoryOpenEstimateDetail } from './history-events.ts';
import { request } from './history-events.ts';
import { formatDateTime } from './history-format.ts';
import { historyStyles } from './history-styles.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * The saved estimates: name, when, the speedup, the run they were based on, and "Open"
 * (the public `history-open-estimate` event) and "Delete" (a `history-delete-record`
 * request to `<history-panel>`). Stateless: everything comes down as properties.
 */
@customElement('history-estimate-list')
export class HistoryEstimateList extends LitElement {
  static override styles = [
    sharedStyles,
    historyStyles,
    css`
      :host {
        display: block;
      }
      ul.estimates {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.estimates li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.75rem;
        align-items: baseline;
        border-bottom: 1px solid var(--border, #d5dae1);
        padding: 0.4rem 0;
      }
    `,
  ];

  /** The estimates to list, newest first. */
  @property({ attribute: false }) estimates: readonly SavedEstimate[] = [];
  /** The saved runs, to name the run an estimate was based on. */
  @property({ attribute: false }) runs: readonly StoredRun[] = [];

  private open(estimate: SavedEstimate): void {
    emit<HistoryOpenEstimateDetail>(this, 'history-open-estimate', { estimate });
  }

  override render() {
    if (this.estimates.length === 0) return html`<p class="empty muted">No saved estimates.</p>`;
    const runName = new Map(this.runs.map((r) => [r.id, r.name]));
    return html`<ul class="estimates">
      ${repeat(this.estimates, (e) => e.id, (e) => {
        const based = e.basedOnRunId !== undefined ? runName.get(e.basedOnRunId) : undefined;
        return html`<li data-estimate-id=${e.id}>
          <span class="name">${e.name}</span>
          <time class="muted" datetime=${e.savedAt}>${formatDateTime(e.savedAt)}</time>
          <span>Speedup ${formatSpeedup(e.outputs.speedup)}</span>
          ${e.basedOnRunId !== undefined
            ? html`<span class="muted">based on ${based !== undefined ? `“${based}”` : 'a run no longer saved'}</span>`
            : nothing}
          <span class="actions">
            <button type="button" data-action="open" @click=${() => this.open(e)} aria-label=${`Open estimate “${e.name}”`}>Open</button>
            <button
              type="button"
              data-action="delete"
              @click=${() => request<HistoryDeleteRecordDetail>(this, 'history-delete-record', { kind: 'estimate', id: e.id })}
              aria-label=${`Delete estimate “${e.name}”`}
            >
              Delete
            </button>
          </span>
        </li>`;
      })}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-estimate-list': HistoryEstimateList;
  }
}
