import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { InputKey } from '../../model/estimator.ts';
import { FIELDS, PRESETS, type ParseResult, type RawInputs } from '../../model/fields.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

import type { ValueSource } from '../../model/measured.ts';
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
      .fields {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.85rem;
      }
      .field label {
        display: block;
        font-weight: 600;
        font-size: 0.93rem;
        margin-bottom: 0.25rem;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      input {
        font: inherit;
        font-family: var(--font-mono);
        font-size: 1rem;
        flex: 1;
        min-width: 0;
        padding: 0.45rem 0.6rem;
        border-radius: 8px;
        border: 1px solid var(--border, #d5dae1);
        background: var(--bg, #f6f7f9);
        color: var(--fg, #1b1f24);
      }
      input[aria-invalid='true'] {
        border-color: var(--bad, #b42318);
        background: var(--bad-bg, #fdecea);
      }
      .badge {
        font-size: 0.72rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        padding: 0.15rem 0.45rem;
        border-radius: 999px;
        border: 1px solid var(--border, #d5dae1);
        color: var(--muted, #5a6472);
        white-space: nowrap;
        min-width: 5.6rem;
        text-align: center;
      }
      .badge.measured {
        border-color: var(--good, #15803d);
        color: var(--good, #15803d);
      }
      .badge.manual {
        border-color: var(--accent, #1f6feb);
        color: var(--accent, #1f6feb);
      }
      /* Filled from the workload picked above (issue #12). */
      .badge.workload {
        border-color: var(--transfer, #9333ea);
        color: var(--transfer, #9333ea);
      }
      .help {
        margin: 0.2rem 0 0;
        font-size: 0.82rem;
        color: var(--muted, #5a6472);
      }
      .error {
        margin: 0.25rem 0 0;
        font-size: 0.85rem;
        color: var(--bad, #b42318);
        font-weight: 600;
      }
      .error:empty {
        display: none;
      }
      /* How an unusual number was read ("Read as 1.5 (comma as the decimal mark)"): not an error, but said. */
      .note {
        margin: 0.25rem 0 0;
        font-size: 0.85rem;
        font-weight: 600;
        color: var(--warn-fg, #6b4a00);
        background: var(--warn-bg, #fff4d6);
        border-radius: 6px;
        padding: 0.15rem 0.4rem;
      }
      .note:empty {
        display: none;
      }
      select {
        font: inherit;
        padding: 0.4rem;
        border-radius: 8px;
        border: 1px solid var(--border, #d5dae1);
        background: var(--surface, #fff);
        color: var(--fg, #1b1f24);
        min-height: 2.25rem;
        max-width: 100%;
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
