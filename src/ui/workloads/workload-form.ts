import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ValueSource } from '../../model/estimator/measured.ts';
import type { MachineFieldKey, MachineState, ValidatedMachine } from '../../model/workloads/machine.ts';
import { MACHINE_FIELDS } from '../../model/workloads/machine.ts';
import { pythonExample } from '../../model/workloads/python.ts';
import { WORKLOAD_INFO } from '../../model/workloads/specs.ts';
import { WORKLOAD_IDS, isWorkloadId } from '../../model/workloads/types.ts';
import type {
  FieldResult,
  FormField,
  ValidatedWorkload,
  WorkloadForm as WorkloadFormState,
} from '../../model/workloads/url.ts';
import { workloadFields } from '../../model/workloads/url.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { withCode } from './code-text.ts';
import { fieldStyles } from '../shared/field-styles.ts';
import { renderSpan, spanStyles } from './text-span.ts';

const SOURCE_LABEL: Record<ValueSource, string> = {
  default: 'default',
  manual: 'typed',
  measured: 'measured',
  workload: 'from workload',
};

/** Ids safe inside an element id: `w.2.m` → `w-2-m`. */
function domId(param: string): string {
  return param.replace(/[^A-Za-z0-9_-]/g, '-');
}

/**
 * "What does your code do?": the workload picker, the workload's data type and shape
 * fields, a Python example of it, and the machine fields only the roofline uses (memory
 * bandwidths, the float64 ratio). Holds no state: the root passes the raw text down and
 * hears every change as `workload-pick`, `workload-field-input` and `workload-field-commit`.
 */
@customElement('workload-form')
export class WorkloadForm extends LitElement {
  static override styles = [
    sharedStyles,
    fieldStyles,
    spanStyles,
    css`
      :host {
        display: block;
      }
      .picker {
        margin-bottom: 0.9rem;
      }
      .picker select {
        width: 100%;
      }
      fieldset {
        border: 1px solid var(--border, #d5dae1);
        border-radius: var(--radius, 10px);
        padding: 0.7rem 0.8rem 0.85rem;
        margin: 0 0 0.9rem;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      .step-head {
        font-weight: 600;
        margin: 0.4rem 0 -0.3rem;
        font-size: 0.9rem;
        color: var(--muted, #5a6472);
      }
      details {
        margin: 0 0 0.9rem;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
      }
      pre {
        margin: 0.5rem 0 0;
        padding: 0.6rem 0.7rem;
        background: var(--bg, #f6f7f9);
        border: 1px solid var(--border, #d5dae1);
        border-radius: 8px;
        overflow-x: auto;
        font-size: 0.82rem;
        line-height: 1.45;
      }
      .example {
        margin: 0 0 0.7rem;
      }
      .classic {
        margin: 0 0 0.9rem;
        font-size: 0.9rem;
      }
    `,
  ];

  /** The picked workload and its fields' raw text; undefined in classic mode. */
  @property({ attribute: false }) form: WorkloadFormState | undefined;
  /** Parse result of every field of `form`. */
  @property({ attribute: false }) validity: ValidatedWorkload | undefined;
  /** Message for the picker when the URL named no known workload. */
  @property({ attribute: false }) pickError: string | undefined;
  /** Memory bandwidths and the float64 ratio: text and source. */
  @property({ attribute: false }) machine: MachineState | undefined;
  @property({ attribute: false }) machineValidity: ValidatedMachine['fields'] | undefined;
  /** Per machine field: how its value came about (the measurement, the adapter class behind a default). */
  @property({ attribute: false }) machineNotes: Partial<Record<MachineFieldKey, string>> = {};

  private onPick(e: Event): void {
    const value = (e.target as HTMLSelectElement).value;
    emit(this, 'workload-pick', { id: isWorkloadId(value) ? value : null });
  }

  private input(param: string, raw: string): void {
    emit(this, 'workload-field-input', { param, raw });
  }

  private commit(param: string, raw: string): void {
    emit(this, 'workload-field-commit', { param, raw });
  }

