import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { emit, type AppEventDetails } from '../shared/events.ts';
import { historyStyles } from './history-styles.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/**
 * The history's toolbar: export (all as JSON, the ticked runs as JSON, runs as CSV),
 * import a JSON file, and "Clear all…" with its confirmation.
 *
 * Holds only the confirmation's open/closed state; everything else comes down from
 * `<history-panel>` as properties, and every action goes up as a request
 * (`history-export`, `history-import`, `history-clear-all`).
 */
@customElement('history-toolbar')
export class HistoryToolbar extends LitElement {
  static override styles = [
    sharedStyles,
    historyStyles,
    css`
      :host {
        display: block;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin: 0.5rem 0 0.75rem;
      }
      .import {
        display: inline-flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem;
        font-size: 0.9rem;
      }
      .import input {
        max-width: 15rem;
        font: inherit;
        font-size: 0.85rem;
      }
    `,
  ];

  @property({ type: Number }) runCount = 0;
  @property({ type: Number }) estimateCount = 0;
  /** Saved verifications (issue #13): exported and cleared with the rest. */
  @property({ type: Number }) verificationCount = 0;
  /** How many runs are ticked for comparison (enables "Export selected"). */
  @property({ type: Number }) selectedCount = 0;
  /** True while an import runs: the file input is disabled. */
  @property({ type: Boolean }) busy = false;

  @state() private confirmingClear = false;

  private exportAs(format: AppEventDetails['history-export']['format'], selectedOnly: boolean): void {
    emit(this, 'history-export', { format, selectedOnly });
  }

  private importFile(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    emit(this, 'history-import', {
      file,
      // Let the same file be chosen again once this import is over.
      done: () => (input.value = ''),
    });
  }

  private async askClear(): Promise<void> {
    this.confirmingClear = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button[data-action="clear-cancel"]')?.focus();
  }

  private confirmClear(): void {
    this.confirmingClear = false;
    emit(this, 'history-clear-all', null);
  }

  private renderClearConfirm() {
    if (!this.confirmingClear) return nothing;
    const runs = this.runCount;
    const estimates = this.estimateCount;
    const verifications = this.verificationCount;
    return html`<div
      class="notice error"
      role="alertdialog"
      aria-labelledby="clear-q"
      data-confirm-clear
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          this.confirmingClear = false;
        }
      }}
    >
      <p id="clear-q">
        Delete all ${runs}
        run${runs === 1 ? '' : 's'}${
          verifications > 0 ? `, ${verifications} verification${verifications === 1 ? '' : 's'}` : ''
        }
        and ${estimates} saved estimate${estimates === 1 ? '' : 's'}? This cannot be undone; export first to keep a
        copy.
      </p>
      <button type="button" class="danger" data-action="clear-confirm" @click=${this.confirmClear}>
        Delete everything
      </button>
      <button type="button" data-action="clear-cancel" @click=${() => (this.confirmingClear = false)}>Cancel</button>
    </div>`;
  }

  override render() {
    const empty = this.runCount === 0 && this.estimateCount === 0 && this.verificationCount === 0;
    return html`
      <div class="toolbar">
        <button type="button" data-action="export-json" ?disabled=${empty} @click=${() => this.exportAs('json', false)}>
          Export all (JSON)
        </button>
        <button
          type="button"
          data-action="export-selected"
          ?disabled=${this.selectedCount === 0}
          @click=${() => this.exportAs('json', true)}
        >
          Export selected (JSON)
        </button>
        <button
          type="button"
          data-action="export-csv"
          ?disabled=${this.runCount === 0}
          @click=${() => this.exportAs('csv', false)}
        >
          Export runs (CSV)
        </button>
        <span class="import">
          <label for="history-import">Import history (JSON)</label>
          <input
            id="history-import"
            type="file"
            accept=".json,application/json"
            ?disabled=${this.busy}
            @change=${this.importFile}
          />
        </span>
        <button type="button" class="danger" data-action="clear" ?disabled=${empty} @click=${this.askClear}>
          Clear all…
        </button>
      </div>
      ${this.renderClearConfirm()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-toolbar': HistoryToolbar;
  }
}
