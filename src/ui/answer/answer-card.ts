import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Answer } from '../../model/answer/answer.ts';
import {
  OUTPUT_LABELS,
  answerOutputs,
  breakEvenSentence,
  type AnswerOutputName,
  type OutputValue,
} from '../../model/answer/outputs.ts';
import { answerReport, type ReportRate } from '../../model/answer/report.ts';
import type { EstimateBasis } from '../../model/estimator/basis.ts';
import { speedupRangeText } from '../../model/estimator/measured.ts';
import { DASH, formatDuration } from '../../model/shared/format.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { answerStyles } from './answer-styles.ts';

/** The seed page's other outputs, in its order, then what the code costs. */
const DETAIL_ROWS: readonly AnswerOutputName[] = [
  'gpuComputeTime',
  'transferTime',
  'kernelOverhead',
  'totalOverhead',
  'gpuTotalTime',
  'efficiency',
  'flops',
  'deviceBytes',
  'hostBytes',
  'launches',
  'intensity',
];

/** What the report needs besides the answer. */
export interface ReportContext {
  description: string;
  rates: readonly ReportRate[];
  link: string;
}

/**
 * The answer (issue #17), at the top of the page: the speedup with its measured spread,
 * the verdict as a sentence, CPU against GPU time with the roof that binds each, where the
 * GPU's time goes (compute, memory, copies, launches), the break-even along the code's own
 * size, the seed page's other figures, and "Copy Results" / "Save estimate". Every figure
 * is an element with `data-output` and `data-value` taken from `answerOutputs`, the one
 * source the phone bar and the copied report also read.
 */
@customElement('answer-card')
export class AnswerCard extends LitElement {
  static override styles = [sharedStyles, answerStyles];

  @property({ attribute: false }) answer: Answer | undefined;
  /** Why there is no answer, when there is none. */
  @property({ attribute: false }) problem = '';
  /** What the answer rests on; while it is provisional the card says so where the answer is. */
  @property({ attribute: false }) basis: EstimateBasis | undefined;
  @property({ attribute: false }) report: ReportContext | undefined;

