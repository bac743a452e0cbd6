/**
 * Events sent by <bench-panel>, declared once and registered in
 * GlobalEventHandlersEventMap so listeners are typed. All bubble and are composed.
 */
import type { BenchRun } from '../../model/bench-run.ts';
import type { BenchProfile, BenchProgress } from '../../bench/types.ts';

export interface BenchStartDetail {
  profile: BenchProfile;
}
export interface BenchCompleteDetail {
  run: BenchRun;
}

export type BenchStartEvent = CustomEvent<BenchStartDetail>;
export type BenchProgressEvent = CustomEvent<BenchProgress>;
export type BenchCompleteEvent = CustomEvent<BenchCompleteDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    /** A benchmark run started. */
    'bench-start': BenchStartEvent;
    /** Progress of the running benchmark (fraction 0..1 and step name). */
    'bench-progress': BenchProgressEvent;
    /** A run ended (completed, failed or cancelled); detail.run is the whole document. */
    'bench-complete': BenchCompleteEvent;
  }
}
