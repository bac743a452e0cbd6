import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { InputKey } from '../../model/estimator/estimator.ts';
import { DEFAULT_RAW, rawFromNumber, type ParseResult } from '../../model/estimator/fields.ts';
import type { HardwareReport } from '../../model/bench/hardware.ts';
import type { FieldState } from '../../model/estimator/measured.ts';
import type { CpuTier, Metric } from '../../model/bench/metrics.ts';
import { mergeWorkloadFields } from '../../model/workloads/classic.ts';
import { workloadCounts, type WorkloadCounts } from '../../model/workloads/counts.ts';
import {
  MACHINE_FIELDS,
  defaultMachineRaw,
  defaultMachineState,
  f64DefaultNote,
  machineStateFromQuery,
  measuredDtypeRates,
  measuredMachineFields,
  mergeMachineMeasured,
  queryFromMachineState,
  validateMachineFields,
  type MachineFieldKey,
  type MachineState,
  type MeasuredMachineField,
  type ValidatedMachine,
} from '../../model/workloads/machine.ts';
import {
  gpuClassFromAdapter,
  machineRatesFromFields,
  type GpuClass,
  type MachineRates,
} from '../../model/workloads/precision.ts';
import { DTYPE_PARAM } from '../../model/workloads/specs.ts';
import type { WorkloadId } from '../../model/workloads/types.ts';
import {
  defaultWorkloadForm,
  queryFromWorkloadForm,
  validateWorkloadForm,
  workloadFormFromQuery,
  type ValidatedWorkload,
  type WorkloadForm,
} from '../../model/workloads/url.ts';
import { workloadLabel, type SavedWorkload } from '../../model/workloads/saved.ts';
import { workloadResultsView, type WorkloadResultsView } from '../../model/workloads/view.ts';
import { chooseRates, type Calibration, type RateChoice } from '../../model/workloads/calibrated.ts';

/** What the root passes to `<workload-form>` and `<workload-results>`. */
export interface WorkloadRender {
  form: WorkloadForm | undefined;
  validity: ValidatedWorkload | undefined;
  pickError: string | undefined;
  machine: MachineState;
  machineValidity: ValidatedMachine['fields'];
  machineNotes: Partial<Record<MachineFieldKey, string>>;
  /** The results, when a workload is picked and every field it needs is valid. */
  view: WorkloadResultsView | undefined;
  /** What to fix when a workload is picked but nothing can be computed. */
  problem: string;
  /** The rates the view uses and where they came from (issue #13: calibrated or raw measured peaks). */
  rates: RateChoice | undefined;
  /** The raw (uncalibrated) rates: what a verification compares against, so calibration never compounds. */
  rawMachine: MachineRates | undefined;
}

/** The classic fields the roofline takes its rates from. */
const RATE_KEYS = ['cpuGflops', 'gpuTflops', 'transferGBps', 'launchOverheadMs'] as const;

/**
 * The workload part of the root's state (issue #12): the picked workload and its fields'
 * text, the machine fields (memory bandwidths, float64 ratio) with their sources, and the
 * adapter class that picks the ratio's default. The root owns it (a controller on the
 * root, so the root stays the one owner of app state) and calls it from its URL, bench
 * and event handlers; everything it computes comes from src/model/workloads/.
 */
export class WorkloadController implements ReactiveController {
  /** Undefined: classic mode. */
  form: WorkloadForm | undefined;
  pickError: string | undefined;
  gpuClass: GpuClass = 'unknown';
  machine: MachineState = defaultMachineState('unknown');
  private measured: Partial<Record<MachineFieldKey, MeasuredMachineField>> = {};
  private dtypeRates: ReturnType<typeof measuredDtypeRates> = { cpuF64Gflops: undefined, gpuF16Tflops: undefined };
  private measuredAt = '';
  /** Per workload kind, efficiencies from the verifications saved on this machine (issue #13). */
  private calibrations: ReadonlyMap<WorkloadId, Calibration> = new Map();
  /** Use calibrated rates when this workload kind has verifications here; false: raw measured peaks. */
  useCalibrated = true;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The adapter decides the float64 ratio's default (a data-centre GPU has full float64 units). */
  setHardware(report: HardwareReport | undefined): void {
    const gpu = report?.gpu;
    this.gpuClass = gpu && gpu.available ? gpuClassFromAdapter(gpu) : 'unknown';
    this.machine = mergeMachineMeasured(this.machine, this.measured, defaultMachineRaw(this.gpuClass), false);
    this.host.requestUpdate();
  }

