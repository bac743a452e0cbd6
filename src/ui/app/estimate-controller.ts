import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { customAnswer, customLabel, workloadAnswer, type Answer } from '../../model/answer/answer.ts';
import type { InputKey } from '../../model/estimator/estimator.ts';
import {
  DEFAULT_RAW,
  FIELDS,
  PRESETS,
  queryFromRaw,
  rawFromInputs,
  rawFromQuery,
  readAsNote,
  validateInputs,
  type ParseResult,
  type RawInputs,
} from '../../model/estimator/fields.ts';
import { readLink } from '../../model/estimator/link.ts';
import {
  canRestoreMeasured,
  fieldSourceNote,
  mergeMeasured,
  speedupRange,
  type LaunchMode,
  type ValueSource,
} from '../../model/estimator/measured.ts';
import type { CpuTier, Metric } from '../../model/bench/metrics.ts';
import type { HardwareReport } from '../../model/bench/hardware.ts';
import type { SavedEstimate } from '../../model/history/records.ts';
import { workloadLabel } from '../../model/workloads/saved.ts';
import { workloadFields, workloadFormFromQuery } from '../../model/workloads/url.ts';
import type { WorkloadId } from '../../model/workloads/types.ts';
import { WorkloadController, type WorkloadRender } from '../workloads/workload-controller.ts';
import type { Lanes } from './python-lane-controller.ts';

/** The classic fields a measurement fills: the machine's rates. */
export const RATE_KEYS = [
  'cpuGflops',
  'gpuTflops',
  'transferGBps',
  'launchOverheadMs',
] as const satisfies readonly InputKey[];
/** The classic fields that describe a custom task: operations, data and launches. */
export const CODE_KEYS = ['totalGigaOps', 'dataGB', 'launchCount'] as const satisfies readonly InputKey[];

function allSources(source: ValueSource): Record<InputKey, ValueSource> {
  return Object.fromEntries(FIELDS.map((f) => [f.key, source])) as Record<InputKey, ValueSource>;
}

/**
 * Another concern's part of the link (issue #19's GPU comparison): the URL names it owns
 * (`w.*` ones are accepted beside any workload), how it reads them from a link and how it
 * writes them into one (every value for the shared link, or only the chosen ones).
 */
export interface LinkPart {
  readonly params: readonly string[];
  load(params: URLSearchParams): void;
  query(all: boolean): string;
}

/** What the page shows, computed once per render from the controller's state. */
export interface EstimateView {
  /** Parse results of the seven fields; notes only where a person typed in a form the page would not write. */
  fields: Record<InputKey, ParseResult>;
  /** The one answer, when everything it needs is valid. */
  answer: Answer | undefined;
  /** What to fix when there is no answer. */
  problem: string;
  /** The code as described, in words (the report's and a saved estimate's label). */
  description: string;
  /** Per classic field filled by a measurement: what it was and when. */
  notes: Partial<Record<InputKey, string>>;
  /** Per classic field whose value is not a plain browser measurement ("Python: NumPy", "calibrated"). */
  badges: Partial<Record<InputKey, string>>;
  /** "Use measured values" has something to put back. */
  canRestore: boolean;
  workload: WorkloadRender;
}

/**
 * The estimate and the URL (issue #17: one controller per concern): how the code is
 * described (a workload, or a custom task in the seed's three fields), the machine's rates
 * with where each came from, the link that carries them, and the one answer computed from
 * them. A link's values count as typed; a run's measurements fill every field that is not;
 * the address bar keeps only what was typed, so a reload re-applies this machine's
 * measurements, while a shared link carries every value.
 */
export class EstimateController implements ReactiveController {
  raw: RawInputs = { ...DEFAULT_RAW };
  sources: Record<InputKey, ValueSource> = allSources('default');
  cpuTier: CpuTier = 'simdAll';
  launchMode: LaunchMode = 'dispatch';
  /** What the last link had that was refused or read differently, for the page to say. */
  linkNotices: string[] = [];
  /** The workload part: the picked workload, its fields, the roofline's machine fields. */
  readonly workload: WorkloadController;
  /** Lanes last applied (for the notes, badges and the measured spread). */
  private lanes: Lanes | undefined;
  private measuredAt = '';
  /** The next keystroke starts a new history entry (after a commit, a pick, a preset or Back). */
  private pushOnNextInput = true;
  private readonly linkParts: LinkPart[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The page's location and history; tests pass fakes. */
    private readonly location: {
      href: () => string;
      push: (url: string) => void;
      replace: (url: string) => void;
    } = {
      href: () => window.location.href,
      push: (url) => window.history.pushState(null, '', url),
      replace: (url) => window.history.replaceState(null, '', url),
    },
  ) {
    host.addController(this);
    this.workload = new WorkloadController(host);
  }

