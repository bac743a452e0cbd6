import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  breakEven,
  gpuTimeShares,
  type EstimatorInputs,
  type EstimatorOutputs,
  type OutputKey,
} from '../../model/estimator/estimator.ts';
import type { EstimateBasis } from '../../model/estimator/basis.ts';
import { DASH, formatDuration, formatGigaOps, formatPercent, formatSpeedup } from '../../model/shared/format.ts';
import { speedupRangeText } from '../../model/estimator/measured.ts';
import { breakEvenText, explainVerdict, summaryText } from '../../model/estimator/summary.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

interface ResultRow {
  key: OutputKey;
  title: string;
  format: (v: number) => string;
  hint: string;
}

/** The spec page's results, in its order, with its titles. */
const ROWS: readonly ResultRow[] = [
  { key: 'cpuTime', title: 'CPU Calculation Time', format: formatDuration, hint: 'Your baseline.' },
  { key: 'gpuComputeTime', title: 'GPU Computation Time', format: formatDuration, hint: 'GPU time with no overheads.' },
  {
    key: 'transferTime',
    title: 'Data Transfer Time',
    format: formatDuration,
    hint: 'Moving the data to and from the GPU.',
  },
  {
    key: 'kernelOverhead',
    title: 'Total Kernel Launch Overhead',
    format: formatDuration,
    hint: 'Launch cost × launches.',
  },
  { key: 'totalOverhead', title: 'Total GPU Overhead', format: formatDuration, hint: 'Transfer + launches.' },
  { key: 'gpuTotalTime', title: 'Total GPU Time', format: formatDuration, hint: 'What the GPU path really takes.' },
  {
    key: 'efficiency',
    title: 'GPU Efficiency Ratio',
    format: formatPercent,
    hint: 'Share of the GPU\u2019s peak left after overheads.',
  },
];

/**
 * The results card: speedup, the spec's seven other outputs, the verdict, where the GPU
 * time goes, the break-even size and "Copy Results". Every value is an <output> with an
 * accessible name and machine-readable data-output / data-value attributes.
 */
