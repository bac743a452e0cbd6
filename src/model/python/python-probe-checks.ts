/**
 * Checks of single fields of a Python-probe document, and of its stack, device and transfer
 * parts (python-probe-validate.ts checks the document and its metrics). Each returns an
 * error or undefined. An error starts with the path of the field it is about
 * ("document.transfers[0].fit.gbps must be a number"); the validator turns it into a
 * sentence for people. Pure.
 */
import { isObject, type Json, type JsonObject } from '../history/validate.ts';
import { sig3 } from '../shared/format.ts';
import { HOST_LINK_GBPS_RANGE } from './plausibility.ts';
import { PY_GPU_FRAMEWORKS } from './python-probe.ts';

/** Largest measured value accepted (the same bound as the history's). */
export const MAX_VALUE = 1e15;
/** Limit on short identity strings: versions, names, models. */
export const MAX_LABEL_LENGTH = 256;
const MAX_NOTES = 200;

/**
 * A date as the probe writes it (JavaScript's toISOString, or Python's isoformat with an
 * offset): four-digit year, time and zone required. Date.parse alone takes "1" for 2001
 * and "+275760-09-13" for the last day JavaScript can hold.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
/**
 * How far ahead of this machine's clock a document's date may be: another machine's clock
 * may be off by hours (a wrong time zone set as local time), not by days.
 */
export const MAX_FUTURE_MS = 24 * 3600 * 1000;

export type Check = () => string | undefined;

export function first(...checks: Check[]): string | undefined {
  for (const c of checks) {
    const e = c();
    if (e) return e;
  }
  return undefined;
}

export function text(o: JsonObject, key: string, path: string, max = MAX_LABEL_LENGTH, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') return `${path}.${key} must be text`;
  if (v.length > max) return `${path}.${key} is too long`;
  return undefined;
}

export function textOrNull(o: JsonObject, key: string, path: string, max = MAX_LABEL_LENGTH): string | undefined {
  if (o[key] === null || o[key] === undefined) return undefined;
  return text(o, key, path, max);
}

export function isNum(v: Json | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function measured(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (!isNum(v)) return `${path}.${key} must be a number`;
  if (v < 0) return `${path}.${key} must not be negative`;
  if (v > MAX_VALUE) return `${path}.${key} is too large to be a measurement`;
  return undefined;
}

/**
 * A date no later than a day after `nowMs`. Dates long past stay accepted: a board without
 * a real-time clock starts in 1970, and its numbers are still its numbers.
 */
export function isoDate(o: JsonObject, key: string, path: string, nowMs: number): string | undefined {
  const v = o[key];
  const ms = typeof v === 'string' && ISO_DATE.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) return `${path}.${key} must be a date and time such as 2025-06-01T12:00:00.000Z`;
  if (ms > nowMs + MAX_FUTURE_MS) return `${path}.${key} is in the future (${(v as string).slice(0, 10)})`;
  return undefined;
}

export function textList(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (!Array.isArray(v)) return `${path}.${key} must be a list`;
  if (v.length > MAX_NOTES) return `${path}.${key} has too many entries`;
  return v.every((s) => typeof s === 'string') ? undefined : `${path}.${key} must be a list of text`;
}

export function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

export function validateStack(s: Json | undefined, path: string): string | undefined {
  if (!isObject(s)) return `${path} must be an object`;
  const blas = s['blas'];
  const cpu = s['cpu'];
  const frameworks = s['frameworks'];
  return first(
    () => text(s, 'python', path),
    () => text(s, 'numpy', path),
    () => text(s, 'os', path),
    () => text(s, 'implementation', path, MAX_LABEL_LENGTH, true),
    () => {
      if (!isObject(blas)) return `${path}.blas must be an object`;
      const threads = blas['threads'];
      return first(
        () => text(blas, 'name', `${path}.blas`),
        () => textOrNull(blas, 'version', `${path}.blas`),
        () => textOrNull(blas, 'coretype', `${path}.blas`),
        () => textOrNull(blas, 'config', `${path}.blas`, 1024),
        () => textOrNull(blas, 'threadsSource', `${path}.blas`),
        () =>
          threads === null ||
          threads === undefined ||
          (Number.isInteger(threads) && (threads as number) >= 1 && (threads as number) <= 1e6)
            ? undefined
            : `${path}.blas.threads must be a whole number ≥ 1 or null`,
      );
    },
    () => {
      if (!isObject(cpu)) return `${path}.cpu must be an object`;
      const cores = cpu['cores'];
      return first(
        () => text(cpu, 'model', `${path}.cpu`),
        () =>
          Number.isInteger(cores) && (cores as number) >= 1 && (cores as number) <= 1e6
            ? undefined
            : `${path}.cpu.cores must be a whole number ≥ 1`,
      );
    },
    () => {
      if (!Array.isArray(frameworks) || frameworks.length > 8) return `${path}.frameworks must be a short list`;
      for (let i = 0; i < frameworks.length; i++) {
        const f = frameworks[i];
        const p = `${path}.frameworks[${i}]`;
        if (!isObject(f)) return `${p} must be an object`;
        const e = first(
          () =>
            typeof f['name'] === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(f['name'])
              ? undefined
              : `${p}.name must be torch, cupy or jax`,
          () => text(f, 'version', p),
          () => textOrNull(f, 'cuda', p),
          () => textOrNull(f, 'driver', p),
          () => textOrNull(f, 'device', p),
          () =>
            f['backend'] == null || ['cuda', 'rocm', 'mps'].includes(f['backend'] as string)
              ? undefined
              : `${p}.backend must be cuda, rocm, mps or null`,
          () => textOrNull(f, 'note', p, 1024),
        );
        if (e) return e;
      }
      return undefined;
    },
  );
}

