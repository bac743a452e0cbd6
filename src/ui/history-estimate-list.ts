import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatSpeedup } from '../model/format.ts';
import { MAX_NAME_LENGTH, type SavedEstimate, type StoredRun } from '../model/history.ts';
import { emit } from './events.ts';
import type {
  HistoryDeleteRecordDetail,
  HistoryOpenEstimateDetail,
  HistoryRenameEstimateDetail,
  HistoryRenameEstimateResult,
} from './history-events.ts';
import { request } from './history-events.ts';
import { formatDateTime } from './history-format.ts';
import { historyStyles } from './history-styles.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * The saved estimates: name, when, the speedup, the run they were based on, and "Open"
 * (the public `history-open-estimate` event), "Rename" (inline, a `history-rename-estimate`
 * request) and "Delete" (a `history-delete-record` request), both to `<history-panel>`.
 *
 * Holds only the inline rename's draft and, when the panel refused it, why: the reason
 * is shown at the field. Everything else comes down as properties.
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

  @state() private editing: { id: string; draft: string; error?: string } | undefined;

  /** Focus one of an estimate's buttons (by its data-action), e.g. after a rename. */
  private async focusAction(id: string, action: string): Promise<void> {
    await this.updateComplete;
    const item = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-estimate-id]')].find((el) => el.dataset['estimateId'] === id);
    item?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)?.focus();
  }

  private open(estimate: SavedEstimate): void {
    emit<HistoryOpenEstimateDetail>(this, 'history-open-estimate', { estimate });
  }

  private async startRename(estimate: SavedEstimate): Promise<void> {
    this.editing = { id: estimate.id, draft: estimate.name };
    await this.updateComplete;
    const input = this.renderRoot.querySelector<HTMLInputElement>('form.rename input');
    input?.focus();
    input?.select();
  }

  private async finishRename(e: Event): Promise<void> {
    e.preventDefault();
    const editing = this.editing;
    if (!editing) return;
    const result = await new Promise<HistoryRenameEstimateResult>((done) => {
      request<HistoryRenameEstimateDetail>(this, 'history-rename-estimate', { id: editing.id, name: editing.draft, done });
    });
    // Escape, or another rename, may have ended this edit while the store was busy.
    if (this.editing?.id !== editing.id) return;
    if (!result.saved) {
      this.editing = { ...this.editing, error: result.reason };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('form.rename input')?.focus();
      return;
    }
    this.editing = undefined;
    void this.focusAction(editing.id, 'rename');
  }

  private cancelRename(): void {
    const id = this.editing?.id;
    this.editing = undefined;
    if (id) void this.focusAction(id, 'rename');
  }

  private renderName(e: SavedEstimate) {
    if (this.editing?.id !== e.id) return html`<span class="name">${e.name}</span>`;
    const inputId = `rename-estimate-${e.id}`;
    const errorId = `${inputId}-error`;
    const error = this.editing.error;
    // novalidate: an empty name reaches the panel and comes back with a message shown
    // here, instead of the browser's own bubble, which says less and vanishes.
    return html`<form class="rename" novalidate @submit=${this.finishRename}>
      <label class="sr-only" for=${inputId}>New name for estimate “${e.name}”</label>
      <input
        id=${inputId}
        .value=${this.editing.draft}
        maxlength=${MAX_NAME_LENGTH}
        required
        aria-invalid=${error !== undefined ? 'true' : 'false'}
        aria-describedby=${error !== undefined ? errorId : nothing}
        @input=${(ev: Event) => {
          // A new draft: the old reason no longer applies to it.
          if (this.editing) this.editing = { id: this.editing.id, draft: (ev.target as HTMLInputElement).value };
        }}
        @keydown=${(ev: KeyboardEvent) => {
          if (ev.key === 'Escape') {
            ev.preventDefault();
            this.cancelRename();
          }
        }}
      />
      <button type="submit">Save</button>
      <button type="button" @click=${this.cancelRename}>Cancel</button>
      ${error !== undefined ? html`<p class="field-error" id=${errorId} role="alert">${error}</p>` : nothing}
    </form>`;
  }

  override render() {
    if (this.estimates.length === 0) return html`<p class="empty muted">No saved estimates.</p>`;
    const runName = new Map(this.runs.map((r) => [r.id, r.name]));
    return html`<ul class="estimates">
      ${repeat(this.estimates, (e) => e.id, (e) => {
        const based = e.basedOnRunId !== undefined ? runName.get(e.basedOnRunId) : undefined;
        return html`<li data-estimate-id=${e.id}>
          ${this.renderName(e)}
          <time class="muted" datetime=${e.savedAt}>${formatDateTime(e.savedAt)}</time>
          <span>Speedup ${formatSpeedup(e.outputs.speedup)}</span>
          ${e.basedOnRunId !== undefined
            ? html`<span class="muted">based on ${based !== undefined ? `“${based}”` : 'a run no longer saved'}</span>`
            : nothing}
          <span class="actions">
            <button type="button" data-action="open" @click=${() => this.open(e)} aria-label=${`Open estimate “${e.name}”`}>Open</button>
            <button type="button" data-action="rename" @click=${() => this.startRename(e)} aria-label=${`Rename estimate “${e.name}”`}>
              Rename
            </button>
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
