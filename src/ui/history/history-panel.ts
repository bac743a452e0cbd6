import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { HistoryRecord, StoredRun } from '../../model/history/records.ts';
import { exportFileName } from '../../model/history/io.ts';
import {
  HistoryError,
  type HistorySaveFailedEvent,
  type HistorySavedEvent,
  type HistorySnapshot,
  type HistoryStore,
} from '../../store/history-store.ts';
import type {
  HistoryDeleteRecordEvent,
  HistoryExportEvent,
  HistoryImportEvent,
  HistoryRenameEvent,
  HistorySelectRunEvent,
} from '../shared/events.ts';
import { downloadText } from './history-format.ts';
import { importHistoryFile, storageStatus, unreadableNotice, type Message } from './history-notices.ts';
import { historyStyles } from './history-styles.ts';
import type { HistoryRunList } from './history-run-list.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import './history-compare.ts';
import './history-verification-list.ts';
import './history-estimate-list.ts';
import './history-run-list.ts';
import './history-toolbar.ts';

/** How long "Undo" stays after a delete: long enough to notice, short enough not to linger. */
export const UNDO_MS = 10_000;

interface PendingUndo {
  record: HistoryRecord;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The history: saved runs (rename, delete with undo, clear all with confirmation,
 * select to compare, apply to the estimator), saved estimates (open, rename, delete), export
 * as JSON / CSV, import, and the storage status.
 *
 * Wiring (for the root element):
 * - `store`: the HistoryStore to use (the root passes the page's one store). The panel
 *   re-reads it on every `change` (a save by the root, an edit here, another tab) and says
 *   so when a save in this tab is refused (`saved` / `save-failed`).
 * - Events (bubbling, composed): `history-apply-run` {run, record} and
 *   `history-open-estimate` {estimate}.
 *
 * Inside, this element owns the state (snapshot, selection, undo, messages) and every
 * store call; `<history-toolbar>`, `<history-run-list>` and `<history-estimate-list>`
 * get it as properties and send requests back (history-events.ts). The status,
 * unreadable-records, message and undo notices are rendered here.
 */
@customElement('history-panel')
export class HistoryPanel extends LitElement {
  static override styles = [
    sharedStyles,
    historyStyles,
    css`
      :host {
        display: block;
      }
      h3 {
        margin-top: 1.25rem;
      }
      .storage {
        font-size: 0.85rem;
        margin: 0 0 0.5rem;
      }
      history-compare {
        margin-top: 1rem;
      }
    `,
  ];

  /** The store to use: the page's one store, from the root. */
  @property({ attribute: false }) store: HistoryStore | undefined;

  @state() private snapshot: HistorySnapshot | undefined;
  /** Selected run ids in the order they were ticked: the first is the comparison's baseline. */
  @state() private selected: string[] = [];
  @state() private undo: PendingUndo | undefined;
  @state() private message: Message | undefined;
  @state() private busy = false;

  @query('history-run-list') private runList: HistoryRunList | null | undefined;

  private subscribed: HistoryStore | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private readonly onStoreChange = () => void this.refresh();

  private readonly onSaved = (e: Event): void => {
    const { record } = e as HistorySavedEvent;
    if (record.kind === 'estimate') {
      this.message = { tone: 'info', text: `Saved the estimate \u201c${record.name}\u201d.`, details: [] };
    }
  };

  private readonly onSaveFailed = (e: Event): void => {
    this.message = { tone: 'error', text: (e as HistorySaveFailedEvent).message, details: [] };
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe();
    if (this.undo) clearTimeout(this.undo.timer);
    this.undo = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('store') && this.isConnected) this.subscribe();
  }

  private subscribe(): void {
    if (!this.store || this.subscribed === this.store) return;
    this.unsubscribe();
    const store = this.store;
    this.subscribed = store;
    store.addEventListener('change', this.onStoreChange);
    store.addEventListener('saved', this.onSaved);
    store.addEventListener('save-failed', this.onSaveFailed);
    void this.refresh();
  }

  private unsubscribe(): void {
    const store = this.subscribed;
    store?.removeEventListener('change', this.onStoreChange);
    store?.removeEventListener('saved', this.onSaved);
    store?.removeEventListener('save-failed', this.onSaveFailed);
    this.subscribed = undefined;
  }

  /** Re-read the store and re-render. Calls made while one is running coalesce into one more. */
  private refresh(): Promise<void> {
    const store = this.store;
    if (!store) return Promise.resolve();
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const snap = await store.load();
        this.snapshot = snap;
        const ids = new Set(snap.runs.map((r) => r.id));
        if (this.selected.some((id) => !ids.has(id))) this.selected = this.selected.filter((id) => ids.has(id));
      } while (this.refreshAgain);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** The store; the handlers below only run once a snapshot of it is shown. */
  private get activeStore(): HistoryStore {
    if (!this.store) throw new Error('<history-panel> needs a store');
    return this.store;
  }

  private showError(e: unknown): void {
    const text = e instanceof HistoryError ? e.message : 'Something went wrong while saving the history.';
    this.message = { tone: 'error', text, details: [] };
    if (!(e instanceof HistoryError)) console.error(e);
  }

  // --- requests from the toolbar and the lists -------------------------------------------

  private readonly onSelectRun = (e: HistorySelectRunEvent): void => {
    const { id, selected } = e.detail;
    this.selected = selected ? [...this.selected.filter((x) => x !== id), id] : this.selected.filter((x) => x !== id);
  };

  /**
   * Save a new name for a run or an estimate. A refusal goes back to the list in `done`,
   * which shows it at the name field. The store owns the rule (what `cleanName` keeps),
   * so its HistoryError message is the one shown.
   */
  private readonly onRename = async (e: HistoryRenameEvent): Promise<void> => {
    const { kind, id, name, done } = e.detail;
    try {
      const store = this.activeStore;
      const renamed = kind === 'run' ? await store.renameRun(id, name) : await store.renameEstimate(id, name);
      await this.refresh();
      done(renamed ? { saved: true } : { saved: false, reason: `This ${kind} is no longer saved.` });
    } catch (err) {
      if (!(err instanceof HistoryError)) console.error(err);
      done({ saved: false, reason: err instanceof HistoryError ? err.message : 'The new name could not be saved.' });
    }
  };

  private readonly onDeleteRecord = async (e: HistoryDeleteRecordEvent): Promise<void> => {
    const { kind, id } = e.detail;
    const store = this.activeStore;
    const record =
      kind === 'run'
        ? await store.deleteRun(id)
        : kind === 'verification'
          ? await store.deleteVerification(id)
          : await store.deleteEstimate(id);
    await this.refresh();
    if (!record) return;
    if (this.undo) clearTimeout(this.undo.timer);
    const timer = setTimeout(() => {
      if (this.undo?.record === record) this.undo = undefined;
    }, UNDO_MS);
    this.undo = { record, timer };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button[data-action="undo"]')?.focus();
  };

  private async undoDelete(): Promise<void> {
    const pending = this.undo;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.undo = undefined;
    try {
      await this.activeStore.restore(pending.record);
      await this.refresh();
      if (pending.record.kind === 'run') {
        await this.updateComplete;
        void this.runList?.focusAction(pending.record.id, 'delete');
      }
    } catch (e) {
      this.showError(e);
    }
  }

  private readonly onClearAll = async (): Promise<void> => {
    const removed = await this.activeStore.clearAll();
    this.selected = [];
    if (this.undo) clearTimeout(this.undo.timer);
    this.undo = undefined;
    const n = removed.runs.length + removed.estimates.length + removed.verifications.length;
    this.message = { tone: 'info', text: `Deleted ${n} record${n === 1 ? '' : 's'}.`, details: [] };
    await this.refresh();
  };

  private async discardUnreadable(): Promise<void> {
    const n = await this.activeStore.discardUnreadable();
    this.message = { tone: 'info', text: `Removed ${n} unreadable record${n === 1 ? '' : 's'}.`, details: [] };
    await this.refresh();
  }

  private readonly onExport = async (e: HistoryExportEvent): Promise<void> => {
    if (e.detail.format === 'csv') {
      const csv = await this.activeStore.exportCsv();
      downloadText(this.renderRoot, exportFileName('csv', new Date()), csv, 'text/csv');
      return;
    }
    const doc = await this.activeStore.exportAll(e.detail.selectedOnly ? { runIds: this.selected } : undefined);
    downloadText(this.renderRoot, exportFileName('json', new Date()), JSON.stringify(doc, null, 2), 'application/json');
  };

  private readonly onImport = async (e: HistoryImportEvent): Promise<void> => {
    const { file, done } = e.detail;
    this.busy = true;
    try {
      this.message = await importHistoryFile(this.activeStore, file);
      await this.refresh();
    } finally {
      this.busy = false;
      done();
    }
  };

  // --- rendering ----------------------------------------------------------------------------

  private renderMessage() {
    const m = this.message;
    if (!m) return nothing;
    return html`<div class="notice ${m.tone}" data-message=${m.tone}>
      <p>${m.text}</p>
      ${
        m.details.length > 0
          ? html`<ul>
              ${m.details.map((d) => html`<li>${d}</li>`)}
            </ul>`
          : nothing
      }
      <button type="button" @click=${() => (this.message = undefined)}>Dismiss</button>
    </div>`;
  }

  private renderUndo() {
    const u = this.undo;
    if (!u) return nothing;
    return html`<div class="notice info" data-undo>
      <p>
        Deleted ${u.record.kind === 'run' ? 'run' : 'estimate'} “<bdi>${u.record.name}</bdi>”.
        <button type="button" data-action="undo" @click=${this.undoDelete}>Undo</button>
      </p>
    </div>`;
  }

  override render() {
    const snap = this.snapshot;
    if (!snap) return html`<p class="muted" role="status">Loading history…</p>`;
    const byId = new Map(snap.runs.map((r) => [r.id, r]));
    const selectedRuns = this.selected.map((id) => byId.get(id)).filter((r): r is StoredRun => r !== undefined);
    return html`
      ${storageStatus(snap)} ${unreadableNotice(snap, () => void this.discardUnreadable())}
      <div role="status" aria-live="polite">${this.renderMessage()} ${this.renderUndo()}</div>
      <history-toolbar
        .runCount=${snap.runs.length}
        .estimateCount=${snap.estimates.length}
        .verificationCount=${snap.verifications.length}
        .selectedCount=${selectedRuns.length}
        .busy=${this.busy}
        @history-export=${this.onExport}
        @history-import=${this.onImport}
        @history-clear-all=${this.onClearAll}
      ></history-toolbar>
      <h3>Saved runs</h3>
      <history-run-list
        .runs=${snap.runs}
        .selected=${this.selected}
        @history-select-run=${this.onSelectRun}
        @history-rename=${this.onRename}
        @history-delete-record=${this.onDeleteRecord}
      ></history-run-list>
      ${
        snap.runs.length >= 2
          ? html`<h3>Compare</h3>
              ${
                selectedRuns.length >= 2
                  ? html`<history-compare .runs=${selectedRuns}></history-compare>`
                  : html`<p class="muted">Tick two or more runs to compare them side by side.</p>`
              }`
          : nothing
      }
      <h3>Saved estimates</h3>
      <history-estimate-list
        .estimates=${snap.estimates}
        .runs=${snap.runs}
        @history-rename=${this.onRename}
        @history-delete-record=${this.onDeleteRecord}
      ></history-estimate-list>
      <h3>Verifications</h3>
      <history-verification-list
        .verifications=${snap.verifications}
        @history-delete-record=${this.onDeleteRecord}
      ></history-verification-list>
      ${
        snap.verifications.length > 0
          ? html`<h4>Prediction error per workload</h4>
              <history-compare .verifications=${snap.verifications}></history-compare>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-panel': HistoryPanel;
  }
}
