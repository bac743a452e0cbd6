/**
 * The devices and CPUs "Which GPU would pay off?" can compare (issue #19), built from what
 * the page has: catalog entries, imported Python-probe runs (a GPU they measured, matched
 * to its catalog entry where the name says which; NumPy's CPU figures), a typed GPU and a
 * typed CPU. Each is a plain description the comparison (compare.ts) computes with. Pure.
 */
import type { StoredPythonRun } from '../history/records.ts';
import { describeCpuStack, okPyMetric, type PythonProbeDocument } from '../python/python-probe.ts';
import { displayText } from '../shared/text.ts';
import { GPU_F64_RATIO_BY_CLASS, type MachineRates } from '../workloads/precision.ts';
import {
  PROBE_ID_PREFIX,
  THIS_MACHINE_ID,
  TYPED_GPU_ID,
  type CompareSettings,
  type TypedField,
} from './compare-url.ts';
import { catalogEntryForDeviceName } from './match.ts';
import { hasMeasuredFigures, measuredGpuRatesFromProbe, type MeasuredGpuRates } from './measured.ts';
import { gpuById } from './registry.ts';
import type { GpuEntry } from './types.ts';
import type { ThisMachineGpu } from './warnings.ts';

/** The CPU figures a comparison needs: what the roofline's CPU side divides by. */
export type CpuRates = Pick<
  MachineRates,
  'cpuF32FlopsPerSecond' | 'cpuF64FlopsPerSecond' | 'cpuMemoryBytesPerSecond' | 'cpuBandwidthCurve'
>;

/** The GPU figures the roofline's GPU side divides by. */
export type GpuRates = Omit<MachineRates, keyof CpuRates>;

/** The CPU every GPU is compared against. */
export interface CpuSide {
  /** `answer`, `typed`, or a probe id. */
  id: string;
  kind: 'answer' | 'probe' | 'typed';
  /** "This machine’s CPU, as the answer uses it", "NumPy 2.4 · OpenBLAS · 8 threads (Python probe of …)". */
  label: string;
  rates: CpuRates;
}

/**
 * A device to compare:
 * - `this-machine`: the GPU the answer is for, at the answer's rates;
 * - `catalog`: a catalog entry, rated × typical efficiency, or with a probe run's measured
 *   figures (`probe` names the run);
 * - `rates`: a GPU known only by its figures — typed, or measured by a probe run whose GPU
 *   the catalog does not have — computed with the roofline, as this machine is;
 * - `invalid`: a device that cannot be computed, and why (a typed field is wrong).
 */
export type CompareDevice =
  | { kind: 'this-machine'; id: string; name: string; gpu: ThisMachineGpu }
  | { kind: 'catalog'; id: string; name: string; gpu: GpuEntry; measured?: MeasuredGpuRates; probe?: ProbeGpu }
  | {
      kind: 'rates';
      id: string;
      name: string;
      origin: 'typed' | 'probe';
      rates: GpuRates;
      gpu: ThisMachineGpu;
      /** "as typed", "measured (Python probe: …)". */
      basisText: string;
    }
  | { kind: 'invalid'; id: string; name: string; message: string };

/** A GPU an imported probe run measured. */
export interface ProbeGpu {
  id: string;
  /** The device name the framework reported, made safe to show. */
  name: string;
  measured: MeasuredGpuRates;
  /** Its catalog entry, when the name says which. */
  entry: GpuEntry | undefined;
  savedAt: string;
  doc: PythonProbeDocument;
}

/** An imported probe run's NumPy: a CPU to compare against. */
export interface ProbeCpu {
  id: string;
  label: string;
  rates: CpuRates;
  savedAt: string;
}

/**
 * The comparison's id of a probe run: `probe-` and the first 8 letters and digits of its
 * record id (a UUID's first group), longer where two runs would share it.
 */
export function probeIds(runs: readonly Pick<StoredPythonRun, 'id'>[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const r of runs) {
    const letters = r.id.toLowerCase().replace(/[^a-z0-9]/g, '');
    let len = 8;
    let id = `${PROBE_ID_PREFIX}${letters.slice(0, len)}`;
    while (used.has(id) && len < letters.length && len < 24) id = `${PROBE_ID_PREFIX}${letters.slice(0, ++len)}`;
    if (letters === '' || used.has(id)) continue;
    used.add(id);
    out.set(r.id, id);
  }
  return out;
}