@customElement('estimator-results')
export class EstimatorResults extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .workload-pointer {
        margin: 0 0 0.8rem;
        padding: 0.5rem 0.7rem;
        border-left: 4px solid var(--transfer, #9333ea);
        background: var(--bg, #f6f7f9);
        border-radius: 6px;
        font-size: 0.9rem;
      }
      .headline {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.25rem 0.75rem;
        margin-bottom: 0.4rem;
      }
      .headline label {
        font-weight: 600;
        width: 100%;
      }
      .headline output {
        font-size: 2.6rem;
        font-weight: 700;
        line-height: 1.1;
        font-variant-numeric: tabular-nums;
      }
      .verdict {
        border-radius: 8px;
        padding: 0.55rem 0.75rem;
        margin: 0.5rem 0 0.9rem;
        font-weight: 600;
      }
      .verdict.gpu {
        background: var(--good-bg, #e7f6ec);
        color: var(--good, #15803d);
      }
      .verdict.cpu {
        background: var(--bad-bg, #fdecea);
        color: var(--bad, #b42318);
      }
      /* Built from default values: no green or red, a dashed frame, and a prefix in words. */
      .verdict.provisional {
        background: transparent;
        color: var(--fg, #1b1f24);
        border: 2px dashed var(--muted, #5a6472);
        font-weight: 500;
      }
      .headline output.provisional {
        color: var(--muted, #5a6472);
      }
      .headline .tag {
        font-size: 0.8rem;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted, #5a6472);
        border: 1px dashed var(--muted, #5a6472);
        border-radius: 999px;
        padding: 0.05rem 0.5rem;
      }
      .basis {
        border-radius: 8px;
        padding: 0.6rem 0.75rem;
        margin: 0 0 0.75rem;
        background: var(--warn-bg, #fff4d6);
        color: var(--warn-fg, #6b4a00);
      }
      .basis strong {
        display: block;
      }
      .basis p {
        margin: 0.25rem 0 0;
        font-size: 0.88rem;
      }
      .basis progress {
        width: 100%;
        height: 0.6rem;
        margin-top: 0.35rem;
        accent-color: var(--accent, #1f6feb);
      }
      .verdict.even,
      .verdict.none {
        background: var(--warn-bg, #fff4d6);
        color: var(--warn-fg, #6b4a00);
      }
      dl {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0;
        margin: 0;
      }
      dl > div {
        display: contents;
      }
      dt,
      dd {
        padding: 0.3rem 0;
        border-bottom: 1px solid var(--border, #d5dae1);
      }
      dd {
        margin: 0;
        padding-left: 1rem;
        text-align: right;
        font-family: var(--font-mono);
        font-variant-numeric: tabular-nums;
      }
      dt label {
        font-weight: 500;
      }
      dt small {
        display: block;
        color: var(--muted, #5a6472);
        font-size: 0.78rem;
      }
      .bar {
        display: flex;
        height: 1.1rem;
        border-radius: 6px;
        overflow: hidden;
        background: var(--border, #d5dae1);
        margin: 0.35rem 0;
      }
      .bar span {
        display: block;
        height: 100%;
        min-width: 0;
      }
      .seg-compute {
        background: var(--gpu, #1f6feb);
      }
      .seg-transfer {
        background: var(--transfer, #9333ea);
      }
      .seg-launches {
        background: var(--launch, #0d9488);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 1rem;
        font-size: 0.85rem;
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .legend i {
        display: inline-block;
        width: 0.75rem;
        height: 0.75rem;
        border-radius: 3px;
        margin-right: 0.3rem;
        vertical-align: -1px;
      }
      .where {
        margin-top: 1rem;
      }
      .breakeven {
        margin: 0.9rem 0 0;
      }
      .breakeven output {
        font-weight: 600;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        align-items: center;
        margin-top: 1rem;
      }
      .copied {
        color: var(--good, #15803d);
        font-weight: 600;
      }
      .copy-failed {
        color: var(--bad, #b42318);
      }
      textarea {
        width: 100%;
        min-height: 10rem;
        font-family: var(--font-mono);
        font-size: 0.8rem;
        margin-top: 0.5rem;
        background: var(--bg);
        color: var(--fg);
      }
      .range {
        font-size: 0.9rem;
        color: var(--muted, #5a6472);
      }
    `,
  ];

  /** Valid inputs, or undefined while any field is invalid. */
  @property({ attribute: false }) inputs: EstimatorInputs | undefined;
  @property({ attribute: false }) outputs: EstimatorOutputs | undefined;
  /** What the estimate rests on; while it is provisional the card says so where the answer is. */
  @property({ attribute: false }) basis: EstimateBasis | undefined;
  /** Optional speedup range implied by measurement spread (p10–p90). */
  @property({ attribute: false }) speedupRange: { low: number; high: number } | undefined;
  /** Link that reproduces this estimate, put into the copied summary. */
  @property() link = '';
  /**
   * The label of the workload described above ("Matmul"), when one is: this card's classic
   * formula counts FLOPs only, so it points to the roofline estimate, which also counts
   * memory bandwidth, as the answer for that code.
   */
  @property() workloadLabel = '';

  @state() private copyState: 'idle' | 'copied' | 'failed' = 'idle';
  private copyTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copyTimer);
  }

  private async copy(): Promise<void> {
    if (!this.inputs || !this.outputs) return;
    const text = summaryText(this.inputs, this.outputs, this.link || undefined);
    try {
      await navigator.clipboard.writeText(text);
      this.copyState = 'copied';
    } catch {
      this.copyState = 'failed';
    }
    clearTimeout(this.copyTimer);
    if (this.copyState === 'copied') {
      this.copyTimer = setTimeout(() => (this.copyState = 'idle'), 4000);
    }
  }

  private output(key: OutputKey | 'speedup' | 'breakEven', value: number | undefined, text: string, muted = false) {
    const ok = value !== undefined && Number.isFinite(value);
    return html`<output
      id="out-${key}"
      class=${muted ? 'provisional' : ''}
      data-output=${key}
      data-value=${ok ? String(value) : ''}
      aria-live="off"
      >${ok ? text : DASH}</output
    >`;
  }

  private renderBreakEven() {
    if (!this.inputs) {
      return html`<p class="breakeven">
        <label for="out-breakEven">Break-even task size</label>: ${this.output('breakEven', undefined, '')}
      </p>`;
    }
    const be = breakEven(this.inputs);
    const value = be.kind === 'finite' ? be.gigaOps : undefined;
    return html`<p class="breakeven">
      <label for="out-breakEven">Break-even task size</label>:
      ${
        be.kind === 'finite'
          ? this.output('breakEven', value, formatGigaOps(be.gigaOps))
          : html`<output id="out-breakEven" data-output="breakEven" data-value="" data-kind=${be.kind}
              >${be.kind === 'always' ? 'none: GPU always wins' : 'none: GPU never wins'}</output
            >`
      } <br /><small class="muted">${breakEvenText(this.inputs)}</small>
    </p>`;
  }

  private renderWhere(out: EstimatorOutputs) {
    const s = gpuTimeShares(out);
    const pct = (x: number) => (x > 0 && x < 1e-4 ? '< 0.01 %' : `${(x * 100).toFixed(x < 0.001 ? 2 : 1)} %`);
    const parts = [
      { cls: 'seg-compute', name: 'Compute', share: s.compute },
      { cls: 'seg-transfer', name: 'Transfer', share: s.transfer },
      { cls: 'seg-launches', name: 'Launches', share: s.launches },
    ];
    return html`<div class="where">
      <h3 id="where-title">Where the GPU time goes</h3>
      <div class="bar" role="img" aria-labelledby="where-title" aria-describedby="where-desc">
        ${parts.map((p) => html`<span class=${p.cls} style="width:${(p.share * 100).toFixed(3)}%"></span>`)}
      </div>
      <ul class="legend" id="where-desc">
        ${parts.map((p) => html`<li><i class=${p.cls}></i>${p.name} ${pct(p.share)}</li>`)}
      </ul>
    </div>`;
  }

  private renderBasis() {
    const b = this.basis;
    if (!b?.provisional) return nothing;
    return html`<div class="basis" role="status" data-basis=${b.fraction !== undefined ? 'measuring' : 'defaults'}>
      <strong>${b.title}</strong>
      ${
        b.fraction !== undefined
          ? html`<progress max="1" .value=${b.fraction} aria-label="Measuring this machine"></progress>`
          : nothing
      }
      <p>${b.detail}</p>
    </div>`;
  }

  override render() {
    const out = this.outputs;
    const explained = this.inputs && out ? explainVerdict(this.inputs, out) : undefined;
    const v = explained?.verdict;
    const provisional = Boolean(this.basis?.provisional);
    const range = provisional ? undefined : this.speedupRange;
    return html`
      ${this.renderBasis()}
      ${
        this.workloadLabel
          ? html`<p class="workload-pointer" data-workload-pointer>
              For your ${this.workloadLabel.toLowerCase()} workload, the answer is the roofline estimate below, which
              also counts memory bandwidth. This card is the classic formula: FLOPs, copies and launches only.
            </p>`
          : nothing
      }
      <div class="headline">
        <label for="out-speedup">Estimated Speedup Factor (CPU vs. GPU)</label>
        ${this.output('speedup', out?.speedup, out ? formatSpeedup(out.speedup) : '', provisional)}
        ${out && provisional ? html`<span class="tag" data-provisional-tag>from default values</span>` : nothing}
        ${
          out && range
            ? html`<span class="range" data-output="speedupRange" data-low=${range.low} data-high=${range.high}
                >${speedupRangeText(range, out.speedup)}</span
              >`
            : nothing
        }
      </div>
      <p
        class="verdict ${provisional && v ? 'provisional' : (v ?? 'none')}"
        role="status"
        data-verdict=${v ?? ''}
        data-provisional=${provisional ? 'true' : 'false'}
      >
        ${
          explained
            ? provisional
              ? `Provisional, from default values: ${explained.text.charAt(0).toLowerCase()}${explained.text.slice(1)}`
              : explained.text
            : 'Fix the highlighted inputs to see an estimate.'
        }
      </p>
      <dl>
        ${ROWS.map(
          (r) =>
            html`<div>
              <dt><label for="out-${r.key}">${r.title}</label><small>${r.hint}</small></dt>
              <dd>${this.output(r.key, out?.[r.key], out ? r.format(out[r.key]) : '')}</dd>
            </div>`,
        )}
      </dl>
      ${this.renderBreakEven()} ${out ? this.renderWhere(out) : nothing}
      <div class="actions">
        <button type="button" class="primary" ?disabled=${!out} @click=${() => void this.copy()}>Copy Results</button>
        <span role="status" aria-live="polite">
          ${
            this.copyState === 'copied'
              ? html`<span class="copied">Copied to the clipboard ✓</span>`
              : this.copyState === 'failed'
                ? html`<span class="copy-failed"
                    >The browser blocked the clipboard; select and copy the text below.</span
                  >`
                : nothing
          }
        </span>
      </div>
      ${
        this.copyState === 'failed' && this.inputs && out
          ? html`<label class="sr-only" for="copy-text">Results as text</label>
              <textarea
                id="copy-text"
                readonly
                .value=${summaryText(this.inputs, out, this.link || undefined)}
              ></textarea>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'estimator-results': EstimatorResults;
  }
}
