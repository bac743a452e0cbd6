import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { calibrationFactors, formatFactor, type CalibrationFactor } from '../../model/python/calibration.ts';
import { formatMetricValue } from '../../model/shared/format.ts';
import { displayText } from '../../model/shared/text.ts';
import type { StoredPythonRun } from '../../model/history/records.ts';
import type { Metric } from '../../model/bench/metrics.ts';
import { MAX_PYTHON_PROBE_BYTES, describeStack } from '../../model/python/python-probe.ts';
import { parsePythonProbeJson } from '../../model/python/python-probe-validate.ts';
import { HistoryError, type HistoryStore } from '../../store/history-store.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { pythonStyles } from './python-styles.ts';
// Vite emits the probe as a file of this build and gives its URL on this origin: the
// download never asks another site for anything.
import probeUrl from '../../../python/gpu_payoff_probe.py?url';

/** What people copy; the probe file is saved under this name. */
export const PROBE_FILE_NAME = 'gpu_payoff_probe.py';
export const PROBE_COMMAND = `python3 ${PROBE_FILE_NAME} --json > probe.json`;

type Message = { tone: 'error' | 'info'; text: string };

/**
 * "Measure with Python" (issue #14): what the probe measures and why, the command and the
 * script to download, importing its JSON (file picker or drop) into history, the imported
 * runs with "Use in estimator", and the calibration factors against the browser's run.
 * Reads and writes the store itself (like <history-panel>); the root hears
 * `python-apply-run` and `python-calibrate`.
 */
@customElement('python-panel')
export class PythonPanel extends LitElement {
  static override styles = [
    sharedStyles,
    pythonStyles,
  ];

  /** The page's history store: imports go in, the list of Python runs comes out. */
  @property({ attribute: false }) store: HistoryStore | undefined;
  /** The browser run the estimator uses, for the calibration factors. */
  @property({ attribute: false }) browserMetrics: readonly Metric[] | undefined;
  /** Id of the Python run the estimator uses, if any. */
  @property({ attribute: false }) appliedId: string | undefined;
  /** Whether browser-only estimates use the calibration factors. */
  @property({ type: Boolean }) calibrated = false;

