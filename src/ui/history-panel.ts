import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { BenchRun } from '../model/bench-run.ts';
import { formatNumber, formatSpeedup } from '../model/format.ts';
import {
  HEADLINE_METRICS,
  METRIC_LABELS,
  browserLabel,
  deviceLabel,
  isSoftwareRun,
  okMetricOf,
  runUserAgent,
  MAX_NAME_LENGTH,
  type HistoryRecord,
  type SavedEstimate,
  type StoredRun,
} from '../model/history.ts';
import { MAX_IMPORT_BYTES, describeImport, exportFileName } from '../model/history-io.ts';
import type { MetricId } from '../model/metrics.ts';
import {
  HistoryError,
  defaultHistoryStore,
  type HistorySnapshot,
  type HistoryStore,
  type NewEstimate,
} from '../store/history-store.ts';
import { emit } from './events.ts';
import type { HistoryApplyRunDetail, HistoryOpenEstimateDetail } from './history-events.ts';
import { downloadText, formatDateTime } from './history-format.ts';
import { sharedStyles } from './shared-styles.ts';
import './history-compare.ts';

/** How long "Undo" stays after a delete: long enough to notice, short enough not to linger. */
export const UNDO_MS = 10_000;
/** Rejection reasons listed after an import; the count says how many more there were. */
const MAX_LISTED_REASONS = 10;

/** Column headings for the headline metrics in the list. */
const HEADLINE_HEADINGS: Record<string, string> = {
  'gpu.f32.gflops': 'GPU f32',
  'gpu.upload.gbps': 'Upload',
  'cpu.simdAll.gflops': 'CPU all cores',
};

interface Message {
  tone: 'info' | 'error';
  text: string;
  details: string[];
}