/** The GPUs the imported probe runs measured, newest first. */
export function probeGpus(runs: readonly StoredPythonRun[]): ProbeGpu[] {
  const ids = probeIds(runs);
  const out: ProbeGpu[] = [];
  for (const r of [...runs].sort((a, b) => b.savedAt.localeCompare(a.savedAt))) {
    const id = ids.get(r.id);
    const measured = measuredGpuRatesFromProbe(r.probe);
    if (!id || !r.probe.device || !measured || !hasMeasuredFigures(measured)) continue;
    const name = displayText(r.probe.device.name).trim().slice(0, 80) || 'GPU';
    out.push({ id, name, measured, entry: catalogEntryForDeviceName(name), savedAt: r.savedAt, doc: r.probe });
  }
  return out;
}

/** The CPUs (NumPy) the imported probe runs measured, newest first: those with a float32 matmul and a streaming rate. */
export function probeCpus(runs: readonly StoredPythonRun[]): ProbeCpu[] {
  const ids = probeIds(runs);
  const out: ProbeCpu[] = [];
  for (const r of [...runs].sort((a, b) => b.savedAt.localeCompare(a.savedAt))) {
    const id = ids.get(r.id);
    const doc = r.probe;
    const f32 = okPyMetric(doc, 'py.cpu.matmul.f32.gflops');
    const stream = okPyMetric(doc, 'py.cpu.elementwise.gbps');
    if (!id || !f32 || !stream || !(f32.best > 0) || !(stream.best > 0)) continue;
    const f64 = okPyMetric(doc, 'py.cpu.matmul.f64.gflops');
    const model = displayText(doc.stack.cpu.model).trim().slice(0, 60);
    const when = new Date(r.savedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
    out.push({
      id,
      label: `${describeCpuStack(doc)}${model ? ` on ${model}` : ''} (Python probe, imported ${when})`,
      rates: {
        cpuF32FlopsPerSecond: f32.best * 1e9,
        cpuF64FlopsPerSecond: f64 && f64.best > 0 ? f64.best * 1e9 : undefined,
        cpuMemoryBytesPerSecond: stream.best * 1e9,
        cpuBandwidthCurve: undefined,
      },
      savedAt: r.savedAt,
    });
  }
  return out;
}

/** The CPU side the settings pick: the answer's, a probe run's NumPy, or the typed figures (undefined while one is wrong). */
export function cpuSide(
  settings: Pick<CompareSettings, 'cpu' | 'typedCpu'>,
  answerCpu: CpuRates,
  cpus: readonly ProbeCpu[],
): CpuSide | undefined {
  const pick = settings.cpu;
  if (pick.kind === 'probe') {
    const c = cpus.find((x) => x.id === pick.id);
    if (c) return { id: c.id, kind: 'probe', label: c.label, rates: c.rates };
  }
  if (pick.kind === 'typed') {
    const g = settings.typedCpu['vs.gflops'];
    const b = settings.typedCpu['vs.gbps'];
    if (!g.ok || !b.ok || g.value === undefined || b.value === undefined) return undefined;
    return {
      id: 'typed',
      kind: 'typed',
      label: `A typed CPU: ${g.value} GFLOPS float32, ${b.value} GB/s memory`,
      rates: {
        cpuF32FlopsPerSecond: g.value * 1e9,
        cpuF64FlopsPerSecond: undefined,
        cpuMemoryBytesPerSecond: b.value * 1e9,
        cpuBandwidthCurve: undefined,
      },
    };
  }
  return { id: 'answer', kind: 'answer', label: 'This machine’s CPU, as the answer uses it', rates: answerCpu };
}

/** The CPU half of `machine`. */
export function cpuRatesOf(machine: MachineRates): CpuRates {
  return {
    cpuF32FlopsPerSecond: machine.cpuF32FlopsPerSecond,
    cpuF64FlopsPerSecond: machine.cpuF64FlopsPerSecond,
    cpuMemoryBytesPerSecond: machine.cpuMemoryBytesPerSecond,
    cpuBandwidthCurve: machine.cpuBandwidthCurve,
  };
}

const value = (f: TypedField): number | undefined => (f.ok ? f.value : undefined);

/** The typed GPU as a device, or `invalid` with the fields to fix. */
export function typedDevice(settings: Pick<CompareSettings, 'typedGpu' | 'typedGpuName'>): CompareDevice {
  const t = settings.typedGpu;
  const name = settings.typedGpuName;
  const bad = Object.entries(t).filter(([, f]) => !f.ok);
  const fp32 = value(t['typed.fp32']);
  const gbps = value(t['typed.gbps']);
  const link = value(t['typed.link']);
  const launch = value(t['typed.launch']);
  if (bad.length > 0 || fp32 === undefined || gbps === undefined || link === undefined || launch === undefined) {
    return {
      kind: 'invalid',
      id: TYPED_GPU_ID,
      name,
      message: 'Fix the typed GPU’s fields marked below to see its row.',
    };
  }
  const tensor = value(t['typed.tensor']);
  const fp64 = value(t['typed.fp64']);
  const mem = value(t['typed.mem']);
  const ratio = fp64 !== undefined ? Math.min(1, fp64 / fp32) : GPU_F64_RATIO_BY_CLASS.unknown.ratio;
  return {
    kind: 'rates',
    id: TYPED_GPU_ID,
    name,
    origin: 'typed',
    rates: {
      gpuF32FlopsPerSecond: fp32 * 1e12,
      gpuF16FlopsPerSecond: tensor !== undefined ? tensor * 1e12 : undefined,
      gpuF64PerF32Ratio: ratio,
      gpuMemoryBytesPerSecond: gbps * 1e9,
      transferBytesPerSecond: link * 1e9,
      launchOverheadSeconds: launch * 1e-6,
    },
    gpu: {
      kind: 'this-machine',
      f64PerF32Ratio: ratio,
      unifiedMemory: false,
      ...(mem !== undefined ? { memoryBytes: mem * 1e9 } : {}),
    },
    basisText: 'typed: your figures, used as given',
  };
}

/**
 * A probe GPU the catalog does not have, from its measured figures alone: the float32
 * matmul rate, device bandwidth, pageable (or pinned) upload and the launch cost. Without
 * those four it cannot be computed, and says which are missing.
 */
export function probeRatesDevice(p: ProbeGpu, pinned: boolean): CompareDevice {
  const m = p.measured;
  const upload = pinned
    ? (m.uploadPinnedBytesPerSecond ?? m.uploadPageableBytesPerSecond)
    : m.uploadPageableBytesPerSecond;
  const missing = [
    m.matmulF32FlopsPerSecond === undefined ? 'the float32 matmul rate' : '',
    m.deviceBytesPerSecond === undefined ? 'device memory bandwidth' : '',
    upload === undefined ? 'the upload rate' : '',
    m.launchSeconds === undefined ? 'the launch cost' : '',
  ].filter((x) => x !== '');
  const name = `${p.name} (imported run)`;
  if (
    missing.length > 0 ||
    m.matmulF32FlopsPerSecond === undefined ||
    m.deviceBytesPerSecond === undefined ||
    upload === undefined ||
    m.launchSeconds === undefined
  ) {
    return {
      kind: 'invalid',
      id: p.id,
      name,
      message: `The catalog has no entry for “${p.name}”, and the run did not measure ${missing.join(', ')}: no estimate without it.`,
    };
  }
  const ratio = GPU_F64_RATIO_BY_CLASS.unknown.ratio;
  return {
    kind: 'rates',
    id: p.id,
    name,
    origin: 'probe',
    rates: {
      gpuF32FlopsPerSecond: m.matmulF32FlopsPerSecond,
      gpuF16FlopsPerSecond: m.matmulF16FlopsPerSecond,
      gpuF64PerF32Ratio: ratio,
      gpuMemoryBytesPerSecond: m.deviceBytesPerSecond,
      transferBytesPerSecond: upload,
      launchOverheadSeconds: m.launchSeconds,
    },
    gpu: { kind: 'this-machine', f64PerF32Ratio: ratio, unifiedMemory: p.doc.device?.backend === 'mps' },
    basisText: `measured (${m.label})`,
  };
}

/** The devices of `settings`, in its order, from what the page has. */
export function compareDevices(
  settings: Pick<CompareSettings, 'devices' | 'typedGpu' | 'typedGpuName' | 'options'>,
  thisMachine: { name: string; gpu: ThisMachineGpu },
  gpus: readonly ProbeGpu[],
): CompareDevice[] {
  const out: CompareDevice[] = [];
  for (const id of settings.devices) {
    if (id === THIS_MACHINE_ID) out.push({ kind: 'this-machine', id, name: thisMachine.name, gpu: thisMachine.gpu });
    else if (id === TYPED_GPU_ID) out.push(typedDevice(settings));
    else if (id.startsWith(PROBE_ID_PREFIX)) {
      const p = gpus.find((g) => g.id === id);
      if (!p) continue;
      if (p.entry) {
        out.push({
          kind: 'catalog',
          id,
          name: `${p.name} (imported run)`,
          gpu: p.entry,
          measured: p.measured,
          probe: p,
        });
      } else {
        out.push(probeRatesDevice(p, settings.options.hostMemory === 'pinned'));
      }
    } else {
      const gpu = gpuById(id);
      if (gpu) out.push({ kind: 'catalog', id, name: gpu.name, gpu });
    }
  }
  return out;
}
