/**
 * The settings of "Which GPU would pay off?" read from the URL's raw text (issue #19): the
 * devices (`gpus=`), the options that change a GPU's answer (`w.tf32`, `w.pinned`,
 * `w.graphs`), the CPU they are compared against (`vs`) and the typed CPU and GPU
 * (`vs.*`, `typed.*`). Every value comes from a link anyone can craft: a bad one is left
 * out or kept at its field with a message, never read as something else, never NaN. The
 * inverse, `compareQuery`, writes only what differs from the defaults unless asked for
 * everything (the shared link). Pure.
 */
import { MAX_RAW_LENGTH, parseField, type NumericLimits, type ParseResult } from '../estimator/fields.ts';
import { displayText } from '../shared/text.ts';
import { CPU_PARAM, GPUS_PARAM, OPTION_PARAMS, type OptionParam } from './compare-params.ts';
import { MAX_COMPARED_GPUS, formatGpuList, parseGpuList, quoteForMessage } from './gpu-list.ts';
import { DEFAULT_ESTIMATE_OPTIONS, type EstimateOptions } from './rates.ts';
import { GPU_IDS } from './registry.ts';

/** A typed CPU: `vs.gflops` (float32 GFLOPS) and `vs.gbps` (memory GB/s). */
export const TYPED_CPU_PARAMS = ['vs.gflops', 'vs.gbps'] as const;
export type TypedCpuParam = (typeof TYPED_CPU_PARAMS)[number];

/** A typed GPU (`gpus=…,typed`): its name and figures. */
export const TYPED_GPU_PARAMS = [
  'typed.name',
  'typed.fp32',
  'typed.tensor',
  'typed.fp64',
  'typed.gbps',
  'typed.mem',
  'typed.link',
  'typed.launch',
] as const;
export type TypedGpuParam = (typeof TYPED_GPU_PARAMS)[number];

/** Ids that name a device other than a catalog GPU. */
export const THIS_MACHINE_ID = 'this-machine';
export const TYPED_GPU_ID = 'typed';
/** Imported Python-probe runs: `probe-` and the first characters of the run's record id. */
export const PROBE_ID_PREFIX = 'probe-';

/** Raw text by URL name, as the link or the form gave it; a missing name means "the default". */
export type CompareRaw = Readonly<Record<string, string>>;

/** Devices shown when the link names none: this machine, then GPUs people most often ask about. */
export const DEFAULT_COMPARED = [THIS_MACHINE_ID, 't4', 'l4', 'a100-80-sxm', 'h100-sxm', 'rtx-4090'] as const;

/** A typed number field: its limits, label and default text. */
export interface TypedFieldSpec extends NumericLimits {
  param: TypedCpuParam | Exclude<TypedGpuParam, 'typed.name'>;
  label: string;
  help: string;
  /** '' for an optional field left empty. */
  defaultRaw: string;
  optional: boolean;
}

const rate = (unit: string, max: number): Omit<NumericLimits, 'unit'> & { unit: string } => ({
  unit,
  min: 0,
  minExclusive: true,
  floor: 1e-6,
  max,
  integer: false,
});

export const TYPED_CPU_FIELDS: readonly TypedFieldSpec[] = [
  {
    param: 'vs.gflops',
    label: 'CPU float32 rate (GFLOPS)',
    help: 'What the CPU code reaches: NumPy’s float32 matmul on that machine, for example.',
    ...rate('GFLOPS', 1e6),
    defaultRaw: '100',
    optional: false,
  },
  {
    param: 'vs.gbps',
    label: 'CPU memory bandwidth (GB/s)',
    help: 'How fast it streams arrays far larger than its caches. Typical: 15 – 100 GB/s.',
    ...rate('GB/s', 1e6),
    defaultRaw: '20',
    optional: false,
  },
];

export const TYPED_GPU_FIELDS: readonly TypedFieldSpec[] = [
  {
    param: 'typed.fp32',
    label: 'FP32 rate (TFLOPS)',
    help: 'Plain float32, not tensor cores. Used as given: type what code reaches, not only the spec sheet’s peak.',
    ...rate('TFLOPS', 1e4),
    defaultRaw: '20',
    optional: false,
  },
  {
    param: 'typed.tensor',
    label: 'Tensor rate, float16 (TFLOPS)',
    help: 'Dense, without sparsity. Empty: the FP32 rate.',
    ...rate('TFLOPS', 1e5),
    defaultRaw: '',
    optional: true,
  },
  {
    param: 'typed.fp64',
    label: 'FP64 rate (TFLOPS)',
    help: 'Empty: 1/32 of FP32, between consumer (1/64) and workstation (1/16) parts.',
    ...rate('TFLOPS', 1e4),
    defaultRaw: '',
    optional: true,
  },
  {
    param: 'typed.gbps',
    label: 'Memory bandwidth (GB/s)',
    help: 'Device memory, as kernels stream it.',
    ...rate('GB/s', 1e5),
    defaultRaw: '500',
    optional: false,
  },
  {
    param: 'typed.mem',
    label: 'Memory size (GB)',
    help: 'Empty: not checked. A workload larger than this gets no time.',
    ...rate('GB', 1e5),
    defaultRaw: '',
    optional: true,
  },
  {
    param: 'typed.link',
    label: 'Host link (GB/s)',
    help: 'Copies to and from the GPU as your code makes them (PCIe 4 × 16 pinned: about 25).',
    ...rate('GB/s', 1e4),
    defaultRaw: '12',
    optional: false,
  },
  {
    param: 'typed.launch',
    label: 'Launch cost (µs)',
    help: 'Per kernel launch, including the framework’s own cost (eager PyTorch: 5 – 10 µs).',
    unit: 'µs',
    min: 0,
    minExclusive: false,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    defaultRaw: '8',
    optional: false,
  },
];

