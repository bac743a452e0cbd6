import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { CPU_TIERS, LAUNCH_MODES, type LaunchMode } from '../../model/estimator/measured.ts';
import type { CpuTier } from '../../model/bench/metrics.ts';
import type { BenchRun } from '../../model/bench/bench-run.ts';
import { runProblem, runSummary } from '../../model/bench/run-summary.ts';
import { emit, type MeasureChoiceDetail } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/**
 * Above the estimator's fields: which measurement the values come from, the CPU tier
 * that matches the user's code, how launch overhead is taken, and "Use measured values".
 */
@customElement('measure-controls')
export class MeasureControls extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        border: 1px dashed var(--border);
        border-radius: 8px;
        padding: 0.7rem 0.8rem;
        margin-bottom: 1rem;
        font-size: 0.9rem;
      }
      .status {
        margin: 0 0 0.5rem;
      }
      .warn {
        color: var(--warn-fg);
        background: var(--warn-bg);
        border-radius: 6px;
        padding: 0.35rem 0.55rem;
        margin: 0 0 0.5rem;
        font-weight: 600;
      }
      .grid {
        display: grid;
        gap: 0.6rem;
      }
      label,
      legend {
        font-weight: 600;
      }
      select {
        font: inherit;
        padding: 0.35rem;
        border-radius: 8px;
        border: 1px solid var(--border);
        background: var(--surface);
        color: var(--fg);
        max-width: 100%;
        margin-left: 0.3rem;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0;
      }
      fieldset label {
        font-weight: 400;
        display: block;
        margin: 0.15rem 0;
      }
      .hint {
        color: var(--muted);
        margin: 0.2rem 0 0;
        font-size: 0.84rem;
      }
      progress {
        flex: 1;
        min-width: 8rem;
        height: 0.9rem;
        accent-color: var(--accent);
      }
      .running label {
        display: block;
        margin-bottom: 0.3rem;
      }
      .running {
        margin-bottom: 0.6rem;
      }
      .notice {
        color: var(--fg);
        background: var(--bg);
        border: 1px solid var(--border);
        border-radius: 6px;
        padding: 0.35rem 0.55rem;
        margin: 0 0 0.5rem;
      }
      .problem {
        color: var(--bad);
        background: var(--bad-bg);
        border-radius: 6px;
        padding: 0.35rem 0.55rem;
        margin: 0 0 0.5rem;
      }
      .status span {
        flex: 1;
        min-width: 12rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
    `,
  ];

  @property() cpuTier: CpuTier = 'simdAll';
  @property() launchMode: LaunchMode = 'dispatch';
  /**
   * The run the values come from, undefined before any run. This element words it (its
   * summary line, its problem): run-summary.ts then loads with it, after the first paint.
   */
  @property({ attribute: false }) run: BenchRun | undefined;
  /** The run was taken from the history rather than measured in this visit. */
  @property({ type: Boolean }) runFromHistory = false;
  /** The answer card already says the GPU is unavailable: the run's problem does not say it again. */
  @property({ type: Boolean }) gpuSaid = false;
  /** The run came from a software/fallback adapter. */
  @property({ type: Boolean }) software = false;
  /** Some measured value is currently overridden or not applied. */
  @property({ type: Boolean }) canRestore = false;
  /** Which tiers the run measured (others are disabled in the menu). */
  @property({ attribute: false }) availableTiers: CpuTier[] = [];
  /** A measurement is running: show its progress and Cancel. */
  @property({ type: Boolean }) running = false;
  /**
   * The running measurement was started from the bench panel below, whose Cancel stops
   * it: one run, one Cancel, where the user started it.
   */
  @property({ type: Boolean }) cancelElsewhere = false;
  @property({ type: Number }) progress = 0;
  @property() step = '';

  private change(next: Partial<MeasureChoiceDetail>): void {
    emit(this, 'measure-choice', { cpuTier: this.cpuTier, launchMode: this.launchMode, ...next });
  }

  /** Why the last run had no GPU numbers or ended early, in a line; nothing while running. */
  private problem(): string {
    const run = this.run;
    if (this.running || !run) return '';
    if (this.gpuSaid && run.gpuUnavailable !== undefined) return '';
    return runProblem(run);
  }

  override render() {
    const tier = CPU_TIERS.find((t) => t.id === this.cpuTier);
    const summary = this.run ? runSummary(this.run, this.runFromHistory) : '';
    const problem = this.problem();
    return html`
      ${
        this.running
          ? html`<div class="running" data-measuring>
              <label for="auto-progress">Measuring this machine: ${this.step}</label>
              <div class="row">
                <progress id="auto-progress" max="1" .value=${this.progress}></progress>
                ${
                  this.cancelElsewhere
                    ? nothing
                    : html`<button type="button" @click=${() => emit(this, 'measure-cancel', null)}>Cancel</button>`
                }
              </div>
              <p class="hint">
                The calculator works meanwhile; each measured value fills its field as soon as it is
                measured.${
                  this.cancelElsewhere ? ' Started from \u201cMeasure this machine\u201d below; cancel it there.' : ''
                }
              </p>
            </div>`
          : html`<div class="row status">
              <span data-run-summary>${summary || 'No measurement yet: the fields hold defaults.'}</span>
              <button type="button" @click=${() => emit(this, 'measure-start', null)}>
                ${summary ? 'Re-measure' : 'Measure this machine'}
              </button>
            </div>`
      }
      ${
        problem
          ? this.run?.cancelled
            ? // News the user caused (a Cancel they pressed), shown calmly.
              html`<p class="notice" role="status" data-run-problem>${problem}</p>`
            : html`<p class="problem" role="alert" data-run-problem>${problem}</p>`
          : nothing
      }
      ${
        this.software
          ? html`<p class="warn" role="note" data-software-warning>
              The GPU figures come from a CPU emulation of a GPU (software adapter), not from real GPU hardware.
            </p>`
          : nothing
      }
      <div class="grid">
        <div>
          <div class="row">
            <label for="tier">CPU baseline</label>
            <select
              id="tier"
              @change=${(e: Event) => this.change({ cpuTier: (e.target as HTMLSelectElement).value as CpuTier })}
            >
              ${CPU_TIERS.map(
                (t) =>
                  html`<option
                    value=${t.id}
                    ?selected=${t.id === this.cpuTier}
                    ?disabled=${this.availableTiers.length > 0 && !this.availableTiers.includes(t.id)}
                  >
                    ${t.name}
                  </option>`,
              )}
            </select>
          </div>
          <p class="hint" id="tier-hint">${tier?.guidance ?? ''}</p>
        </div>
        <fieldset>
          <legend>Launch overhead from</legend>
          ${LAUNCH_MODES.map(
            (m) =>
              html`<label>
                <input
                  type="radio"
                  name="launch"
                  value=${m.id}
                  .checked=${m.id === this.launchMode}
                  @change=${() => this.change({ launchMode: m.id })}
                />
                ${m.name}
              </label>`,
          )}
          <p class="hint">${LAUNCH_MODES.find((m) => m.id === this.launchMode)?.explanation ?? ''}</p>
        </fieldset>
        ${
          this.canRestore
            ? html`<div>
                <button type="button" @click=${() => emit(this, 'use-measured', null)}>Use measured values</button>
              </div>`
            : nothing
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'measure-controls': MeasureControls;
  }
}
