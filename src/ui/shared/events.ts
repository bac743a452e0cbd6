/**
 * Every custom event the page's elements send, declared once with its detail and added to
 * GlobalEventHandlersEventMap (so `@name=${…}` handlers and addEventListener are typed),
 * and the one helper that dispatches them: `emit`.
 *
 * Two kinds, decided here by name rather than at each call:
 * - Public events go up to the root (and out of the page's shadow roots): they bubble and
 *   are composed.
 * - Requests go from an element's parts to the element that owns the state and the side
 *   effects (e.g. the history lists to `<history-panel>`): they neither bubble nor leave
 *   the sender's shadow root, so they never reach anyone else.
 */
import type { BenchRun } from '../../model/bench/bench-run.ts';
import type { InputKey } from '../../model/estimator/estimator.ts';
import type { HistoryRecord, SavedEstimate, StoredPythonRun, StoredRun } from '../../model/history/records.ts';
import type { CalibrationFactor } from '../../model/python/calibration.ts';
import type { LaunchMode } from '../../model/estimator/measured.ts';
import type { CpuTier } from '../../model/bench/metrics.ts';
import type { BenchProfile, BenchProgress } from '../../bench/types.ts';
import type { WorkloadId } from '../../model/workloads/types.ts';
import type { VerifyResult } from '../../bench/workloads/verify.ts';

// --- the estimator -----------------------------------------------------------------------

export interface FieldInputDetail {
  key: InputKey;
  raw: string;
}

export interface PresetDetail {
  id: string;
}

// --- the workload (issue #12) -------------------------------------------------------------

/** A workload was picked in "What does your code do?"; `null` is classic mode (the seven fields only). */
export interface WorkloadPickDetail {
  id: WorkloadId | null;
}

/**
 * A workload or machine field changed: `param` is its URL name (`w.m`, `w.dtype`,
 * `cpuMem`, `gpuMem`, `gpuF64`), `raw` its text (`1` / `0` for a checkbox).
 */
export interface WorkloadFieldDetail {
  param: string;
  raw: string;
}

/** A verification run's result: prediction, measurement and (after a sweep) the measured crossover. */
export interface WorkloadVerifiedDetail {
  result: VerifyResult;
}

/** Which rates the workload estimate uses: this machine's calibrated rates, or the raw measured peaks. */
export interface WorkloadRatesDetail {
  calibrated: boolean;
}

// --- the benchmark -------------------------------------------------------------------------

export interface BenchStartDetail {
  profile: BenchProfile;
}

export interface BenchCompleteDetail {
  run: BenchRun;
}

export interface MeasureChoiceDetail {
  cpuTier: CpuTier;
  launchMode: LaunchMode;
}

// --- the history -----------------------------------------------------------------------------

export interface HistoryApplyRunDetail {
  /** The run's measurements, as the bench produced them. */
  run: BenchRun;
  /** The stored record (id, name, savedAt) the run came from. */
  record: StoredRun;
}

export interface HistoryOpenEstimateDetail {
  estimate: SavedEstimate;
}

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

/** `<history-rename>` submitted a name; its list answers through `done`. */
export interface RenameSubmitDetail {
  name: string;
  done: (result: HistoryRenameResult) => void;
}

// --- the Python lane (issue #14) -----------------------------------------------------------

/** "Use in estimator" on an imported probe run; `record: null` stops using it. */
export interface PythonApplyRunDetail {
  record: StoredPythonRun | null;
}

/** The calibration box: the factors browser-only estimates should use, or null for none. */
export interface PythonCalibrateDetail {
  factors: readonly CalibrationFactor[] | null;
}

// --- which GPU would pay off (issue #19) ----------------------------------------------------

/**
 * A setting of the GPU comparison changed, by URL name (`gpus`, `w.tf32`, `vs`,
 * `typed.fp32`, …): its new raw text, or null for its default. `commit`: a point for Back
 * (a pick, a checkbox, a blur), false while typing.
 */
export interface GpuCompareChangeDetail {
  patch: Readonly<Record<string, string | null>>;
  commit: boolean;
}

