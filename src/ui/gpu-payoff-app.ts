import { LitElement, html, css } from 'lit';
import { customElement } from 'lit/decorators.js';
import './bench-panel.ts';

/** Root element (skeleton; the estimator is built in issue 2). */
@customElement('gpu-payoff-app')
export class GpuPayoffApp extends LitElement {
  static override styles = css`:host { display: block; }`;
  override render() {
    return html`<main><h1>GPU payoff</h1><section id="benchmark"><bench-panel></bench-panel></section></main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gpu-payoff-app': GpuPayoffApp;
  }
}