/** Longest typed GPU name kept. */
export const MAX_TYPED_NAME_LENGTH = 40;
export const DEFAULT_TYPED_NAME = 'My GPU';

/** A typed field as read: empty (optional, left out), a value, or a message. */
export type TypedField = { ok: true; value: number | undefined; note?: string } | { ok: false; message: string };

/** The CPU the GPUs are compared against. */
export type CpuPick = { kind: 'answer' } | { kind: 'probe'; id: string } | { kind: 'typed' };

export interface CompareSettings {
  /** Ids to show, in order: catalog ids, `this-machine`, `typed`, `probe-…`. */
  devices: string[];
  /** The link named the devices (`gpus=`); false: the defaults. */
  devicesChosen: boolean;
  /** What was wrong with `gpus=`, one sentence each. */
  deviceMessages: string[];
  options: EstimateOptions;
  /** A bad option value: its message (the option keeps its default). */
  optionMessages: Partial<Record<OptionParam, string>>;
  cpu: CpuPick;
  cpuMessage: string | undefined;
  typedCpu: Record<TypedCpuParam, TypedField>;
  typedGpuName: string;
  typedGpu: Record<Exclude<TypedGpuParam, 'typed.name'>, TypedField>;
}

/** What is known besides the link: the ids of the imported probe runs with a GPU, and with CPU figures. */
export interface CompareContext {
  probeGpuIds: readonly string[];
  probeCpuIds: readonly string[];
}

const FLAG_TRUE = new Set(['1', 'true', 'yes', 'on']);
const FLAG_FALSE = new Set(['0', 'false', 'no', 'off']);

function readFlag(raw: string | undefined): { value: boolean | undefined; bad: boolean } {
  if (raw === undefined) return { value: undefined, bad: false };
  const t = raw.trim().toLowerCase();
  if (FLAG_TRUE.has(t)) return { value: true, bad: false };
  if (FLAG_FALSE.has(t)) return { value: false, bad: false };
  return { value: undefined, bad: true };
}

// C0 and C1 control characters, which never belong in a shown name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A typed GPU name made safe to show: no control or bidi characters, at most MAX_TYPED_NAME_LENGTH. */
export function cleanTypedName(raw: string | undefined): string {
  const t = displayText(raw ?? '')
    .replace(CONTROL, '')
    .trim();
  const chars = [...t].slice(0, MAX_TYPED_NAME_LENGTH).join('');
  return chars === '' ? DEFAULT_TYPED_NAME : chars;
}

function readTyped(spec: TypedFieldSpec, raw: string | undefined): TypedField {
  const text = raw ?? spec.defaultRaw;
  if (spec.optional && text.trim() === '') return { ok: true, value: undefined };
  const r: ParseResult = parseField(spec, text.slice(0, MAX_RAW_LENGTH + 1));
  return r.ok ? { ok: true, value: r.value, ...(r.note ? { note: r.note } : {}) } : r;
}

const OPTION_WORDS: Readonly<Record<OptionParam, { name: string; off: string }>> = {
  'w.tf32': { name: 'TF32', off: 'TF32 stays off, as in PyTorch' },
  'w.pinned': { name: 'pinned memory', off: 'host arrays stay pageable' },
  'w.graphs': { name: 'CUDA graphs', off: 'kernels are launched one by one (eager)' },
};

