import type { ReportRate } from '../../model/answer/report.ts';
import type { InputKey } from '../../model/estimator/estimator.ts';
import { fieldSpec } from '../../model/estimator/fields.ts';
import type { ValueSource } from '../../model/estimator/measured.ts';
import { MACHINE_FIELDS } from '../../model/workloads/machine.ts';
import { SOURCE_LABEL } from '../shared/number-field.ts';
import { RATE_KEYS, type EstimateController, type EstimateView } from './estimate-controller.ts';

/** "measured (Python: NumPy)", "typed", "default". */
function sourceWords(source: ValueSource, badge: string | undefined): string {
  if (source === 'measured' && badge) return `measured (${badge})`;
  return SOURCE_LABEL[source];
}

/**
 * The rates the answer used, each with where it came from, for the copied report: the
 * four classic rates always; for a workload also the memory bandwidths, and the float64
 * ratio when the code is float64.
 */
export function reportRates(e: EstimateController, view: EstimateView, f64: boolean): ReportRate[] {
  const out: ReportRate[] = RATE_KEYS.map((k: InputKey) => {
    const spec = fieldSpec(k);
    return {
      name: spec.label,
      value: e.raw[k].trim(),
      source: sourceWords(e.sources[k], view.badges[k]),
    };
  });
  if (!e.workload.form) return out;
  const m = view.workload.machine;
  for (const f of MACHINE_FIELDS) {
    if (f.key === 'gpuF64Ratio' && !f64) continue;
    out.push({
      name: f.label,
      value: m.raw[f.key].trim(),
      source: sourceWords(m.sources[f.key], view.workload.machineBadges[f.key]),
    });
  }
  return out;
}
