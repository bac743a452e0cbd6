/**
 * The tokenizer of NumPy/PyTorch expressions: one left-to-right pass over the text, one
 * character test at a time (no regular expressions, so no backtracking and time linear in
 * the length). Text it cannot read becomes one final `error` token, so the parser reports
 * whichever problem comes first in the text: `__import__('os')` fails at the call, not at
 * the string. Pure.
 */
import { displayText } from '../../shared/text.ts';

export type TokenKind = 'number' | 'name' | 'op' | 'end' | 'error';

export interface Token {
  kind: TokenKind;
  /** The source text (for `error`, the message). */
  text: string;
  /** 0-based offsets [start, end) into the expression. */
  start: number;
  end: number;
  /** A number token's value. */
  value?: number;
}

/** Operators and punctuation the grammar uses. */
const OPERATORS = ['**', '<=', '>=', '==', '!=', '+', '-', '*', '/', '@', '(', ')', ',', '.', '=', '<', '>'];

/** Python operators this page does not model, with what to say about each. */
const UNSUPPORTED_OPERATORS: readonly [string, string][] = [
  ['//', 'floor division (//) is not supported'],
  ['<<', 'shifts (<<) are not supported'],
  ['>>', 'shifts (>>) are not supported'],
  ['%', 'the remainder operator (%) is not supported'],
  ['&', 'the operator & is not supported; np.where takes one comparison, e.g. np.where(x > 0, x, 0)'],
  ['|', 'the operator | is not supported; np.where takes one comparison, e.g. np.where(x > 0, x, 0)'],
  ['^', 'the operator ^ is not supported; write powers with **'],
  ['~', 'the operator ~ is not supported'],
  ['[', 'indexing and slicing (x[…]) are not supported'],
  ['{', 'dictionaries and sets are not supported'],
  [':', 'the character : is not supported (no slices, lambdas or annotations)'],
  [';', 'write one expression, without ;'],
  ['#', 'comments are not supported'],
  ['\\', 'the character \\ is not supported'],
  ['!', 'the character ! is not supported; write != for "not equal"'],
];

/** Characters people paste from papers, with the ASCII they meant. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '\u00D7': '*',
  '\u22C5': '*',
  '\u00B7': '*',
  '\u2217': '*',
  '\u00F7': '/',
  '\u2212': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
};

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || isDigit(c);
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Digits with single underscores between them (PEP 515); returns the end offset. */
function scanDigits(text: string, i: number): number {
  while (i < text.length) {
    const c = text[i] as string;
    if (isDigit(c)) i++;
    else if (c === '_' && isDigit(text[i + 1] ?? '') && i > 0 && isDigit(text[i - 1] ?? '')) i++;
    else break;
  }
  return i;
}

function errorToken(message: string, start: number, end: number): Token {
  return { kind: 'error', text: message, start, end };
}

/** Read a number literal at `start` (a digit, or a point followed by a digit). */
function scanNumber(text: string, start: number): Token {
  let i = scanDigits(text, start);
  let isInteger = true;
  if (text[i] === '.') {
    isInteger = false;
    i = scanDigits(text, i + 1);
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (isDigit(text[j] ?? '')) {
      isInteger = false;
      i = scanDigits(text, j);
    }
  }
  const literal = text.slice(start, i);
  const next = text[i] ?? '';
  if (next === '_') return errorToken('an underscore in a number must sit between two digits', i, i + 1);
  if (next === 'j' || next === 'J') return errorToken('complex numbers are not supported', start, i + 1);
  if (isNameChar(next)) {
    if (literal === '0' && (next === 'x' || next === 'X' || next === 'o' || next === 'b')) {
      return errorToken('write numbers in decimal (no 0x, 0o or 0b)', start, i + 1);
    }
    return errorToken(`a number cannot be followed by a name: write ${literal}*${next}… for a product`, start, i + 1);
  }
  // Python 3 refuses "012": it was octal in Python 2.
  if (isInteger && literal.length > 1 && literal[0] === '0' && /[1-9]/.test(literal)) {
    return errorToken('leading zeros are not allowed in a whole number (Python reads 012 as an error)', start, i);
  }
  const value = Number(literal.replace(/_/g, ''));
  if (!Number.isFinite(value)) return errorToken('that number is too large', start, i);
  return { kind: 'number', text: literal, start, end: i, value };
}

/**
 * The tokens of `text`, ending with one `end` token, or with one `error` token at the first
 * character that cannot start a token (everything before it is still tokenized).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  outer: while (i < text.length) {
    const c = text[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      const t = scanNumber(text, i);
      tokens.push(t);
      if (t.kind === 'error') return tokens;
      i = t.end;
      continue;
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < text.length && isNameChar(text[j] as string)) j++;
      if (text[j] === "'" || text[j] === '"') {
        return [...tokens, errorToken('strings (and string prefixes such as f"…") are not supported', i, j + 1)];
      }
      tokens.push({ kind: 'name', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === "'" || c === '"') return [...tokens, errorToken('strings are not supported', i, i + 1)];
    // Two-character operators first, so "//" is not read as "/" and "!=" not as "!".
    for (const width of [2, 1]) {
      for (const [op, message] of UNSUPPORTED_OPERATORS) {
        if (op.length === width && text.startsWith(op, i)) return [...tokens, errorToken(message, i, i + op.length)];
      }
      for (const op of OPERATORS) {
        if (op.length === width && text.startsWith(op, i)) {
          tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
          i += op.length;
          continue outer;
        }
      }
    }
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    const meant = LOOKALIKES[ch];
    const shown = displayText(ch) || `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    return [
      ...tokens,
      errorToken(
        meant ? `unexpected character ${shown}: write ${meant}` : `unexpected character ${shown}`,
        i,
        i + ch.length,
      ),
    ];
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}
