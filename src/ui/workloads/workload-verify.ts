import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatDuration, formatSpeedup } from '../../model/shared/format.ts';
import { sizeAxis } from '../../model/workloads/break-even.ts';
import { DTYPE_LABELS } from '../../model/workloads/dtype.ts';
import type { MachineRates } from '../../model/workloads/precision.ts';
import { formatSize } from '../../model/workloads/present.ts';
import type { SizeBreakEven } from '../../model/workloads/break-even.ts';
import { cannotRunText, runSides, validatedText } from '../../model/workloads/run-fit.ts';
import { workloadLabel } from '../../model/workloads/saved.ts';
import type { Workload } from '../../model/workloads/types.ts';
import { achievedText, type PartComparison, type TransferDetail } from '../../model/workloads/verify.ts';
import type { VerifyResult } from '../../bench/workloads/verify.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { pageVerifySession, type VerifyRunner, type VerifySession } from './verify-session.ts';

export type { VerifyRunner } from './verify-session.ts';

/** The page's runner: WebGPU device, Web Workers for the CPU, the kernels' WGSL inlined by Vite. */
export const pageVerifyRunner: VerifyRunner = async (workload, opts) => {
  const [{ acquireGpu }, { browserCpuTierEnv }, { browserWorkloadShaders }, { verifyWorkload, VerifyError }] =
    await Promise.all([
      import('../../bench/gpu/device.ts'),
      import('../../bench/cpu/index.ts'),
      import('../../bench/workloads/gpu/shaders-vite.ts'),
      import('../../bench/workloads/verify.ts'),
    ]);
  const gpu = await acquireGpu();
  if (!gpu.ok) throw new VerifyError('failed', gpu.message);
  try {
    return await verifyWorkload(
      { device: gpu.device, shaders: browserWorkloadShaders, cpu: browserCpuTierEnv() },
      workload,
      opts,
    );
  } finally {
    gpu.device.destroy();
  }
};

/** Before a run: what the type asked for means for the two devices, when one of them cannot run it. */
function sidesHint(w: Workload): string | undefined {
  const sides = runSides(w.dtype, { shaderF16: true }, w.id);
  const name = DTYPE_LABELS[w.dtype];
  if (sides.gpu.run && !sides.cpu.run) {
    return `${name} runs on the GPU only, where the adapter has shader-f16: ${sides.cpu.reason}`;
  }
  if (!sides.gpu.run && sides.cpu.run) return `${name} runs on the CPU only: ${sides.gpu.reason}`;
  return undefined;
}

