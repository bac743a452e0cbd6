/**
 * Every custom event the estimator's elements send up to the root, declared once and
 * registered in GlobalEventHandlersEventMap so listeners are typed.
 */
import type { InputKey } from '../../model/estimator.ts';

export interface FieldInputDetail {
  key: InputKey;
  raw: string;
}

export interface PresetDetail {
  id: string;
}

export type FieldInputEvent = CustomEvent<FieldInputDetail>;
export type FieldCommitEvent = CustomEvent<FieldInputDetail>;
export type PresetSelectEvent = CustomEvent<PresetDetail>;
export type ResetValuesEvent = CustomEvent<null>;

/** Create an event that bubbles out of shadow roots. */
export function emit<T>(target: EventTarget, type: string, detail: T): void {
  target.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A field's text changed (every keystroke). */
    'field-input': FieldInputEvent;
    /** A field's edit was committed (blur or Enter): a point for the back button. */
    'field-commit': FieldCommitEvent;
    'preset-select': PresetSelectEvent;
    'reset-values': ResetValuesEvent;
  }
}
