import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BenchRun } from '../../model/bench/bench-run.ts';
import type { BenchSession } from '../../bench/session.ts';
import { ChangeController } from '../shared/change-controller.ts';
import './bench-results.ts';
import './transfer-chart.ts';
import './run-timeline.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/** What to do when WebGPU is missing, by reason. */
const UNAVAILABLE_HELP: Record<NonNullable<BenchRun['gpuUnavailableReason']>, { title: string; todo: string }> = {
  'no-webgpu': {
    title: 'This browser has no WebGPU.',
    todo: 'Open the page in a current Chrome or Edge (113+), Safari 18+, or Firefox 141+ on Windows. On Linux, Chrome may need chrome://flags/#enable-unsafe-webgpu.',
  },
  'insecure-context': {
    title: 'WebGPU needs a secure page.',
    todo: 'Open this page over https:// or from http://localhost, not plain http:// or a file.',
  },
  'no-adapter': {
    title: 'WebGPU is there, but no GPU adapter was offered.',
    todo: 'The GPU or driver may be blocklisted: update the graphics driver, turn on hardware acceleration in the browser settings, or try another browser.',
  },
  'device-failed': {
    title: 'The GPU refused to start a device.',
    todo: 'Close other GPU-heavy tabs and try again; if it persists, update the graphics driver.',
  },
};

/**
 * The benchmark panel: run button, profile choice, progress with the current step,
 * cancel, then the results table and transfer charts.
 *
 * Renders the `session` it is given (a BenchSession the root owns) and drives it:
 * the buttons call `session.run()` / `session.cancel()`, the profile radios
 * `session.setProfile()`. `running` and `lastRun` read the session, for scripts and tests.
 */
