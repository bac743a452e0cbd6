/**
 * Everything "Which GPU would pay off?" shows, from the URL's raw settings, this machine's
 * answer and the imported probe runs (issue #19): the settings as read with their
 * messages, the devices to pick from (grouped as the picker lists them), the CPUs to
 * compare against, the comparison itself, this machine's warnings and the WebGPU-against-
 * CUDA statement. The page's one entry into the catalog, loaded after the first paint.
 * Pure.
 */
import type { Answer } from '../answer/answer.ts';
import type { InputKey } from '../estimator/estimator.ts';
import type { ValueSource } from '../estimator/measured.ts';
import type { StoredPythonRun } from '../history/records.ts';
import { GPU_F64_RATIO_BY_CLASS, type GpuClass } from '../workloads/precision.ts';
import { formatSi } from '../workloads/present.ts';
import { compareDevicesOn, type CompareResult } from './compare.ts';
import { compareDevices, cpuRatesOf, cpuSide, probeCpus, probeGpus, type ProbeGpu } from './compare-devices.ts';
import {
  THIS_MACHINE_ID,
  TYPED_GPU_ID,
  compareQuery,
  readCompareSettings,
  type CompareRaw,
  type CompareSettings,
} from './compare-url.ts';
import { answerPitfalls, webgpuVsCuda, type BrowserGpu } from './machine-pitfalls.ts';
import { GPU_CATALOG } from './registry.ts';
import type { GpuEntry } from './types.ts';
import type { Pitfall, ThisMachineGpu } from './warnings.ts';

/** One device the picker offers. */
export interface PickerDevice {
  id: string;
  name: string;
  /** "67 TFLOPS FP32 · 80 GB · 3.35 TB/s". */
  detail: string;
}

export interface PickerGroup {
  label: string;
  devices: PickerDevice[];
}

export interface CompareViewInput {
  raw: CompareRaw;
  /** This machine's answer; a custom task has no `view`, and the comparison needs one. */
  answer: Answer | undefined;
  runs: readonly StoredPythonRun[];
  /** Where this machine's figures came from, to label its row as the answer is. */
  thisMachineBasis: ThisMachineFigures;
  gpuClass: GpuClass;
  browser: BrowserGpu;
}

export interface CompareView {
  settings: CompareSettings;
  /** Problems with the link's settings, one sentence each. */
  messages: string[];
  groups: PickerGroup[];
  /** Every pickable device's name by id. */
  names: Record<string, string>;
  cpus: { id: string; label: string }[];
  /** The comparison; undefined with `problem`. */
  result: CompareResult | undefined;
  problem: string;
  /** The devices and options can be chosen: a workload is described (false for a custom task). */
  showControls: boolean;
  webgpu: string;
  /** This machine's warnings, for the answer card. */
  machinePitfalls: Pitfall[];
}

/** "67 TFLOPS FP32 · 80 GB · 3.35 TB/s". */
function entryDetail(g: GpuEntry): string {
  return `${g.fp32.value} TFLOPS FP32 · ${g.memoryGB.value} GB · ${formatSi(g.memoryGBps.value * 1e9, 'B/s')}`;
}

/** The picker's groups, as people look for a GPU: data centre, consumer, AMD, Intel, Apple. */
const GROUPS: readonly { label: string; has: (g: GpuEntry) => boolean }[] = [
  { label: 'Data centre and workstation (NVIDIA)', has: (g) => g.vendor === 'nvidia' && g.segment !== 'consumer' },
  { label: 'Consumer (NVIDIA GeForce)', has: (g) => g.vendor === 'nvidia' && g.segment === 'consumer' },
  { label: 'AMD', has: (g) => g.vendor === 'amd' },
  { label: 'Intel', has: (g) => g.vendor === 'intel' },
  { label: 'Apple', has: (g) => g.vendor === 'apple' },
];

function pickerGroups(gpus: readonly ProbeGpu[], typedName: string): PickerGroup[] {
  const own: PickerDevice[] = [
    { id: THIS_MACHINE_ID, name: 'This machine', detail: 'the GPU the answer is for' },
    ...gpus.map((p) => ({
      id: p.id,
      name: `${p.name} (imported run)`,
      detail: p.measured.label.replace(/^Python probe: /, 'measured: '),
    })),
    { id: TYPED_GPU_ID, name: typedName, detail: 'your own figures' },
  ];
  return [
    { label: 'This machine and your own', devices: own },
    ...GROUPS.map((grp) => ({
      label: grp.label,
      devices: GPU_CATALOG.filter(grp.has).map((g) => ({ id: g.id, name: g.name, detail: entryDetail(g) })),
    })),
  ];
}

