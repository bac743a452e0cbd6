import { html, css, type TemplateResult } from 'lit';
import type { TextSpan } from '../../model/workloads/kinds/form.ts';

/** The excerpt of a text around a span, and the caret line that marks the span under it. */
export interface SpanExcerpt {
  before: string;
  marked: string;
  after: string;
  /** Spaces up to the span, then one ^ per marked character. */
  caret: string;
}

/**
 * The part of `text` that `span` (1-based columns, end exclusive) points at, with up to
 * `context` characters either side (… where cut), on one line: tabs and line breaks become
 * spaces, so the caret stays under the characters it marks. A span past the end marks the
 * place after the last character (an expression that ends too early).
 */
export function spanExcerpt(text: string, span: TextSpan, context = 32): SpanExcerpt {
  const flat = text.replace(/[\t\r\n]/g, ' ');
  const start = Math.min(Math.max(0, span.column - 1), flat.length);
  const end = Math.min(Math.max(start + 1, span.endColumn - 1), flat.length + 1);
  const from = Math.max(0, start - context);
  const to = Math.min(flat.length, end + context);
  const before = `${from > 0 ? '…' : ''}${flat.slice(from, start)}`;
  // Past the end there is nothing to mark: a space carries the caret.
  const marked = flat.slice(start, end).padEnd(end - start, ' ');
  const after = `${flat.slice(end, to)}${to < flat.length ? '…' : ''}`;
  return { before, marked, after, caret: `${' '.repeat(before.length)}${'^'.repeat(marked.length)}` };
}

/** The excerpt with the span marked and a caret line under it (the message beside it says the column in words). */
export function renderSpan(text: string, span: TextSpan): TemplateResult {
  const x = spanExcerpt(text, span);
  return html`<pre
    class="span-mark"
    aria-hidden="true"
    data-column=${span.column}
  ><code>${x.before}<mark>${x.marked}</mark>${x.after}</code>
<code class="caret">${x.caret}</code></pre>`;
}

/** How the excerpt looks: the field's monospace, the span in the error colour, the caret under it. */
export const spanStyles = css`
  .span-mark {
    margin: 0.3rem 0 0;
    padding: 0.35rem 0.55rem;
    font-family: var(--font-mono);
    font-size: 0.9rem;
    line-height: 1.35;
    background: var(--bad-bg, #fdecea);
    border-radius: 6px;
    overflow-x: auto;
    white-space: pre;
  }
  .span-mark mark {
    background: none;
    color: var(--bad, #b42318);
    font-weight: 700;
    text-decoration: underline wavy var(--bad, #b42318);
  }
  .span-mark .caret {
    color: var(--bad, #b42318);
    font-weight: 700;
  }
  textarea.code {
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
    resize: vertical;
  }
  textarea[aria-invalid='true'] {
    border-color: var(--bad, #b42318);
    background: var(--bad-bg, #fdecea);
  }
`;