@customElement('bench-panel')
export class BenchPanel extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      /* The page's section is the card; the panel only lays out its parts. */
      .panel {
        display: grid;
        gap: 0.9rem;
      }
      p {
        margin: 0;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        align-items: center;
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0;
        display: flex;
        gap: 0.75rem;
        align-items: center;
      }
      legend {
        float: left;
        margin-right: 0.5rem;
        color: var(--muted, #5a6472);
      }
      label {
        display: inline-flex;
        gap: 0.3rem;
        align-items: center;
      }
      .progress {
        display: grid;
        gap: 0.3rem;
      }
      progress {
        width: 100%;
        height: 0.8rem;
        accent-color: var(--accent, #1f6feb);
      }
      .warn {
        background: var(--warn-bg, #fff4d6);
        color: var(--warn-fg, var(--fg, #1b1f24));
        border: 1px solid var(--warn-border, #e0b000);
        border-radius: 8px;
        padding: 0.6rem 0.8rem;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
        gap: 1rem;
      }
      ul {
        margin: 0.3rem 0 0;
        padding-left: 1.2rem;
      }
      @media (prefers-color-scheme: dark) {
        :host {
          color: var(--fg, #e6edf3);
        }
        .card,
        button {
          background: var(--surface, var(--bg, #161b22));
          border-color: var(--border, #30363d);
          color: var(--fg, #e6edf3);
        }
        .muted {
          color: var(--muted, #9da7b3);
        }
        .warn {
          background: var(--warn-bg, #3a2e00);
          border-color: var(--warn-border, #9e7c00);
          color: var(--warn-fg, var(--fg, #e6edf3));
        }
      }
    `,
  ];

  /** The page's benchmark session (created by the root); the panel renders its state. */
  @property({ attribute: false }) session: BenchSession | undefined;

  private readonly sessionChanges = new ChangeController(this);

  override willUpdate(): void {
    this.sessionChanges.observe(this.session);
  }

  /** True while a run is in progress. */
  get running(): boolean {
    return this.session?.running ?? false;
  }

  /** The last finished run, as the session holds it. */
  get lastRun(): BenchRun | undefined {
    return this.session?.state.run;
  }

  override render() {
    const session = this.session;
    if (!session) return nothing;
    const { status, profile, progress, run, startedBy } = session.state;
    const pending = status === 'pending';
    // One run, one Cancel: the panel's for a run started here, the calculator's otherwise.
    const cancelHere = pending && startedBy === 'bench-panel';
    const webgpuMissing = !('gpu' in navigator);
    return html`<div class="panel">
      <p class="muted">
        Measures GPU compute throughput, transfer bandwidth and latency, memory bandwidth and dispatch overhead (the
        cost of starting one GPU kernel) with WebGPU, then the CPU. After those peaks it runs this page’s own workload
        kernels and copies at growing sizes, to measure what they achieve: up to 2 s per kind of kernel on the GPU and 1
        s on the CPU (quick; full allows 8 s and 3 s). The CPU and the GPU are never measured at the same time. Quick
        takes seconds on a real GPU; full is slower and more careful.
      </p>
      ${webgpuMissing && !run ? this.unavailable(globalThis.isSecureContext ? 'no-webgpu' : 'insecure-context') : nothing}
      <div class="controls">
        <fieldset ?disabled=${pending}>
          <legend>Profile</legend>
          ${(['quick', 'full'] as const).map(
            (p) =>
              html`<label
                ><input
                  type="radio"
                  name="profile"
                  value=${p}
                  .checked=${profile === p}
                  @change=${() => session.setProfile(p)}
                />${p}</label
              >`,
          )}
        </fieldset>
        <button class="primary" ?disabled=${pending} @click=${() => void session.run(undefined, 'bench-panel')}>
          Run benchmark
        </button>
        ${cancelHere ? html`<button @click=${() => session.cancel()}>Cancel</button>` : nothing}
        ${
          pending && !cancelHere
            ? html`<span class="muted" data-cancel-elsewhere>Started from the calculator above; cancel it there.</span>`
            : nothing
        }
      </div>
      ${
        pending
          ? html`<div class="progress">
              <progress aria-label="Benchmark progress" max="1" .value=${progress.fraction}></progress>
              <p class="muted" aria-live="polite">${Math.round(progress.fraction * 100)} % · ${progress.step}</p>
            </div>`
          : nothing
      }
      ${run && !pending ? this.results(run) : nothing}
    </div>`;
  }

  private unavailable(reason: NonNullable<BenchRun['gpuUnavailableReason']>, detail?: string) {
    const help = UNAVAILABLE_HELP[reason];
    return html`<div class="warn" role="note">
      <strong>${help.title}</strong> ${help.todo} ${detail ? html`<p class="muted">${detail}</p>` : nothing}
      <p class="muted">The CPU measurements still run.</p>
    </div>`;
  }

  private results(run: BenchRun) {
    const g = run.gpu;
    const a = g?.adapter;
    const upload = g?.transfers.filter((t) => t.path.startsWith('upload.')) ?? [];
    const readback = g?.transfers.filter((t) => t.path.startsWith('readback.')) ?? [];
    return html`
      ${run.gpuUnavailableReason ? this.unavailable(run.gpuUnavailableReason, run.gpuUnavailable) : nothing}
      ${run.cancelled ? html`<p class="warn" role="status">Cancelled: finished measurements are kept.</p>` : nothing}
      ${
        a
          ? html`<p class="muted">
              GPU:
              ${[a.vendor, a.architecture, a.description || a.device].filter(Boolean).join(' · ') || 'unnamed adapter'}
              ${run.software ? html`<span data-software-adapter>(software adapter)</span>` : nothing} · timer:
              ${g.timer}${g.timestampsQuantized ? ' (quantized to 65.5 µs)' : ''} ·
              ${g.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated (coarser clock)'} ·
              ${(run.durationMs / 1000).toFixed(1)} s
            </p>`
          : nothing
      }
      <bench-results .run=${run} .stoppedBy=${g?.error}></bench-results>
      ${run.timeline ? html`<run-timeline .steps=${run.timeline}></run-timeline>` : nothing}
      ${
        upload.length > 0 || readback.length > 0
          ? html`<div class="charts">
              ${
                upload.length > 0
                  ? html`<transfer-chart heading="Upload: time vs size (log-log)" .curves=${upload}></transfer-chart>`
                  : nothing
              }
              ${
                readback.length > 0
                  ? html`<transfer-chart
                      heading="Readback: time vs size (log-log)"
                      .curves=${readback}
                    ></transfer-chart>`
                  : nothing
              }
            </div>`
          : nothing
      }
      ${
        g && g.warnings.length > 0
          ? html`<details>
              <summary>Warnings (${g.warnings.length})</summary>
              <ul>
                ${g.warnings.map((w) => html`<li>${w}</li>`)}
              </ul>
            </details>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bench-panel': BenchPanel;
  }
}
