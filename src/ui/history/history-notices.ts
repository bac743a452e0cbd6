import { html, nothing } from 'lit';
import { MAX_IMPORT_BYTES, describeImport } from '../../model/history/io.ts';
import type { HistorySnapshot, HistoryStore } from '../../store/history-store.ts';

/** A notice the history panel shows: what happened, and the details (one per rejected record). */
export interface Message {
  tone: 'info' | 'error';
  text: string;
  details: string[];
}

/** Rejection reasons listed after an import; the count says how many more there were. */
const MAX_LISTED_REASONS = 10;

/** Import a history file chosen by the person; what happened, as the panel's message. Never throws. */
export async function importHistoryFile(store: HistoryStore, file: File): Promise<Message> {
  if (file.size > MAX_IMPORT_BYTES) {
    return {
      tone: 'error',
      text: describeImport({
        added: 0,
        duplicates: 0,
        rejected: [],
        error: `The file is too large to be a history export (limit ${MAX_IMPORT_BYTES / 1024 / 1024} MB).`,
      }),
      details: [],
    };
  }
  try {
    const result = await store.importDocument(await file.text());
    const reasons = result.rejected.map((r) => r.reason);
    const details = reasons.slice(0, MAX_LISTED_REASONS);
    if (reasons.length > details.length) details.push(`…and ${reasons.length - details.length} more.`);
    return {
      tone: result.error !== undefined || (result.added === 0 && result.rejected.length > 0) ? 'error' : 'info',
      text: describeImport(result),
      details,
    };
  } catch (err) {
    console.error(err);
    return { tone: 'error', text: 'Nothing was imported: the file could not be read.', details: [] };
  }
}

/** Where history lives: this browser only, or (storage blocked) nowhere after the page closes. */
export function storageStatus(snap: HistorySnapshot) {
  if (snap.status === 'memory') {
    return html`<div class="notice warn" role="status" data-storage="memory">
      <p>
        History will not persist: ${snap.statusReason ?? 'storage is not available.'} Runs and estimates are kept only
        until this page is closed; export them to keep them.
      </p>
    </div>`;
  }
  return html`<p class="storage muted" data-storage="persistent">
    Saved in this browser only (IndexedDB); nothing is uploaded.
  </p>`;
}

/** Records that could not be read: how many, why, and a way to remove them. */
export function unreadableNotice(snap: HistorySnapshot, discard: () => void) {
  const n = snap.unreadable.length;
  if (n === 0) return nothing;
  return html`<div class="notice warn" role="status" data-unreadable=${n}>
    <p>
      ${n === 1 ? '1 record could not be read' : `${n} records could not be read`} and ${n === 1 ? 'is' : 'are'} not
      shown. ${n === 1 ? 'It stays' : 'They stay'} in storage untouched.
    </p>
    <details>
      <summary>Why</summary>
      <ul>
        ${snap.unreadable.map((u) => html`<li><code>${u.key}</code>: ${u.reason}</li>`)}
      </ul>
    </details>
    <button type="button" @click=${discard}>Remove unreadable records</button>
  </div>`;
}
