import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CompareView } from '../../model/catalog/compare-view.ts';
import { TYPED_CPU_FIELDS, type TypedCpuParam } from '../../model/catalog/compare-url.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import './compare-chart.ts';
import './compare-picker.ts';
import './compare-table.ts';
import { typedField, typedFieldStyles } from './typed-field.ts';

/** The options that change a GPU's answer, as the section offers them. */
const OPTIONS = [
  {
    param: 'w.tf32',
    label: 'TF32 for float32 matmuls',
    help: 'JAX’s default; PyTorch leaves it off for matmul unless torch.backends.cuda.matmul.allow_tf32 is set.',
    on: (v: CompareView) => v.settings.options.tf32,
  },
  {
    param: 'w.pinned',
    label: 'Pinned host memory',
    help: 'tensor.pin_memory() or DataLoader(pin_memory=True): copies at the link’s speed. Off: ordinary (pageable) arrays.',
    on: (v: CompareView) => v.settings.options.hostMemory === 'pinned',
  },
  {
    param: 'w.graphs',
    label: 'CUDA graphs',
    help: 'torch.cuda.graphs or torch.compile(mode="reduce-overhead"): one launch replays many kernels. Off: eager launches.',
    on: (v: CompareView) => v.settings.options.launchMode === 'cuda-graphs',
  },
] as const;

/**
 * "Which GPU would pay off?" (issue #19): the described workload on the GPUs chosen —
 * catalog GPUs at rated × typical efficiency, GPUs measured by an imported Python run,
 * one typed in, and this machine as the answer has it — against one CPU, as a table and a
 * chart, with the options that change a GPU's answer and the warnings for each row. Every
 * change goes up as a `gpu-compare-change` with the URL names it sets.
 */
@customElement('gpu-compare')
export class GpuCompare extends LitElement {
  static override styles = [
    sharedStyles,
    typedFieldStyles,
    css`
      :host {
        display: block;
      }
      .intro {
        margin: 0 0 0.75rem;
        max-width: 62rem;
      }
      .messages {
        margin: 0 0 0.75rem;
        padding: 0.5rem 0.75rem 0.5rem 1.8rem;
        border-radius: 8px;
        background: var(--warn-bg, #fff4d6);
        color: var(--warn-fg, #6b4a00);
        font-size: 0.88rem;
      }
      .controls {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
        gap: 0.75rem 1.5rem;
        margin-bottom: 0.9rem;
      }
      .controls h3 {
        font-size: 0.95rem;
        margin: 0 0 0.35rem;
      }
      select {
        font: inherit;
        padding: 0.35rem 0.5rem;
        border: 1px solid var(--border, #d5dae1);
        border-radius: 6px;
        background: var(--surface, #fff);
        color: inherit;
        max-width: 100%;
      }
      .option {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0 0.45rem;
        margin: 0.15rem 0 0.35rem;
        font-size: 0.92rem;
      }
      .option small {
        grid-column: 2;
        color: var(--muted, #5a6472);
      }
      details.import {
        font-size: 0.88rem;
        margin-top: 0.4rem;
      }
      details.import summary {
        cursor: pointer;
      }
      code {
        font-family: var(--font-mono, monospace);
        font-size: 0.85em;
      }
      .picker {
        margin-bottom: 0.9rem;
      }
      compare-table {
        margin-bottom: 1rem;
      }
      .webgpu {
        font-size: 0.88rem;
        margin: 0.9rem 0 0;
        max-width: 62rem;
      }
      [aria-busy='true'] {
        opacity: 0.6;
      }
    `,
  ];

  @property({ attribute: false }) view: CompareView | undefined;
  /** The view is for the current inputs (false while a newer one is computed). */
  @property({ attribute: false }) ready = false;
  /** The raw text of the typed fields, by URL name. */
  @property({ attribute: false }) raw: Readonly<Record<string, string>> = {};

