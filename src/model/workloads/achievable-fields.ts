/**
 * The machine fields issue #20 adds beside the memory bandwidths (machine.ts): the CPU's
 * cost per parallel call, the copies' latencies and readback rate (the path the workload
 * runs use), and per kernel class and device the achieved share of the roof and the fixed
 * cost per launch. Each is one entry of the machine-field registry, with a URL name, so a
 * link carries it and "This machine's numbers" shows it with its source. The per-class
 * ones and the readback rate may be blank: blank is the model as before (the roof; the
 * launch overhead or the call cost per launch; the transfer rate). Pure.
 */
import type { NumericLimits } from '../estimator/fields.ts';
import {
  ACHIEVABLE_CLASSES,
  ACHIEVABLE_CLASS_LABELS,
  type AchievableClass,
  type AchievableDevice,
  type ClassCurves,
  type ClassFigures,
} from './achievable.ts';
import type { CopyCurves } from './copy-curve.ts';
import type { MachineRates } from './precision.ts';

/** A per-class field: `<device>.<class>.eff` (share of the roof, %) or `.us` (fixed cost per launch, µs). */
export type ClassFieldKey = `${AchievableDevice}.${AchievableClass}.${'eff' | 'us'}`;

/** The fields that always hold a number. */
export type ExtraRequiredKey = 'cpuCallUs' | 'cpuCall1Us' | 'uploadLatencyMs' | 'readbackLatencyMs';
/** The fields that may be blank. */
export type ExtraOptionalKey = 'readbackGBps' | ClassFieldKey;

export interface ExtraFieldSpec extends NumericLimits {
  key: ExtraRequiredKey | ExtraOptionalKey;
  param: string;
  label: string;
  help: string;
  /** Blank allowed; the words say what blank means (shown as the placeholder). */
  blank?: string;
  /** Per-class fields: drawn as one table, not as a field each. */
  perClass?: { device: AchievableDevice; kernelClass: AchievableClass; part: 'eff' | 'us' };
  /** The default text (blank for the optional ones). */
  defaultRaw: string;
}

const time = (unit: string, max: number) => ({
  unit,
  min: 0,
  minExclusive: false,
  floor: 1e-9,
  max,
  integer: false,
});

/** CPU call cost, copy latencies, readback rate: regular fields. */
export const COPY_AND_CALL_FIELDS: readonly ExtraFieldSpec[] = [
  {
    key: 'cpuCallUs',
    param: 'cpuCall',
    label: 'CPU cost per parallel call (µs)',
    help: 'Fixed cost of starting one parallel CPU call, paid once per kernel: waking the worker threads (Wasm: tens to hundreds of µs), or one NumPy call (1 – 10 µs).',
    ...time('µs', 1e6),
    defaultRaw: '0',
  },
  {
    key: 'cpuCall1Us',
    param: 'cpuCall1',
    label: 'CPU cost per call on one core (µs)',
    help: 'Fixed cost of a kernel too small to split across cores (one row, a few values): it runs on one core and wakes no others.',
    ...time('µs', 1e6),
    defaultRaw: '0',
  },
  {
    key: 'uploadLatencyMs',
    param: 'upLat',
    label: 'Upload latency (ms)',
    help: 'Fixed cost of one copy to the GPU, besides its bytes ÷ the transfer rate: a queue round trip. Typical: 0.01 – 0.5 ms.',
    ...time('ms', 1e6),
    defaultRaw: '0',
  },
  {
    key: 'readbackGBps',
    param: 'back',
    label: 'Readback rate (GPU → CPU, GB/s)',
    help: 'Bandwidth of copies back from the GPU. Blank: the transfer rate.',
    unit: 'GB/s',
    min: 0,
    minExclusive: true,
    floor: 1e-6,
    max: 1e6,
    integer: false,
    blank: 'as the transfer rate',
    defaultRaw: '',
  },
  {
    key: 'readbackLatencyMs',
    param: 'backLat',
    label: 'Readback latency (ms)',
    help: 'Fixed cost of one copy back from the GPU (a mapAsync round trip), besides its bytes ÷ the readback rate.',
    ...time('ms', 1e6),
    defaultRaw: '0',
  },
];

