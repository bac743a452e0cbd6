/**
 * Events the history elements send up to the root, declared once and registered in
 * GlobalEventHandlersEventMap so listeners are typed. All bubble and are composed.
 */
import type { BenchRun } from '../model/bench-run.ts';
import type { SavedEstimate, StoredRun } from '../model/history.ts';

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

declare global {
  interface GlobalEventHandlersEventMap {
    'history-apply-run': HistoryApplyRunEvent;
    'history-open-estimate': HistoryOpenEstimateEvent;
  }
}
