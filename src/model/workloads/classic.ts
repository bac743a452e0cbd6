/**
 * A workload fills three of the seven classic fields (issue #12): total operations, data
 * size and launch count, with the source `workload` ("from workload" on the page), the way
 * a measurement fills the rate fields. A value the user typed is never overwritten; a
 * field still marked `workload` goes back to its default when the page returns to
 * classic mode. Pure.
 */
import type { InputKey } from '../estimator/estimator.ts';
import { rawFromNumber, type RawInputs } from '../estimator/fields.ts';
import type { FieldState } from '../estimator/measured.ts';
import { classicFieldsFromCounts, type WorkloadCounts } from './counts.ts';

/** The classic fields a workload fills, in form order. */
export const WORKLOAD_FILLED_KEYS = ['totalGigaOps', 'dataGB', 'launchCount'] as const satisfies readonly InputKey[];

/**
 * Fill the classic fields from `counts` (undefined: classic mode, the workload's fields go
 * back to `defaults`). Fields the user typed keep their text.
 */
export function mergeWorkloadFields(
  state: FieldState,
  counts: WorkloadCounts | undefined,
  defaults: Readonly<RawInputs>,
): FieldState {
  const raw = { ...state.raw };
  const sources = { ...state.sources };
  if (counts) {
    const values = classicFieldsFromCounts(counts);
    for (const key of WORKLOAD_FILLED_KEYS) {
      if (sources[key] === 'manual') continue;
      raw[key] = rawFromNumber(values[key]);
      sources[key] = 'workload';
    }
  } else {
    for (const key of WORKLOAD_FILLED_KEYS) {
      if (sources[key] !== 'workload') continue;
      raw[key] = defaults[key];
      sources[key] = 'default';
    }
  }
  return { raw, sources };
}
