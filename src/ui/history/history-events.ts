/**
 * Events of the history elements, declared once and registered in
 * GlobalEventHandlersEventMap so listeners are typed.
 *
 * Two kinds:
 * - Public events that `<history-panel>` sends to the root: they bubble and are composed.
 * - Requests that the panel's parts (toolbar, run list, estimate list) send to the panel,
 *   which owns the store and every side effect: they neither bubble nor leave the
 *   panel's shadow root (see `request`).
 */
import type { BenchRun } from '../../model/bench-run.ts';
import type { HistoryRecord, SavedEstimate, StoredRun } from '../../model/history/history.ts';

export interface HistoryApplyRunDetail {
  /** The run's measurements, as the bench produced them. */
  run: BenchRun;
  /** The stored record (id, name, savedAt) the run came from. */
  record: StoredRun;
}

export interface HistoryOpenEstimateDetail {
  estimate: SavedEstimate;
}

/** "Apply to estimator" on a saved run. */
export type HistoryApplyRunEvent = CustomEvent<HistoryApplyRunDetail>;
/** "Open" on a saved estimate. */
export type HistoryOpenEstimateEvent = CustomEvent<HistoryOpenEstimateDetail>;

// --- requests from the panel's parts to the panel ---------------------------------------

/** A run's "Compare" box was ticked or cleared. */
export interface HistorySelectRunDetail {
  id: string;
  selected: boolean;
}

/** What the panel answers a rename with: saved, or why not (shown at the name field). */
export type HistoryRenameResult = { saved: true } | { saved: false; reason: string };

/**
 * A new name for a run or a saved estimate was submitted. The panel saves it and calls
 * `done`, so the row leaves edit mode only then (a callback in the detail, as in the Lit
 * context protocol); a refusal carries its reason for the field.
 */
export interface HistoryRenameDetail {
  kind: HistoryRecord['kind'];
  id: string;
  name: string;
  done: (result: HistoryRenameResult) => void;
}

/** "Delete" on a run or a saved estimate. */
export interface HistoryDeleteRecordDetail {
  kind: HistoryRecord['kind'];
  id: string;
}

/** One of the export buttons. */
export interface HistoryExportDetail {
  format: 'json' | 'csv';
  /** JSON only: just the runs ticked for comparison. */
  selectedOnly: boolean;
}

/** A file was chosen to import; the panel calls `done` when the import is over. */
export interface HistoryImportDetail {
  file: File;
  done: () => void;
}

export type HistorySelectRunEvent = CustomEvent<HistorySelectRunDetail>;
export type HistoryRenameEvent = CustomEvent<HistoryRenameDetail>;
export type HistoryDeleteRecordEvent = CustomEvent<HistoryDeleteRecordDetail>;
export type HistoryExportEvent = CustomEvent<HistoryExportDetail>;
export type HistoryImportEvent = CustomEvent<HistoryImportDetail>;
/** "Delete everything" after the confirmation. */
export type HistoryClearAllEvent = CustomEvent<null>;

/** Send a request to the owning element: it does not bubble, so it never leaves the panel. */
export function request<T>(target: EventTarget, type: string, detail: T): void {
  target.dispatchEvent(new CustomEvent<T>(type, { detail }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    'history-apply-run': HistoryApplyRunEvent;
    'history-open-estimate': HistoryOpenEstimateEvent;
    'history-select-run': HistorySelectRunEvent;
    'history-rename': HistoryRenameEvent;
    'history-delete-record': HistoryDeleteRecordEvent;
    'history-export': HistoryExportEvent;
    'history-import': HistoryImportEvent;
    'history-clear-all': HistoryClearAllEvent;
  }
}
