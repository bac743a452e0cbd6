import { html, type TemplateResult } from 'lit';

/** Text with `backtick` spans, as the model's help and conventions write code, rendered with <code>. */
export function withCode(text: string): (string | TemplateResult)[] {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part));
}
