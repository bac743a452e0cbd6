import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatDuration, formatSpeedup } from '../../model/shared/format.ts';
import { sizeAxis } from '../../model/workloads/break-even.ts';
import type { MachineRates } from '../../model/workloads/precision.ts';
import { formatSize } from '../../model/workloads/present.ts';
import type { SizeBreakEven } from '../../model/workloads/break-even.ts';
import type { Workload } from '../../model/workloads/types.ts';
import {
  achievedText,
  isRunnableWorkloadId,
  notRunnableText,
  type PartComparison,
  type TransferDetail,
} from '../../model/workloads/verify.ts';
import type { VerifyOptions, VerifyProgress, VerifyResult } from '../../bench/workloads/verify.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/** Runs a verification; the page's default acquires the GPU and starts CPU workers (loaded on first use). */
export type VerifyRunner = (workload: Workload, opts: VerifyOptions) => Promise<VerifyResult>;

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

type Status =
  | { kind: 'initial' }
  | { kind: 'pending'; progress: VerifyProgress }
  | { kind: 'complete'; result: VerifyResult }
  | { kind: 'error'; message: string; errorKind: string };

/** A break-even in words, measured or predicted. */
function beSentence(be: SizeBreakEven): string {
  if (be.kind === 'finite') return `${formatSize(be.size)} ${be.unit}`;
  if (be.kind === 'always') return `the GPU wins from the smallest size (${formatSize(be.minSize)} ${be.unit})`;
  return `the GPU does not win up to ${formatSize(be.maxSize)} ${be.unit}`;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(0)} %` : '–');

/**
 * "Run this workload" (issue #13): runs the picked workload for real on the GPU (WebGPU)
 * and the CPU (Wasm SIMD in workers) and shows each measurement next to the model's
 * prediction with the error in percent. Workloads without kernels keep the button,
 * disabled, with "not runnable here yet". Status: initial / pending (progress, Cancel) /
 * complete / error, like the benchmark panel; a finished run is sent up as
 * `workload-verified` (history, the crossover chart's measured points).
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
      }
      th,
      td {
        text-align: right;
        padding: 0.15rem 0.6rem;
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
  /** Injectable for tests; the page's runner by default. */
  @property({ attribute: false }) runner: VerifyRunner = pageVerifyRunner;

  @state() private status: Status = { kind: 'initial' };
  @state() private sweep = false;
  private controller: AbortController | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A result belongs to the workload it ran; a new shape clears it (a run in flight keeps going).
    // Compared by value: the page rebuilds the workload object on every render (a save, calibrated rates).
    const before = changed.get('workload') as Workload | undefined;
    if (
      changed.has('workload') &&
      before !== undefined &&
      JSON.stringify(before) !== JSON.stringify(this.workload) &&
      this.status.kind !== 'pending'
    ) {
      this.status = { kind: 'initial' };
    }
  }

  private async run(): Promise<void> {
    const w = this.workload;
    const machine = this.machine;
    if (!w || !machine || this.status.kind === 'pending') return;
    this.controller = new AbortController();
    this.status = { kind: 'pending', progress: { fraction: 0, step: 'starting' } };
    try {
      const result = await this.runner(w, {
        machine,
        transfer: this.transfer,
        budgetSeconds: this.budgetSeconds,
        sweep: this.sweep,
        signal: this.controller.signal,
        onProgress: (progress) => {
          if (this.status.kind === 'pending') this.status = { kind: 'pending', progress };
        },
      });
      this.status = { kind: 'complete', result };
      emit(this, 'workload-verified', { result });
    } catch (e) {
      const kind = (e as { kind?: string }).kind ?? 'failed';
      const message = e instanceof Error ? e.message : String(e);
      this.status = { kind: 'error', errorKind: kind, message: kind === 'cancelled' ? 'Cancelled.' : message };
    } finally {
      this.controller = undefined;
    }
  }

  private cancel(): void {
    this.controller?.abort();
  }

  override render() {
    const w = this.workload;
    if (!w) return nothing;
    const runnable = isRunnableWorkloadId(w.id);
    const pending = this.status.kind === 'pending';
    return html`
      <div class="controls">
        <button type="button" ?disabled=${!runnable || pending || !this.machine} @click=${() => void this.run()}>
          Run this workload
        </button>
        ${
          runnable
            ? html`<label
                ><input
                  type="checkbox"
                  .checked=${this.sweep}
                  ?disabled=${pending}
                  @change=${(e: Event) => (this.sweep = (e.target as HTMLInputElement).checked)}
                />
                Also sweep sizes for the measured crossover</label
              >`
            : html`<span class="muted" data-output="verifyStatus" data-value="not-runnable"
                >${notRunnableText(w.id)}</span
              >`
        }
        ${
          pending
            ? html`<progress
                  max="1"
                  .value=${this.status.kind === 'pending' ? this.status.progress.fraction : 0}
                  aria-label="Verification progress"
                ></progress>
                <span role="status">${this.status.kind === 'pending' ? this.status.progress.step : ''}</span>
                <button type="button" @click=${() => this.cancel()}>Cancel</button>`
            : nothing
        }
      </div>
      ${
        this.status.kind === 'error'
          ? html`<p role="alert" data-output="verifyStatus" data-value=${this.status.errorKind}>
              ${this.status.errorKind === 'cancelled' ? 'Cancelled.' : `The run failed: ${this.status.message}`}
            </p>`
          : nothing
      }
      ${this.status.kind === 'complete' ? this.renderResult(this.status.result) : nothing}
    `;
  }

  private renderResult(r: VerifyResult) {
    const c = r.comparison;
    const a = c.achieved;
    const axis = sizeAxis(r.ran);
    const time = (name: string, label: string, p: PartComparison) =>
      html`<tr>
        <th scope="row">${label}</th>
        <td>${formatDuration(p.predicted)}</td>
        <td data-output=${name} data-value=${String(p.measured)}>${formatDuration(p.measured)}</td>
        <td>${pct(p.errorPercent)}</td>
      </tr>`;
    const rate = (name: string, value: number, unit: string) =>
      html`<span data-output=${name} data-value=${String(value)}>${value.toPrecision(3)} ${unit}</span>`;
    const be = r.sweep?.measuredBreakEven;
    return html`<div
      data-output="verifyStatus"
      data-value="complete"
      data-ran-size=${r.fit.scaledDown ? String(r.fit.size) : nothing}
    >
      ${r.notes.map((n) => html`<p class="note">${n}</p>`)}
      <table aria-label="Predicted against measured">
        <thead>
          <tr>
            <th scope="col">At ${formatSize(r.fit.size)} ${axis.unit}</th>
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
            <td data-output="measuredLaunches" data-value=${String(c.launches.measured)}>${c.launches.measured}</td>
            <td>${pct(c.launches.errorPercent)}</td>
          </tr>
          <tr>
            <th scope="row">GPU total</th>
            <td>${formatDuration(c.gpuTotal.predicted)}</td>
            <td>${formatDuration(c.gpuTotal.measured)}</td>
            <td data-output="predictionError" data-value=${String(c.predictionError)}>
              ${pct(c.predictionError * 100)}
            </td>
          </tr>
          <tr>
            <th scope="row">Speedup</th>
            <td>${formatSpeedup(c.speedup.predicted)}</td>
            <td data-output="measuredSpeedup" data-value=${String(c.speedup.measured)}>
              ${formatSpeedup(c.speedup.measured)}
            </td>
            <td>${pct(c.speedup.errorPercent)}</td>
          </tr>
        </tbody>
      </table>
      <p>
        Achieved: CPU ${rate('achievedCpuGflops', a.cpuGflops, 'GFLOPS')},
        ${rate('achievedCpuGbps', a.cpuGbps, 'GB/s')}; GPU ${rate('achievedGpuGflops', a.gpuGflops, 'GFLOPS')},
        ${rate('achievedGpuGbps', a.gpuGbps, 'GB/s')}.
      </p>
      ${achievedText(r.ran.id, a).map((s) => html`<p class="note">${s}</p>`)}
      <p class="note muted">
        Validated: ${r.gpu.samples} sampled GPU outputs and ${r.cpu.checked} CPU outputs matched the reference. GPU
        timer: ${r.gpu.timer}; CPU: ${r.cpu.threads} workers.
      </p>
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
