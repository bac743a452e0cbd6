import { describe, expect, it } from 'vitest';
import { spanExcerpt } from '../../../../src/ui/workloads/text-span.ts';

describe('the part of a field a message points at', () => {
  it('marks the span with a caret under it', () => {
    const x = spanExcerpt('a*b + d', { column: 7, endColumn: 8 });
    expect(x).toEqual({ before: 'a*b + ', marked: 'd', after: '', caret: '      ^' });
  });

  it('cuts long text around the span, and keeps the caret aligned', () => {
    const text = `${'a + '.repeat(50)}q${' + a'.repeat(50)}`;
    const x = spanExcerpt(text, { column: 201, endColumn: 202 }, 8);
    expect(x.before).toBe('…a + a + ');
    expect(x.marked).toBe('q');
    expect(x.after).toBe(' + a + a…');
    expect(x.caret.indexOf('^')).toBe(x.before.length);
  });

  it('line breaks and tabs become spaces; a span past the end marks the place after the text', () => {
    expect(spanExcerpt('a*\nb', { column: 4, endColumn: 5 }).before).toBe('a* ');
    const end = spanExcerpt('a **', { column: 5, endColumn: 6 });
    expect(end.marked).toBe(' ');
    expect(end.caret).toBe('    ^');
  });
});
