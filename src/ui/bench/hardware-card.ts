import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { gpuDisplayName, type HardwareReport } from '../../model/bench/hardware.ts';
import { formatBytes, hardwareReportText } from '../../model/bench/hardware-text.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/**
 * "Your hardware": what the browser says about the GPU, CPU and page, with Copy and
 * Download JSON. Shows the report it is given; the root gathers it.
 */
@customElement('hardware-card')
export class HardwareCard extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.3rem 1rem;
        margin: 0;
        font-size: 0.92rem;
      }
      dt {
        color: var(--muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .gpu-name {
        font-size: 1.1rem;
        font-weight: 700;
        margin: 0 0 0.5rem;
        overflow-wrap: anywhere;
      }
      .bad {
        background: var(--bad-bg);
        color: var(--bad);
        border-radius: 8px;
        padding: 0.55rem 0.75rem;
        margin: 0 0 0.75rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        align-items: center;
        margin-top: 0.9rem;
      }
      .yes {
        color: var(--good);
      }
      .ok {
        color: var(--good);
        font-weight: 600;
      }
      @media (max-width: 420px) {
        dl {
          grid-template-columns: minmax(0, 1fr);
        }
        dd {
          margin-bottom: 0.35rem;
        }
      }
    `,
  ];

  @property({ attribute: false }) report: HardwareReport | undefined;
  @state() private copied: 'idle' | 'copied' | 'failed' = 'idle';

  private async copy(): Promise<void> {
    if (!this.report) return;
    try {
      await navigator.clipboard.writeText(hardwareReportText(this.report));
      this.copied = 'copied';
    } catch {
      this.copied = 'failed';
    }
  }

  private download(): void {
    if (!this.report) return;
    const blob = new Blob([JSON.stringify(this.report, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `hardware-${this.report.detectedAt.slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private yesNo(v: boolean, yes = 'yes', no = 'no') {
    return v ? html`<span class="yes">${yes}</span>` : no;
  }

  override render() {
    const r = this.report;
    if (!r) return html`<p class="muted" role="status">Asking the browser about this machine…</p>`;
    const g = r.gpu;
    return html`
      ${
        g.available
          ? html`<p class="gpu-name" data-hw="gpu-name">${gpuDisplayName(g)}</p>
              ${
                g.nameHidden
                  ? html`<p class="muted" data-hw="name-hidden">
                      The browser does not reveal this GPU's model name (a privacy protection), so it is not guessed
                      here.
                    </p>`
                  : nothing
              }`
          : html`<p class="bad" role="alert" data-hw="no-webgpu">
              <strong>WebGPU is not available.</strong> ${g.message}
            </p>`
      }
      <dl>
        ${
          g.available
            ? html`<dt>Vendor</dt>
                <dd>${g.vendor || '(not reported)'}</dd>
                <dt>Architecture</dt>
                <dd>${g.architecture || '(not reported)'}</dd>
                <dt>Device</dt>
                <dd>${g.device || '(not reported)'}</dd>
                <dt>Description</dt>
                <dd>${g.description || '(not reported)'}</dd>
                <dt>Software adapter</dt>
                <dd data-hw="fallback-flag">${g.isFallbackAdapter ? 'yes' : 'no'}</dd>
                <dt>GPU timers</dt>
                <dd>
                  ${this.yesNo(g.features.timestampQuery, 'timestamp-query', 'no timestamp-query (wall clock only)')}
                </dd>
                <dt>Half precision</dt>
                <dd>${this.yesNo(g.features.shaderF16, 'shader-f16', 'no shader-f16')}</dd>
                <dt>Max buffer</dt>
                <dd>
                  ${formatBytes(g.limits.maxBufferSize)} (binding ${formatBytes(g.limits.maxStorageBufferBindingSize)})
                </dd>
                <dt>Max workgroups</dt>
                <dd>
                  ${g.limits.maxComputeWorkgroupsPerDimension.toLocaleString('en-US')} per dimension,
                  ${g.limits.maxComputeInvocationsPerWorkgroup} threads each
                </dd>`
            : nothing
        }
        <dt>CPU cores</dt>
        <dd data-hw="cores">${r.logicalCores} logical</dd>
        <dt>Browser</dt>
        <dd data-hw="browser">
          ${r.browser.name || 'Unknown browser'} ${r.browser.version}${r.platform ? `, ${r.platform}` : ''}
        </dd>
        <dt>Cross-origin isolated</dt>
        <dd data-hw="isolated">
          ${r.crossOriginIsolated ? html`<span class="yes">yes</span> (5 µs timers)` : 'no (100 µs timers)'}
        </dd>
      </dl>
      <div class="actions">
        <button type="button" @click=${() => void this.copy()}>Copy</button>
        <button type="button" @click=${() => this.download()}>Download JSON</button>
        <span role="status" aria-live="polite"
          >${
            this.copied === 'copied'
              ? html`<span class="ok">Copied ✓</span>`
              : this.copied === 'failed'
                ? 'The browser blocked the clipboard; use Download JSON.'
                : nothing
          }</span
        >
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hardware-card': HardwareCard;
  }
}
