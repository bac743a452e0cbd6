import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ACHIEVABLE_CLASSES, ACHIEVABLE_CLASS_LABELS } from '../../model/workloads/achievable.ts';
import { classFieldKey } from '../../model/workloads/achievable-fields.ts';
import {
  MACHINE_FIELDS,
  type MachineFieldKey,
  type MachineState,
  type ValidatedMachine,
} from '../../model/workloads/machine.ts';
import { emit } from '../shared/events.ts';
import { fieldStyles } from '../shared/field-styles.ts';
import { SOURCE_LABEL } from '../shared/number-field.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

const COLUMNS = [
  { device: 'cpu', part: 'eff', head: 'CPU: share of roof (%)' },
  { device: 'cpu', part: 'us', head: 'CPU: fixed cost (µs)' },
  { device: 'gpu', part: 'eff', head: 'GPU: share of roof (%)' },
  { device: 'gpu', part: 'us', head: 'GPU: fixed cost (µs)' },
] as const;

/**
 * The achievable figures per kind of kernel (issue #20), ten machine fields drawn as one
 * compact table: each class's share of the roof and fixed cost per launch on each device,
 * measured by running the page's own kernels at growing sizes, typed, or blank (the peak;
 * the launch overhead or the CPU's call cost). Each cell is a machine field like any other:
 * its source as a badge, its note as the title, its URL name as `data-param`; the notes
 * ("achievable: the GPU matmul kernel at m=128… reached …, 2 % of the measured peak") are
 * listed below, once per class and device.
 */
@customElement('achievable-table')
export class AchievableTable extends LitElement {
  static override styles = [
    sharedStyles,
    fieldStyles,
    css`
      :host {
        display: block;
      }
      /* The table scrolls inside its own box, never the page (a 360 px phone fits it that way). */
      .scroll {
        overflow-x: auto;
        max-width: 100%;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.88rem;
      }
      th,
      td {
        padding: 0.2rem 0.3rem;
        text-align: left;
        vertical-align: top;
      }
      thead th {
        font-weight: 600;
        font-size: 0.8rem;
      }
      td input[type='text'] {
        width: 100%;
        min-width: 3.6rem;
        box-sizing: border-box;
        padding: 0.3rem 0.4rem;
        font-size: 0.9rem;
      }
      .src {
        display: block;
        font-size: 0.68rem;
        color: var(--muted, #5a6472);
      }
      .src.measured {
        color: var(--ok-fg, #166534);
      }
      ul {
        margin: 0.3rem 0 0;
        padding-left: 1.2rem;
        font-size: 0.85rem;
      }
    `,
  ];

  @property({ attribute: false }) machine: MachineState | undefined;
  @property({ attribute: false }) validity: ValidatedMachine['fields'] | undefined;
  @property({ attribute: false }) notes: Partial<Record<MachineFieldKey, string>> = {};

  override render() {
    const machine = this.machine;
    if (!machine) return nothing;
    const errors: string[] = [];
    const notes = new Set<string>();
    const cell = (key: MachineFieldKey) => {
      const spec = MACHINE_FIELDS.find((f) => f.key === key);
      if (!spec) return nothing;
      const r = this.validity?.[key];
      const bad = r !== undefined && !r.ok;
      if (bad) errors.push(`${spec.label}: ${r.message}`);
      const note = this.notes[key];
      if (note && machine.sources[key] === 'measured') notes.add(note);
      const source = machine.sources[key];
      return html`<td data-field=${key} data-param=${spec.param}>
        <input
          type="text"
          inputmode="decimal"
          autocomplete="off"
          spellcheck="false"
          name=${spec.param}
          aria-label=${spec.label}
          title=${note ?? spec.help}
          placeholder=${spec.blank ?? ''}
          .value=${live(machine.raw[key])}
          aria-invalid=${bad ? 'true' : 'false'}
          data-source=${source}
          @input=${(e: Event) =>
            emit(this, 'workload-field-input', { param: spec.param, raw: (e.target as HTMLInputElement).value })}
          @change=${(e: Event) =>
            emit(this, 'workload-field-commit', { param: spec.param, raw: (e.target as HTMLInputElement).value })}
        />
        <span class="src ${source}">${SOURCE_LABEL[source]}</span>
      </td>`;
    };
    const rows = ACHIEVABLE_CLASSES.map(
      (c) =>
        html`<tr>
          <th scope="row">${ACHIEVABLE_CLASS_LABELS[c]}</th>
          ${COLUMNS.map((col) => cell(classFieldKey(col.device, c, col.part)))}
        </tr>`,
    );
    return html`<div class="scroll">
        <table aria-describedby="ach-help">
          <caption class="label">
            What this machine’s kernels reach, per kind of kernel
          </caption>
          <thead>
            <tr>
              <th scope="col">Kernel</th>
              ${COLUMNS.map((c) => html`<th scope="col">${c.head}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </div>
      <p class="help" id="ach-help">
        Under the peaks above: the share of its roof (peak FLOPS or bandwidth, whichever binds) each kind of kernel
        reaches, and what it costs per launch besides its work, measured by running this page’s kernels at growing sizes
        (a tiny one for the fixed cost, large ones for the share). Blank: the peak itself, and the launch overhead or
        the CPU’s call cost.
      </p>
      ${errors.length > 0 ? html`<p class="error" role="alert">${errors.join(' ')}</p>` : nothing}
      ${
        notes.size > 0
          ? html`<details>
              <summary>How these were measured (${notes.size})</summary>
              <ul>
                ${[...notes].map((n) => html`<li>${n}</li>`)}
              </ul>
            </details>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'achievable-table': AchievableTable;
  }
}
