import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  TYPED_GPU_FIELDS,
  type TypedField,
  type TypedFieldSpec,
  type TypedGpuParam,
} from '../../model/catalog/compare-url.ts';
import { MAX_COMPARED_GPUS } from '../../model/catalog/gpu-list.ts';
import type { PickerGroup } from '../../model/catalog/compare-view.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { typedFieldStyles, typedField } from './typed-field.ts';

/**
 * Which devices to compare (issue #19): the chosen ones as removable chips, and a
 * searchable list grouped as people look for a GPU (this machine and your own runs, data
 * centre, consumer, AMD, Intel, Apple), at most 12. Choosing "typed" opens the fields of a
 * GPU you describe yourself. Every change is a `gpu-compare-change` with the new `gpus=`.
 */
@customElement('compare-picker')
export class ComparePicker extends LitElement {
  static override styles = [
    sharedStyles,
    typedFieldStyles,
    css`
      :host {
        display: block;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .chips li {
        display: inline-flex;
        align-items: center;
        gap: 0.2rem;
        border: 1px solid var(--border, #d5dae1);
        border-radius: 999px;
        padding: 0.1rem 0.15rem 0.1rem 0.6rem;
        font-size: 0.88rem;
      }
      .chips button {
        min-height: 1.7rem;
        padding: 0 0.45rem;
        border: 0;
        border-radius: 999px;
        background: transparent;
      }
      details.add {
        margin-top: 0.5rem;
      }
      details.add > summary {
        cursor: pointer;
        font-weight: 600;
      }
      .search {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin: 0.5rem 0;
      }
      .search input {
        font: inherit;
        padding: 0.35rem 0.5rem;
        border: 1px solid var(--border, #d5dae1);
        border-radius: 6px;
        background: var(--surface, #fff);
        color: inherit;
        min-width: min(100%, 16rem);
      }
      .groups {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 17rem), 1fr));
        gap: 0.5rem 1rem;
        max-height: 24rem;
        overflow: auto;
        padding: 0.25rem;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        font-size: 0.9rem;
        padding: 0;
        margin-bottom: 0.2rem;
      }
      label.pick {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0 0.4rem;
        padding: 0.15rem 0;
        font-size: 0.9rem;
        cursor: pointer;
      }
      label.pick small {
        grid-column: 2;
        color: var(--muted, #5a6472);
      }
      .limit {
        font-size: 0.85rem;
      }
    `,
  ];

  @property({ attribute: false }) groups: readonly PickerGroup[] = [];
  /** The ids compared now, in order. */
  @property({ attribute: false }) devices: readonly string[] = [];
  @property({ attribute: false }) names: Readonly<Record<string, string>> = {};
  /** Raw text of the typed GPU's fields, by URL name. */
  @property({ attribute: false }) raw: Readonly<Record<string, string>> = {};
  @property({ attribute: false }) typedGpu: Readonly<Record<string, TypedField>> = {};
  @state() private filter = '';

  private setDevices(ids: readonly string[]): void {
    emit(this, 'gpu-compare-change', { patch: { gpus: ids.join(',') }, commit: true });
  }

  private toggle(id: string, on: boolean): void {
    const has = this.devices.includes(id);
    if (on && !has && this.devices.length < MAX_COMPARED_GPUS) this.setDevices([...this.devices, id]);
    else if (!on && has) this.setDevices(this.devices.filter((d) => d !== id));
  }

  private fits(name: string, detail: string, id: string): boolean {
    const words = this.filter.toLowerCase().split(/\s+/).filter(Boolean);
    const text = `${name} ${detail} ${id}`.toLowerCase();
    return words.every((w) => text.includes(w));
  }

  private renderTyped() {
    if (!this.devices.includes('typed')) return nothing;
    const input = (param: string, raw: string, commit: boolean) =>
      emit(this, 'gpu-compare-change', { patch: { [param]: raw }, commit });
    return html`<fieldset class="typed" data-typed-gpu>
      <legend>Your GPU’s figures</legend>
      <p class="muted note">
        Used as given, with no efficiency applied: type what code reaches (a benchmark, or the spec sheet’s peak × 0.6 –
        0.9), dense rates without sparsity.
      </p>
      <div class="typed-grid">
        <label class="field"
          ><span>Name</span>
          <input
            .value=${this.raw['typed.name'] ?? ''}
            placeholder="My GPU"
            maxlength="80"
            @input=${(e: Event) => input('typed.name', (e.target as HTMLInputElement).value, false)}
            @change=${(e: Event) => input('typed.name', (e.target as HTMLInputElement).value, true)}
        /></label>
        ${TYPED_GPU_FIELDS.map((spec: TypedFieldSpec) =>
          typedField(
            spec,
            this.raw[spec.param],
            this.typedGpu[spec.param as Exclude<TypedGpuParam, 'typed.name'>],
            input,
          ),
        )}
      </div>
    </fieldset>`;
  }

  override render() {
    const chosen = this.devices;
    const full = chosen.length >= MAX_COMPARED_GPUS;
    return html`
      <ul class="chips" aria-label="GPUs compared">
        ${chosen.map(
          (id) =>
            html`<li data-chip=${id}>
              ${this.names[id] ?? id}
              <button type="button" aria-label="Remove ${this.names[id] ?? id}" @click=${() => this.toggle(id, false)}>
                ×
              </button>
            </li>`,
        )}
      </ul>
      <details class="add">
        <summary>Add or remove GPUs (${chosen.length} of at most ${MAX_COMPARED_GPUS})</summary>
        <div class="search">
          <label for="gpu-search">Find a GPU</label>
          <input
            id="gpu-search"
            type="search"
            placeholder="4090, H100, MI300, M2 Max…"
            .value=${this.filter}
            @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)}
          />
          ${full ? html`<span class="limit muted">${MAX_COMPARED_GPUS} chosen: remove one to add another.</span>` : nothing}
        </div>
        <div class="groups">
          ${this.groups.map((g) => {
            const shown = g.devices.filter((d) => this.fits(d.name, d.detail, d.id));
            if (shown.length === 0) return nothing;
            return html`<fieldset>
              <legend>${g.label}</legend>
              ${shown.map((d) => {
                const on = chosen.includes(d.id);
                return html`<label class="pick"
                  ><input
                    type="checkbox"
                    data-pick=${d.id}
                    .checked=${on}
                    ?disabled=${!on && full}
                    @change=${(e: Event) => this.toggle(d.id, (e.target as HTMLInputElement).checked)}
                  />${d.name}<small>${d.detail}</small></label
                >`;
              })}
            </fieldset>`;
          })}
        </div>
      </details>
      ${this.renderTyped()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'compare-picker': ComparePicker;
  }
}
