import { css } from 'lit';

/**
 * Styles the history's elements share: notices (status, messages, the clear-all
 * confirmation), small action buttons, record names, the inline rename form. Each
 * element adds its own on top.
 */
export const historyStyles = css`
  .notice {
    border-radius: 8px;
    padding: 0.55rem 0.8rem;
    margin: 0 0 0.75rem;
  }
  .notice p {
    margin: 0;
  }
  .notice ul {
    margin: 0.3rem 0 0;
    padding-left: 1.2rem;
  }
  .warn {
    background: var(--warn-bg, #fff4d6);
    color: var(--warn-fg, #6b4a00);
  }
  .error {
    background: var(--bad-bg, #fdecea);
    color: var(--bad, #b42318);
  }
  .info {
    background: var(--good-bg, #e7f6ec);
    color: var(--fg, #1b1f24);
  }
  .notice button {
    margin-top: 0.4rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
  }
  .actions button,
  .toolbar button,
  .notice button,
  form button {
    font-size: 0.85rem;
    padding: 0.25rem 0.6rem;
    min-height: 2rem;
  }
  button.danger {
    color: var(--bad, #b42318);
    border-color: var(--bad, #b42318);
  }
  /* Names are untrusted text: isolated, so one cannot reorder the words around it. */
  .name,
  bdi {
    unicode-bidi: isolate;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  form.rename {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
    align-items: center;
  }
  form.rename input {
    font: inherit;
    padding: 0.25rem 0.4rem;
    border: 1px solid var(--border, #d5dae1);
    border-radius: 6px;
    background: var(--surface, #fff);
    color: var(--fg, #1b1f24);
    min-width: 10rem;
  }
  form.rename input[aria-invalid='true'] {
    border-color: var(--bad, #b42318);
    background: var(--bad-bg, #fdecea);
  }
  /* The reason a rename was refused, on its own line under the field. */
  form.rename .field-error {
    flex-basis: 100%;
    margin: 0;
    font-size: 0.85rem;
    color: var(--bad, #b42318);
  }
  .empty {
    margin: 0.5rem 0;
  }
`;
