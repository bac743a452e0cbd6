/**
 * Calibration between the two lanes (issue #14): on a machine with both a browser run
 * and a Python-lane run, how far the Python stack reaches beyond what the browser
 * measured (NumPy sgemm ÷ Wasm all-core SIMD, PyTorch launch ÷ WebGPU dispatch, pinned
 * host→device ÷ browser upload), and browser-only fields scaled by those factors.
 * Pure: no DOM.
 */
import type { InputKey } from '../estimator/estimator.ts';
import type { MeasuredField } from '../estimator/measured.ts';
import { headlineValue, metricLabel, okMetricIn, type Metric, type MetricId } from '../bench/metrics.ts';
import { PY_FRAMEWORK_LABELS, okPyMetric, type PyMetricId, type PythonProbeDocument } from './python-probe.ts';
import type { LaneFields } from './python-lane.ts';

export type CalibrationId = 'cpu' | 'launch' | 'transfer';

/** One factor: the Python value over the browser value of the same quantity. */
export interface CalibrationFactor {
  id: CalibrationId;
  /** "NumPy sgemm ÷ Wasm SIMD, all cores". */
  label: string;
  python: { metric: PyMetricId; value: number; unit: string };
  browser: { metric: MetricId; value: number; unit: string };
  /**
   * What to multiply the browser's field by to get the Python stack's: for rates the
   * ratio python ÷ browser; for costs too (a launch costing 0.2× as long).
   */
  factor: number;
  /** The estimator field the factor scales, and the browser metric that field must come from. */
  field: InputKey;
}

interface Pair {
  id: CalibrationId;
  label: (framework: string) => string;
  python: PyMetricId;
  browser: MetricId;
  field: InputKey;
}

const PAIRS: readonly Pair[] = [
  {
    id: 'cpu',
    label: () => 'NumPy sgemm ÷ Wasm SIMD, all cores',
    python: 'py.cpu.matmul.f32.gflops',
    browser: 'cpu.simdAll.gflops',
    field: 'cpuGflops',
  },
  {
    id: 'launch',
    label: (fw) => `${fw} launch ÷ WebGPU dispatch`,
    python: 'py.gpu.launch.us',
    browser: 'gpu.dispatch.us',
    field: 'launchOverheadMs',
  },
  {
    id: 'transfer',
    label: () => 'Pinned host→device ÷ browser upload',
    python: 'py.gpu.upload.pinned.gbps',
    browser: 'gpu.upload.gbps',
    field: 'transferGBps',
  },
];

/**
 * The factors both runs allow, in the order cpu, launch, transfer. A pair is left out
 * when either side did not measure it (no GPU framework in Python, no WebGPU) or when a
 * value is zero.
 */
export function calibrationFactors(browser: readonly Metric[], probe: PythonProbeDocument): CalibrationFactor[] {
  const framework = probe.primaryFramework ? PY_FRAMEWORK_LABELS[probe.primaryFramework] : 'Python';
  const out: CalibrationFactor[] = [];
  for (const p of PAIRS) {
    const py = okPyMetric(probe, p.python);
    const br = okMetricIn(browser, p.browser);
    if (!py || !br) continue;
    const pv = py.value;
    const bv = headlineValue(br);
    if (!(pv > 0) || !(bv > 0)) continue;
    out.push({
      id: p.id,
      label: p.label(framework),
      python: { metric: p.python, value: pv, unit: py.unit },
      browser: { metric: p.browser, value: bv, unit: br.unit },
      factor: pv / bv,
      field: p.field,
    });
  }
  return out;
}

/** "3.4×", "0.21×": a factor for people. */
export function formatFactor(factor: number): string {
  return `${Number(factor.toPrecision(factor >= 10 ? 3 : 2))}×`;
}

/**
 * Browser-measured fields scaled by the factors: a field is calibrated only when it was
 * filled from the metric its factor was measured against (the all-core SIMD tier, the
 * queued-dispatch launch cost, the upload bandwidth). Badge 'calibrated'.
 */
export function calibrateFields(
  fields: Partial<Record<InputKey, MeasuredField>>,
  factors: readonly CalibrationFactor[],
): LaneFields {
  const out: Partial<Record<InputKey, MeasuredField>> = { ...fields };
  const badges: Partial<Record<InputKey, string>> = {};
  for (const f of factors) {
    const m = fields[f.field];
    if (!m || m.metric !== f.browser.metric) continue;
    out[f.field] = {
      ...m,
      value: Number((m.value * f.factor).toPrecision(4)),
      low: m.low * f.factor,
      high: m.high * f.factor,
      note: `Calibrated: the browser's ${metricLabel(f.browser.metric)} × ${formatFactor(f.factor)} (${f.label}, from the Python probe on this machine). ${m.note}`,
    };
    badges[f.field] = 'calibrated';
  }
  return { fields: out, badges };
}

/**
 * What the estimator uses: the browser's fields; over them the Python-lane run's where it
 * is applied (those win); else, when calibration is on, the browser's fields scaled.
 */
export function combineLanes(
  browser: Partial<Record<InputKey, MeasuredField>>,
  python: LaneFields | undefined,
  factors: readonly CalibrationFactor[] | undefined,
): LaneFields {
  if (python) {
    return { fields: { ...browser, ...python.fields }, badges: { ...python.badges } };
  }
  if (factors && factors.length > 0) return calibrateFields(browser, factors);
  return { fields: { ...browser }, badges: {} };
}
