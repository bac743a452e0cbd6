/**
 * Checks of single fields of a Python-probe document, and of its stack, device and transfer
 * parts (moved from python-probe-validate.ts, which checks the document and its metrics).
 * Each returns an error (what is wrong, where) or undefined. Pure.
 */
import { isObject, type Json, type JsonObject } from '../history/validate.ts';
import { PY_GPU_FRAMEWORKS } from './python-probe.ts';

/** Largest measured value accepted (the same bound as the history's). */
export const MAX_VALUE = 1e15;
/** Limit on short identity strings: versions, names, models. */
export const MAX_LABEL_LENGTH = 256;
const MAX_NOTES = 200;

// ---------------------------------------------------------------------------------------
// Validation. Each check returns an error (what is wrong, where) or undefined.

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
  if (v > MAX_VALUE) return `${path}.${key} is out of range`;
  return undefined;
}

export function isoDate(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (typeof v !== 'string' || v.length > 40 || !Number.isFinite(Date.parse(v))) return `${path}.${key} must be a date`;
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

export function validateTransfers(t: Json | undefined, path: string): string | undefined {
  if (!Array.isArray(t) || t.length > 32) return `${path} must be a list`;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    const p = `${path}[${i}]`;
    if (!isObject(c)) return `${p} must be an object`;
    const e = first(
      () => text(c, 'path', p),
      () => text(c, 'label', p),
      () => {
        const pts = c['points'];
        if (!Array.isArray(pts)) return `${p}.points must be a list`;
        for (const q of pts) {
          if (!isObject(q) || !isNum(q['bytes']) || !(q['bytes'] > 0) || !isNum(q['ms']) || q['ms'] < 0) {
            return `${p}.points must hold {bytes > 0, ms ≥ 0}`;
          }
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
