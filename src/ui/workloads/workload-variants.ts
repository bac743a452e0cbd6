import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatDuration, formatSpeedup } from '../../model/shared/format.ts';
import { formatBytesSi, formatFlops } from '../../model/workloads/present.ts';
import type { WorkloadResultsView } from '../../model/workloads/view.ts';
import { workloadVariants, type WorkloadVariant } from '../../model/workloads/variants.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/** Kernels listed per variant before the rest are summed up in one row. */
const SHOWN_KERNELS = 12;

/**
 * The same code run each way its kind offers, side by side (issue #18): for an
 * expression, eager (one kernel per operator, as NumPy) beside fused (one per chain, as
 * torch.compile): each way's kernels with FLOPs and device bytes, the totals, and the
 * model's CPU and GPU time at this page's rates. The answer above is for the way the form
 * holds, marked here. Nothing for kinds that have only one way.
 */
@customElement('workload-variants')
export class WorkloadVariants extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .sides {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
        gap: 1rem 1.5rem;
      }
      section {
        min-width: 0;
        border: 1px solid var(--border, #d5dae1);
        border-radius: var(--radius, 10px);
        padding: 0.6rem 0.75rem 0.7rem;
      }
      section.chosen {
        border-color: var(--accent, #1f6feb);
      }
      h4 {
        margin: 0 0 0.4rem;
        font-size: 0.95rem;
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        flex-wrap: wrap;
      }
      .badge {
        font-size: 0.72rem;
        font-weight: 500;
        padding: 0.1rem 0.45rem;
        border-radius: 999px;
        border: 1px solid var(--accent, #1f6feb);
        color: var(--accent, #1f6feb);
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.8rem;
      }
      th,
      td {
        text-align: right;
        padding: 0.2rem 0.35rem;
        border-bottom: 1px solid var(--border, #d5dae1);
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      th:first-child,
      td:first-child {
        text-align: left;
        white-space: normal;
      }
      td:first-child code {
        font-family: var(--font-mono);
        overflow-wrap: anywhere;
      }
      tfoot td {
        font-weight: 650;
      }
      .times {
        margin: 0.5rem 0 0;
        font-size: 0.88rem;
      }
    `,
  ];

  @property({ attribute: false }) view: WorkloadResultsView | undefined;

  private renderVariant(v: WorkloadVariant): TemplateResult {
    const c = v.counts;
    const shown = c.kernels.slice(0, SHOWN_KERNELS);
    const rest = c.kernels.slice(SHOWN_KERNELS);
    const restTimes = v.kernelSeconds.slice(SHOWN_KERNELS);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const cpuKernels = sum(v.kernelSeconds.map((k) => k.cpu));
    const gpuKernels = sum(v.kernelSeconds.map((k) => k.gpu));
    return html`<section class=${v.chosen ? 'chosen' : ''} data-variant=${v.value} aria-labelledby="wv-${v.value}">
      <h4 id="wv-${v.value}">${v.label} ${v.chosen ? html`<span class="badge">the answer above</span>` : nothing}</h4>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Kernel</th>
              <th scope="col">FLOPs</th>
              <th scope="col">Bytes</th>
              <th scope="col">CPU</th>
              <th scope="col">GPU</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map(
              (k, i) =>
                html`<tr data-kernel=${i}>
                  <td><code>${k.label}</code></td>
                  <td>${formatFlops(k.flops * k.count)}</td>
                  <td>${formatBytesSi(k.deviceBytes * k.count)}</td>
                  <td>${formatDuration(v.kernelSeconds[i]?.cpu ?? 0)}</td>
                  <td>${formatDuration(v.kernelSeconds[i]?.gpu ?? 0)}</td>
                </tr>`,
            )}
            ${
              rest.length > 0
                ? html`<tr>
                    <td>… ${rest.length.toLocaleString('en-US')} more kernels</td>
                    <td>${formatFlops(sum(rest.map((k) => k.flops * k.count)))}</td>
                    <td>${formatBytesSi(sum(rest.map((k) => k.deviceBytes * k.count)))}</td>
                    <td>${formatDuration(sum(restTimes.map((k) => k.cpu)))}</td>
                    <td>${formatDuration(sum(restTimes.map((k) => k.gpu)))}</td>
                  </tr>`
                : nothing
            }
          </tbody>
          <tfoot>
            <tr data-total>
              <td>${c.launches.toLocaleString('en-US')} kernel${c.launches === 1 ? '' : 's'}</td>
              <td data-flops=${c.flops}>${formatFlops(c.flops)}</td>
              <td data-bytes=${c.deviceBytes}>${formatBytesSi(c.deviceBytes)}</td>
              <td>${formatDuration(cpuKernels)}</td>
              <td>${formatDuration(gpuKernels)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p class="times">
        CPU <strong data-seconds="cpu" data-value=${v.cpuSeconds}>${formatDuration(v.cpuSeconds)}</strong>; GPU
        <strong data-seconds="gpu" data-value=${v.gpuSeconds}>${formatDuration(v.gpuSeconds)}</strong> with
        ${formatBytesSi(c.hostBytes)} of copies and ${c.launches.toLocaleString('en-US')}
        launch${c.launches === 1 ? '' : 'es'}: ${speedupText(v.cpuSeconds, v.gpuSeconds)}.
      </p>
    </section>`;
  }

  override render() {
    const v = this.view;
    const variants = v ? workloadVariants(v.workload, v.machine) : undefined;
    if (!variants) return nothing;
    return html`<h3 id="wv-title">${variants.label}: each way side by side</h3>
      <div class="sides" role="group" aria-labelledby="wv-title">
        ${variants.variants.map((x) => this.renderVariant(x))}
      </div>`;
  }
}

/** 'the GPU is 3.1× faster' or 'the CPU is 1.4× faster', from the model's two totals. */
function speedupText(cpuSeconds: number, gpuSeconds: number): string {
  if (!(cpuSeconds > 0 && gpuSeconds > 0)) return 'no comparison';
  return cpuSeconds >= gpuSeconds
    ? `the GPU is ${formatSpeedup(cpuSeconds / gpuSeconds)} faster`
    : `the CPU is ${formatSpeedup(gpuSeconds / cpuSeconds)} faster`;
}

declare global {
  interface HTMLElementTagNameMap {
    'workload-variants': WorkloadVariants;
  }
}
