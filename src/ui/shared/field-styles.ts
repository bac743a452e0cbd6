import { css } from 'lit';

/**
 * The look of every input field, the seven classic ones (estimator-form.ts) and the
 * workload and machine fields alike: label above, input with its source badge,
 * help, a field-level error and the "read as" note, so workload and machine fields read
 * exactly like the seven classic ones. Also the select and checkbox variants the workload
 * form needs.
 */
export const fieldStyles = css`
  .fields {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.85rem;
  }
  .field label,
  .field .label {
    display: block;
    font-weight: 600;
    font-size: 0.93rem;
    margin-bottom: 0.25rem;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  input[type='text'] {
    font: inherit;
    font-family: var(--font-mono);
    font-size: 1rem;
    flex: 1;
    min-width: 0;
    padding: 0.45rem 0.6rem;
    border-radius: 8px;
    border: 1px solid var(--border, #d5dae1);
    background: var(--bg, #f6f7f9);
    color: var(--fg, #1b1f24);
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--bad, #b42318);
    background: var(--bad-bg, #fdecea);
  }
  input[type='checkbox'] {
    width: 1.2rem;
    height: 1.2rem;
    margin: 0;
    accent-color: var(--accent, #1f6feb);
  }
  .check label {
    display: inline;
    margin: 0;
  }
  .badge {
    font-size: 0.72rem;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    padding: 0.15rem 0.45rem;
    border-radius: 999px;
    border: 1px solid var(--border, #d5dae1);
    color: var(--muted, #5a6472);
    white-space: nowrap;
    min-width: 5.6rem;
    text-align: center;
  }
  .badge.measured {
    border-color: var(--good, #15803d);
    color: var(--good, #15803d);
  }
  .badge.manual {
    border-color: var(--accent, #1f6feb);
    color: var(--accent, #1f6feb);
  }
  .badge.workload {
    border-color: var(--transfer, #9333ea);
    color: var(--transfer, #9333ea);
  }
  .help {
    margin: 0.2rem 0 0;
    font-size: 0.82rem;
    color: var(--muted, #5a6472);
  }
  .error {
    margin: 0.25rem 0 0;
    font-size: 0.85rem;
    color: var(--bad, #b42318);
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }
  .note {
    margin: 0.25rem 0 0;
    font-size: 0.85rem;
    font-weight: 600;
    color: var(--warn-fg, #6b4a00);
    background: var(--warn-bg, #fff4d6);
    border-radius: 6px;
    padding: 0.15rem 0.4rem;
  }
  .note:empty {
    display: none;
  }
  select {
    font: inherit;
    padding: 0.4rem;
    border-radius: 8px;
    border: 1px solid var(--border, #d5dae1);
    background: var(--surface, #fff);
    color: var(--fg, #1b1f24);
    min-height: 2.25rem;
    max-width: 100%;
  }
  code,
  pre {
    font-family: var(--font-mono);
  }
`;
