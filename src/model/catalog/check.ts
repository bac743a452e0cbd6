/**
 * The catalog's own sanity check: ids well formed and unique, every figure sourced and
 * within a plausible range, flags explained, rates ordered as hardware orders them. The
 * unit tests run it on the catalog (which must pass) and on broken entries (which must
 * not), so a typo in a new entry fails the build instead of reaching the page. Pure.
 */
import { SOURCES } from './sources.ts';
import type { Figure, GpuEntry, MaybeFigure } from './types.ts';
import { FIGURE_FLAGS } from './types.ts';

/** Lowercase words of [a-z0-9] joined by single hyphens: "h100-sxm", "m4". */
export const GPU_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Ids longer than this are refused (the longest real one is far shorter). */
export const MAX_GPU_ID_LENGTH = 32;

/** Plausible ranges per field: outside them a figure is a typo or a unit mistake. */
export const SANE_RANGES = {
  fp32: [0.5, 200],
  tensor: [0.5, 5000],
  fp64: [0.01, 200],
  memoryGB: [4, 300],
  memoryGBps: [50, 10000],
  l2MB: [0.5, 512],
  boardPowerW: [10, 2000],
  year: [2016, 2027],
} as const satisfies Record<string, readonly [number, number]>;

type RangeKey = keyof typeof SANE_RANGES;

const RATE_FIELDS = ['fp32', 'fp32Matrix', 'tf32', 'fp16', 'bf16', 'fp64', 'fp64Tensor'] as const;
const OTHER_FIELDS = ['memoryGB', 'memoryGBps', 'l2MB', 'boardPowerW', 'year'] as const;

const RANGE_OF: Readonly<Record<(typeof RATE_FIELDS)[number] | (typeof OTHER_FIELDS)[number], RangeKey>> = {
  fp32: 'fp32',
  fp32Matrix: 'tensor',
  tf32: 'tensor',
  fp16: 'tensor',
  bf16: 'tensor',
  fp64: 'fp64',
  fp64Tensor: 'fp64',
  memoryGB: 'memoryGB',
  memoryGBps: 'memoryGBps',
  l2MB: 'l2MB',
  boardPowerW: 'boardPowerW',
  year: 'year',
};

function isKnownSource(id: unknown): boolean {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(SOURCES, id);
}

/** Problems with one figure, each a sentence naming the entry and field. */
function figureProblems(where: string, f: MaybeFigure | undefined, range: RangeKey, required: boolean): string[] {
  if (f === undefined) return required ? [`${where} is missing.`] : [];
  if (f.value === null) {
    const out: string[] = [];
    if (typeof f.reason !== 'string' || f.reason.trim() === '') out.push(`${where} is absent without a reason.`);
    if (f.source !== undefined && !isKnownSource(f.source)) out.push(`${where} cites an unknown source.`);
    return out;
  }
  const out: string[] = [];
  const fig: Figure = f;
  if (!isKnownSource(fig.source)) out.push(`${where} has no known source.`);
  const [lo, hi] = SANE_RANGES[range];
  if (!Number.isFinite(fig.value) || fig.value < lo || fig.value > hi) {
    out.push(`${where} = ${fig.value} is outside ${lo}–${hi}.`);
  }
  for (const flag of fig.flags ?? []) {
    if (!(FIGURE_FLAGS as readonly string[]).includes(flag)) out.push(`${where} has an unknown flag "${flag}".`);
  }
  const needsNote = (fig.flags ?? []).some((x) => x === 'estimated' || x === 'sparse-halved');
  if (needsNote && (fig.note ?? '').trim() === '') out.push(`${where} is flagged but does not say how it was derived.`);
  if (range === 'year' && !Number.isInteger(fig.value)) out.push(`${where} is not a whole year.`);
  return out;
}

function valueOf(f: MaybeFigure | undefined): number | undefined {
  return f && f.value !== null && Number.isFinite(f.value) ? f.value : undefined;
}

/** Every problem with `entries`; empty when the catalog is sound. */
export function catalogProblems(entries: readonly GpuEntry[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const g of entries) {
    const id = typeof g.id === 'string' ? g.id : String(g.id);
    if (!GPU_ID_PATTERN.test(id) || id.length > MAX_GPU_ID_LENGTH) {
      out.push(`Id "${id}" is not lowercase words of a–z and 0–9 joined by hyphens (at most ${MAX_GPU_ID_LENGTH}).`);
    }
    if (seen.has(id)) out.push(`Id "${id}" appears twice.`);
    seen.add(id);
    if (typeof g.name !== 'string' || g.name.trim() === '') out.push(`${id}: no name.`);
    for (const field of RATE_FIELDS) {
      const required = field !== 'fp32Matrix' && field !== 'fp64Tensor';
      out.push(...figureProblems(`${id}.${field}`, g[field], RANGE_OF[field], required));
    }
    for (const field of OTHER_FIELDS) out.push(...figureProblems(`${id}.${field}`, g[field], RANGE_OF[field], true));
    if (!g.hostLink || !isKnownSource(g.hostLink.source)) out.push(`${id}.hostLink has no known source.`);
    const fp32 = valueOf(g.fp32);
    const fp32Best = Math.max(fp32 ?? 0, valueOf(g.fp32Matrix) ?? 0);
    // Matrix units exist to be faster than the vector units; a lower figure is a mix-up.
    for (const field of ['fp32Matrix', 'tf32', 'fp16', 'bf16'] as const) {
      const v = valueOf(g[field]);
      if (v !== undefined && fp32 !== undefined && v < fp32) out.push(`${id}.${field} (${v}) is below FP32 (${fp32}).`);
    }
    // No GPU runs FP64 faster than its best FP32 path (MI300X's matrix FP64 equals matrix FP32).
    for (const field of ['fp64', 'fp64Tensor'] as const) {
      const v = valueOf(g[field]);
      if (v !== undefined && v > fp32Best) out.push(`${id}.${field} (${v}) exceeds FP32 (${fp32Best}).`);
    }
  }
  return out;
}
