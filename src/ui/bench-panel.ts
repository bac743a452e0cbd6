import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';

/** Placeholder: the GPU benchmark panel (issue 3) replaces this file. */
@customElement('bench-panel')
export class BenchPanel extends LitElement {
  override render() {
    return html`<p>Benchmark panel coming.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bench-panel': BenchPanel;
  }
}