  private renderField(f: FormField, raw: string, result: FieldResult | undefined): TemplateResult {
    const id = domId(f.param);
    const bad = result !== undefined && !result.ok;
    const message = result && !result.ok ? result.message : '';
    const note = result && result.ok ? (result.note ?? '') : '';
    if (f.kind === 'flag') {
      return html`<div class="field check" data-param=${f.param}>
        <div class="row">
          <input
            id="w-${id}"
            name=${f.param}
            type="checkbox"
            .checked=${live(raw.trim() === '1' || /^(true|yes|on)$/i.test(raw.trim()))}
            aria-invalid=${bad ? 'true' : 'false'}
            aria-describedby="wh-${id} we-${id}"
            @change=${(e: Event) => {
              const v = (e.target as HTMLInputElement).checked ? '1' : '0';
              this.input(f.param, v);
              this.commit(f.param, v);
            }}
          />
          <label for="w-${id}">${f.label}</label>
        </div>
        <p class="help" id="wh-${id}">${withCode(f.help)}</p>
        <p class="error" id="we-${id}" aria-live="polite">${message}</p>
      </div>`;
    }
    if (f.kind === 'dtype' || f.kind === 'choice') {
      const choices = f.choices ?? [];
      const known = choices.some((c) => c.value === raw);
      return html`<div class="field" data-param=${f.param}>
        <label for="w-${id}">${f.label}</label>
        <div class="row">
          <select
            id="w-${id}"
            name=${f.param}
            aria-invalid=${bad ? 'true' : 'false'}
            aria-describedby="wh-${id} we-${id}"
            .value=${live(known ? raw : '')}
            @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              this.input(f.param, v);
              this.commit(f.param, v);
            }}
          >
            ${known ? nothing : html`<option value="" selected>${raw.slice(0, 40)} (not ${f.kind === 'dtype' ? 'a type' : 'a choice'})</option>`}
            ${choices.map(
              (c) => html`<option value=${c.value} ?selected=${c.value === raw}>${c.label} (${c.value})</option>`,
            )}
          </select>
        </div>
        <p class="help" id="wh-${id}">${withCode(f.help)}</p>
        <p class="error" id="we-${id}" aria-live="polite">${message}</p>
      </div>`;
    }
    if (f.code) return this.renderCode(f, raw, result);
    return html`<div class="field" data-param=${f.param}>
      <label for="w-${id}">${f.label}</label>
      <div class="row">
        <input
          id="w-${id}"
          name=${f.param}
          type="text"
          inputmode=${f.kind === 'number' ? (f.limits?.integer ? 'numeric' : 'decimal') : 'text'}
          autocomplete="off"
          spellcheck="false"
          .value=${live(raw)}
          aria-invalid=${bad ? 'true' : 'false'}
          aria-describedby="wh-${id} we-${id} wn-${id}"
          @input=${(e: Event) => this.input(f.param, (e.target as HTMLInputElement).value)}
          @change=${(e: Event) => this.commit(f.param, (e.target as HTMLInputElement).value)}
        />
      </div>
      <p class="help" id="wh-${id}">${withCode(f.help)}</p>
      <p class="error" id="we-${id}" aria-live="polite">${message}</p>
      <p class="note" id="wn-${id}" aria-live="polite">${note}</p>
    </div>`;
  }

  /** A field holding code (an expression): a monospace box over the width, its problem marked where it is. */
  private renderCode(f: FormField, raw: string, result: FieldResult | undefined): TemplateResult {
    const id = domId(f.param);
    const problem = result && !result.ok ? result : undefined;
    return html`<div class="field code" data-param=${f.param}>
      <label for="w-${id}">${f.label}</label>
      <div class="row">
        <textarea
          id="w-${id}"
          class="code"
          name=${f.param}
          rows="2"
          autocomplete="off"
          spellcheck="false"
          .value=${live(raw)}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby="wh-${id} we-${id}"
          @input=${(e: Event) => this.input(f.param, (e.target as HTMLTextAreaElement).value)}
          @change=${(e: Event) => this.commit(f.param, (e.target as HTMLTextAreaElement).value)}
        ></textarea>
      </div>
      ${problem?.span ? renderSpan(raw, problem.span) : nothing}
      <p class="error" id="we-${id}" aria-live="polite">${problem?.message ?? ''}</p>
      <p class="help" id="wh-${id}">${withCode(f.help)}</p>
    </div>`;
  }