  hostConnected(): void {}

  /** Let `part` read and write its own names in every link (before the first `loadFromUrl`). */
  addLinkPart(part: LinkPart): void {
    this.linkParts.push(part);
  }

  setHardware(report: HardwareReport | undefined): void {
    this.workload.setHardware(report);
  }

  /** Everything from the current URL: fields, workload, machine fields; values in a link count as typed. */
  loadFromUrl(): void {
    const reading = readLink(new URL(this.location.href()).search, (params) => {
      const form = workloadFormFromQuery(params).form;
      const extra = this.linkParts.flatMap((p) => p.params.filter((n) => n.startsWith('w.')));
      return form ? new Set([...workloadFields(form).map((f) => f.param), ...extra]) : undefined;
    });
    this.linkNotices = reading.notices;
    const search = reading.params.toString();
    const { raw, fromUrl } = rawFromQuery(search, DEFAULT_RAW);
    this.raw = raw;
    const sources = allSources('default');
    for (const key of fromUrl) sources[key] = 'manual';
    this.sources = sources;
    this.workload.loadFromQuery(search);
    for (const part of this.linkParts) part.load(reading.params);
    this.pushOnNextInput = true;
    this.refill(false);
    // What was refused leaves the address bar, so a reload or a copied address no longer carries it.
    if (reading.notices.length > 0) this.syncUrl(false);
    this.host.requestUpdate();
  }

  /**
   * A URL for the estimate: every value (`all`, the shared link that reproduces it
   * anywhere) or only the typed ones (the address bar). A custom task's three fields travel
   * only in custom mode; a workload travels as w=… instead.
   */
  link(all: boolean): string {
    const url = new URL(this.location.href());
    const custom = !this.workload.form;
    const classic = queryFromRaw(this.raw, (k) => {
      if (!custom && (CODE_KEYS as readonly InputKey[]).includes(k)) return false;
      return all || this.sources[k] === 'manual';
    });
    url.search = [classic, this.workload.query(all), ...this.linkParts.map((p) => p.query(all))]
      .filter((q) => q !== '')
      .join('&');
    url.hash = '';
    return url.toString();
  }

  /** Put the state into the URL: a new entry for a new edit, replacing while typing. */
  syncUrl(push: boolean): void {
    const url = this.link(false);
    if (url === this.location.href()) return;
    if (push) this.location.push(url);
    else this.location.replace(url);
  }

  /** A classic field's new text (every keystroke): it becomes typed. */
  input(key: InputKey, raw: string): void {
    this.raw = { ...this.raw, [key]: raw };
    this.sources = { ...this.sources, [key]: 'manual' };
    this.linkNotices = [];
    this.syncUrl(this.pushOnNextInput);
    this.pushOnNextInput = false;
    this.host.requestUpdate();
  }

  /** An edit was committed (blur, Enter, a select): the next keystroke starts a new Back step. */
  commit(): void {
    this.pushOnNextInput = true;
  }

