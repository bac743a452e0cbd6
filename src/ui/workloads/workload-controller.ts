import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { InputKey } from '../../model/estimator/estimator.ts';
import { readAsNote, type ParseResult } from '../../model/estimator/fields.ts';
import type { HardwareReport } from '../../model/bench/hardware.ts';
import { canRestoreMeasured, fieldSourceNote } from '../../model/estimator/measured.ts';
import type { PythonMachineFigures } from '../../model/python/python-lane.ts';
import type { CpuTier, Metric } from '../../model/bench/metrics.ts';
import {
  MACHINE_FIELDS,
  defaultMachineRaw,
  defaultMachineState,
  f64DefaultNote,
  machineStateFromQuery,
  measuredDtypeRates,
  measuredCurves,
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
import { estimateWorkload } from '../../model/workloads/roofline.ts';
import { DTYPE_PARAM } from '../../model/workloads/specs.ts';
import type { WorkloadId } from '../../model/workloads/types.ts';
import { loadWorkloadKinds, workloadKindsReady } from '../../model/workloads/kinds/index.ts';
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
import { CLASS_FIELDS, withExtraFields } from '../../model/workloads/achievable-fields.ts';
import { workloadCounts } from '../../model/workloads/counts.ts';

/** What the root passes to `<workload-form>` and `<workload-results>`. */
export interface WorkloadRender {
  form: WorkloadForm | undefined;
  validity: ValidatedWorkload | undefined;
  pickError: string | undefined;
  machine: MachineState;
  machineValidity: ValidatedMachine['fields'];
  machineNotes: Partial<Record<MachineFieldKey, string>>;
  /** Per machine field filled by a Python probe run: its badge ("Python: PyTorch"). */
  machineBadges: Partial<Record<MachineFieldKey, string>>;
  /** The results, when a workload is picked and every field it needs is valid. */
  view: WorkloadResultsView | undefined;
  /** What to fix when a workload is picked but nothing can be computed. */
  problem: string;
  /** The rates the view uses and where they came from (issue #13: calibrated or raw measured peaks). */
  rates: RateChoice | undefined;
  /** The raw (uncalibrated) rates: what a verification compares against, so calibration never compounds. */
  rawMachine: MachineRates | undefined;
  /** The workload's speedup with other values in the four classic rate fields (for the measured spread). */
  speedupAt: ((rates: ClassicRates) => number) | undefined;
}

/** The four classic fields the roofline takes its rates from, in their units. */
export type ClassicRates = { cpuGflops: number; gpuTflops: number; transferGBps: number; launchOverheadMs: number };

/** The classic fields the roofline takes its rates from. */
const RATE_KEYS = ['cpuGflops', 'gpuTflops', 'transferGBps', 'launchOverheadMs'] as const;

/** The per-class machine fields (issue #20). */
const CLASS_KEYS: ReadonlySet<MachineFieldKey> = new Set(CLASS_FIELDS.map((f) => f.key));

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
  /** Badge per machine field whose measurement came from a Python probe run. */
  private badges: Partial<Record<MachineFieldKey, string>> = {};
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
    // A shared link carries the per-class figures of the classes this workload runs, not all ten.
    const used = this.usedClassKeys();
    const include = (k: MachineFieldKey) =>
      this.machine.sources[k] === 'manual' || (all && (!CLASS_KEYS.has(k) || used.has(k)));
    // In classic mode the ratio and bandwidths change nothing; only typed ones travel.
    const machine = queryFromMachineState(
      this.machine,
      this.form ? include : (k) => this.machine.sources[k] === 'manual',
    );
    if (machine) parts.push(machine);
    return parts.join('&');
  }

  /** The per-class fields of the kernel classes the picked workload runs (empty while it is invalid). */
  private usedClassKeys(): Set<MachineFieldKey> {
    const w = this.form ? validateWorkloadForm(this.form).workload : undefined;
    if (!w) return new Set();
    const classes = new Set<string>(workloadCounts(w).kernels.map((k) => k.kernelClass));
    return new Set(CLASS_FIELDS.filter((f) => f.perClass && classes.has(f.perClass.kernelClass)).map((f) => f.key));
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

  /**
   * A run's measurements: memory bandwidths into untyped fields (all when `restoreAll`),
   * f64/f16 rates for the roofline. An applied Python probe run's figures (`python`, badge
   * `pythonBadge`) take over where it has them: applying a source fills every field it has
   * a figure for (issue #17).
   */
  applyRun(
    metrics: readonly Metric[] | undefined,
    cpuTier: CpuTier,
    restoreAll: boolean,
    measuredAt = '',
    python?: { figures: PythonMachineFigures; badge: string },
  ): void {
    this.measured = metrics ? measuredMachineFields(metrics, cpuTier) : {};
    this.dtypeRates = metrics
      ? measuredDtypeRates(metrics, cpuTier)
      : { cpuF64Gflops: undefined, gpuF16Tflops: undefined };
    this.badges = {};
    if (python) {
      const f = python.figures;
      for (const key of ['cpuMemGBps', 'gpuMemGBps'] as const) {
        const fig = f[key];
        if (!fig) continue;
        this.measured[key] = { key, value: fig.value, metric: 'python', note: fig.note };
        this.badges[key] = key === 'cpuMemGBps' ? 'Python: NumPy' : python.badge;
      }
      if (f.cpuF64Gflops !== undefined) this.dtypeRates.cpuF64Gflops = f.cpuF64Gflops;
      if (f.gpuF16Tflops !== undefined) this.dtypeRates.gpuF16Tflops = f.gpuF16Tflops;
      // NumPy starts no threads for a small call: its call cost is both of the CPU's (issue #20).
      if (f.cpuCallUs) {
        for (const key of ['cpuCallUs', 'cpuCall1Us'] as const) {
          this.measured[key] = { key, value: f.cpuCallUs.value, metric: 'python', note: f.cpuCallUs.note };
          this.badges[key] = 'Python: NumPy';
        }
      }
      // The browser's kernels' achievable figures say nothing of NumPy's or the framework's kernels.
      for (const spec of CLASS_FIELDS) {
        const side = spec.perClass?.device;
        if ((side === 'cpu' && f.cpuMemGBps) || (side === 'gpu' && f.gpuMemGBps)) delete this.measured[spec.key];
      }
    }
    this.measuredAt = measuredAt;
    this.machine = mergeMachineMeasured(this.machine, this.measured, defaultMachineRaw(this.gpuClass), restoreAll);
    this.host.requestUpdate();
  }

  /** True when a measured machine field no longer holds its measurement (for "Use measured values"). */
  get canRestore(): boolean {
    return canRestoreMeasured(this.measured, this.machine);
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

  /** Set once the kinds' lazily loaded parts (the expression parser) are asked for. */
  private kindsLoading: Promise<void> | undefined;

  /**
   * In workload mode, bring in the kinds' lazily loaded parts (the first paint does not
   * carry the expression parser) and render again once they are in; until then an
   * expression's field says it is loading.
   */
  private ensureKinds(): void {
    if (!this.form || workloadKindsReady() || this.kindsLoading) return;
    this.kindsLoading = loadWorkloadKinds().then(
      () => this.host.requestUpdate(),
      () => {
        // A failed chunk load (offline after the first visit): try again on the next render.
        this.kindsLoading = undefined;
      },
    );
  }

  /** Everything the workload elements need, from the classic fields' parse results. */
  render(classic: Record<InputKey, ParseResult>): WorkloadRender {
    this.ensureKinds();
    const validity = this.form ? typedNotesOnly(validateWorkloadForm(this.form), this.form) : undefined;
    const machineValidity = validateMachineFields(this.machine.raw);
    const machineFields = { ...machineValidity.fields };
    for (const f of MACHINE_FIELDS) {
      const r = machineFields[f.key];
      if (
        r.ok &&
        'value' in r &&
        r.note &&
        !readAsNote(r, this.machine.raw[f.key], this.machine.sources[f.key] === 'manual')
      ) {
        machineFields[f.key] = { ok: true, value: r.value };
      }
    }
    const notes: Partial<Record<MachineFieldKey, string>> = {};
    for (const m of Object.values(this.measured)) {
      notes[m.key] = fieldSourceNote(m, this.machine.sources[m.key], this.measuredAt, m.metric === 'python');
    }
    if (this.machine.sources.gpuF64Ratio !== 'manual') notes.gpuF64Ratio = f64DefaultNote(this.gpuClass);
    const badges: Partial<Record<MachineFieldKey, string>> = {};
    for (const [k, b] of Object.entries(this.badges) as [MachineFieldKey, string][]) {
      if (this.machine.sources[k] === 'measured') badges[k] = b;
    }
    let view: WorkloadResultsView | undefined;
    let rates: RateChoice | undefined;
    let rawMachine: MachineRates | undefined;
    let speedupAt: WorkloadRender['speedupAt'];
    let problem = '';
    if (validity) {
      const bad = RATE_KEYS.filter((k) => !classic[k].ok);
      const machineValues = machineValidity.values;
      if (!validity.workload) problem = 'Fix the workload fields marked above to see the answer.';
      else if (!machineValues) problem = 'Fix the memory bandwidth fields marked under this machine’s numbers.';
      else if (bad.length > 0)
        problem = 'Fix the CPU, GPU, transfer and launch fields marked under this machine’s numbers.';
      else {
        const workload = validity.workload;
        const rate = (k: (typeof RATE_KEYS)[number]) => (classic[k] as { value: number }).value;
        const machineFor = (r: ClassicRates): MachineRates =>
          withExtraFields(
            machineRatesFromFields(r, machineValues, {
              gpuF64PerF32Ratio: machineValues.gpuF64Ratio,
              cpuF64Gflops: this.dtypeRates.cpuF64Gflops,
              gpuF16Tflops: this.dtypeRates.gpuF16Tflops,
              // The cache sweep only while the field holds the measurement it came with (typed: no curve).
              cpuBandwidthCurve:
                this.machine.sources.cpuMemGBps === 'measured' ? this.measured.cpuMemGBps?.curve : undefined,
            }),
            machineValues,
            measuredCurves(this.measured, this.machine.sources),
          );
        const calibration = this.calibrations.get(workload.id);
        const machine = machineFor({
          cpuGflops: rate('cpuGflops'),
          gpuTflops: rate('gpuTflops'),
          transferGBps: rate('transferGBps'),
          launchOverheadMs: rate('launchOverheadMs'),
        });
        rates = chooseRates(machine, calibration, this.useCalibrated);
        rawMachine = machine;
        view = workloadResultsView(workload, rates.rates);
        speedupAt = (r) =>
          estimateWorkload(workload, chooseRates(machineFor(r), calibration, this.useCalibrated).rates).roofline
            .speedup;
      }
    }
    return {
      form: this.form,
      validity,
      pickError: this.pickError,
      machine: this.machine,
      machineValidity: machineFields,
      machineNotes: notes,
      machineBadges: badges,
      view,
      problem,
      rates,
      rawMachine,
      speedupAt,
    };
  }
}

/** A workload field's "Read as …" note only where the text is not the page's own writing of its value. */
function typedNotesOnly(v: ValidatedWorkload, form: WorkloadForm): ValidatedWorkload {
  const fields = { ...v.fields };
  for (const [param, r] of Object.entries(fields)) {
    if (
      r.ok &&
      r.note &&
      typeof r.value === 'number' &&
      !readAsNote({ ok: true, value: r.value, note: r.note }, form.raw[param] ?? '', true)
    ) {
      fields[param] = { ok: true, value: r.value };
    }
  }
  return { ...v, fields };
}