/** Every public event: name → detail. */
export interface PublicEventDetails {
  /** A field's text changed (every keystroke). */
  'field-input': FieldInputDetail;
  /** A field's edit was committed (blur or Enter): a point for the back button. */
  'field-commit': FieldInputDetail;
  'preset-select': PresetDetail;
  'reset-values': null;
  /** "Save estimate" on the answer card. */
  'answer-save': null;
  /** The workload picker changed. */
  'workload-pick': WorkloadPickDetail;
  /** A workload or machine field's text changed (every keystroke). */
  'workload-field-input': WorkloadFieldDetail;
  /** A workload or machine field's edit was committed (blur, Enter, a select or checkbox): a point for Back. */
  'workload-field-commit': WorkloadFieldDetail;
  /** A benchmark run started. */
  'bench-start': BenchStartDetail;
  /** Progress of the running benchmark (fraction 0..1 and step name). */
  'bench-progress': BenchProgress;
  /** A run ended (completed, failed or cancelled); detail.run is the whole document. */
  'bench-complete': BenchCompleteDetail;
  /** The CPU tier or launch mode changed. */
  'measure-choice': MeasureChoiceDetail;
  /** "Use measured values": put every measured value back into its field. */
  'use-measured': null;
  /** "Re-measure" / "Measure this machine". */
  'measure-start': null;
  /** "Cancel" during a run. */
  'measure-cancel': null;
  /** "Apply to estimator" on a saved run. */
  'history-apply-run': HistoryApplyRunDetail;
  /** "Open" on a saved estimate. */
  'history-open-estimate': HistoryOpenEstimateDetail;
  /** "Run this workload" finished with a validated measurement (issue #13). */
  'workload-verified': WorkloadVerifiedDetail;
  /** "Use raw measured peaks" / "Use calibrated rates" on the workload estimate (issue #13). */
  'workload-rates': WorkloadRatesDetail;
  /** "Use in estimator" / "Stop using" on a Python-lane run (issue #14). */
  'python-apply-run': PythonApplyRunDetail;
  /** Calibration from the Python lane turned on (with its factors) or off. */
  'python-calibrate': PythonCalibrateDetail;
  /** A setting of "Which GPU would pay off?" changed. */
  'gpu-compare-change': GpuCompareChangeDetail;
}

/** Every request: name → detail. */
export interface RequestEventDetails {
  'history-select-run': HistorySelectRunDetail;
  'history-rename': HistoryRenameDetail;
  'history-delete-record': HistoryDeleteRecordDetail;
  'history-export': HistoryExportDetail;
  'history-import': HistoryImportDetail;
  /** "Delete everything" after the confirmation. */
  'history-clear-all': null;
  'rename-submit': RenameSubmitDetail;
  'rename-cancel': null;
}

/** The requests, by name: `emit` keeps these from bubbling. */
const REQUESTS: Readonly<Record<keyof RequestEventDetails, true>> = {
  'history-select-run': true,
  'history-rename': true,
  'history-delete-record': true,
  'history-export': true,
  'history-import': true,
  'history-clear-all': true,
  'rename-submit': true,
  'rename-cancel': true,
};

export type AppEventDetails = PublicEventDetails & RequestEventDetails;
export type AppEventName = keyof AppEventDetails;
/** The event of a given name, e.g. `AppEvent<'field-input'>`. */
export type AppEvent<K extends AppEventName> = CustomEvent<AppEventDetails[K]>;
type AppEventMap = { [K in AppEventName]: AppEvent<K> };

export type FieldInputEvent = AppEvent<'field-input'>;
export type FieldCommitEvent = AppEvent<'field-commit'>;
export type PresetSelectEvent = AppEvent<'preset-select'>;
export type ResetValuesEvent = AppEvent<'reset-values'>;
export type WorkloadPickEvent = AppEvent<'workload-pick'>;
export type WorkloadFieldInputEvent = AppEvent<'workload-field-input'>;
export type WorkloadFieldCommitEvent = AppEvent<'workload-field-commit'>;
export type BenchStartEvent = AppEvent<'bench-start'>;
export type BenchProgressEvent = AppEvent<'bench-progress'>;
export type BenchCompleteEvent = AppEvent<'bench-complete'>;
export type MeasureChoiceEvent = AppEvent<'measure-choice'>;
export type WorkloadVerifiedEvent = AppEvent<'workload-verified'>;
export type WorkloadRatesEvent = AppEvent<'workload-rates'>;
export type HistoryApplyRunEvent = AppEvent<'history-apply-run'>;
export type PythonApplyRunEvent = AppEvent<'python-apply-run'>;
export type PythonCalibrateEvent = AppEvent<'python-calibrate'>;
export type HistoryOpenEstimateEvent = AppEvent<'history-open-estimate'>;
export type HistorySelectRunEvent = AppEvent<'history-select-run'>;
export type HistoryRenameEvent = AppEvent<'history-rename'>;
export type HistoryDeleteRecordEvent = AppEvent<'history-delete-record'>;
export type HistoryExportEvent = AppEvent<'history-export'>;
export type HistoryImportEvent = AppEvent<'history-import'>;
export type HistoryClearAllEvent = AppEvent<'history-clear-all'>;
export type RenameSubmitEvent = AppEvent<'rename-submit'>;
export type GpuCompareChangeEvent = AppEvent<'gpu-compare-change'>;

/**
 * Dispatch one of the declared events from `target`: a public event bubbles out of shadow
 * roots, a request stays with the element that listens on the sender.
 */
export function emit<K extends AppEventName>(target: EventTarget, type: K, detail: AppEventDetails[K]): void {
  const request = Object.prototype.hasOwnProperty.call(REQUESTS, type);
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: !request, composed: !request }));
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the map above into the DOM's
  interface GlobalEventHandlersEventMap extends AppEventMap {}
}
