/**
 * The `gpus=` URL value (issue #19): a comma list of GPU ids to compare. Unknown, repeated
 * and malformed ids are left out, each with a message a person can act on; at most
 * MAX_COMPARED_GPUS are kept. The value comes from a link anyone can craft, so messages
 * quote it only after removing control and bidirectional characters, and only briefly.
 * Pure.
 */
import { displayText, hasBidiControls } from '../shared/text.ts';
import { GPU_ID_PATTERN, MAX_GPU_ID_LENGTH } from './check.ts';
import { GPU_IDS, gpuById } from './registry.ts';

/** Most devices one comparison shows. */
export const MAX_COMPARED_GPUS = 12;
/** Longest `gpus=` value read; the rest is ignored with a message. */
export const MAX_GPU_LIST_LENGTH = 600;
/** Longest piece of a rejected value quoted back in a message. */
const QUOTE_LENGTH = 24;

export interface GpuListParse {
  /** Valid, known, distinct ids in the order given, at most MAX_COMPARED_GPUS. */
  ids: string[];
  /** One sentence per problem, in the order met. */
  messages: string[];
}

export interface GpuListOptions {
  /** Ids accepted besides the catalog's (say, 'this-machine' or an imported run's id); must match the id pattern. */
  accept?: (id: string) => boolean;
  /** Ids the suggestions are drawn from; the catalog's by default. */
  knownIds?: readonly string[];
}

// C0 and C1 control characters (tab, newline, escape, NUL...), which never belong in an id.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A rejected value made safe and short to quote: no control or bidi characters, at most QUOTE_LENGTH. */
export function quoteForMessage(raw: string): string {
  const clean = displayText(raw).replace(CONTROL, '');
  const chars = [...clean];
  return chars.length > QUOTE_LENGTH ? `${chars.slice(0, QUOTE_LENGTH).join('')}…` : clean;
}

/**
 * Edits between two short strings, counting a swap of neighbours as one (optimal string
 * alignment): "rtx-4900" is one edit from "rtx-4090".
 */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known id an unknown one most likely meant: a longer id it starts ("h100" →
 * "h100-sxm"), the same id without its hyphens ("rtx4090" → "rtx-4090"), or one edit away
 * ("mi300" → "mi300x", "rtx-4900" → "rtx-4090"). Further than that is another GPU.
 */
export function suggestGpuId(id: string, knownIds: readonly string[] = GPU_IDS): string | undefined {
  const prefixed = knownIds.find((k) => k.startsWith(`${id}-`));
  if (prefixed) return prefixed;
  const bare = id.replaceAll('-', '');
  const sameLetters = knownIds.find((k) => k.replaceAll('-', '') === bare);
  if (sameLetters) return sameLetters;
  return knownIds.find((k) => distance(id, k) <= 1);
}

/** The ids of a `gpus=` value and the problems met reading it; never throws. */
export function parseGpuList(value: string | null | undefined, options: GpuListOptions = {}): GpuListParse {
  const ids: string[] = [];
  const messages: string[] = [];
  if (typeof value !== 'string' || value.trim() === '') return { ids, messages };
  const accept = options.accept ?? (() => false);
  const known = options.knownIds ?? GPU_IDS;
  let text = value;
  if (text.length > MAX_GPU_LIST_LENGTH) {
    text = text.slice(0, MAX_GPU_LIST_LENGTH);
    messages.push(`The GPU list is longer than ${MAX_GPU_LIST_LENGTH} characters; only its start was read.`);
  }
  const repeated = new Set<string>();
  const leftOut: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue; // "t4,,l4" or a trailing comma: nothing was asked for
    if (hasBidiControls(item) || new RegExp(CONTROL.source).test(item)) {
      messages.push(`“${quoteForMessage(item)}” is not a GPU id: it contains invisible control characters.`);
      continue;
    }
    const id = item.toLowerCase();
    if (id.length > MAX_GPU_ID_LENGTH || !GPU_ID_PATTERN.test(id)) {
      messages.push(
        `“${quoteForMessage(item)}” is not a GPU id: ids are lowercase letters, digits and hyphens, like h100-sxm.`,
      );
      continue;
    }
    if (gpuById(id) === undefined && !accept(id)) {
      const guess = suggestGpuId(id, known);
      messages.push(`Unknown GPU “${id}”${guess ? `; did you mean ${guess}?` : '.'} It was left out.`);
      continue;
    }
    if (ids.includes(id) || leftOut.includes(id)) {
      if (!repeated.has(id)) messages.push(`${id} is listed more than once; it is shown once.`);
      repeated.add(id);
      continue;
    }
    if (ids.length >= MAX_COMPARED_GPUS) {
      leftOut.push(id);
      continue;
    }
    ids.push(id);
  }
  if (leftOut.length > 0) {
    const named = leftOut.slice(0, 5).join(', ');
    const more = leftOut.length > 5 ? ` and ${leftOut.length - 5} more` : '';
    messages.push(`At most ${MAX_COMPARED_GPUS} GPUs are compared at once; left out: ${named}${more}.`);
  }
  return { ids, messages };
}

/** The `gpus=` value for `ids`: the inverse of parseGpuList for valid lists. */
export function formatGpuList(ids: readonly string[]): string {
  return ids.join(',');
}
