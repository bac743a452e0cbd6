import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayText, hasBidiControls } from '../../../../src/model/shared/text.ts';

describe('displayText', () => {
  it('removes every bidi control so "\\u202Egnp.exe" shows as written, not as "exe.png"', () => {
    expect(displayText('\u202Egnp.exe')).toBe('gnp.exe');
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(displayText(`a${c}b`)).toBe('ab');
    }
    expect(displayText('\u200Ea\u200Fb\u061C')).toBe('ab');
    expect(displayText('Nightly training job')).toBe('Nightly training job');
    expect(displayText('قياس')).toBe('قياس');
  });

  it('property: the result never holds a bidi control and keeps everything else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const out = displayText(s);
        expect(hasBidiControls(out)).toBe(false);
        expect(out.length).toBeLessThanOrEqual(s.length);
      }),
    );
  });
});
