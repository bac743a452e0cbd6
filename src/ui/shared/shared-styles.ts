import { css } from 'lit';

/** Cards, buttons and focus rings shared by the estimator's elements. */
export const sharedStyles = css`
  :host {
    color: var(--fg, #1b1f24);
  }
  .card {
    background: var(--surface, #fff);
    border: 1px solid var(--border, #d5dae1);
    border-radius: var(--radius, 10px);
    padding: 1rem 1.1rem;
  }
  h2 {
    font-size: 1.15rem;
    margin: 0 0 0.75rem;
  }
  h3 {
    font-size: 1rem;
    margin: 0 0 0.5rem;
  }
  button {
    font: inherit;
    font-size: 0.95rem;
    padding: 0.45rem 0.9rem;
    border-radius: 8px;
    border: 1px solid var(--border, #d5dae1);
    background: var(--surface, #fff);
    color: var(--fg, #1b1f24);
    cursor: pointer;
    min-height: 2.25rem;
  }
  button.primary {
    background: var(--accent, #1f6feb);
    border-color: var(--accent, #1f6feb);
    color: var(--accent-fg, #fff);
  }
  button:hover {
    filter: brightness(0.96);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 3px solid var(--focus, #1f6feb);
    outline-offset: 2px;
  }
  .muted {
    color: var(--muted, #5a6472);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
`;
