import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { InputKey } from '../../model/estimator/estimator.ts';
import { FIELDS, PRESETS, type ParseResult, type RawInputs } from '../../model/estimator/fields.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { fieldStyles } from '../shared/field-styles.ts';

import type { ValueSource } from '../../model/estimator/measured.ts';
export type { ValueSource };

const SOURCE_LABEL: Record<ValueSource, string> = {
  default: 'default',
  manual: 'typed',
  measured: 'measured',
  workload: 'from workload',
};

/**
 * The seven inputs with their spec labels, help text and per-field error messages, plus
 * the presets and "Reset Values". Holds no state: the root passes the raw text down and
 * hears every keystroke as a `field-input` event.
 */
@customElement('estimator-form')
export class EstimatorForm extends LitElement {
  static override styles = [
    sharedStyles,
    fieldStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 0.9rem;
      }
      .toolbar .spacer {
        flex: 1;
      }
      :host {
        display: block;
      }
    `,
  ];

  /** The text of every field, exactly as typed. */
  @property({ attribute: false }) raw!: RawInputs;
  /** Parse result per field, for the messages. */
  @property({ attribute: false }) validity!: Record<InputKey, ParseResult>;
  /** Where each value came from. */
  @property({ attribute: false }) sources!: Record<InputKey, ValueSource>;
  /** Optional note per field shown with the badge (e.g. the measurement's date and spread). */
  @property({ attribute: false }) sourceNotes: Partial<Record<InputKey, string>> = {};
  /** Badge text that names where a measured value came from ("Python: NumPy", "calibrated"). */
  @property({ attribute: false }) sourceBadges: Partial<Record<InputKey, string>> = {};

  private onInput(key: InputKey, e: Event): void {
    emit(this, 'field-input', { key, raw: (e.target as HTMLInputElement).value });
  }

  private onChange(key: InputKey, e: Event): void {
    emit(this, 'field-commit', { key, raw: (e.target as HTMLInputElement).value });
  }

  private onPreset(e: Event): void {
    const select = e.target as HTMLSelectElement;
    const id = select.value;
    if (id) emit(this, 'preset-select', { id });
    select.value = '';
  }

  override render() {
    return html`
      <div class="toolbar">
        <label class="sr-only" for="preset">Load an example</label>
        <select id="preset" @change=${this.onPreset}>
          <option value="">Load an example…</option>
          ${PRESETS.map((p) => html`<option value=${p.id}>${p.name}</option>`)}
        </select>
        <span class="spacer"></span>
        <button type="button" @click=${() => emit(this, 'reset-values', null)}>Reset Values</button>
      </div>
      <div class="fields">
        ${FIELDS.map((f) => {
          const result = this.validity[f.key];
          const bad = !result.ok;
          const source = this.sources[f.key];
          const note = this.sourceNotes[f.key];
          return html`
            <div class="field" data-field=${f.key}>
              <label for="f-${f.key}">${f.label}</label>
              <div class="row">
                <input
                  id="f-${f.key}"
                  name=${f.key}
                  type="text"
                  inputmode=${f.integer ? 'numeric' : 'decimal'}
                  autocomplete="off"
                  spellcheck="false"
                  .value=${live(this.raw[f.key])}
                  aria-invalid=${bad ? 'true' : 'false'}
                  aria-describedby="h-${f.key} e-${f.key} n-${f.key}"
                  data-source=${source}
                  @input=${(e: Event) => this.onInput(f.key, e)}
                  @change=${(e: Event) => this.onChange(f.key, e)}
                />
                <span class="badge ${source}" title=${note ?? nothing}
                  >${(source === 'measured' ? this.sourceBadges[f.key] : undefined) ?? SOURCE_LABEL[source]}</span
                >
              </div>
              <p class="help" id="h-${f.key}">${f.help}${note ? html` <span>${note}</span>` : nothing}</p>
              <p class="error" id="e-${f.key}" aria-live="polite">${bad ? result.message : ''}</p>
              <p class="note" id="n-${f.key}" aria-live="polite" data-read-as>
                ${result.ok ? (result.note ?? '') : ''}
              </p>
            </div>
          `;
        })}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'estimator-form': EstimatorForm;
  }
}
