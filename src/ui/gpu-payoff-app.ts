import { LitElement, html, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { estimate, type InputKey } from '../model/estimator.ts';
import {
  DEFAULT_RAW,
  FIELDS,
  PRESETS,
  queryFromRaw,
  rawFromInputs,
  rawFromQuery,
  validateInputs,
  type RawInputs,
} from '../model/fields.ts';
import type { FieldCommitEvent, FieldInputEvent, PresetSelectEvent } from './events.ts';
import type { ValueSource } from './estimator-form.ts';
import { sharedStyles } from './shared-styles.ts';
import './estimator-form.ts';
import './estimator-results.ts';
import './sweep-table.ts';
import './sweep-chart.ts';
import './formula-section.ts';
import './bench-panel.ts';

function allSources(source: ValueSource): Record<InputKey, ValueSource> {
  return Object.fromEntries(FIELDS.map((f) => [f.key, source])) as Record<InputKey, ValueSource>;
}

/**
 * Root element: owns the estimator's state (the raw text of every field and where each
 * value came from), keeps it in the URL's query string, and passes it down.
 */
@customElement('gpu-payoff-app')
export class GpuPayoffApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 1200px;
        margin: 0 auto;
        padding: 1.25rem 1rem 3rem;
      }
      header h1 {
        font-size: clamp(1.45rem, 4vw, 2.1rem);
        line-height: 1.2;
        margin: 0.25rem 0 0.4rem;
      }
      header p {
        margin: 0 0 1.25rem;
        max-width: 60rem;
        color: var(--muted);
      }
      .estimator {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 1rem;
        align-items: start;
      }
      .results {
        position: sticky;
        top: 0.75rem;
      }
      section.card {
        margin-top: 1rem;
      }
      .sweep {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1.25rem;
      }
      footer {
        margin-top: 2rem;
        font-size: 0.85rem;
        color: var(--muted);
      }
      @media (max-width: 860px) {
        .estimator {
          grid-template-columns: minmax(0, 1fr);
        }
        .results {
          position: static;
        }
      }
      @media (max-width: 420px) {
        :host {
          padding: 0.75rem 0.5rem 2rem;
        }
        .card {
          padding: 0.8rem;
        }
      }
    `,
  ];

  @state() private raw: RawInputs = { ...DEFAULT_RAW };
  @state() private sources: Record<InputKey, ValueSource> = allSources('default');

  /** The next keystroke starts a new history entry (after a commit, preset or back). */
  private pushOnNextInput = true;

  private readonly onPopState = () => this.loadFromUrl();

  override connectedCallback(): void {
    super.connectedCallback();
    this.loadFromUrl();
    window.addEventListener('popstate', this.onPopState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPopState);
  }

  private loadFromUrl(): void {
    const { raw, fromUrl } = rawFromQuery(window.location.search, DEFAULT_RAW);
    this.raw = raw;
    const sources = allSources('default');
    for (const key of fromUrl) {
      if (raw[key].trim() !== DEFAULT_RAW[key]) sources[key] = 'manual';
    }
    this.sources = sources;
    this.pushOnNextInput = true;
  }

  private link(raw: RawInputs = this.raw): string {
    const url = new URL(window.location.href);
    url.search = queryFromRaw(raw);
    url.hash = '';
    return url.toString();
  }

  /** Put the state into the URL: a new entry for a new edit, replacing while typing. */
  private syncUrl(push: boolean): void {
    const url = this.link();
    if (url === window.location.href) return;
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }

  private onFieldInput(e: FieldInputEvent): void {
    const { key, raw } = e.detail;
    this.raw = { ...this.raw, [key]: raw };
    this.sources = { ...this.sources, [key]: 'manual' };
    this.syncUrl(this.pushOnNextInput);
    this.pushOnNextInput = false;
  }

  private onFieldCommit(_e: FieldCommitEvent): void {
    this.pushOnNextInput = true;
  }

  private onPreset(e: PresetSelectEvent): void {
    const preset = PRESETS.find((p) => p.id === e.detail.id);
    if (!preset) return;
    this.raw = rawFromInputs(preset.inputs);
    this.sources = allSources('manual');
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  private onReset(): void {
    this.raw = { ...DEFAULT_RAW };
    this.sources = allSources('default');
    this.syncUrl(true);
    this.pushOnNextInput = true;
  }

  override render() {
    const validated = validateInputs(this.raw);
    const inputs = validated.inputs;
    const outputs = inputs ? estimate(inputs) : undefined;
    return html`
      <header>
        <h1>Will moving this computation to the GPU pay off?</h1>
        <p>
          Estimate the speedup of running your Python, ML or scientific workload on the GPU: CPU time against GPU
          compute time plus the cost of moving data and launching kernels. Type your numbers, or measure this machine
          below. Everything runs in your browser.
        </p>
      </header>
      <main>
        <section class="estimator" aria-label="Estimator">
          <div class="card">
            <h2>GPU Performance Calculator</h2>
            <estimator-form
              .raw=${this.raw}
              .validity=${validated.fields}
              .sources=${this.sources}
              @field-input=${this.onFieldInput}
              @field-commit=${this.onFieldCommit}
              @preset-select=${this.onPreset}
              @reset-values=${this.onReset}
            ></estimator-form>
          </div>
          <div class="card results">
            <h2>Calculation Results</h2>
            <estimator-results .inputs=${inputs} .outputs=${outputs} .link=${this.link()}></estimator-results>
          </div>
        </section>
        <section class="card" aria-labelledby="sweep-h">
          <h2 id="sweep-h">How the speedup changes with task size</h2>
          <div class="sweep">
            <sweep-chart .inputs=${inputs}></sweep-chart>
            <sweep-table .inputs=${inputs}></sweep-table>
          </div>
        </section>
        <section class="card" id="benchmark" aria-labelledby="bench-h">
          <h2 id="bench-h">Measure this machine</h2>
          <bench-panel></bench-panel>
        </section>
        <section class="card" aria-labelledby="formula-h">
          <h2 id="formula-h">Formula Used</h2>
          <formula-section></formula-section>
        </section>
      </main>
      <footer>
        Nothing you type or measure leaves this page: no request goes to any other site. Measurements on a software
        (fallback) GPU adapter say nothing about real GPUs and are labelled as such.
      </footer>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gpu-payoff-app': GpuPayoffApp;
  }
}