  /** The describe picker: a workload, or null for a custom task. */
  pick(id: WorkloadId | null): void {
    this.workload.pick(id);
    this.linkNotices = [];
    this.refill(false);
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  /** A workload or machine field's new text, by URL name. */
  workloadInput(param: string, raw: string): void {
    this.workload.input(param, raw);
    this.linkNotices = [];
    this.syncUrl(this.pushOnNextInput);
    this.pushOnNextInput = false;
  }

  /** One of the seed page's worked examples: a custom task with all seven values typed. */
  preset(id: string): void {
    const preset = PRESETS.find((p) => p.id === id);
    if (!preset) return;
    this.raw = rawFromInputs(preset.inputs);
    this.workload.pick(null);
    this.sources = allSources('manual');
    this.linkNotices = [];
    this.syncUrl(true);
    this.pushOnNextInput = true;
    this.host.requestUpdate();
  }

  /** "Reset Values": the page's defaults everywhere, as the seed page does ("Use measured values" brings the measurements back). */
  reset(): void {
    this.raw = { ...DEFAULT_RAW };
    this.sources = allSources('default');
    this.syncUrl(true);
    this.pushOnNextInput = true;
    this.host.requestUpdate();
  }

  /** A saved estimate: its fields as saved, its workload and machine fields from its query. */
  openSaved(estimate: SavedEstimate): void {
    this.raw = { ...estimate.raw };
    this.sources = { ...estimate.sources };
    // Older records said 'workload' for the fields a workload filled; those are its defaults now.
    for (const k of CODE_KEYS) if (this.sources[k] === 'workload') this.sources[k] = 'default';
    this.workload.loadFromQuery(estimate.workload?.query ?? '');
    this.linkNotices = [];
    this.syncUrl(true);
    this.pushOnNextInput = true;
    this.host.requestUpdate();
  }

  /** The CPU baseline or launch mode changed: the measured fields refill from the same run. */
  choose(cpuTier: CpuTier, launchMode: LaunchMode): void {
    this.cpuTier = cpuTier;
    this.launchMode = launchMode;
  }

  /**
   * The measurements into the fields that are not typed (all of them when `restoreAll`):
   * the four rates from the lanes, the machine fields from the run (and an applied probe run).
   */
  applyMeasured(lanes: Lanes, metrics: readonly Metric[] | undefined, measuredAt: string, restoreAll: boolean): void {
    this.lanes = lanes;
    this.measuredAt = measuredAt;
    const next = mergeMeasured({ raw: this.raw, sources: this.sources }, lanes.fields, DEFAULT_RAW, restoreAll);
    this.raw = next.raw;
    this.sources = next.sources;
    const badge = lanes.badges.gpuTflops ?? lanes.badges.cpuGflops;
    this.workload.applyRun(
      metrics,
      this.cpuTier,
      restoreAll,
      measuredAt,
      lanes.appliedText && badge ? { figures: lanes.machine, badge } : undefined,
    );
    this.host.requestUpdate();
  }

  /** Re-apply the last lanes (after the URL or a reset set fields back to defaults). */
  private refill(restoreAll: boolean): void {
    if (!this.lanes) return;
    const next = mergeMeasured({ raw: this.raw, sources: this.sources }, this.lanes.fields, DEFAULT_RAW, restoreAll);
    this.raw = next.raw;
    this.sources = next.sources;
  }

  /** The lanes last applied: the applied probe run's summary and whether the GPU figures are its. */
  get appliedLanes(): Lanes | undefined {
    return this.lanes;
  }

  /** Every measured rate field holds its measurement (for the first-answer mark). */
  allRatesMeasured(): boolean {
    return RATE_KEYS.every((k) => this.sources[k] === 'measured');
  }

  /** Everything the page shows. */
  view(): EstimateView {
    const validated = validateInputs(this.raw);
    const fields = { ...validated.fields };
    for (const f of FIELDS) {
      const r = fields[f.key];
      if (r.ok && r.note && !readAsNote(r, this.raw[f.key], this.sources[f.key] === 'manual')) {
        fields[f.key] = { ok: true, value: r.value };
      }
    }
    const lanes = this.lanes;
    const measured = lanes?.fields ?? {};
    const notes: Partial<Record<InputKey, string>> = {};
    for (const m of Object.values(measured)) {
      const fromProbe = lanes?.badges[m.key]?.startsWith('Python') ?? false;
      notes[m.key] = fieldSourceNote(m, this.sources[m.key], this.measuredAt, fromProbe);
    }
    const wl = this.workload.render(fields);
    const isMeasured = (k: InputKey) => this.sources[k] === 'measured';
    let answer: Answer | undefined;
    let problem = '';
    let description = '';
    const form = this.workload.form;
    if (!form) {
      const inputs = validated.inputs;
      if (inputs) {
        answer = customAnswer(inputs, speedupRange(inputs, measured, isMeasured));
        description = customLabel(inputs);
      } else {
        problem = 'Fix the fields marked in red to see the answer.';
      }
    } else if (wl.view && wl.speedupAt) {
      const rates = Object.fromEntries(RATE_KEYS.map((k) => [k, (fields[k] as { value: number }).value])) as Record<
        (typeof RATE_KEYS)[number],
        number
      >;
      const at = wl.speedupAt;
      const range = speedupRange({ ...rates, totalGigaOps: 1, dataGB: 0, launchCount: 1 }, measured, isMeasured, (i) =>
        at(i),
      );
      answer = workloadAnswer(wl.view, range);
      description = workloadLabel(wl.view.workload);
    } else {
      problem = wl.problem;
    }
    return {
      fields,
      answer,
      problem,
      description,
      notes,
      badges: lanes?.badges ?? {},
      canRestore: this.workload.canRestore || canRestoreMeasured(measured, { raw: this.raw, sources: this.sources }),
      workload: wl,
    };
  }
}