/** The per-class fields, device by device and class by class. */
export const CLASS_FIELDS: readonly ExtraFieldSpec[] = (['cpu', 'gpu'] as const).flatMap((device) =>
  ACHIEVABLE_CLASSES.flatMap((kernelClass): ExtraFieldSpec[] => {
    const dev = device === 'gpu' ? 'GPU' : 'CPU';
    const what = ACHIEVABLE_CLASS_LABELS[kernelClass];
    return [
      {
        key: `${device}.${kernelClass}.eff`,
        param: `${device}.${kernelClass}.eff`,
        label: `${dev} ${what}: share of the roof (%)`,
        help: `How much of the ${dev}'s roofline (its peak FLOPS or bandwidth, whichever binds) ${what} kernels reach. Blank: all of it.`,
        unit: '%',
        min: 0,
        minExclusive: true,
        floor: 1e-6,
        // Above 100 % means the peaks understate what this kind of kernel gets (a cache, a faster unit).
        max: 1e4,
        integer: false,
        blank: 'the peak',
        perClass: { device, kernelClass, part: 'eff' },
        defaultRaw: '',
      },
      {
        key: `${device}.${kernelClass}.us`,
        param: `${device}.${kernelClass}.us`,
        label: `${dev} ${what}: fixed cost per launch (µs)`,
        help: `Time one ${what} kernel takes besides its work on the ${dev}. Blank: ${device === 'gpu' ? 'the launch overhead' : 'the CPU call cost'}.`,
        ...time('µs', 1e9),
        blank: device === 'gpu' ? 'launch overhead' : 'call cost',
        perClass: { device, kernelClass, part: 'us' },
        defaultRaw: '',
      },
    ];
  }),
);

/** Every field of this file, in form order. */
export const EXTRA_MACHINE_FIELDS: readonly ExtraFieldSpec[] = [...COPY_AND_CALL_FIELDS, ...CLASS_FIELDS];

/** The class field for one device, class and part. */
export function classFieldKey(
  device: AchievableDevice,
  kernelClass: AchievableClass,
  part: 'eff' | 'us',
): ClassFieldKey {
  return `${device}.${kernelClass}.${part}`;
}

/** The values of these fields, in their field units; blank optional ones absent. */
export type ExtraValues = Record<ExtraRequiredKey, number> & Partial<Record<ExtraOptionalKey, number>>;

/**
 * Machine rates with these fields applied: copy latencies and readback, the call cost, the
 * class figures, and with a class's figures the curve its run measured, and the copies'
 * curves (`curves`: only those whose figures still hold that run's values).
 */
export function withExtraFields(
  rates: MachineRates,
  v: ExtraValues,
  curves?: { classes?: ClassCurves; copies?: CopyCurves },
): MachineRates {
  const achievable: { [D in AchievableDevice]: Partial<Record<AchievableClass, ClassFigures>> } = { cpu: {}, gpu: {} };
  for (const device of ['cpu', 'gpu'] as const) {
    for (const kernelClass of ACHIEVABLE_CLASSES) {
      const eff = v[classFieldKey(device, kernelClass, 'eff')];
      const us = v[classFieldKey(device, kernelClass, 'us')];
      if (eff === undefined && us === undefined) continue;
      const curve = curves?.classes?.[device]?.[kernelClass];
      achievable[device][kernelClass] = {
        ...(eff !== undefined ? { efficiency: eff / 100 } : {}),
        ...(us !== undefined ? { fixedSeconds: us / 1e6 } : {}),
        ...(curve && curve.length > 0 ? { curve } : {}),
      };
    }
  }
  const hasFigures = Object.keys(achievable.cpu).length + Object.keys(achievable.gpu).length > 0;
  return {
    ...rates,
    cpuCallSeconds: v.cpuCallUs / 1e6,
    cpuSerialCallSeconds: v.cpuCall1Us / 1e6,
    uploadLatencySeconds: v.uploadLatencyMs / 1e3,
    readbackLatencySeconds: v.readbackLatencyMs / 1e3,
    readbackBytesPerSecond: v.readbackGBps !== undefined ? v.readbackGBps * 1e9 : undefined,
    achievable: hasFigures ? achievable : undefined,
    copyCurves: curves?.copies,
  };
}