  private change(patch: Record<string, string | null>, commit: boolean): void {
    emit(this, 'gpu-compare-change', { patch, commit });
  }

  private renderCpu(v: CompareView) {
    const pick = v.settings.cpu;
    const value = pick.kind === 'probe' ? pick.id : pick.kind;
    const input = (param: string, raw: string, commit: boolean) => this.change({ [param]: raw }, commit);
    return html`<div>
      <h3><label for="vs">Compare against</label></h3>
      <select
        id="vs"
        @change=${(e: Event) => {
          const id = (e.target as HTMLSelectElement).value;
          this.change({ vs: id === 'answer' ? null : id }, true);
        }}
      >
        ${v.cpus.map((c) => html`<option value=${c.id} ?selected=${c.id === value}>${c.label}</option>`)}
      </select>
      ${
        pick.kind === 'typed'
          ? html`<fieldset class="typed" data-typed-cpu>
              <legend>The CPU’s figures</legend>
              <div class="typed-grid">
                ${TYPED_CPU_FIELDS.map((s) =>
                  typedField(s, this.raw[s.param], v.settings.typedCpu[s.param as TypedCpuParam], input),
                )}
              </div>
            </fieldset>`
          : nothing
      }
      <details class="import">
        <summary>Compare against the CPU where your code will run</summary>
        <p>
          Run the probe there — a cloud notebook’s CPU runtime, a server — with
          <code>python3 gpu_payoff_probe.py --json &gt; probe.json</code> (download it under “Measure with Python”
          below), then import <code>probe.json</code> in “Measure with Python”. Its NumPy figures then appear in this
          list, and a GPU it measured appears among the devices, labelled “measured”.
        </p>
      </details>
    </div>`;
  }

  private renderChoices(v: CompareView) {
    return html`<div>
      <h3>Your code on the GPU</h3>
      ${OPTIONS.map(
        (o) =>
          html`<label class="option"
            ><input
              type="checkbox"
              data-option=${o.param}
              .checked=${o.on(v)}
              @change=${(e: Event) => this.change({ [o.param]: (e.target as HTMLInputElement).checked ? '1' : null }, true)}
            />${o.label}<small>${o.help}</small></label
          >`,
      )}
      <small class="muted"
        >These change the catalog rows and imported runs; this machine’s and a typed GPU’s rows use their own
        figures.</small
      >
    </div>`;
  }

  override render() {
    const v = this.view;
    if (!v) return html`<p class="muted" aria-busy="true">Loading the GPU catalog…</p>`;
    if (!v.showControls) return html`<p class="muted" data-compare-problem>${v.problem}</p>`;
    return html`
      <p class="intro">
        Your workload on GPUs you may not have, against one CPU. Catalog rows are the vendor’s rated figures × a typical
        efficiency for the kind and size of each kernel — never a measurement — and each says which efficiency it used
        and why. A GPU measured by an imported Python run uses its measurements, labelled “measured”.
      </p>
      ${
        v.messages.length > 0
          ? html`<ul class="messages" role="status" data-compare-messages>
              ${v.messages.map((m) => html`<li>${m}</li>`)}
            </ul>`
          : nothing
      }
      <div class="controls">${this.renderCpu(v)} ${this.renderChoices(v)}</div>
      <compare-picker
        class="picker"
        .groups=${v.groups}
        .devices=${v.settings.devices}
        .names=${v.names}
        .raw=${this.raw}
        .typedGpu=${v.settings.typedGpu}
      ></compare-picker>
      ${
        v.result
          ? html`<div aria-busy=${this.ready ? 'false' : 'true'} data-compare-ready=${this.ready ? 'true' : 'false'}>
              <compare-table .result=${v.result}></compare-table>
              <compare-chart .result=${v.result}></compare-chart>
            </div>`
          : html`<p class="muted" data-compare-problem>${v.problem}</p>`
      }
      <p class="webgpu muted" data-webgpu-note>${v.webgpu}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gpu-compare': GpuCompare;
  }
}