  @state() private runs: StoredPythonRun[] = [];
  @state() private message: Message | undefined;
  @state() private dragOver = false;
  @state() private copied = false;
  private subscribed: HistoryStore | undefined;
  private readonly onStoreChange = () => void this.refresh();

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subscribed?.removeEventListener('change', this.onStoreChange);
    this.subscribed = undefined;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('store')) this.subscribe();
  }

  private subscribe(): void {
    if (this.subscribed === this.store) return;
    this.subscribed?.removeEventListener('change', this.onStoreChange);
    this.subscribed = this.store;
    this.store?.addEventListener('change', this.onStoreChange);
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    if (!this.store) return;
    this.runs = (await this.store.load()).pythonRuns;
  }

  /** The factors against the newest Python run, when there is a browser run to compare with. */
  private factors(): CalibrationFactor[] {
    const newest = this.runs[0];
    return newest && this.browserMetrics ? calibrationFactors(this.browserMetrics, newest.probe) : [];
  }

  private async copyCommand(): Promise<void> {
    try {
      await navigator.clipboard.writeText(PROBE_COMMAND);
      this.copied = true;
      setTimeout(() => (this.copied = false), 2000);
    } catch {
      this.message = { tone: 'error', text: 'The browser did not allow copying; select the command and copy it.' };
    }
  }

  /** Read, validate and save one file. A refused file changes nothing stored. */
  async importFile(file: File): Promise<void> {
    const store = this.store;
    if (!store) return;
    // `why` is a sentence (the validator's reasons are); the message around it is two more.
    const refuse = (why: string) =>
      (this.message = {
        tone: 'error',
        text: `${displayText(file.name)} was not imported. ${why} Nothing saved was changed.`,
      });
    if (file.size > MAX_PYTHON_PROBE_BYTES) return void refuse('The file is too large to be a probe document.');
    let text: string;
    try {
      text = await file.text();
    } catch {
      return void refuse('The file could not be read.');
    }
    const parsed = parsePythonProbeJson(text);
    if (!parsed.ok) return void refuse(parsed.reason);
    try {
      const saved = await store.savePythonRun(parsed.doc);
      await this.refresh();
      this.message = {
        tone: 'info',
        text: `Added “${saved.name}” to history. “Use in estimator” below puts its rates into the calculator.`,
      };
    } catch (e) {
      refuse(e instanceof HistoryError ? e.message : 'It could not be saved.');
      if (!(e instanceof HistoryError)) console.error(e);
    }
  }

  private onPick(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.importFile(file).finally(() => (input.value = ''));
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragOver = false;
    const file = e.dataTransfer?.files[0];
    if (file) void this.importFile(file);
  }

  private onDragOver(e: DragEvent): void {
    e.preventDefault();
    this.dragOver = true;
  }

  private renderRuns() {
    if (this.runs.length === 0) return html`<p class="muted">No probe results imported yet.</p>`;
    return html`<ul class="runs" aria-label="Imported Python runs">
      ${this.runs.map((r) => {
        const inUse = r.id === this.appliedId;
        const stack = describeStack(r.probe);
        return html`<li data-python-run=${r.id}>
          <span class="name">${r.name}</span>
          ${stack !== r.name ? html`<span class="muted">${stack}</span>` : nothing}
          <time class="muted" datetime=${r.probe.startedAt}>${new Date(r.probe.startedAt).toLocaleString()}</time>
          <span class="spacer"></span>
          ${inUse ? html`<span class="badge">in the estimator</span>` : nothing}
          <button
            type="button"
            aria-label="${inUse ? 'Stop using' : 'Use in estimator'}: ${r.name}"
            @click=${() => emit(this, 'python-apply-run', { record: inUse ? null : r })}
          >
            ${inUse ? 'Stop using' : 'Use in estimator'}
          </button>
        </li>`;
      })}
    </ul>`;
  }

  private renderCalibration() {
    const newest = this.runs[0];
    if (!newest) return nothing;
    if (!this.browserMetrics) {
      return html`<p class="muted">
        Calibration: once this browser has measured this machine, the factors between the two lanes appear here.
      </p>`;
    }
    const factors = this.factors();
    if (factors.length === 0) {
      return html`<p class="muted">
        Calibration: the browser run and “${newest.name}” have no quantity in common to compare.
      </p>`;
    }
    return html`
      <h3 id="calib-h">Calibration: Python on this machine against the browser</h3>
      <p class="muted">
        From “${newest.name}” and the browser run the estimator uses. Meaningful only when both ran on this machine.
      </p>
      <div class="table-wrap">
        <table aria-labelledby="calib-h">
          <thead>
            <tr>
              <th scope="col">Factor</th>
              <th scope="col" class="num">Python</th>
              <th scope="col" class="num">Browser</th>
              <th scope="col" class="num">Ratio</th>
            </tr>
          </thead>
          <tbody>
            ${factors.map(
              (f) =>
                html`<tr data-factor=${f.id}>
                  <th scope="row">${f.label}</th>
                  <td class="num" data-label="Python">${`${formatMetricValue(f.python.value)} ${f.python.unit}`}</td>
                  <td class="num" data-label="Browser">${`${formatMetricValue(f.browser.value)} ${f.browser.unit}`}</td>
                  <td class="num" data-label="Ratio" data-ratio>${formatFactor(f.factor)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <label class="check">
        <input
          type="checkbox"
          .checked=${this.calibrated}
          @change=${(e: Event) =>
            emit(this, 'python-calibrate', { factors: (e.target as HTMLInputElement).checked ? factors : null })}
        />
        <span>Calibrate browser-only estimates with these factors (fields show “calibrated”)</span>
      </label>
    `;
  }

  override render() {
    return html`
      <p>
        The browser measures what WebAssembly and WebGPU reach: an honest lower bound, but not what your Python code
        gets. Run this one-file probe next to your code and import its result:
      </p>
      <ul class="why">
        <li>
          <strong>NumPy’s BLAS</strong> reaches more than Wasm SIMD: its float32 matmul often runs 2–4× faster than the
          page’s best CPU tier.
        </li>
        <li>
          <strong>PyTorch / CuPy launches</strong> cost a few µs each, where a browser dispatch costs tens of µs.
        </li>
        <li>
          <strong>Pinned-memory copies</strong> to the GPU run at tens of GB/s, which the browser’s upload cannot show.
        </li>
      </ul>
      <p class="muted">
        It needs Python ≥ 3.9 and NumPy; PyTorch, CuPy and JAX are used when installed (GPU numbers need a CUDA, ROCm or
        Apple GPU). Nothing is sent anywhere: it prints a JSON document.
      </p>
      <div class="command">
        <code aria-label="Command to run the probe">${PROBE_COMMAND}</code>
        <button type="button" @click=${this.copyCommand}>${this.copied ? 'Copied' : 'Copy command'}</button>
        <a class="download" href=${probeUrl} download=${PROBE_FILE_NAME}>Download ${PROBE_FILE_NAME}</a>
      </div>
      <p class="muted">
        Add <code>--quick</code> (about 20 s) or <code>--full</code> (longer, more sizes); <code>--device cuda:1</code>
        picks a GPU. Without <code>--json</code> it prints a readable table.
      </p>
      <div
        class="drop ${this.dragOver ? 'over' : ''}"
        @dragover=${this.onDragOver}
        @dragleave=${() => (this.dragOver = false)}
        @drop=${this.onDrop}
      >
        <label for="probe-file">Import probe.json</label>
        <input
          id="probe-file"
          type="file"
          accept=".json,application/json"
          aria-invalid=${this.message?.tone === 'error' ? 'true' : 'false'}
          aria-describedby="probe-msg"
          @change=${this.onPick}
        />
        <span class="muted">or drop the file here</span>
      </div>
      <div id="probe-msg" role=${this.message?.tone === 'error' ? 'alert' : 'status'}>
        ${this.message ? html`<p class="msg ${this.message.tone}">${this.message.text}</p>` : nothing}
      </div>
      ${this.renderRuns()} ${this.renderCalibration()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'python-panel': PythonPanel;
  }
}
