import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MachineFieldKey, MachineState, ValidatedMachine } from '../../model/workloads/machine.ts';
import { MACHINE_FIELDS } from '../../model/workloads/machine.ts';
import { emit } from '../shared/events.ts';
import { fieldStyles } from '../shared/field-styles.ts';
import { numberField } from '../shared/number-field.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import './achievable-table.ts';

/**
 * The roofline's machine fields beside the four rates: CPU and GPU memory bandwidth, the
 * GPU's float64 ÷ float32 ratio (shown when the code is float64, or when typed), the CPU's
 * call costs and the copies' latencies and readback rate, then the achievable figures per
 * kind of kernel as one compact table (issue #20). Same look and events as the workload's
 * fields: `workload-field-input` / `-commit` by URL name.
 */
@customElement('machine-fields')
export class MachineFields extends LitElement {
  static override styles = [
    sharedStyles,
    fieldStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  @property({ attribute: false }) machine: MachineState | undefined;
  @property({ attribute: false }) validity: ValidatedMachine['fields'] | undefined;
  @property({ attribute: false }) notes: Partial<Record<MachineFieldKey, string>> = {};
  @property({ attribute: false }) badges: Partial<Record<MachineFieldKey, string>> = {};
  /** Show the float64 ratio (the code is float64). */
  @property({ type: Boolean }) f64 = false;

  override render() {
    const machine = this.machine;
    if (!machine) return nothing;
    const shown = MACHINE_FIELDS.filter(
      (f) => !f.perClass && (f.key !== 'gpuF64Ratio' || this.f64 || machine.sources.gpuF64Ratio === 'manual'),
    );
    return html`<div class="fields">
        ${shown.map((spec) => {
          const result = this.validity?.[spec.key];
          return numberField({
            id: `m-${spec.param}`,
            name: spec.param,
            label: spec.label,
            help: spec.help,
            raw: machine.raw[spec.key],
            integer: spec.integer,
            error: result && !result.ok ? result.message : '',
            readAs: result && result.ok && 'note' in result ? (result.note ?? '') : '',
            source: machine.sources[spec.key],
            badge: this.badges[spec.key],
            sourceNote: this.notes[spec.key],
            dataField: spec.key,
            dataParam: spec.param,
            onInput: (raw) => emit(this, 'workload-field-input', { param: spec.param, raw }),
            onCommit: (raw) => emit(this, 'workload-field-commit', { param: spec.param, raw }),
          });
        })}
      </div>
      <achievable-table .machine=${machine} .validity=${this.validity} .notes=${this.notes}></achievable-table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'machine-fields': MachineFields;
  }
}
