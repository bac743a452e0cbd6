import { css } from 'lit';

/** Page layout of <gpu-payoff-app>: two columns on desktop, one on phones, the phone summary bar. */
export const appStyles = css`
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
    margin: 0 0 0.9rem;
    max-width: 60rem;
    color: var(--muted);
  }
  /* What the code does beside the answer: the answer is in view at 1280×800 without scrolling. */
  .top {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.15fr);
    gap: 1rem;
    align-items: start;
  }
  .results {
    position: sticky;
    top: 0.75rem;
  }
  .link-notices {
    margin: 0 0 0.8rem;
    padding: 0.5rem 0.75rem 0.5rem 1.8rem;
    border-radius: 8px;
    background: var(--warn-bg);
    color: var(--warn-fg);
    font-size: 0.88rem;
  }
  .machine-grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    gap: 0 1.5rem;
    margin-top: 1rem;
  }
  .sub-h {
    margin: 1.25rem 0 0.5rem;
  }
  .note {
    font-size: 0.88rem;
  }
  section.card {
    margin-top: 1rem;
  }
  .sweep {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 1.25rem;
  }
  .history-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: 0.5rem;
  }
  /* Phones: the results sit below a long form, so a bar keeps the answer in sight. */
  .peek {
    display: none;
  }
  @media (max-width: 860px) {
    .peek {
      display: flex;
      gap: 0.75rem;
      align-items: baseline;
      position: sticky;
      bottom: 0;
      margin: 0.75rem -0.25rem 0;
      padding: 0.6rem 0.9rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: 0 -4px 14px rgb(0 0 0 / 0.15);
      color: var(--fg);
      text-decoration: none;
      z-index: 2;
    }
    .peek strong {
      font-size: 1.3rem;
    }
    /* From default values: the number is muted and the frame dashed, as in the results card. */
    .peek.provisional {
      border-style: dashed;
      border-color: var(--muted);
    }
    .peek.provisional strong {
      color: var(--muted);
    }
    .peek-go {
      margin-left: auto;
      color: var(--accent);
    }
  }
  footer {
    margin-top: 2rem;
    font-size: 0.85rem;
    color: var(--muted);
  }
  @media (max-width: 860px) {
    .top {
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
`;
