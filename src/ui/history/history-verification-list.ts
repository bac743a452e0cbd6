import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatDuration } from '../../model/shared/format.ts';
import { verificationEnvironmentLabel } from '../../model/history/compare.ts';
import type { StoredVerification } from '../../model/history/records.ts';
import { achievedText } from '../../model/workloads/verify.ts';
import { formatSize } from '../../model/workloads/present.ts';
import { emit } from '../shared/events.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { formatDateTime } from './history-format.ts';
import { historyStyles } from './history-styles.ts';

/** "+14 %" / "−30 %" with a real minus sign, for a signed fraction. */
export function formatSignedFraction(f: number): string {
  const pct = Math.round(f * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '\u2212' : '±'}${Math.abs(pct)} %`;
}

/**
 * The saved verifications (issue #13): the workload, when, the size asked and the size
 * that ran, the predicted and measured GPU totals with the prediction error, the achieved
 * fractions of the peaks, and where it ran; "Delete" is a `history-delete-record` request
 * to `<history-panel>` (with undo there).
 */
@customElement('history-verification-list')
export class HistoryVerificationList extends LitElement {
  static override styles = [
    sharedStyles,
    historyStyles,
    css`
      :host {
        display: block;
      }
      ul.verifications {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.verifications li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.75rem;
        align-items: baseline;
        border-bottom: 1px solid var(--border, #d5dae1);
        padding: 0.4rem 0;
      }
      .achieved {
        flex-basis: 100%;
        font-size: 0.82rem;
        margin: 0;
      }
    `,
  ];

  /** The verifications to list, newest first. */
  @property({ attribute: false }) verifications: readonly StoredVerification[] = [];

  override render() {
    if (this.verifications.length === 0) {
      return html`<p class="empty muted">No verifications yet: “Run this workload” saves one here.</p>`;
    }
    return html`<ul class="verifications">
      ${repeat(
        this.verifications,
        (r) => r.id,
        (r) => {
          const v = r.verification;
          return html`<li data-verification-id=${r.id} data-workload=${v.workload}>
            <bdi class="name" data-name>${r.name}</bdi>
            <time class="muted" datetime=${r.savedAt}>${formatDateTime(r.savedAt)}</time>
            <span data-ran-size=${String(v.ranSize)}
              >ran ${formatSize(v.ranSize)}
              ${v.sizeUnit}${v.scaledDown ? html` (asked ${formatSize(v.requestedSize)}, scaled down)` : nothing}</span
            >
            <span
              >GPU total predicted ${formatDuration(v.predicted.gpuTotalSeconds)}, measured
              ${formatDuration(v.measured.gpuTotalSeconds)}:
              <span data-output="historyPredictionError" data-value=${String(v.predictionError)}
                >${formatSignedFraction(v.predictionError)}</span
              ></span
            >
            <span class="muted">${verificationEnvironmentLabel(v.environment)}</span>
            <span class="actions">
              <button
                type="button"
                data-action="delete"
                @click=${() => emit(this, 'history-delete-record', { kind: 'verification', id: r.id })}
                aria-label=${`Delete verification “${r.name}”`}
              >
                Delete
              </button>
            </span>
            <p class="achieved muted">${achievedText(v.workload, v.achieved).join(' ')}</p>
          </li>`;
        },
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-verification-list': HistoryVerificationList;
  }
}
