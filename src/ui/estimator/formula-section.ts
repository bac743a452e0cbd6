import { LitElement, html, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { EstimatorInputs } from '../../model/estimator/estimator.ts';
import { formulaNote } from '../../model/estimator/summary.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/** "Formula Used" and its step-by-step derivation, as on the spec page, with units spelled out. */
@customElement('formula-section')
export class FormulaSection extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      ol {
        padding-left: 1.3rem;
        margin: 0.5rem 0;
      }
      li {
        margin: 0.55rem 0;
      }
      code {
        font-family: var(--font-mono);
        font-size: 0.9rem;
        background: var(--bg, #f6f7f9);
        border: 1px solid var(--border, #d5dae1);
        border-radius: 6px;
        padding: 0.1rem 0.35rem;
        display: inline-block;
        margin-top: 0.2rem;
        white-space: normal;
      }
      p {
        margin: 0.5rem 0;
      }
      .note {
        font-size: 0.9rem;
      }
    `,
  ];

  /** The current valid inputs, so the footnote can say which term decides this estimate. */
  @property({ attribute: false }) inputs: EstimatorInputs | undefined;

  override render() {
    return html`
      <p>
        The calculator compares CPU-only execution time against GPU-accelerated execution time, which includes GPU
        computation, data transfer, and kernel launch overheads.
      </p>
      <ol>
        <li>
          <strong>CPU Calculation Time</strong> — the baseline.<br />
          <code>T<sub>CPU</sub> = Total Operations / CPU Operations per Second</code>
        </li>
        <li>
          <strong>GPU Computation Time</strong> — the GPU actively computing.<br />
          <code>T<sub>GPU_compute</sub> = Total Operations / GPU Operations per Second</code>
        </li>
        <li>
          <strong>Data Transfer Time</strong> — moving data between CPU memory and GPU memory (VRAM).<br />
          <code>T<sub>transfer</sub> = Data Size to Transfer / Data Transfer Rate</code>
        </li>
        <li>
          <strong>Total Kernel Launch Overhead</strong> — a fixed cost per kernel, accumulated.<br />
          <code>T<sub>kernel_overhead</sub> = Single Kernel Launch Overhead × Number of Kernel Launches</code>
        </li>
        <li>
          <strong>Total GPU Time</strong> — every GPU-side component.<br />
          <code
            >T<sub>GPU_total</sub> = T<sub>GPU_compute</sub> + T<sub>transfer</sub> + T<sub>kernel_overhead</sub></code
          >
        </li>
        <li>
          <strong>Estimated Speedup Factor</strong> — how many times faster the GPU path is.<br />
          <code>S = T<sub>CPU</sub> / T<sub>GPU_total</sub></code>
        </li>
        <li>
          <strong>GPU Efficiency Ratio</strong> — how close the effective GPU rate comes to its peak once overheads
          count.<br />
          <code>E = (Total Operations / T<sub>GPU_total</sub>) / GPU Operations per Second × 100 %</code>
        </li>
        <li>
          <strong>Break-even task size</strong> (beyond the original page) — where S = 1, holding data size and launches
          fixed.<br />
          <code
            >Ops<sub>break-even</sub> = (T<sub>transfer</sub> + T<sub>kernel_overhead</sub>) / (1 / CPU rate − 1 / GPU
            rate)</code
          >
        </li>
      </ol>
      <p class="note muted">
        Units: GFLOPS = 10<sup>9</sup> operations per second, TFLOPS = 10<sup>12</sup>, Giga-operations = 10<sup>9</sup>
        operations, GB = 10<sup>9</sup> bytes, ms = 10<sup>−3</sup> s. The model is deliberately simple: it assumes the
        work parallelises perfectly and that transfers do not overlap computation.
      </p>
      <p class="note muted" data-formula-note>${formulaNote(this.inputs)}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'formula-section': FormulaSection;
  }
}