interface PendingUndo {
  record: HistoryRecord;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The history: saved runs (rename, delete with undo, clear all with confirmation,
 * select to compare, apply to the estimator), saved estimates (open, delete), export
 * as JSON / CSV, import, and the storage status.
 *
 * Wiring (for the root element):
 * - `store`: the HistoryStore to use; when not set before the element connects it uses
 *   `defaultHistoryStore()` (the page's single store).
 * - `addRun(run)` after a benchmark completes: saves it and refreshes the list.
 * - `saveEstimate({ raw, sources, name?, basedOnRunId? })` to save the estimator's state.
 * - Events (bubbling, composed): `history-apply-run` {run, record} and
 *   `history-open-estimate` {estimate}.
 * The list also refreshes by itself whenever the store changes, in this tab or another.
 */
@customElement('history-panel')
export class HistoryPanel extends LitElement {
  static override styles = [
    sharedStyles,
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
      .notice {
        border-radius: 8px;
        padding: 0.55rem 0.8rem;
        margin: 0 0 0.75rem;
      }
      .notice p {
        margin: 0;
      }
      .notice ul {
        margin: 0.3rem 0 0;
        padding-left: 1.2rem;
      }
      .warn {
        background: var(--warn-bg, #fff4d6);
        color: var(--warn-fg, #6b4a00);
      }
      .error {
        background: var(--bad-bg, #fdecea);
        color: var(--bad, #b42318);
      }
      .info {
        background: var(--good-bg, #e7f6ec);
        color: var(--fg, #1b1f24);
      }
      .notice button {
        margin-top: 0.4rem;
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
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
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
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
      }
      .actions button,
      .toolbar button,
      .notice button,
      form button {
        font-size: 0.85rem;
        padding: 0.25rem 0.6rem;
        min-height: 2rem;
      }
      form.rename {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        align-items: center;
      }
      form.rename input {
        font: inherit;
        padding: 0.25rem 0.4rem;
        border: 1px solid var(--border, #d5dae1);
        border-radius: 6px;
        background: var(--surface, #fff);
        color: var(--fg, #1b1f24);
        min-width: 10rem;
      }
      button.danger {
        color: var(--bad, #b42318);
        border-color: var(--bad, #b42318);
      }
      .empty {
        margin: 0.5rem 0;
      }
      h3 {
        margin-top: 1.25rem;
      }
      .storage {
        font-size: 0.85rem;
        margin: 0 0 0.5rem;
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
      history-compare {
        margin-top: 1rem;
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

  /** The store to use; defaults to the page's shared store when not set before connecting. */
  @property({ attribute: false }) store: HistoryStore | undefined;

  @state() private snapshot: HistorySnapshot | undefined;
  /** Selected run ids in the order they were ticked: the first is the comparison's baseline. */
  @state() private selected: string[] = [];
  @state() private editing: { id: string; draft: string } | undefined;
  @state() private undo: PendingUndo | undefined;
  @state() private confirmingClear = false;
  @state() private message: Message | undefined;
  @state() private busy = false;

  private subscribed: HistoryStore | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private readonly onStoreChange = () => void this.refresh();

  override connectedCallback(): void {
    super.connectedCallback();
    this.store ??= defaultHistoryStore();
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
    this.subscribed = this.store;
    this.store.addEventListener('change', this.onStoreChange);
    void this.refresh();
  }

  private unsubscribe(): void {
    this.subscribed?.removeEventListener('change', this.onStoreChange);
    this.subscribed = undefined;
  }

  private get activeStore(): HistoryStore {
    this.store ??= defaultHistoryStore();
    return this.store;
  }

  /** Re-read the store and re-render. Calls made while one is running coalesce into one more. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const snap = await this.activeStore.load();
        this.snapshot = snap;
        const ids = new Set(snap.runs.map((r) => r.id));
        if (this.selected.some((id) => !ids.has(id))) this.selected = this.selected.filter((id) => ids.has(id));
      } while (this.refreshAgain);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /**
   * Save a completed benchmark run (the root calls this when a run finishes) and refresh.
   * Resolves to the stored record, or undefined when it could not be saved (the panel
   * then shows why).
   */
  async addRun(run: BenchRun, name?: string): Promise<StoredRun | undefined> {
    try {
      const record = await this.activeStore.saveRun(run, name);
      await this.refresh();
      return record;
    } catch (e) {
      this.showError(e);
      return undefined;
    }
  }

  /** Save the estimator's state (inputs as typed, their sources, the run they came from) and refresh. */
  async saveEstimate(input: NewEstimate): Promise<SavedEstimate | undefined> {
    try {
      const record = await this.activeStore.saveEstimate(input);
      this.message = { tone: 'info', text: `Saved the estimate \u201c${record.name}\u201d.`, details: [] };
      await this.refresh();
      return record;
    } catch (e) {
      this.showError(e);
      return undefined;
    }
  }

  private showError(e: unknown): void {
    const text = e instanceof HistoryError ? e.message : 'Something went wrong while saving the history.';
    this.message = { tone: 'error', text, details: [] };
    if (!(e instanceof HistoryError)) console.error(e);
  }

  // --- selection and events --------------------------------------------------------------

  private toggle(id: string, on: boolean): void {
    this.selected = on ? [...this.selected.filter((x) => x !== id), id] : this.selected.filter((x) => x !== id);
  }

  private apply(record: StoredRun): void {
    emit<HistoryApplyRunDetail>(this, 'history-apply-run', { run: record.run, record });
  }

  private open(estimate: SavedEstimate): void {
    emit<HistoryOpenEstimateDetail>(this, 'history-open-estimate', { estimate });
  }

  // --- rename -------------------------------------------------------------------------------

  private async startRename(record: StoredRun): Promise<void> {
    this.editing = { id: record.id, draft: record.name };
    await this.updateComplete;
    const input = this.renderRoot.querySelector<HTMLInputElement>('form.rename input');
    input?.focus();
    input?.select();
  }

  private async finishRename(e: Event): Promise<void> {
    e.preventDefault();
    const editing = this.editing;
    if (!editing) return;
    if (editing.draft.trim() === '') {
      this.message = { tone: 'error', text: 'A name cannot be empty.', details: [] };
      return;
    }
    try {
      await this.activeStore.renameRun(editing.id, editing.draft);
      this.editing = undefined;
      await this.refresh();
      this.focusRowButton(editing.id, 'rename');
    } catch (err) {
      this.showError(err);
    }
  }

  private cancelRename(): void {
    const id = this.editing?.id;
    this.editing = undefined;
    if (id) this.focusRowButton(id, 'rename');
  }

  private async focusRowButton(id: string, action: string): Promise<void> {
    await this.updateComplete;
    const row = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-run-id]')].find((el) => el.dataset['runId'] === id);
    row?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)?.focus();
  }

  // --- delete, undo, clear -----------------------------------------------------------------

  private async deleteRecord(kind: HistoryRecord['kind'], id: string): Promise<void> {
    const store = this.activeStore;
    const record = kind === 'run' ? await store.deleteRun(id) : await store.deleteEstimate(id);
    await this.refresh();
    if (!record) return;
    if (this.undo) clearTimeout(this.undo.timer);
    const timer = setTimeout(() => {
      if (this.undo?.record === record) this.undo = undefined;
    }, UNDO_MS);
    this.undo = { record, timer };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button[data-action="undo"]')?.focus();
  }

  private async undoDelete(): Promise<void> {
    const pending = this.undo;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.undo = undefined;
    try {
      await this.activeStore.restore(pending.record);
      await this.refresh();
      if (pending.record.kind === 'run') this.focusRowButton(pending.record.id, 'delete');
    } catch (e) {
      this.showError(e);
    }
  }

  private async askClear(): Promise<void> {
    this.confirmingClear = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button[data-action="clear-cancel"]')?.focus();
  }

  private async confirmClear(): Promise<void> {
    this.confirmingClear = false;
    const removed = await this.activeStore.clearAll();
    this.selected = [];
    if (this.undo) clearTimeout(this.undo.timer);
    this.undo = undefined;
    const n = removed.runs.length + removed.estimates.length;
    this.message = { tone: 'info', text: `Deleted ${n} record${n === 1 ? '' : 's'}.`, details: [] };
    await this.refresh();
  }

  private async discardUnreadable(): Promise<void> {
    const n = await this.activeStore.discardUnreadable();
    this.message = { tone: 'info', text: `Removed ${n} unreadable record${n === 1 ? '' : 's'}.`, details: [] };
    await this.refresh();
  }

  // --- export and import ------------------------------------------------------------------

  private async exportJson(selectedOnly: boolean): Promise<void> {
    const doc = await this.activeStore.exportAll(selectedOnly ? { runIds: this.selected } : undefined);
    downloadText(this.renderRoot, exportFileName('json', new Date()), JSON.stringify(doc, null, 2), 'application/json');
  }

  private async exportCsv(): Promise<void> {
    const csv = await this.activeStore.exportCsv();
    downloadText(this.renderRoot, exportFileName('csv', new Date()), csv, 'text/csv');
  }

  private async importFile(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.busy = true;
    try {
      if (file.size > MAX_IMPORT_BYTES) {
        this.message = {
          tone: 'error',
          text: describeImport({
            added: 0,
            duplicates: 0,
            rejected: [],
            error: `The file is too large to be a history export (limit ${MAX_IMPORT_BYTES / 1024 / 1024} MB).`,
          }),
          details: [],
        };
        return;
      }
      const result = await this.activeStore.importDocument(await file.text());
      const reasons = result.rejected.map((r) => r.reason);
      const details = reasons.slice(0, MAX_LISTED_REASONS);
      if (reasons.length > details.length) details.push(`…and ${reasons.length - details.length} more.`);
      this.message = {
        tone: result.error !== undefined || (result.added === 0 && result.rejected.length > 0) ? 'error' : 'info',
        text: describeImport(result),
        details,
      };
      await this.refresh();
    } catch (err) {
      this.message = { tone: 'error', text: 'Nothing was imported: the file could not be read.', details: [] };
      console.error(err);
    } finally {
      this.busy = false;
      // Let the same file be chosen again.
      input.value = '';
    }
  }

  // --- rendering ----------------------------------------------------------------------------

  private renderStatus(snap: HistorySnapshot) {
    if (snap.status === 'memory') {
      return html`<div class="notice warn" role="status" data-storage="memory">
        <p>
          History will not persist: ${snap.statusReason ?? 'storage is not available.'} Runs and estimates are kept only
          until this page is closed; export them to keep them.
        </p>
      </div>`;
    }
    return html`<p class="storage muted" data-storage="persistent">Saved in this browser only (IndexedDB); nothing is uploaded.</p>`;
  }

  private renderUnreadable(snap: HistorySnapshot) {
    const n = snap.unreadable.length;
    if (n === 0) return nothing;
    return html`<div class="notice warn" role="status" data-unreadable=${n}>
      <p>${n === 1 ? '1 record could not be read' : `${n} records could not be read`} and ${n === 1 ? 'is' : 'are'} not shown. ${n === 1 ? 'It stays' : 'They stay'} in storage untouched.</p>
      <details>
        <summary>Why</summary>
        <ul>
          ${snap.unreadable.map((u) => html`<li><code>${u.key}</code>: ${u.reason}</li>`)}
        </ul>
      </details>
      <button type="button" @click=${this.discardUnreadable}>Remove unreadable records</button>
    </div>`;
  }

  private renderMessage() {
    const m = this.message;
    if (!m) return nothing;
    return html`<div class="notice ${m.tone}" data-message=${m.tone}>
      <p>${m.text}</p>
      ${m.details.length > 0 ? html`<ul>${m.details.map((d) => html`<li>${d}</li>`)}</ul>` : nothing}
      <button type="button" @click=${() => (this.message = undefined)}>Dismiss</button>
    </div>`;
  }

  private renderUndo() {
    const u = this.undo;
    if (!u) return nothing;
    return html`<div class="notice info" data-undo>
      <p>
        Deleted ${u.record.kind === 'run' ? 'run' : 'estimate'} “${u.record.name}”.
        <button type="button" data-action="undo" @click=${this.undoDelete}>Undo</button>
      </p>
    </div>`;
  }

  private renderClearConfirm(snap: HistorySnapshot) {
    if (!this.confirmingClear) return nothing;
    const runs = snap.runs.length;
    const estimates = snap.estimates.length;
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
        Delete all ${runs} run${runs === 1 ? '' : 's'} and ${estimates} saved estimate${estimates === 1 ? '' : 's'}? This
        cannot be undone; export first to keep a copy.
      </p>
      <button type="button" class="danger" data-action="clear-confirm" @click=${this.confirmClear}>Delete everything</button>
      <button type="button" data-action="clear-cancel" @click=${() => (this.confirmingClear = false)}>Cancel</button>
    </div>`;
  }

  private headline(run: BenchRun, id: MetricId) {
    const m = okMetricOf(run, id);
    return html`<td class="num" data-headline=${id} data-label=${HEADLINE_HEADINGS[id] ?? METRIC_LABELS[id]}>${m ? `${formatNumber(m.better === 'higher' ? m.best : m.median)} ${m.unit}` : '—'}</td>`;
  }

  private renderName(r: StoredRun) {
    if (this.editing?.id === r.id) {
      const inputId = `rename-${r.id}`;
      return html`<form class="rename" @submit=${this.finishRename}>
        <label class="sr-only" for=${inputId}>New name for run “${r.name}”</label>
        <input
          id=${inputId}
          .value=${this.editing.draft}
          maxlength=${MAX_NAME_LENGTH}
          required
          @input=${(e: Event) => {
            if (this.editing) this.editing = { ...this.editing, draft: (e.target as HTMLInputElement).value };
          }}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              this.cancelRename();
            }
          }}
        />
        <button type="submit">Save</button>
        <button type="button" @click=${this.cancelRename}>Cancel</button>
      </form>`;
    }
    const run = r.run;
    return html`<span class="name" data-name>${r.name}</span>
      ${isSoftwareRun(run)
        ? html`<span class="badge" data-fallback title="A software (fallback) adapter: its GPU numbers say nothing about real GPUs."
            >software GPU (fallback)</span
          >`
        : nothing}
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
          @change=${(e: Event) => this.toggle(r.id, (e.target as HTMLInputElement).checked)}
        />
      </td>
      <td data-label="Date"><time datetime=${r.run.startedAt}>${formatDateTime(r.run.startedAt)}</time></td>
      <td>${this.renderName(r)}</td>
      <td data-device data-label="Device">${deviceLabel(r.run)}</td>
      <td data-browser data-label="Browser" title=${runUserAgent(r.run)}>${browserLabel(runUserAgent(r.run))}</td>
      ${HEADLINE_METRICS.map((id) => this.headline(r.run, id))}
      <td>
        <div class="actions">
          <button type="button" data-action="apply" @click=${() => this.apply(r)} aria-label=${`Apply “${r.name}” to the estimator`}>
            Apply to estimator
          </button>
          <button type="button" data-action="rename" @click=${() => this.startRename(r)} aria-label=${`Rename “${r.name}”`}>
            Rename
          </button>
          <button type="button" data-action="delete" @click=${() => this.deleteRecord('run', r.id)} aria-label=${`Delete “${r.name}”`}>
            Delete
          </button>
        </div>
      </td>
    </tr>`;
  }

  private renderRuns(snap: HistorySnapshot) {
    if (snap.runs.length === 0) {
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
            ${HEADLINE_METRICS.map((id) => html`<th scope="col" title=${METRIC_LABELS[id]}>${HEADLINE_HEADINGS[id] ?? METRIC_LABELS[id]}</th>`)}
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${repeat(snap.runs, (r) => r.id, (r) => this.renderRunRow(r))}
        </tbody>
      </table>
    </div>`;
  }

  private renderEstimates(snap: HistorySnapshot) {
    if (snap.estimates.length === 0) return html`<p class="empty muted">No saved estimates.</p>`;
    const runName = new Map(snap.runs.map((r) => [r.id, r.name]));
    return html`<ul class="estimates">
      ${repeat(snap.estimates, (e) => e.id, (e) => {
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
            <button type="button" data-action="delete" @click=${() => this.deleteRecord('estimate', e.id)} aria-label=${`Delete estimate “${e.name}”`}>
              Delete
            </button>
          </span>
        </li>`;
      })}
    </ul>`;
  }

  override render() {
    const snap = this.snapshot;
    if (!snap) return html`<p class="muted" role="status">Loading history…</p>`;
    const byId = new Map(snap.runs.map((r) => [r.id, r]));
    const selectedRuns = this.selected.map((id) => byId.get(id)).filter((r): r is StoredRun => r !== undefined);
    const empty = snap.runs.length === 0 && snap.estimates.length === 0;
    return html`
      ${this.renderStatus(snap)} ${this.renderUnreadable(snap)}
      <div role="status" aria-live="polite">${this.renderMessage()} ${this.renderUndo()}</div>
      <div class="toolbar">
        <button type="button" data-action="export-json" ?disabled=${empty} @click=${() => this.exportJson(false)}>Export all (JSON)</button>
        <button type="button" data-action="export-selected" ?disabled=${selectedRuns.length === 0} @click=${() => this.exportJson(true)}>
          Export selected (JSON)
        </button>
        <button type="button" data-action="export-csv" ?disabled=${snap.runs.length === 0} @click=${this.exportCsv}>Export runs (CSV)</button>
        <span class="import">
          <label for="history-import">Import history (JSON)</label>
          <input id="history-import" type="file" accept=".json,application/json" ?disabled=${this.busy} @change=${this.importFile} />
        </span>
        <button type="button" class="danger" data-action="clear" ?disabled=${empty} @click=${this.askClear}>Clear all…</button>
      </div>
      ${this.renderClearConfirm(snap)}
      <h3>Saved runs</h3>
      ${this.renderRuns(snap)}
      ${snap.runs.length >= 2
        ? html`<h3>Compare</h3>
            ${selectedRuns.length >= 2
              ? html`<history-compare .runs=${selectedRuns}></history-compare>`
              : html`<p class="muted">Tick two or more runs to compare them side by side.</p>`}`
        : nothing}
      <h3>Saved estimates</h3>
      ${this.renderEstimates(snap)}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-panel': HistoryPanel;
  }
}
