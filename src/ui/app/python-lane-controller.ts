import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { InputKey } from '../../model/estimator/estimator.ts';
import { measuredFields, type LaunchMode } from '../../model/estimator/measured.ts';
import type { CpuTier, Metric } from '../../model/bench/metrics.ts';
import type { StoredPythonRun } from '../../model/history/records.ts';
import type { CalibrationFactor } from '../../model/python/calibration.ts';
import type { LaneFields, PythonMachineFigures } from '../../model/python/python-lane.ts';
import type { WorkloadId } from '../../model/workloads/types.ts';

type LaneModule = typeof import('../../model/python/lane-module.ts');

/** Which measurements fill which field: the CPU tier, the launch mode, and the code (memory- or compute-bound CPU work). */
export interface LaneChoice {
  cpuTier: CpuTier;
  launchMode: LaunchMode;
  workloadId: WorkloadId | undefined;
}

/** Everything the lanes give the fields: the classic four, the machine figures, badges, and what was left alone. */
export interface Lanes extends LaneFields {
  /** The applied probe run's machine figures (memory bandwidths, float64/float16 rates). */
  machine: PythonMachineFigures;
  /** The GPU fields come from a probe run (so a software adapter in this browser no longer speaks for them). */
  gpuFromPython: boolean;
  /** After "Use in estimator": which fields the probe run filled and which it left alone, in a sentence. */
  appliedText: string;
}

/** Field names for the "filled / left alone" sentence. */
const FIELD_WORDS: Readonly<Record<InputKey | keyof PythonMachineFigures | 'gpuF64Ratio', string>> = {
  cpuGflops: 'the CPU rate',
  gpuTflops: 'the GPU rate',
  transferGBps: 'the transfer rate',
  launchOverheadMs: 'the launch overhead',
  totalGigaOps: 'the task size',
  dataGB: 'the data size',
  launchCount: 'the launch count',
  cpuMemGBps: 'CPU memory bandwidth',
  gpuMemGBps: 'GPU memory bandwidth',
  cpuF64Gflops: 'the CPU float64 rate',
  gpuF16Tflops: 'the GPU float16 rate',
  cpuCallUs: 'the CPU call cost',
  gpuF64Ratio: 'the GPU float64 ratio',
};

/**
 * The Python lane in the estimate (issue #14, #17): the probe run applied with "Use in
 * estimator" (its figures win over the browser's), or the calibration factors that scale
 * browser-only figures. Combines them with the browser run's fields for the estimate.
 */
export class PythonLaneController implements ReactiveController {
  /** The probe run the estimate takes its rates from, when one is applied. */
  pyRun: StoredPythonRun | undefined;
  /** Calibration factors browser-only estimates use, when the person turned them on. */
  calibration: readonly CalibrationFactor[] | undefined;
  /** The lane's model, loaded the first time a probe run or calibration is used. */
  private lane: LaneModule | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<LaneModule> = () => import('../../model/python/lane-module.ts'),
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** "Use in estimator" on a probe run (null: stop using it); resolves once `lanes` uses it. */
  async apply(record: StoredPythonRun | null): Promise<void> {
    if (record) this.lane ??= await this.load();
    this.pyRun = record ?? undefined;
    this.host.requestUpdate();
  }

  /** Calibration on (with its factors) or off; resolves once `lanes` uses it. */
  async calibrate(factors: readonly CalibrationFactor[] | null): Promise<void> {
    if (factors) this.lane ??= await this.load();
    this.calibration = factors ?? undefined;
    this.host.requestUpdate();
  }

  /** The browser run's fields, with an applied probe run's over them (or calibrated), and their badges. */
  lanes(metrics: readonly Metric[], choice: LaneChoice): Lanes {
    const browser = measuredFields(metrics, { cpuTier: choice.cpuTier, launchMode: choice.launchMode });
    const lane = this.lane;
    if (!lane) return { fields: browser, badges: {}, machine: {}, gpuFromPython: false, appliedText: '' };
    const doc = this.pyRun?.probe;
    const python = doc
      ? lane.pythonFields(doc, { cpuWork: lane.cpuWorkFor(choice.workloadId), launchMode: choice.launchMode })
      : undefined;
    const combined = lane.combineLanes(browser, python, this.calibration);
    if (!doc || !python) return { ...combined, machine: {}, gpuFromPython: false, appliedText: '' };
    const machine = lane.pythonMachineFigures(doc);
    const keys = ['cpuGflops', 'gpuTflops', 'transferGBps', 'launchOverheadMs'] as const;
    const extra = ['cpuMemGBps', 'gpuMemGBps', 'cpuF64Gflops', 'gpuF16Tflops'] as const;
    const filled = [...keys.filter((k) => python.fields[k]), ...extra.filter((k) => machine[k] !== undefined)].map(
      (k) => FIELD_WORDS[k],
    );
    const leftAlone = [
      ...keys.filter((k) => !python.fields[k]),
      ...extra.filter((k) => machine[k] === undefined),
      'gpuF64Ratio' as const,
    ].map((k) => FIELD_WORDS[k]);
    return {
      ...combined,
      machine,
      gpuFromPython: python.fields.gpuTflops !== undefined,
      appliedText: lane.laneAppliedText(filled, leftAlone),
    };
  }
}