  /** Everything from a query string (`w`, `w.*`, `cpuMem`, `gpuMem`, `gpuF64`); absent fields take defaults. */
  loadFromQuery(search: string): void {
    const params = new URLSearchParams(search);
    const w = workloadFormFromQuery(params);
    this.form = w.form;
    this.pickError = w.error;
    const base = mergeMachineMeasured(
      defaultMachineState(this.gpuClass),
      this.measured,
      defaultMachineRaw(this.gpuClass),
      true,
    );
    this.machine = machineStateFromQuery(params, base);
    this.host.requestUpdate();
  }

  /**
   * The query for the address bar (`all` false: the workload, and only machine fields the
   * user typed, so a reload re-applies this machine's measurements) or for a shared link
   * (`all`: every machine field too, so the link reproduces the numbers anywhere).
   */
  query(all: boolean): string {
    const parts: string[] = [];
    if (this.form) parts.push(queryFromWorkloadForm(this.form));
    const include = (k: MachineFieldKey) => all || this.machine.sources[k] === 'manual';
    // In classic mode the ratio and bandwidths change nothing; only typed ones travel.
    const machine = queryFromMachineState(
      this.machine,
      this.form ? include : (k) => this.machine.sources[k] === 'manual',
    );
    if (machine) parts.push(machine);
    return parts.join('&');
  }

  /** A pick in the picker: a fresh form at the workload's defaults, keeping the data type; null is classic mode. */
  pick(id: WorkloadId | null): void {
    this.pickError = undefined;
    if (id === null) {
      this.form = undefined;
    } else {
      const dtype = this.form?.raw[DTYPE_PARAM.param];
      const form = defaultWorkloadForm(id);
      if (dtype !== undefined) form.raw[DTYPE_PARAM.param] = dtype;
      this.form = form;
    }
    this.host.requestUpdate();
  }

  /** A field's new text, by URL name: a workload field or a machine field (which becomes typed). */
  input(param: string, raw: string): void {
    const machineField = MACHINE_FIELDS.find((f) => f.param === param);
    if (machineField) {
      this.machine = {
        raw: { ...this.machine.raw, [machineField.key]: raw },
        sources: { ...this.machine.sources, [machineField.key]: 'manual' },
      };
    } else if (this.form) {
      this.form = { ...this.form, raw: { ...this.form.raw, [param]: raw } };
    }
    this.host.requestUpdate();
  }

  /** A run's measurements: memory bandwidths into untyped fields (all when `restoreAll`), f64/f16 rates for the roofline. */
  applyRun(metrics: readonly Metric[] | undefined, cpuTier: CpuTier, restoreAll: boolean, measuredAt = ''): void {
    this.measured = metrics ? measuredMachineFields(metrics, cpuTier) : {};
    this.dtypeRates = metrics
      ? measuredDtypeRates(metrics, cpuTier)
      : { cpuF64Gflops: undefined, gpuF16Tflops: undefined };
    this.measuredAt = measuredAt;
    this.machine = mergeMachineMeasured(this.machine, this.measured, defaultMachineRaw(this.gpuClass), restoreAll);
    this.host.requestUpdate();
  }

  /** True when a measured machine field no longer holds its measurement (for "Use measured values"). */
  get canRestore(): boolean {
    return Object.values(this.measured).some(
      (m) => this.machine.sources[m.key] !== 'measured' || this.machine.raw[m.key] !== rawFromNumber(m.value),
    );
  }

  /** The counts of the current workload, when every field is valid. */
  counts(): WorkloadCounts | undefined {
    if (!this.form) return undefined;
    const w = validateWorkloadForm(this.form).workload;
    return w ? workloadCounts(w) : undefined;
  }

