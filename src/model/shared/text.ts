/**
 * Untrusted text made safe to show: names from an imported file or from storage, values
 * from a link echoed back in a message. Pure.
 *
 * Bidirectional control characters reorder what follows them: "\u202Egnp.exe" displays as
 * "exe.png", and one inside a link value can reverse the page's own sentence around it.
 * Removing them shows the characters in the order they were really written.
 */

/**
 * The embedding, override and isolate controls (U+202A–202E, U+2066–2069), the marks
 * (U+200E LRM, U+200F RLM, U+061C ALM). Each changes how the text around it is ordered.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** True if `text` holds any bidirectional control character. */
export function hasBidiControls(text: string): boolean {
  return new RegExp(BIDI_CONTROLS.source).test(text);
}

/**
 * `text` without bidirectional control characters, for display. Use it on every string
 * the page did not write itself; elements that show such text should also isolate it
 * (`unicode-bidi: isolate`, or `<bdi>`) so right-to-left letters stay inside it.
 */
export function displayText(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
