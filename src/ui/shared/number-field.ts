import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ValueSource } from '../../model/estimator/measured.ts';

/** The badge each source shows next to a field. */
export const SOURCE_LABEL: Record<ValueSource, string> = {
  default: 'default',
  manual: 'typed',
  measured: 'measured',
  workload: 'from workload',
};

export interface NumberFieldOptions {
  /** The input's id; help, error and note ids derive from it. */
  id: string;
  name: string;
  label: string;
  help: string;
  raw: string;
  integer: boolean;
  /** The error message, when the text is not valid. */
  error: string;
  /** How the text was read, when a person typed it in a form the page would not write (readAsNote). */
  readAs: string;
  source: ValueSource;
  /** Badge text instead of the source's ("Python: NumPy", "calibrated"). */
  badge?: string | undefined;
  /** Where the value came from in a sentence (the measurement, the default's reason). */
  sourceNote?: string | undefined;
  /** `data-*` attributes the tests and scripts find the field by. */
  dataField?: string | undefined;
  dataParam?: string | undefined;
  onInput: (raw: string) => void;
  onCommit: (raw: string) => void;
}

/**
 * One numeric field as every form on the page draws it: label, input with its source as
 * a badge, help with where the value came from, the error, and the "Read as" note. One
 * template, so the describe panel and this machine's numbers look and behave alike.
 */
export function numberField(o: NumberFieldOptions): TemplateResult {
  const bad = o.error !== '';
  return html`<div class="field" data-field=${o.dataField ?? nothing} data-param=${o.dataParam ?? nothing}>
    <label for=${o.id}>${o.label}</label>
    <div class="row">
      <input
        id=${o.id}
        name=${o.name}
        type="text"
        inputmode=${o.integer ? 'numeric' : 'decimal'}
        autocomplete="off"
        spellcheck="false"
        .value=${live(o.raw)}
        aria-invalid=${bad ? 'true' : 'false'}
        aria-describedby="${o.id}-h ${o.id}-e ${o.id}-n"
        data-source=${o.source}
        @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)}
        @change=${(e: Event) => o.onCommit((e.target as HTMLInputElement).value)}
      />
      <span class="badge ${o.source}" title=${o.sourceNote ?? nothing}
        >${(o.source === 'measured' ? o.badge : undefined) ?? SOURCE_LABEL[o.source]}</span
      >
    </div>
    <p class="help" id="${o.id}-h">${o.help}${o.sourceNote ? html` <span>${o.sourceNote}</span>` : nothing}</p>
    <p class="error" id="${o.id}-e" aria-live="polite">${o.error}</p>
    <p class="note" id="${o.id}-n" aria-live="polite" data-read-as>${o.readAs}</p>
  </div>`;
}