  @state() private copyState: 'idle' | 'copied' | 'failed' = 'idle';
  private copyTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copyTimer);
  }

  private reportText(): string | undefined {
    if (!this.answer || !this.report) return undefined;
    return answerReport({
      answer: this.answer,
      ...this.report,
      provisional: this.basis?.provisional ? this.basis.title : undefined,
    });
  }

  private async copy(): Promise<void> {
    const text = this.reportText();
    if (text === undefined) return;
    try {
      await navigator.clipboard.writeText(text);
      this.copyState = 'copied';
    } catch {
      this.copyState = 'failed';
    }
    clearTimeout(this.copyTimer);
    if (this.copyState === 'copied') this.copyTimer = setTimeout(() => (this.copyState = 'idle'), 4000);
  }

  /** One figure as an element: `data-output`, `data-value` and the text, or a dash without an answer. */
  private out(name: AnswerOutputName, v: OutputValue | undefined, cls = ''): TemplateResult {
    return html`<output
      id="out-${name}"
      class=${cls}
      data-output=${name}
      data-value=${v?.value ?? ''}
      data-kind=${v?.kind ?? nothing}
      data-unit=${v?.unit ?? nothing}
      aria-live="off"
      >${v?.text ?? DASH}</output
    >`;
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

  /** CPU against GPU time, each with its bound; dashes (and the same elements) while there is no answer. */
  private renderVersus(a: Answer | undefined, o: Record<AnswerOutputName, OutputValue> | undefined) {
    const cpu = a?.outputs.cpuTime ?? 0;
    const gpu = a?.outputs.gpuTotalTime ?? 0;
    const max = Math.max(cpu, gpu);
    const width = (t: number) => (max > 0 ? `${((t / max) * 100).toFixed(2)}%` : '0');
    return html`<h3 id="versus-h">CPU against GPU</h3>
      <div class="versus" role="group" aria-labelledby="versus-h">
        <span>CPU</span>
        <span class="track"><span class="fill cpu" style="width:${width(cpu)}"></span></span>
        ${this.out('cpuTime', o?.cpuTime)}
        <small>${this.out('cpuBound', o?.cpuBound)}</small>
        <span>GPU</span>
        <span class="track"><span class="fill gpu" style="width:${width(gpu)}"></span></span>
        ${this.out('gpuTime', o?.gpuTime)}
        <small>${this.out('gpuBound', o?.gpuBound)}${a ? ': kernels, copies and launches together' : ''}</small>
      </div>`;
  }

  private renderWhere(a: Answer) {
    const s = a.split;
    const total = s.compute + s.memory + s.copies + s.launches;
    const parts = [
      { cls: 'seg-compute', name: 'Compute', seconds: s.compute },
      { cls: 'seg-memory', name: 'Memory', seconds: s.memory },
      { cls: 'seg-copies', name: 'Copies', seconds: s.copies },
      { cls: 'seg-launches', name: 'Launches', seconds: s.launches },
    ].filter((p) => a.mode === 'workload' || p.name !== 'Memory');
    const share = (t: number) => (total > 0 ? t / total : 0);
    const pct = (x: number) => (x === 0 ? '0 %' : x < 1e-4 ? '< 0.01 %' : `${(x * 100).toFixed(x < 0.001 ? 2 : 1)} %`);
    return html`<h3 id="where-title">Where the GPU time goes</h3>
      <div class="bar" role="img" aria-labelledby="where-title" aria-describedby="where-desc">
        ${parts.map((p) => html`<span class=${p.cls} style="width:${(share(p.seconds) * 100).toFixed(3)}%"></span>`)}
      </div>
      <ul class="legend" id="where-desc" data-where>
        ${parts.map(
          (p) =>
            html`<li data-part=${p.name.toLowerCase()} data-seconds=${String(p.seconds)}>
              <i class=${p.cls}></i>${p.name} ${formatDuration(p.seconds)} (${pct(share(p.seconds))})
            </li>`,
        )}
      </ul>`;
  }

  override render() {
    const a = this.answer;
    const o = a ? answerOutputs(a) : undefined;
    const provisional = Boolean(this.basis?.provisional);
    const v = a?.verdict;
    const range = a && !provisional ? a.range : undefined;
    return html`
      <div class="headline">
        <label for="out-speedup">${OUTPUT_LABELS.speedup.title}</label>
        ${this.out('speedup', o?.speedup, provisional ? 'provisional' : '')}
        ${a && provisional ? html`<span class="tag" data-provisional-tag>from default values</span>` : nothing}
        ${
          a && range && o
            ? html`<span
                class="range"
                data-output="speedupRange"
                data-low=${o.speedupRange.low ?? ''}
                data-high=${o.speedupRange.high ?? ''}
                >${speedupRangeText(range, a.outputs.speedup)}</span
              >`
            : nothing
        }
      </div>
      ${this.renderBasis()}
      <p
        class="verdict ${provisional && v ? 'provisional' : (v?.verdict ?? 'none')}"
        role="status"
        data-verdict=${v?.verdict ?? ''}
        data-provisional=${provisional ? 'true' : 'false'}
      >
        ${
          v
            ? provisional
              ? `Provisional, from default values: ${v.text.charAt(0).toLowerCase()}${v.text.slice(1)}`
              : v.text
            : this.problem || 'Fix the highlighted inputs to see an estimate.'
        }
      </p>
      ${this.renderVersus(a, o)} ${a ? this.renderWhere(a) : nothing}
      <p class="breakeven">
        <label for="out-breakEvenSize">${OUTPUT_LABELS.breakEvenSize.title}</label>:
        ${this.out('breakEvenSize', o?.breakEvenSize)}
        ${a ? html`<br /><small class="muted">${breakEvenSentence(a.breakEven, a.outputs.speedup)}</small>` : nothing}
      </p>
      <slot name="warnings"></slot>
      <dl>
        <div>
          <dt>
            <label for="out-cpuTime">${OUTPUT_LABELS.cpuTime.title}</label><small>${OUTPUT_LABELS.cpuTime.hint}</small>
          </dt>
          <dd>${o?.cpuTime.text ?? DASH}</dd>
        </div>
        ${DETAIL_ROWS.map(
          (name) =>
            html`<div>
              <dt>
                <label for="out-${name}">${OUTPUT_LABELS[name].title}</label><small>${OUTPUT_LABELS[name].hint}</small>
              </dt>
              <dd>${this.out(name, o?.[name])}</dd>
            </div>`,
        )}
        <div>
          <dt>
            <label for="out-breakEven">${OUTPUT_LABELS.breakEven.title}</label
            ><small>${OUTPUT_LABELS.breakEven.hint}</small>
          </dt>
          <dd>${this.out('breakEven', o?.breakEven)}</dd>
        </div>
      </dl>
      <div class="actions">
        <button type="button" class="primary" ?disabled=${!a} @click=${() => void this.copy()}>Copy Results</button>
        <button type="button" ?disabled=${!a} @click=${() => emit(this, 'answer-save', null)}>Save estimate</button>
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
        this.copyState === 'failed' && a
          ? html`<label class="sr-only" for="copy-text">Results as text</label>
              <textarea id="copy-text" readonly .value=${this.reportText() ?? ''}></textarea>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'answer-card': AnswerCard;
  }
}
