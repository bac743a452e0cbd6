import { css, html, nothing, type TemplateResult } from 'lit';
import type { TypedField, TypedFieldSpec } from '../../model/catalog/compare-url.ts';

/**
 * One typed figure of the comparison (a CPU's or a GPU's): a labelled text field with its
 * help, `aria-invalid` and the parse message under it when the text is not a number in
 * range, or the note on how it was read. `input(param, raw, commit)` gets every edit.
 */
export function typedField(
  spec: TypedFieldSpec,
  raw: string | undefined,
  parsed: TypedField | undefined,
  input: (param: string, raw: string, commit: boolean) => void,
): TemplateResult {
  const id = `f-${spec.param.replace('.', '-')}`;
  const bad = parsed && !parsed.ok ? parsed.message : '';
  const note = parsed && parsed.ok ? (parsed.note ?? '') : '';
  return html`<div class="field">
    <label for=${id}>${spec.label}</label>
    <input
      id=${id}
      inputmode="decimal"
      autocomplete="off"
      data-param=${spec.param}
      .value=${raw ?? spec.defaultRaw}
      placeholder=${spec.optional ? 'optional' : ''}
      aria-invalid=${bad ? 'true' : 'false'}
      aria-describedby="${id}-help ${id}-msg"
      @input=${(e: Event) => input(spec.param, (e.target as HTMLInputElement).value, false)}
      @change=${(e: Event) => input(spec.param, (e.target as HTMLInputElement).value, true)}
    />
    <small id="${id}-help" class="muted">${spec.help}</small>
    <small id="${id}-msg" class=${bad ? 'error' : 'muted'} role=${bad ? 'alert' : nothing}>${bad || note}</small>
  </div>`;
}

/** The look of typed fields, shared by the CPU and GPU forms. */
export const typedFieldStyles = css`
  .typed-grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
    gap: 0.6rem 1rem;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
    font-size: 0.9rem;
  }
  .field label,
  label.field > span {
    font-weight: 600;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
    font-size: 0.9rem;
  }
  .field input {
    font: inherit;
    padding: 0.35rem 0.5rem;
    border: 1px solid var(--border, #d5dae1);
    border-radius: 6px;
    background: var(--surface, #fff);
    color: inherit;
  }
  .field input[aria-invalid='true'] {
    border-color: var(--bad, #b42318);
  }
  .field small.error {
    color: var(--bad, #b42318);
  }
  fieldset.typed {
    margin-top: 0.75rem;
    border: 1px solid var(--border, #d5dae1);
    border-radius: 8px;
    padding: 0.5rem 0.75rem 0.75rem;
  }
  .note {
    font-size: 0.86rem;
    margin: 0.2rem 0 0.6rem;
  }
`;