/** Read every comparison setting from raw text; never throws. */
export function readCompareSettings(raw: CompareRaw, context: CompareContext): CompareSettings {
  const probeGpus = new Set(context.probeGpuIds);
  const accept = (id: string) => id === THIS_MACHINE_ID || id === TYPED_GPU_ID || id.startsWith(PROBE_ID_PREFIX);
  const knownIds = [THIS_MACHINE_ID, TYPED_GPU_ID, ...context.probeGpuIds, ...GPU_IDS];
  const given = raw[GPUS_PARAM];
  let devices: string[];
  const deviceMessages: string[] = [];
  if (given === undefined) {
    devices = [THIS_MACHINE_ID, ...context.probeGpuIds, ...DEFAULT_COMPARED.slice(1)].slice(0, MAX_COMPARED_GPUS);
  } else {
    const parsed = parseGpuList(given, { accept, knownIds });
    deviceMessages.push(...parsed.messages);
    devices = parsed.ids.filter((id) => {
      if (!id.startsWith(PROBE_ID_PREFIX) || probeGpus.has(id)) return true;
      deviceMessages.push(
        `${id} names an imported Python run with a GPU that is not in this browser’s history; it was left out. Import the run in “Measure with Python” to compare it.`,
      );
      return false;
    });
  }

  const options: EstimateOptions = { ...DEFAULT_ESTIMATE_OPTIONS };
  const optionMessages: Partial<Record<OptionParam, string>> = {};
  for (const param of OPTION_PARAMS) {
    const f = readFlag(raw[param]);
    if (f.bad) {
      optionMessages[param] =
        `${param}=${quoteForMessage(raw[param] ?? '')} is not 1 or 0, so ${OPTION_WORDS[param].off}.`;
    }
    const on = f.value ?? false;
    if (param === 'w.tf32') options.tf32 = on;
    else if (param === 'w.pinned') options.hostMemory = on ? 'pinned' : 'pageable';
    else options.launchMode = on ? 'cuda-graphs' : 'eager';
  }

  let cpu: CpuPick = { kind: 'answer' };
  let cpuMessage: string | undefined;
  const vs = raw[CPU_PARAM]?.trim().toLowerCase();
  if (vs === undefined || vs === '' || vs === 'answer') cpu = { kind: 'answer' };
  else if (vs === 'typed') cpu = { kind: 'typed' };
  else if (context.probeCpuIds.includes(vs)) cpu = { kind: 'probe', id: vs };
  else if (vs.startsWith(PROBE_ID_PREFIX) && /^[a-z0-9-]{1,40}$/.test(vs)) {
    cpuMessage = `${vs} names an imported Python run that is not in this browser’s history, so the GPUs are compared with this machine’s CPU as the answer uses it.`;
  } else {
    cpuMessage = `vs=${quoteForMessage(raw[CPU_PARAM] ?? '')} is not a CPU this page knows (answer, typed or an imported run), so the GPUs are compared with this machine’s CPU as the answer uses it.`;
  }

  const typedCpu = Object.fromEntries(TYPED_CPU_FIELDS.map((s) => [s.param, readTyped(s, raw[s.param])])) as Record<
    TypedCpuParam,
    TypedField
  >;
  const typedGpu = Object.fromEntries(TYPED_GPU_FIELDS.map((s) => [s.param, readTyped(s, raw[s.param])])) as Record<
    Exclude<TypedGpuParam, 'typed.name'>,
    TypedField
  >;
  return {
    devices,
    devicesChosen: given !== undefined,
    deviceMessages,
    options,
    optionMessages,
    cpu,
    cpuMessage,
    typedCpu,
    typedGpuName: cleanTypedName(raw['typed.name']),
    typedGpu,
  };
}

/**
 * The comparison's part of a query (without "?"). `all` (the shared link): every setting,
 * so the link reproduces the comparison anywhere. Otherwise (the address bar) only what
 * the person chose: the devices once chosen, options that are on, a CPU other than the
 * answer's, and the typed figures of a typed CPU or GPU in use. Fields keep their raw text
 * (a bad value stays where its message is).
 */
export function compareQuery(settings: CompareSettings, raw: CompareRaw, all: boolean): string {
  const p = new URLSearchParams();
  if (all || settings.devicesChosen) p.set(GPUS_PARAM, formatGpuList(settings.devices));
  const o = settings.options;
  const flags: Record<OptionParam, boolean> = {
    'w.tf32': o.tf32,
    'w.pinned': o.hostMemory === 'pinned',
    'w.graphs': o.launchMode === 'cuda-graphs',
  };
  for (const param of OPTION_PARAMS) if (all || flags[param]) p.set(param, flags[param] ? '1' : '0');
  const cpu = settings.cpu;
  if (all || cpu.kind !== 'answer') p.set(CPU_PARAM, cpu.kind === 'probe' ? cpu.id : cpu.kind);
  if (cpu.kind === 'typed') for (const s of TYPED_CPU_FIELDS) p.set(s.param, (raw[s.param] ?? s.defaultRaw).trim());
  if (settings.devices.includes(TYPED_GPU_ID)) {
    p.set('typed.name', settings.typedGpuName);
    for (const s of TYPED_GPU_FIELDS) {
      const text = (raw[s.param] ?? s.defaultRaw).trim();
      if (text !== '') p.set(s.param, text);
    }
  }
  return p.toString();
}
