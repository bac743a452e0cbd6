/**
 * The named arrays an expression runs over, as the URL carries them
 * (`w.arrays=a:100000000,b:100000000,x:1024x2048`): name, colon, dimensions joined by "x".
 * Each dimension is read by the estimator's own number parser (so `1e8` and `100,000,000`
 * style mistakes get the same messages as every other field). Pure.
 */
import { parseField, type NumericLimits } from '../../estimator/fields.ts';
import { displayText } from '../../shared/text.ts';
import { NAMESPACES, PYTHON_KEYWORDS, isOneOf } from './syntax.ts';

/** One array: its Python name and its shape (row-major, NumPy's order). */
export interface NamedArray {
  name: string;
  shape: readonly number[];
}

/** Most arrays in one expression. */
export const MAX_ARRAYS = 26;
/** Most dimensions of one array (NumPy allows 64; nobody types more than a few). */
export const MAX_RANK = 8;
/** Most elements of one array: 10¹² values is 4 TB of float32, beyond any machine this page measures. */
export const MAX_ELEMENTS = 1e12;
/** Longest `w.arrays` value accepted. */
export const MAX_ARRAYS_TEXT = 1_000;

/** Modules the Python snippets import besides np and torch: an array may not hide them. */
const SNIPPET_MODULES = ['math', 'jax', 'jnp'];

const DIMENSION: NumericLimits = {
  unit: 'elements',
  min: 1,
  minExclusive: false,
  floor: 1,
  max: MAX_ELEMENTS,
  integer: true,
};

export type ArraysResult = { ok: true; arrays: NamedArray[] } | { ok: false; message: string };

function isIdentifier(s: string): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

/** The `w.arrays` text for `arrays` (the inverse of `parseArrays`). */
export function formatArrays(arrays: readonly NamedArray[]): string {
  return arrays.map((a) => `${a.name}:${a.shape.join('x')}`).join(',');
}

/** A shape as NumPy prints it: (1024, 2048), (100000000,), () for a scalar. */
export function formatShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * Read `a:100000000,b:1024x2048`: names that are Python identifiers (not keywords, not np,
 * numpy, torch, math, jax or jnp), each once; 1 to 8 whole dimensions each, at most 10¹² elements per array.
 * Spaces around the parts are ignored; "×" and "X" also join dimensions.
 */
export function parseArrays(raw: string): ArraysResult {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'Name at least one array, e.g. a:1000000,b:1000000.' };
  if (text.length > MAX_ARRAYS_TEXT) return { ok: false, message: 'That list of arrays is too long.' };
  const parts = text.split(',');
  if (parts.length > MAX_ARRAYS) return { ok: false, message: `At most ${MAX_ARRAYS} arrays.` };
  const arrays: NamedArray[] = [];
  for (const [i, part] of parts.entries()) {
    const entry = part.trim();
    const where = `Array ${i + 1}${entry ? ` ("${displayText(entry)}")` : ''}`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      return {
        ok: false,
        message: `${where}: write name:shape, e.g. x:1024x2048. (Commas separate arrays; do not group digits with them.)`,
      };
    }
    const name = entry.slice(0, colon).trim();
    if (!isIdentifier(name)) {
      return { ok: false, message: `${where}: a name is letters, digits and _, not starting with a digit.` };
    }
    if (PYTHON_KEYWORDS.has(name) || isOneOf(NAMESPACES, name) || SNIPPET_MODULES.includes(name)) {
      return { ok: false, message: `${where}: ${name} is a Python keyword or module; choose another name.` };
    }
    if (arrays.some((a) => a.name === name)) return { ok: false, message: `${where}: ${name} is named twice.` };
    const dims = entry.slice(colon + 1).split(/[xX×]/);
    if (dims.length > MAX_RANK) return { ok: false, message: `${where}: at most ${MAX_RANK} dimensions.` };
    const shape: number[] = [];
    for (const d of dims) {
      const r = parseField(DIMENSION, d);
      if (!r.ok) return { ok: false, message: `${where}: ${r.message}` };
      shape.push(r.value);
    }
    const elements = shape.reduce((p, d) => p * d, 1);
    if (elements > MAX_ELEMENTS) {
      return { ok: false, message: `${where}: ${elements.toExponential(2)} elements; at most 1e12 per array.` };
    }
    arrays.push({ name, shape });
  }
  return { ok: true, arrays };
}
