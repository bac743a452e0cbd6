/**
 * From a kind's parameters to a form and back: the fields a kind shows (at the top, or as
 * pipeline step 2 with `w.2.*` names), each field's parse, the cross-field check, the shape
 * once every field parsed, and the raw text of a shape. url.ts and composite kinds
 * (pipeline) build on these; a kind with a fixed list of parameters needs none of it. Pure.
 */
import { parseField, rawFromNumber, type NumericLimits } from '../../estimator/fields.ts';
import { DTYPES, type Dtype } from '../dtype.ts';
import type { ParamSpec, TextParse } from './params.ts';

/** One field the form shows for the current workload, in order. */
export interface FormField {
  kind: 'number' | 'flag' | 'dtype' | 'choice' | 'text';
  /** URL name, also the key in `WorkloadForm.raw` and in validation's `fields`. */
  param: string;
  label: string;
  help: string;
  /** Text the field holds when the form has none for it. */
  defaultRaw: string;
  /** Limits and unit, for number fields. */
  limits?: NumericLimits;
  /** The values a choice (or the data type) offers. */
  choices?: readonly { value: string; label: string }[];
  /** Longest text a text field takes. */
  maxLength?: number;
  /** A text field's own check. */
  parseText?: (raw: string) => TextParse;
  /** The pipeline step (from 0) a field belongs to. */
  stepIndex?: number;
  /** A text field holding code (an expression): shown wide, in a monospace font. */
  code?: boolean;
}

/** Where in a text field's value a problem is: 1-based columns, `endColumn` exclusive. */
export interface TextSpan {
  column: number;
  endColumn: number;
}

/** A field's problem: the message, and for text, where in the text it is (the form marks that span). */
export type FieldProblem = { message: string; span?: TextSpan };

/** A field's value once parsed (with parseField's note on how it read the text, e.g. a fraction), or its message. */
export type FieldResult =
  { ok: true; value: number | boolean | string; note?: string } | { ok: false; message: string; span?: TextSpan };

/** Parsed fields by URL name. */
export type FieldResults = Record<string, FieldResult>;

/** Raw text by URL name. */
export type RawFields = Readonly<Record<string, string>>;

/** Where a kind's form sits: at the top (`w.m`), or inside a pipeline step (`w.2.m`, 'Step 2 · …'). */
export interface FormContext {
  param(p: string): string;
  label(l: string): string;
  stepIndex?: number;
}

export const TOP_LEVEL: FormContext = { param: (p) => p, label: (l) => l };

/** A kind's form: the default is `paramsForm(kind.params, kind.check)`; a composite kind writes its own. */
export interface KindForm<S> {
  /** The fields, in order, for the raw text so far (a step list decides which step fields exist). */
  fields(raw: RawFields, ctx: FormContext, defaults?: Partial<S>): FormField[];
  /** Cross-field checks: replace a parsed field's result with a message where the fields do not fit together. */
  check(fields: FieldResults, raw: RawFields, ctx: FormContext): void;
  /** The shape, once every field of `fields(raw)` parsed. */
  shape(fields: FieldResults, raw: RawFields, ctx: FormContext, dtype: Dtype): S;
  /** Raw text of every field of `shape`. */
  raw(shape: S, ctx: FormContext): Record<string, string>;
}

const FLAG_TRUE = new Set(['1', 'true', 'yes', 'on']);
const FLAG_FALSE = new Set(['0', 'false', 'no', 'off']);

/** "float32" as well as "f32", as a Python developer may type it. */
const DTYPE_ALIASES: Record<string, Dtype> = {
  f32: 'f32',
  float32: 'f32',
  f16: 'f16',
  float16: 'f16',
  half: 'f16',
  bf16: 'bf16',
  bfloat16: 'bf16',
  f64: 'f64',
  float64: 'f64',
  double: 'f64',
};

export function parseFlag(raw: string): FieldResult {
  const t = raw.trim().toLowerCase();
  if (FLAG_TRUE.has(t)) return { ok: true, value: true };
  if (FLAG_FALSE.has(t)) return { ok: true, value: false };
  return { ok: false, message: 'Use 1 (on) or 0 (off).' };
}

export function parseDtype(raw: string): FieldResult {
  const d = DTYPE_ALIASES[raw.trim().toLowerCase()];
  if (d) return { ok: true, value: d };
  return { ok: false, message: `Use one of ${DTYPES.join(', ')}.` };
}

