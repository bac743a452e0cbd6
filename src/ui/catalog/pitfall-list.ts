import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sourceOf } from '../../model/catalog/sources.ts';
import type { PitfallId } from '../../model/catalog/pitfalls.ts';
import type { Pitfall } from '../../model/catalog/warnings.ts';

/**
 * Advice on measuring rather than a flaw of the answer: shown quieter, so the warnings that
 * change the answer (copies, capacity, float64…) stand out.
 */
const ADVICE: ReadonlySet<PitfallId> = new Set(['sync-timing', 'first-call', 'warm-cache']);
import { sharedStyles } from '../shared/shared-styles.ts';

/**
 * The warnings that apply to one answer (issue #19, point 5): each an element with
 * `data-warning="<id>"`, its title and why it applies here in view, and on opening what
 * goes wrong, how large the error typically is, the fix and the source. `compact` lists
 * them as a row of chips (a comparison row); otherwise one per line (the answer card).
 */
@customElement('pitfall-list')
export class PitfallList extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
      }
      :host([compact]) ul {
        flex-direction: row;
        flex-wrap: wrap;
      }
      details {
        border-radius: 8px;
        background: var(--warn-bg, #fff4d6);
        color: var(--warn-fg, #6b4a00);
        font-size: 0.86rem;
      }
      details.advice {
        background: transparent;
        color: var(--fg, #1b1f24);
        border: 1px solid var(--border, #d5dae1);
      }
      :host([compact]) details[open] {
        flex-basis: 100%;
      }
      :host([compact]) li:has(details[open]) {
        flex-basis: 100%;
      }
      summary {
        cursor: pointer;
        padding: 0.25rem 0.6rem;
        list-style-position: inside;
      }
      summary strong {
        font-weight: 600;
      }
      .why {
        font-weight: 400;
      }
      :host([compact]) .why {
        display: none;
      }
      :host([compact]) details[open] .why {
        display: inline;
      }
      dl {
        margin: 0;
        padding: 0 0.75rem 0.5rem;
      }
      dt {
        font-weight: 600;
        margin-top: 0.3rem;
      }
      dd {
        margin: 0;
      }
      a {
        color: inherit;
      }
      h3 {
        font-size: 0.95rem;
        margin: 0.8rem 0 0.35rem;
      }
    `,
  ];

  @property({ attribute: false }) pitfalls: readonly Pitfall[] = [];
  /** Chips in a row rather than one per line. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** A heading above the list (the answer card's), none when empty. */
  @property() heading = '';

  override render() {
    const list = this.pitfalls;
    if (list.length === 0) return nothing;
    return html`${this.heading ? html`<h3>${this.heading}</h3>` : nothing}
      <ul aria-label=${this.heading || 'Warnings'}>
        ${[...list.filter((p) => !ADVICE.has(p.id)), ...list.filter((p) => ADVICE.has(p.id))].map((p) => {
          const src = sourceOf(p.source);
          return html`<li>
            <details data-warning=${p.id} class=${ADVICE.has(p.id) ? 'advice' : 'warning'}>
              <summary><strong>${p.title}</strong><span class="why">: ${p.why}</span></summary>
              <dl>
                <dt>What goes wrong</dt>
                <dd>${p.whatGoesWrong}</dd>
                <dt>How large</dt>
                <dd>${p.typicalError}</dd>
                <dt>The fix</dt>
                <dd>${p.fix}</dd>
                <dt>Source</dt>
                <dd><a href=${src.url} target="_blank" rel="noopener noreferrer">${src.title}</a></dd>
              </dl>
            </details>
          </li>`;
        })}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pitfall-list': PitfallList;
  }
}