export function validateDevice(d: Json | undefined, path: string): string | undefined {
  if (d === null) return undefined;
  if (!isObject(d)) return `${path} must be an object or null`;
  return first(
    () =>
      typeof d['framework'] === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(d['framework'])
        ? undefined
        : `${path}.framework must be torch, cupy or jax`,
    () => text(d, 'name', path),
    () =>
      ['cuda', 'rocm', 'mps'].includes(d['backend'] as string)
        ? undefined
        : `${path}.backend must be cuda, rocm or mps`,
    () =>
      Number.isInteger(d['index']) && (d['index'] as number) >= 0
        ? undefined
        : `${path}.index must be a whole number ≥ 0`,
    () => (d['memoryBytes'] === undefined ? undefined : measured(d, 'memoryBytes', path)),
    () => (d['computeCapability'] === undefined ? undefined : text(d, 'computeCapability', path, 16)),
  );
}

const COPY_LIMITS = `the page believes ${sig3(HOST_LINK_GBPS_RANGE.min)} to ${sig3(HOST_LINK_GBPS_RANGE.max)} GB/s for a copy between CPU and GPU`;

export function validateTransfers(t: Json | undefined, path: string): string | undefined {
  if (!Array.isArray(t) || t.length > 32) return `${path} must be a list`;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    const p = `${path}[${i}]`;
    if (!isObject(c)) return `${p} must be an object`;
    const e = first(
      () => text(c, 'path', p),
      () => text(c, 'label', p),
      () =>
        typeof c['framework'] === 'string' && (PY_GPU_FRAMEWORKS as readonly string[]).includes(c['framework'])
          ? undefined
          : `${p}.framework must be torch, cupy or jax`,
      () => {
        const pts = c['points'];
        if (!Array.isArray(pts)) return `${p}.points must be a list`;
        for (let j = 0; j < pts.length; j++) {
          const q = pts[j];
          if (!isObject(q) || !isNum(q['bytes']) || !(q['bytes'] > 0) || !isNum(q['ms']) || q['ms'] < 0) {
            return `${p}.points must hold {bytes > 0, ms ≥ 0}`;
          }
          // A copy of `bytes` in `ms` moves bytes / ms / 1e6 GB/s; 0 ms would be infinitely fast.
          const gbps = q['bytes'] / (q['ms'] * 1e6);
          if (!(gbps <= HOST_LINK_GBPS_RANGE.max))
            return `${p}.points[${j}], ${q['bytes']} bytes in ${sig3(q['ms'])} ms, is beyond any device (${COPY_LIMITS})`;
        }
        return undefined;
      },
      () => {
        const f = c['fit'];
        if (f === undefined) return undefined;
        if (!isObject(f)) return `${p}.fit must be an object`;
        return first(
          () => measured(f, 'latencyMs', `${p}.fit`),
          () => measured(f, 'gbps', `${p}.fit`),
          () =>
            (f['gbps'] as number) <= HOST_LINK_GBPS_RANGE.max
              ? undefined
              : `${p}.fit.gbps, ${sig3(f['gbps'] as number)} GB/s, is beyond any device (${COPY_LIMITS})`,
          () => measured(f, 'r2', `${p}.fit`),
          () => measured(f, 'n', `${p}.fit`),
          () => (typeof f['clamped'] === 'boolean' ? undefined : `${p}.fit.clamped must be true or false`),
        );
      },
    );
    if (e) return e;
  }
  return undefined;
}

/**
 * Check an untrusted value (a parsed file) against the probe's schema. On success the
 * document is a fresh copy, typed; on failure the reason says what and where.
 */