/** Where this machine's figures came from: what the answer card and its fields say. */
export interface ThisMachineFigures {
  /** Some measurable input still holds a default value. */
  provisional: boolean;
  sources: Readonly<Record<InputKey, ValueSource>>;
  /** Per field filled by a Python run: its badge ("Python: PyTorch"). */
  badges: Readonly<Partial<Record<InputKey, string>>>;
  /** The GPU figures come from a software adapter. */
  software: boolean;
}

/** The GPU fields a measurement fills: what "this machine's GPU" rests on. */
const GPU_KEYS: readonly InputKey[] = ['gpuTflops', 'transferGBps', 'launchOverheadMs'];

/**
 * What this machine's figures are, in the answer's own terms: default values while it is
 * unmeasured, typed, a Python probe's, or measured in this browser (on a software adapter,
 * said so).
 */
export function thisMachineBasis(f: ThisMachineFigures): string {
  if (f.provisional) return 'default values, not measured yet';
  if (GPU_KEYS.some((k) => f.sources[k] === 'manual')) return 'typed';
  const badge = f.badges.gpuTflops;
  if (badge?.startsWith('Python')) return `measured (${badge})`;
  return f.software
    ? 'measured in this browser, on a software adapter (not a real GPU)'
    : 'measured in this browser (WebGPU)';
}

/** This machine's GPU as the warnings see it. */
function thisMachineGpu(answer: Answer | undefined, gpuClass: GpuClass): ThisMachineGpu {
  return {
    kind: 'this-machine',
    f64PerF32Ratio: answer?.view?.machine.gpuF64PerF32Ratio ?? GPU_F64_RATIO_BY_CLASS[gpuClass].ratio,
    unifiedMemory: gpuClass === 'integrated',
  };
}

/** The settings of `raw` with the imported runs `runs` known. */
function settingsFor(raw: CompareRaw, gpus: readonly ProbeGpu[], cpus: readonly { id: string }[]): CompareSettings {
  return readCompareSettings(raw, { probeGpuIds: gpus.map((g) => g.id), probeCpuIds: cpus.map((c) => c.id) });
}

/** The comparison's part of a link for `raw`, with bad values left out (compareQuery). */
export function compareQueryFor(raw: CompareRaw, runs: readonly StoredPythonRun[], all: boolean): string {
  return compareQuery(settingsFor(raw, probeGpus(runs), probeCpus(runs)), raw, all);
}

/** Everything the section shows. */
export function compareView(input: CompareViewInput): CompareView {
  const gpus = probeGpus(input.runs);
  const cpus = probeCpus(input.runs);
  const settings = settingsFor(input.raw, gpus, cpus);
  const messages = [
    ...settings.deviceMessages,
    ...Object.values(settings.optionMessages),
    ...(settings.cpuMessage ? [settings.cpuMessage] : []),
  ];
  const groups = pickerGroups(gpus, settings.typedGpuName);
  const names = Object.fromEntries(groups.flatMap((g) => g.devices.map((d) => [d.id, d.name])));
  const gpu = thisMachineGpu(input.answer, input.gpuClass);
  const machinePitfalls = input.answer ? answerPitfalls(input.answer, gpu) : [];
  const view = input.answer?.view;
  let result: CompareResult | undefined;
  let problem = '';
  if (!view) {
    problem = input.answer
      ? 'The comparison needs the shape of your code: pick what it does (matmul, elementwise, …) under “What does your code do?”. A custom task is only a count of operations, and a GPU’s time depends on which kernels they are.'
      : 'Fix the fields marked above to see the comparison.';
  } else {
    const cpu = cpuSide(settings, cpuRatesOf(view.machine), cpus);
    if (!cpu) {
      problem = 'Fix the typed CPU’s fields to see the comparison.';
    } else {
      const devices = compareDevices(settings, { name: 'This machine', gpu }, gpus);
      result = compareDevicesOn({
        workload: view.workload,
        machine: view.machine,
        cpu,
        devices,
        options: settings.options,
        thisMachineBasis: thisMachineBasis(input.thisMachineBasis),
      });
    }
  }
  return {
    settings,
    messages,
    groups,
    names,
    cpus: [
      { id: 'answer', label: 'This machine’s CPU, as the answer uses it' },
      ...cpus.map((c) => ({ id: c.id, label: `NumPy: ${c.label}` })),
      { id: 'typed', label: 'A CPU I type in' },
    ],
    result,
    problem,
    showControls: Boolean(view),
    webgpu: webgpuVsCuda(input.browser, gpus),
    machinePitfalls,
  };
}
