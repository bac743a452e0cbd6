import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { InputKey } from '../../model/estimator/estimator.ts';
import { FIELDS, PRESETS, type ParseResult, type RawInputs } from '../../model/estimator/fields.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { fieldStyles } from '../shared/field-styles.ts';
import { numberField } from '../shared/number-field.ts';

import type { ValueSource } from '../../model/estimator/measured.ts';
export type { ValueSource };

/**
 * Some of the seed page's seven inputs (`keys`: the machine's four rates under "this
 * machine's numbers", a custom task's three under "what does your code do?") with their
 * spec labels, help text and per-field messages, and optionally the worked examples and
 * "Reset Values". Holds no state: the root passes the raw text down and hears every
 * keystroke as a `field-input` event.
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
  /** The fields to draw, in form order (default: all seven). */
  @property({ attribute: false }) keys: readonly InputKey[] = FIELDS.map((f) => f.key);
  /** Draw "Load an example" and "Reset Values" above the fields. */
  @property({ type: Boolean }) toolbar = false;

  private onPreset(e: Event): void {
    const select = e.target as HTMLSelectElement;
    const id = select.value;
    if (id) emit(this, 'preset-select', { id });
    select.value = '';
  }

  override render() {
    return html`
      ${
        this.toolbar
          ? html`<div class="toolbar">
              <label class="sr-only" for="preset">Load an example</label>
              <select id="preset" @change=${this.onPreset}>
                <option value="">Load an example…</option>
                ${PRESETS.map((p) => html`<option value=${p.id}>${p.name}</option>`)}
              </select>
              <span class="spacer"></span>
              <button type="button" @click=${() => emit(this, 'reset-values', null)}>Reset Values</button>
            </div>`
          : nothing
      }
      <div class="fields">
        ${FIELDS.filter((f) => this.keys.includes(f.key)).map((f) => {
          const result = this.validity[f.key];
          return numberField({
            id: `f-${f.key}`,
            name: f.key,
            label: f.label,
            help: f.help,
            raw: this.raw[f.key],
            integer: f.integer,
            error: result.ok ? '' : result.message,
            readAs: result.ok ? (result.note ?? '') : '',
            source: this.sources[f.key],
            badge: this.sourceBadges[f.key],
            sourceNote: this.sourceNotes[f.key],
            dataField: f.key,
            onInput: (raw) => emit(this, 'field-input', { key: f.key, raw }),
            onCommit: (raw) => emit(this, 'field-commit', { key: f.key, raw }),
          });
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
