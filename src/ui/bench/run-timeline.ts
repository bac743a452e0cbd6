import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { timelineOverlaps, type TimelineStep } from '../../model/bench/timeline.ts';
import { sharedStyles } from '../shared/shared-styles.ts';

/** Width of the drawing in its own units; it scales to the panel. */
const W = 600;
const LANE = 18;
const GAP = 6;
const LABEL = 40;

/**
 * A run's timeline (issue #20): every step's start and end in two lanes, CPU and GPU, so
 * anyone can see that no CPU measurement ran while GPU work was in flight (a software
 * adapter or an integrated GPU shares the CPU's cores and memory), and the sentence that
 * says whether any did. The steps, with times, are also a table for screen readers.
 */
@customElement('run-timeline')
export class RunTimeline extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      svg {
        width: 100%;
        height: auto;
        display: block;
      }
      .cpu {
        fill: var(--cpu, #c2410c);
      }
      .gpu {
        fill: var(--gpu, #1f6feb);
      }
      text {
        font-size: 11px;
        fill: var(--muted, #5a6472);
      }
      p {
        margin: 0.3rem 0 0;
      }
      table {
        border-collapse: collapse;
        font-size: 0.85rem;
      }
      td,
      th {
        padding: 0.1rem 0.6rem 0.1rem 0;
        text-align: left;
      }
      td.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @property({ attribute: false }) steps: readonly TimelineStep[] | undefined;

  override render() {
    const steps = this.steps ?? [];
    if (steps.length === 0) return nothing;
    const end = Math.max(...steps.map((s) => s.endMs), 1);
    const x = (ms: number) => LABEL + ((W - LABEL) * ms) / end;
    const lane = (d: TimelineStep['device']) => (d === 'cpu' ? 0 : LANE + GAP);
    const overlaps = timelineOverlaps(steps);
    const h = 2 * LANE + GAP + 16;
    return html`<figure>
      <figcaption class="muted">The run, step by step (${(end / 1000).toFixed(1)} s)</figcaption>
      <svg viewBox="0 0 ${W} ${h}" role="img" aria-label="Timeline of the run: CPU steps and GPU steps, one lane each">
        ${svg`<text x="0" y="${LANE - 5}">CPU</text><text x="0" y="${2 * LANE + GAP - 5}">GPU</text>`}
        ${steps.map(
          (s) =>
            svg`<rect class=${s.device} x=${x(s.startMs)} y=${lane(s.device)} width=${Math.max(1, x(s.endMs) - x(s.startMs))} height=${LANE} rx="2"><title>${s.step}: ${fmt(s.startMs)} – ${fmt(s.endMs)}</title></rect>`,
        )}
        ${svg`<text x="${LABEL}" y="${h - 2}">0</text><text x="${W}" y="${h - 2}" text-anchor="end">${(end / 1000).toFixed(1)} s</text>`}
      </svg>
      <p data-output="timelineOverlaps" data-value=${overlaps.length}>
        ${
          overlaps.length === 0
            ? 'No CPU step ran while a GPU step did: the two never shared the machine.'
            : html`<strong>Overlapped:</strong>
                ${overlaps.map((o) => `${o.cpu.step} with ${o.gpu.step} (${o.overlapMs.toFixed(1)} ms)`).join('; ')}`
        }
      </p>
      <details>
        <summary>Every step (${steps.length})</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Device</th>
              <th scope="col">Start</th>
              <th scope="col">End</th>
            </tr>
          </thead>
          <tbody>
            ${steps.map(
              (s) =>
                html`<tr>
                  <td>${s.step}</td>
                  <td>${s.device.toUpperCase()}</td>
                  <td class="num">${fmt(s.startMs)}</td>
                  <td class="num">${fmt(s.endMs)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figure>`;
  }
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

declare global {
  interface HTMLElementTagNameMap {
    'run-timeline': RunTimeline;
  }
}