  private renderMachineField(key: MachineFieldKey): TemplateResult | typeof nothing {
    const spec = MACHINE_FIELDS.find((f) => f.key === key);
    const machine = this.machine;
    if (!spec || !machine) return nothing;
    const result = this.machineValidity?.[key];
    const bad = result !== undefined && !result.ok;
    const source = machine.sources[key];
    const note = this.machineNotes[key];
    const id = `m-${spec.param}`;
    return html`<div class="field" data-field=${key} data-param=${spec.param}>
      <label for=${id}>${spec.label}</label>
      <div class="row">
        <input
          id=${id}
          name=${spec.param}
          type="text"
          inputmode="decimal"
          autocomplete="off"
          spellcheck="false"
          .value=${live(machine.raw[key])}
          aria-invalid=${bad ? 'true' : 'false'}
          aria-describedby="mh-${spec.param} me-${spec.param} mn-${spec.param}"
          data-source=${source}
          @input=${(e: Event) => this.input(spec.param, (e.target as HTMLInputElement).value)}
          @change=${(e: Event) => this.commit(spec.param, (e.target as HTMLInputElement).value)}
        />
        <span class="badge ${source}" title=${note ?? nothing}>${SOURCE_LABEL[source]}</span>
      </div>
      <p class="help" id="mh-${spec.param}">${spec.help}${note ? html` <span>${note}</span>` : nothing}</p>
      <p class="error" id="me-${spec.param}" aria-live="polite">${result && !result.ok ? result.message : ''}</p>
      <p class="note" id="mn-${spec.param}" aria-live="polite">
        ${result && result.ok && 'note' in result ? (result.note ?? '') : ''}
      </p>
    </div>`;
  }

  private renderShape(form: WorkloadFormState): TemplateResult {
    const fields = workloadFields(form);
    const results = this.validity?.fields ?? {};
    const raw = (f: FormField) => form.raw[f.param] ?? f.defaultRaw;
    const general = fields.filter((f) => f.stepIndex === undefined);
    const steps = new Map<number, FormField[]>();
    for (const f of fields) {
      if (f.stepIndex === undefined) continue;
      steps.set(f.stepIndex, [...(steps.get(f.stepIndex) ?? []), f]);
    }
    return html`<fieldset>
      <legend>${WORKLOAD_INFO[form.id].label}: shape and data type</legend>
      <p class="help example">For example ${withCode(WORKLOAD_INFO[form.id].example)}.</p>
      <div class="fields">
        ${general.map((f) => this.renderField(f, raw(f), results[f.param]))}
        ${[...steps.entries()].map(
          ([i, list]) =>
            html`<p class="step-head">Step ${i + 1}</p>
              ${list.map((f) => this.renderField(f, raw(f), results[f.param]))}`,
        )}
      </div>
    </fieldset>`;
  }

  override render() {
    const form = this.form;
    const workload = this.validity?.workload;
    const dtypeF64 = workload?.dtype === 'f64' || (form?.raw['w.dtype'] ?? '').trim().toLowerCase() === 'f64';
    return html`
      <div class="field picker" data-param="w">
        <label for="w-pick">Workload</label>
        <select
          id="w-pick"
          name="w"
          aria-invalid=${this.pickError ? 'true' : 'false'}
          aria-describedby="wh-pick we-pick"
          .value=${live(form?.id ?? '')}
          @change=${this.onPick}
        >
          <option value="" ?selected=${!form}>Custom: type the operations, data and launches</option>
          ${WORKLOAD_IDS.map(
            (id) => html`<option value=${id} ?selected=${form?.id === id}>${WORKLOAD_INFO[id].label}</option>`,
          )}
        </select>
        <p class="help" id="wh-pick">
          Pick what your code does and type its shape: the page counts its FLOPs (floating-point operations), bytes and
          kernel launches, and bounds each device by its compute rate or its memory bandwidth, whichever is slower.
        </p>
        <p class="error" id="we-pick" aria-live="polite">${this.pickError ?? ''}</p>
      </div>
      ${
        form
          ? html`
              ${this.renderShape(form)}
              ${
                workload
                  ? html`<details class="python" open>
                      <summary>Python example</summary>
                      <pre><code data-python=${workload.id}>${pythonExample(workload)}</code></pre>
                    </details>`
                  : nothing
              }
              ${
                this.machine
                  ? html`<fieldset>
                      <legend>Memory bandwidth (the roofline’s other roof)</legend>
                      <div class="fields">
                        ${this.renderMachineField('cpuMemGBps')} ${this.renderMachineField('gpuMemGBps')}
                        ${
                          dtypeF64 || this.machine.sources.gpuF64Ratio === 'manual'
                            ? this.renderMachineField('gpuF64Ratio')
                            : nothing
                        }
                      </div>
                    </fieldset>`
                  : nothing
              }
            `
          : html`<p class="classic muted">
              A custom task is the classic estimator’s description: how many operations, how much data moves to and from
              the GPU, and how many kernels start.
            </p>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workload-form': WorkloadForm;
  }
}
