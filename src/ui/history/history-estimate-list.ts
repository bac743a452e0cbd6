import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatSpeedup } from '../../model/shared/format.ts';
import type { SavedEstimate, StoredRun } from '../../model/history/records.ts';
import { emit, type RenameSubmitEvent } from '../shared/events.ts';
import { requestRename } from './history-rename.ts';
import { formatDateTime } from './history-format.ts';
import { historyStyles } from './history-styles.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import './estimate-compare.ts';

/**
 * The saved estimates: name, when, the speedup, the run they were based on, and "Open"
 * (the public `history-open-estimate` event), "Rename" (inline, a `history-rename`
 * request) and "Delete" (a `history-delete-record` request), both to `<history-panel>`.
 *
 * Holds only which estimate is being renamed; the form is `<history-rename>`.
 * Everything else comes down as properties.
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

  /** The estimate whose name is being edited. */
  @state() private editing: string | undefined;
  /** Estimates ticked for comparison, in the order ticked (2–4 are compared). */
  @state() private comparing: string[] = [];

  /** At most this many estimates side by side: more would not fit a phone's width. */
  static readonly MAX_COMPARED = 4;

  private toggleCompare(id: string, on: boolean): void {
    this.comparing = on ? [...this.comparing.filter((x) => x !== id), id] : this.comparing.filter((x) => x !== id);
  }

  /** Focus one of an estimate's buttons (by its data-action), e.g. after a rename. */
  private async focusAction(id: string, action: string): Promise<void> {
    await this.updateComplete;
    const item = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-estimate-id]')].find(
      (el) => el.dataset['estimateId'] === id,
    );
    item?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)?.focus();
  }

  private open(estimate: SavedEstimate): void {
    emit(this, 'history-open-estimate', { estimate });
  }

  private rename(id: string, e: RenameSubmitEvent): void {
    // Escape, or another rename, may have ended this edit while the store was busy.
    requestRename(this, 'estimate', id, e, () => {
      if (this.editing === id) this.stopRename();
    });
  }

  private stopRename(): void {
    const id = this.editing;
    this.editing = undefined;
    if (id) void this.focusAction(id, 'rename');
  }

  private renderName(e: SavedEstimate) {
    if (this.editing !== e.id) return html`<bdi class="name" data-name>${e.name}</bdi>`;
    return html`<history-rename
      .name=${e.name}
      .label=${`New name for estimate “${e.name}”`}
      @rename-submit=${(ev: RenameSubmitEvent) => this.rename(e.id, ev)}
      @rename-cancel=${() => this.stopRename()}
    ></history-rename>`;
  }

  override render() {
    if (this.estimates.length === 0) return html`<p class="empty muted">No saved estimates.</p>`;
    const runName = new Map(this.runs.map((r) => [r.id, r.name]));
    const byId = new Map(this.estimates.map((e) => [e.id, e]));
    const compared = this.comparing.map((id) => byId.get(id)).filter((e): e is SavedEstimate => e !== undefined);
    return html`${this.renderList(runName)}
    ${
      compared.length >= 2
        ? html`<estimate-compare .estimates=${compared}></estimate-compare>`
        : html`<p class="muted hint">
            Tick 2 to ${HistoryEstimateList.MAX_COMPARED} saved estimates to compare them side by side.
          </p>`
    }`;
  }

  private renderList(runName: Map<string, string>) {
    return html`<ul class="estimates">
      ${repeat(
        this.estimates,
        (e) => e.id,
        (e) => {
          const based = e.basedOnRunId !== undefined ? runName.get(e.basedOnRunId) : undefined;
          return html`<li data-estimate-id=${e.id}>
            <input
              type="checkbox"
              .checked=${this.comparing.includes(e.id)}
              ?disabled=${!this.comparing.includes(e.id) && this.comparing.length >= HistoryEstimateList.MAX_COMPARED}
              aria-label=${`Compare estimate “${e.name}”`}
              @change=${(ev: Event) => this.toggleCompare(e.id, (ev.target as HTMLInputElement).checked)}
            />
            ${this.renderName(e)}
            <time class="muted" datetime=${e.savedAt}>${formatDateTime(e.savedAt)}</time>
            ${
              e.workload
                ? html`<span data-workload>${e.workload.label}</span>
                    <span>Speedup ${formatSpeedup(e.workload.speedup)}</span>`
                : html`<span>Speedup ${formatSpeedup(e.outputs.speedup)}</span>`
            }
            ${
              e.basedOnRunId !== undefined
                ? html`<span class="muted"
                    >based on ${based !== undefined ? html`“<bdi>${based}</bdi>”` : 'a run no longer saved'}</span
                  >`
                : nothing
            }
            <span class="actions">
              <button
                type="button"
                data-action="open"
                @click=${() => this.open(e)}
                aria-label=${`Open estimate “${e.name}”`}
              >
                Open
              </button>
              <button
                type="button"
                data-action="rename"
                @click=${() => (this.editing = e.id)}
                aria-label=${`Rename estimate “${e.name}”`}
              >
                Rename
              </button>
              <button
                type="button"
                data-action="delete"
                @click=${() => emit(this, 'history-delete-record', { kind: 'estimate', id: e.id })}
                aria-label=${`Delete estimate “${e.name}”`}
              >
                Delete
              </button>
            </span>
          </li>`;
        },
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-estimate-list': HistoryEstimateList;
  }
}