function parseChoice(raw: string, choices: readonly { value: string }[]): FieldResult {
  const t = raw.trim().toLowerCase();
  const c = choices.find((x) => x.value.toLowerCase() === t);
  return c
    ? { ok: true, value: c.value }
    : { ok: false, message: `Use one of ${choices.map((x) => x.value).join(', ')}.` };
}

function parseText(raw: string, maxLength: number, parse: ((raw: string) => TextParse) | undefined): FieldResult {
  if (raw.length > maxLength)
    return { ok: false, message: `Use at most ${maxLength.toLocaleString('en-US')} characters.` };
  return parse ? parse(raw) : { ok: true, value: raw.trim() };
}

/** Parse one field's text. */
export function parseFormField(field: FormField, raw: string): FieldResult {
  switch (field.kind) {
    case 'number':
      return parseField(field.limits as NumericLimits, raw);
    case 'flag':
      return parseFlag(raw);
    case 'dtype':
      return parseDtype(raw);
    case 'choice':
      return parseChoice(raw, field.choices ?? []);
    case 'text':
      return parseText(raw, field.maxLength ?? Infinity, field.parseText);
  }
}

/** A param's value as the form's raw text. */
export function rawFromValue(v: unknown): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return rawFromNumber(v);
  return String(v);
}

/** The form field of one param, at `ctx`, with `value` as its default. */
export function paramField<S>(spec: ParamSpec<S>, ctx: FormContext, value: unknown): FormField {
  const base = {
    param: ctx.param(spec.param),
    label: ctx.label(spec.label),
    help: spec.help,
    defaultRaw: rawFromValue(value),
    ...(ctx.stepIndex === undefined ? {} : { stepIndex: ctx.stepIndex }),
  };
  switch (spec.kind) {
    case 'number':
      return { ...base, kind: 'number', limits: spec };
    case 'flag':
      return { ...base, kind: 'flag' };
    case 'choice':
      return { ...base, kind: 'choice', choices: spec.choices };
    case 'text': {
      const parse = spec.parse?.bind(spec);
      return {
        ...base,
        kind: 'text',
        maxLength: spec.maxLength,
        ...(parse ? { parseText: parse } : {}),
        ...(spec.code ? { code: true } : {}),
      };
    }
  }
}

/** The values of the fields that parsed, by shape key. */
function partialShape<S>(params: readonly ParamSpec<S>[], fields: FieldResults, ctx: FormContext): Partial<S> {
  const shape: Record<string, unknown> = {};
  for (const spec of params) {
    const r = fields[ctx.param(spec.param)];
    if (r?.ok) shape[spec.key] = r.value;
  }
  return shape as Partial<S>;
}

/** The form of a kind with a fixed list of parameters. */
export function paramsForm<S>(
  params: readonly ParamSpec<S>[],
  check?: (shape: Partial<S>) => Partial<Record<keyof S & string, string | FieldProblem>>,
): KindForm<S> {
  return {
    fields: (_raw, ctx, defaults) =>
      params.map((spec) => paramField(spec, ctx, defaults?.[spec.key] ?? spec.defaultValue)),
    check: (fields, _raw, ctx) => {
      if (!check) return;
      const messages = check(partialShape(params, fields, ctx));
      for (const spec of params) {
        const problem = messages[spec.key];
        if (problem !== undefined) {
          fields[ctx.param(spec.param)] =
            typeof problem === 'string' ? { ok: false, message: problem } : { ok: false, ...problem };
        }
      }
    },
    // Every field parsed (the caller checks), so the partial shape is whole.
    shape: (fields, _raw, ctx) => partialShape(params, fields, ctx) as S,
    raw: (shape, ctx) => {
      const out: Record<string, string> = {};
      for (const spec of params) {
        const v = shape[spec.key];
        if (v !== undefined) out[ctx.param(spec.param)] = rawFromValue(v);
      }
      return out;
    },
  };
}

/** A kind's form: its own, or the one its parameters give. */
export function formOf<S>(kind: {
  params: readonly ParamSpec<S>[];
  form?: KindForm<S>;
  check?(shape: Partial<S>): Partial<Record<keyof S & string, string | FieldProblem>>;
}): KindForm<S> {
  return kind.form ?? paramsForm(kind.params, kind.check?.bind(kind));
}

/** Every param at its default. */
export function defaultsOf<S>(params: readonly ParamSpec<S>[]): S {
  const shape: Record<string, unknown> = {};
  for (const spec of params) shape[spec.key] = spec.defaultValue;
  return shape as S;
}
