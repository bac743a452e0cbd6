/**
 * The parameters a workload kind declares: each field's URL name, label, help with a
 * Python example, unit, limits and default. The form, the URL parser, history validation
 * and the CLI's `--verify` text all read these, so a kind states each field once. Pure.
 *
 * Limits exist so every count stays finite and every message is a field message: the
 * largest products they allow (e.g. conv2d's 2·N·K·C·R·S·P·Q ≈ 1e33) are far below
 * Number.MAX_VALUE (1.8e308), and the same holds for bytes and times at the slowest rate
 * the estimator accepts (1e-6 GFLOPS).
 */
import type { NumericLimits } from '../../estimator/fields.ts';
import { DTYPES, DTYPE_LABELS, type Dtype } from '../dtype.ts';

/** A numeric shape field; `parseField` (estimator/fields.ts) reads it with the estimator's messages. */
export interface NumberParamSpec<S> extends NumericLimits {
  kind: 'number';
  /** The shape property it sets. */
  key: keyof S & string;
  /** URL query name, e.g. `w.m`. */
  param: string;
  /** Visible <label>. */
  label: string;
  /** What it means, with a Python example. */
  help: string;
  defaultValue: number;
}

/** A yes/no shape field (`w.causal`, `w.complex`); the URL carries 1 or 0. */
export interface FlagParamSpec<S> {
  kind: 'flag';
  key: keyof S & string;
  param: string;
  label: string;
  help: string;
  defaultValue: boolean;
}

/** One of a few named values (`w.mode=eager|fused`); the URL carries the value. */
export interface ChoiceParamSpec<S> {
  kind: 'choice';
  key: keyof S & string;
  param: string;
  label: string;
  help: string;
  choices: readonly { value: string; label: string }[];
  defaultValue: string;
  /**
   * The choices are ways to run the same code (eager or fused): the page shows the
   * workload under each of them side by side, with their kernels and times (variants.ts).
   */
  sideBySide?: boolean;
}

/** What a text field's own parser says of the text (a step list, an expression). */
export type TextParse =
  | { ok: true; value: string; note?: string }
  | { ok: false; message: string; span?: { column: number; endColumn: number } };

/** Free text (`w.steps`, `w.expr`): the shape keeps the text; `parse` checks and normalises it. */
export interface TextParamSpec<S> {
  kind: 'text';
  key: keyof S & string;
  param: string;
  label: string;
  help: string;
  /** Longest text accepted; the URL reader keeps one character more so the message shows. */
  maxLength: number;
  defaultValue: string;
  /** The text is code (an expression): the form shows it wide, in a monospace font. */
  code?: boolean;
  /** Check the text alone; cross-field checks are the kind's `check`. Absent: any text up to maxLength. */
  parse?(raw: string): TextParse;
}

export type ParamSpec<S> = NumberParamSpec<S> | FlagParamSpec<S> | ChoiceParamSpec<S> | TextParamSpec<S>;

/** A whole-number field from `min` to `max`. */
export function int<S>(
  key: keyof S & string,
  param: string,
  label: string,
  unit: string,
  min: number,
  max: number,
  defaultValue: number,
  help: string,
): NumberParamSpec<S> {
  // floor only matters for fractions below 1, which `integer` already rejects.
  return {
    kind: 'number',
    key,
    param,
    label,
    help,
    unit,
    min,
    minExclusive: false,
    floor: 1,
    max,
    integer: true,
    defaultValue,
  };
}

export function flag<S>(
  key: keyof S & string,
  param: string,
  label: string,
  defaultValue: boolean,
  help: string,
): FlagParamSpec<S> {
  return { kind: 'flag', key, param, label, help, defaultValue };
}

/** Matrix sides up to 10^7: a 10^7 × 10^7 float64 matrix is 800 TB already. */
export const MAX_DIM = 1e7;
/** Arrays up to 10^13 elements (40 TB of float32): beyond any one machine. */
export const MAX_ELEMENTS = 1e13;

/** The data-type field every kind that takes one has (`w.dtype`). */
export const DTYPE_PARAM = {
  param: 'w.dtype',
  label: 'Data type',
  help: 'NumPy’s default is float64, PyTorch’s float32. Consumer GPUs run float64 at 1/32–1/64 of their float32 rate.',
  choices: DTYPES.map((value) => ({ value, label: DTYPE_LABELS[value] })),
  defaultValue: 'f32' as Dtype,
} as const;
