import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { emit, type HistoryRenameResult, type RenameSubmitEvent } from '../shared/events.ts';
import type { HistoryRecord } from '../../model/history/records.ts';
import { MAX_NAME_LENGTH } from '../../model/history/describe.ts';
import { historyStyles } from './history-styles.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/**
 * The inline rename form shared by saved runs and saved estimates: focused and selected
 * on open, Enter saves, Escape cancels. A refused name keeps the form open with the
 * reason at the field. The list owning it hears `rename-submit` (and answers through
 * `done`) and `rename-cancel`; neither bubbles.
 */
@customElement('history-rename')
export class HistoryRename extends LitElement {
  static override styles = [sharedStyles, historyStyles];

  /** The current name, the draft's starting point. */
  @property() name = '';
  /** Accessible name of the field, e.g. 'New name for run “Desk GPU”'. */
  @property() label = '';

  @state() private draft = '';
  @state() private error: string | undefined;
  private started = false;

  override willUpdate(): void {
    if (!this.started) {
      this.started = true;
      this.draft = this.name;
    }
  }

  override firstUpdated(): void {
    const input = this.renderRoot.querySelector('input');
    input?.focus();
    input?.select();
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const name = this.draft;
    const result = await new Promise<HistoryRenameResult>((done) => {
      emit(this, 'rename-submit', { name, done });
    });
    if (result.saved) return;
    this.error = result.reason;
    await this.updateComplete;
    this.renderRoot.querySelector('input')?.focus();
  }

  private cancel(): void {
    emit(this, 'rename-cancel', null);
  }

  override render() {
    const error = this.error;
    // novalidate: an empty name reaches the store and comes back with a message shown
    // here, instead of the browser's own bubble, which says less and vanishes.
    return html`<form class="rename" novalidate @submit=${this.submit}>
      <label class="sr-only" for="name">${this.label}</label>
      <input
        id="name"
        .value=${this.draft}
        maxlength=${MAX_NAME_LENGTH}
        required
        aria-invalid=${error !== undefined ? 'true' : 'false'}
        aria-describedby=${error !== undefined ? 'error' : nothing}
        @input=${(ev: Event) => {
          // A new draft: the old reason no longer applies to it.
          this.draft = (ev.target as HTMLInputElement).value;
          this.error = undefined;
        }}
        @keydown=${(ev: KeyboardEvent) => {
          if (ev.key === 'Escape') {
            ev.preventDefault();
            this.cancel();
          }
        }}
      />
      <button type="submit">Save</button>
      <button type="button" @click=${this.cancel}>Cancel</button>
      ${error !== undefined ? html`<p class="field-error" id="error" role="alert">${error}</p>` : nothing}
    </form>`;
  }
}

/**
 * What both lists do with a submitted name: ask `<history-panel>` (a `history-rename`
 * request from `list`) to rename record `kind`/`id`, answer the form, and call `onSaved`
 * once the name is stored (the list then closes the form).
 */
export function requestRename(
  list: HTMLElement,
  kind: HistoryRecord['kind'],
  id: string,
  e: RenameSubmitEvent,
  onSaved: () => void,
): void {
  const { name, done } = e.detail;
  emit(list, 'history-rename', {
    kind,
    id,
    name,
    done: (result) => {
      done(result);
      if (result.saved) onSaved();
    },
  });
}

declare global {
  interface HTMLElementTagNameMap {
    'history-rename': HistoryRename;
  }
}
