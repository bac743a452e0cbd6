import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatNumber } from '../../model/shared/format.ts';
import type { WorkloadCounts as Counts } from '../../model/workloads/counts.ts';
import { formatBytesSi, formatFlops } from '../../model/workloads/present.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { withCode } from './code-text.ts';

/** The field's counting conventions, said once above the figures (issue #12: "said on the page"). */
const CONVENTION =
  'Conventions: one fused multiply-add = 2 FLOPs, as PyTorch’s torch.utils.flop_counter and DeepSpeed’s profiler count; FFTs by FFTW’s benchmark convention (5·N·log₂N per complex transform). Bytes are the least each kernel must move: every operand read once, every result written once.';

/**
 * What the workload costs: FLOPs, device-memory bytes, host↔device bytes, kernel launches
 * and arithmetic intensity, each with its formula, as `data-count` elements (the answer card
 * holds the `data-output` ones) whose
 * `data-value` is the plain number in base units (FLOPs, bytes, launches, FLOPs/byte).
 * A workload of several kernels also lists them.
 */
@customElement('workload-counts')
export class WorkloadCounts extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr));
        gap: 0.55rem 1.25rem;
        margin: 0;
      }
      .item {
        border-bottom: 1px solid var(--border, #d5dae1);
        padding-bottom: 0.45rem;
      }
      dt {
        font-size: 0.85rem;
        color: var(--muted, #5a6472);
      }
      dd {
        margin: 0;
      }
      .value {
        font-size: 1.1rem;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }
      .formula {
        display: block;
        font-family: var(--font-mono);
        font-size: 0.8rem;
        color: var(--muted, #5a6472);
        overflow-wrap: anywhere;
      }
      .convention {
        font-size: 0.82rem;
        margin: 0.6rem 0 0;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.82rem;
        margin-top: 0.6rem;
      }
      th,
      td {
        text-align: right;
        padding: 0.2rem 0.35rem;
        border-bottom: 1px solid var(--border, #d5dae1);
        font-variant-numeric: tabular-nums;
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      .scroll {
        overflow-x: auto;
      }
    `,
  ];

  @property({ attribute: false }) counts: Counts | undefined;

  override render() {
    const c = this.counts;
    if (!c) return html`<p class="muted">The counts appear when every workload field is valid.</p>`;
    const intensity = c.deviceBytes > 0 ? c.flops / c.deviceBytes : 0;
    const items: { key: string; label: string; value: number; text: string; formula: string }[] = [
      {
        key: 'flops',
        label: 'Floating-point operations',
        value: c.flops,
        text: formatFlops(c.flops),
        formula: c.formulas.flops,
      },
      {
        key: 'deviceBytes',
        label: 'Device-memory traffic (all kernels)',
        value: c.deviceBytes,
        text: formatBytesSi(c.deviceBytes),
        formula: c.formulas.deviceBytes,
      },
      {
        key: 'hostBytes',
        label: 'Host ↔ device copies',
        value: c.hostBytes,
        text: `${formatBytesSi(c.hostBytes)} (${formatBytesSi(c.hostToDeviceBytes)} up, ${formatBytesSi(c.deviceToHostBytes)} back)`,
        formula: c.formulas.hostBytes,
      },
      {
        key: 'launches',
        label: 'Kernel launches',
        value: c.launches,
        text: c.launches.toLocaleString('en-US'),
        formula: c.formulas.launches,
      },
      {
        key: 'intensity',
        label: 'Arithmetic intensity',
        value: intensity,
        text: `${formatNumber(intensity)} FLOPs/byte`,
        formula: 'FLOPs ÷ device-memory bytes',
      },
    ];
    return html`
      <dl>
        ${items.map(
          (i) =>
            html`<div class="item">
              <dt id="c-${i.key}">${i.label}</dt>
              <dd>
                <span class="value" data-count=${i.key} data-value=${String(i.value)}>${i.text}</span>
                <span class="formula">= ${i.formula}</span>
              </dd>
            </div>`,
        )}
      </dl>
      <p class="convention muted">${CONVENTION} ${withCode(c.convention)}</p>
      ${
        c.kernels.length > 1
          ? html`<div class="scroll">
              <table>
                <caption class="sr-only">
                  Kernels of the workload
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Kernel</th>
                    <th scope="col">Launches</th>
                    <th scope="col">FLOPs each</th>
                    <th scope="col">Bytes each</th>
                  </tr>
                </thead>
                <tbody>
                  ${c.kernels.map(
                    (k) =>
                      html`<tr>
                        <td>${k.label}</td>
                        <td>${k.count.toLocaleString('en-US')}</td>
                        <td>${formatFlops(k.flops)}</td>
                        <td>${formatBytesSi(k.deviceBytes)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workload-counts': WorkloadCounts;
  }
}