  /**
   * The classic fields with the workload's FLOPs, host bytes and launches filled in (source
   * `workload`), or emptied of them in classic mode; unchanged while a field is invalid.
   */
  fill(state: FieldState): FieldState {
    if (!this.form) return mergeWorkloadFields(state, undefined, DEFAULT_RAW);
    const counts = this.counts();
    return counts ? mergeWorkloadFields(state, counts, DEFAULT_RAW) : state;
  }

  /**
   * What a saved estimate keeps of the workload: the shared link's query (workload and
   * every machine field) and the roofline's answer; nothing in classic mode or while a
   * field is invalid.
   */
  saved(classic: Record<InputKey, ParseResult>): { workload?: SavedWorkload } {
    const view = this.render(classic).view;
    if (!view) return {};
    const r = view.estimate.roofline;
    return {
      workload: {
        query: this.query(true),
        label: workloadLabel(view.workload),
        cpuSeconds: r.cpu.totalSeconds,
        gpuSeconds: r.gpu.totalSeconds,
        speedup: r.speedup,
      },
    };
  }

  /** Calibrations from the history's verifications made here (`calibrationsFromHistory`; issue #13). */
  setCalibrations(calibrations: ReadonlyMap<WorkloadId, Calibration>): void {
    this.calibrations = calibrations;
  }

  /** Everything the workload elements need, from the classic fields' parse results. */
  render(classic: Record<InputKey, ParseResult>): WorkloadRender {
    const validity = this.form ? validateWorkloadForm(this.form) : undefined;
    const machineValidity = validateMachineFields(this.machine.raw);
    const notes: Partial<Record<MachineFieldKey, string>> = {};
    for (const m of Object.values(this.measured)) {
      notes[m.key] =
        this.machine.sources[m.key] === 'measured'
          ? `Measured${this.measuredAt ? ` ${this.measuredAt}` : ''}: ${m.note}.`
          : `Measured value: ${rawFromNumber(m.value)}.`;
    }
    if (this.machine.sources.gpuF64Ratio !== 'manual') notes.gpuF64Ratio = f64DefaultNote(this.gpuClass);
    let view: WorkloadResultsView | undefined;
    let rates: RateChoice | undefined;
    let rawMachine: MachineRates | undefined;
    let problem = '';
    if (validity) {
      const bad = RATE_KEYS.filter((k) => !classic[k].ok);
      if (!validity.workload) problem = 'Fix the workload fields marked above to see the roofline estimate.';
      else if (!machineValidity.values) problem = 'Fix the memory bandwidth fields marked above.';
      else if (bad.length > 0) problem = 'Fix the CPU, GPU, transfer and launch fields marked below.';
      else {
        const rate = (k: (typeof RATE_KEYS)[number]) => (classic[k] as { value: number }).value;
        const machine = machineRatesFromFields(
          {
            cpuGflops: rate('cpuGflops'),
            gpuTflops: rate('gpuTflops'),
            transferGBps: rate('transferGBps'),
            launchOverheadMs: rate('launchOverheadMs'),
          },
          machineValidity.values,
          {
            gpuF64PerF32Ratio: machineValidity.values.gpuF64Ratio,
            cpuF64Gflops: this.dtypeRates.cpuF64Gflops,
            gpuF16Tflops: this.dtypeRates.gpuF16Tflops,
            // The cache sweep only while the field holds the measurement it came with (typed: no curve).
            cpuBandwidthCurve:
              this.machine.sources.cpuMemGBps === 'measured' ? this.measured.cpuMemGBps?.curve : undefined,
          },
        );
        rates = chooseRates(machine, this.calibrations.get(validity.workload.id), this.useCalibrated);
        rawMachine = machine;
        view = workloadResultsView(validity.workload, rates.rates);
      }
    }
    return {
      form: this.form,
      validity,
      pickError: this.pickError,
      machine: this.machine,
      machineValidity: machineValidity.fields,
      machineNotes: notes,
      view,
      problem,
      rates,
      rawMachine,
    };
  }
}