/** A break-even in words, measured or predicted. */
function beSentence(be: SizeBreakEven): string {
  if (be.kind === 'finite') return `${formatSize(be.size)} ${be.unit}`;
  if (be.kind === 'always') return `the GPU wins from the smallest size (${formatSize(be.minSize)} ${be.unit})`;
  return `the GPU does not win up to ${formatSize(be.maxSize)} ${be.unit}`;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(0)} %` : '–');

/** A size as it ran, every digit: '1,024', not '1,000'. */
const exact = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/**
 * "Run this workload" (issue #13): runs the picked workload for real on the GPU (WebGPU)
 * and the CPU (Wasm SIMD in workers), in the data type asked for, and shows each
 * measurement next to the model's prediction with the error in percent. Workloads without
 * kernels, and types neither device has, keep the button, disabled, with the reason.
 * Status: initial / pending (progress, Cancel) / complete / error, kept in a session that
 * outlives the element; runs follow the form (verify-session.ts). A finished run of both
 * devices is sent up as `workload-verified` (history, the crossover chart's measured points).
 */
@customElement('workload-verify')
export class WorkloadVerify extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      table {
        border-collapse: collapse;
        margin-top: 0.75rem;
        font-variant-numeric: tabular-nums;
        /* A phone scrolls the table sideways rather than cutting off its error column. */
        display: block;
        max-width: 100%;
        overflow-x: auto;
      }
      th,
      td {
        text-align: right;
        padding: 0.15rem 0.6rem;
      }
      td:not(:first-child) {
        white-space: nowrap;
      }
      @media (max-width: 30rem) {
        table {
          font-size: 0.85rem;
        }
        th,
        td {
          padding: 0.15rem 0.25rem;
        }
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      .note {
        font-size: 0.85rem;
      }
      progress {
        width: 12rem;
      }
    `,
  ];

  /** The workload as the user described it; undefined while a field is invalid. */
  @property({ attribute: false }) workload: Workload | undefined;
  /** The rates the estimate uses (the prediction compared against). */
  @property({ attribute: false }) machine: MachineRates | undefined;
  /** Per-direction transfer fits, when the page measured them. */
  @property({ attribute: false }) transfer: TransferDetail | undefined;
  /** Seconds per side for the run at the user's size (default 2). */
  @property({ type: Number }) budgetSeconds = 2;
  /** This machine is being measured: a run waits (it would disturb the measurement and predict from unmeasured figures). */
  @property({ type: Boolean }) measuring = false;
  /** Injectable for tests; the page's runner by default. */
  @property({ attribute: false }) runner: VerifyRunner = pageVerifyRunner;
  /** Where the run's state lives; the page's one session by default. */
  @property({ attribute: false }) session: VerifySession = pageVerifySession;

  private sweep = false;
  private unsubscribe: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.session.subscribe(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    // The view went away (classic mode): a run in flight is cancelled, and says so when the view comes back.
    this.session.cancel('left');
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A run belongs to the workload it ran: a new valid shape cancels it.
    if (changed.has('workload')) this.session.follow(this.workload);
  }

  private async run(): Promise<void> {
    const w = this.workload;
    const machine = this.machine;
    if (!w || !machine) return;
    const result = await this.session.run(this.runner, w, {
      machine,
      transfer: this.transfer,
      budgetSeconds: this.budgetSeconds,
      sweep: this.sweep,
    });
    // The history and the crossover chart keep runs of both devices (calibration needs both).
    if (result && result.gpu.ran && result.cpu.ran) emit(this, 'workload-verified', { result });
  }

  override render() {
    const w = this.workload;
    if (!w) return nothing;
    const cannot = cannotRunText(w);
    const hint = cannot ? undefined : sidesHint(w);
    const status = this.session.statusFor(w);
    const pending = status.kind === 'pending';
    return html`
      <div class="controls">
        <button
          type="button"
          ?disabled=${cannot !== undefined || pending || !this.machine || this.measuring}
          @click=${() => void this.run()}
        >
          Run this workload
        </button>
        ${
          cannot === undefined
            ? html`<label
                ><input
                  type="checkbox"
                  .checked=${this.sweep}
                  ?disabled=${pending || hint !== undefined}
                  @change=${(e: Event) => {
                    this.sweep = (e.target as HTMLInputElement).checked;
                  }}
                />
                Also sweep sizes for the measured crossover</label
              >`
            : html`<span class="muted" data-output="verifyStatus" data-value="not-runnable">${cannot}</span>`
        }
        ${
          pending
            ? html`<progress max="1" .value=${status.progress.fraction} aria-label="Verification progress"></progress>
                <span role="status">${status.progress.step}</span>
                <button type="button" @click=${() => this.session.cancel('button')}>Cancel</button>`
            : nothing
        }
      </div>
      ${
        this.measuring && !pending
          ? html`<p class="note muted" data-output="verifyWaiting">
              Waiting for this machine’s measurement to finish: a run beside it would slow both, and its prediction
              would rest on figures not yet measured.
            </p>`
          : nothing
      }
      ${
        // A result says the same in its notes: once is enough.
        hint && status.kind !== 'complete' ? html`<p class="note muted" data-output="verifySides">${hint}</p>` : nothing
      }
      ${
        status.kind === 'error'
          ? html`<p role="alert" data-output="verifyStatus" data-value=${status.errorKind}>
              ${status.errorKind === 'cancelled' ? status.message : `The run failed: ${status.message}`}
            </p>`
          : nothing
      }
      ${status.kind === 'complete' ? this.renderResult(status.result) : nothing}
    `;
  }

  private renderResult(r: VerifyResult) {
    const c = r.comparison;
    const a = c.achieved;
    const axis = sizeAxis(r.ran);
    // A device that did not run measured nothing: no number, an empty data-value.
    // data-predicted beside each measured value: scripts (verify-sweep-browser.ts) read both.
    const measuredCell = (name: string, v: number, text: string, predicted?: number) =>
      Number.isFinite(v)
        ? html`<td
            data-output=${name}
            data-value=${String(v)}
            data-predicted=${predicted === undefined ? nothing : String(predicted)}
          >
            ${text}
          </td>`
        : html`<td data-output=${name} data-value="">not run</td>`;
    const time = (name: string, label: string, p: PartComparison) =>
      html`<tr>
        <th scope="row">${label}</th>
        <td>${formatDuration(p.predicted)}</td>
        ${measuredCell(name, p.measured, formatDuration(p.measured), p.predicted)}
        <td>${pct(p.errorPercent)}</td>
      </tr>`;
    const rate = (name: string, value: number, unit: string) =>
      Number.isFinite(value)
        ? html`<span data-output=${name} data-value=${String(value)}>${value.toPrecision(3)} ${unit}</span>`
        : html`<span data-output=${name} data-value="">not run</span>`;
    const be = r.sweep?.measuredBreakEven;
    const both = r.gpu.ran && r.cpu.ran;
    return html`<div
      data-output="verifyStatus"
      data-value="complete"
      data-ran-size=${r.fit.scaledDown ? String(r.fit.size) : nothing}
      data-dtype=${r.ran.dtype}
    >
      <p class="note">Ran ${workloadLabel(r.ran)}.</p>
      ${r.notes.map((n) => html`<p class="note">${n}</p>`)}
      <table aria-label="Predicted against measured">
        <thead>
          <tr>
            <th scope="col">At ${exact(r.fit.size)} ${axis.unit}</th>
            <th scope="col">Predicted</th>
            <th scope="col">Measured</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          ${time('measuredCpuTime', 'CPU time', c.cpu)} ${time('measuredGpuTime', 'GPU compute', c.gpuCompute)}
          ${time('measuredUploadTime', 'Upload (host → GPU)', c.upload)}
          ${time('measuredReadbackTime', 'Readback (GPU → host)', c.readback)}
          <tr>
            <th scope="row">Launches</th>
            <td>${c.launches.predicted}</td>
            ${measuredCell('measuredLaunches', c.launches.measured, String(c.launches.measured))}
            <td>${pct(c.launches.errorPercent)}</td>
          </tr>
          <tr>
            <th scope="row">GPU total</th>
            <td>${formatDuration(c.gpuTotal.predicted)}</td>
            ${measuredCell('measuredGpuTotal', c.gpuTotal.measured, formatDuration(c.gpuTotal.measured), c.gpuTotal.predicted)}
            ${measuredCell('predictionError', c.predictionError, pct(c.predictionError * 100))}
          </tr>
          <tr>
            <th scope="row">Speedup</th>
            <td>${formatSpeedup(c.speedup.predicted)}</td>
            ${measuredCell('measuredSpeedup', c.speedup.measured, formatSpeedup(c.speedup.measured), c.speedup.predicted)}
            <td>${pct(c.speedup.errorPercent)}</td>
          </tr>
        </tbody>
      </table>
      <p>
        Achieved: CPU ${rate('achievedCpuGflops', a.cpuGflops, 'GFLOPS')},
        ${rate('achievedCpuGbps', a.cpuGbps, 'GB/s')}; GPU ${rate('achievedGpuGflops', a.gpuGflops, 'GFLOPS')},
        ${rate('achievedGpuGbps', a.gpuGbps, 'GB/s')}.
      </p>
      ${achievedText(r.ran.id, a)
        .filter((_, i) => (i === 0 ? r.gpu.ran : r.cpu.ran))
        .map((t) => html`<p class="note">${t}</p>`)}
      <p
        class="note muted"
        data-output="verifyChecked"
        data-gpu=${String(r.gpu.samples)}
        data-cpu=${String(r.cpu.checked)}
      >
        ${validatedText(r)}
      </p>
      ${both ? nothing : html`<p class="note muted">A run of one device is not kept in the history: calibration needs both.</p>`}
      ${
        r.sweep
          ? html`<p>
              Measured break-even:
              ${
                be?.kind === 'finite'
                  ? html`<span data-output="measuredBreakEvenSize" data-value=${String(be.size)} data-unit=${be.unit}
                      >${formatSize(be.size)} ${be.unit}</span
                    >`
                  : be
                    ? beSentence(be)
                    : 'not enough points'
              };
              predicted: ${beSentence(r.sweep.predictedBreakEven)}
            </p>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workload-verify': WorkloadVerify;
  }
}
