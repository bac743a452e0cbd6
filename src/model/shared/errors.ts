/** Turning anything thrown into words for people. Pure. */

/** Plain-words message from anything thrown (an Error, an error-like object, or any value). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && 'message' in e) return String(e.message);
  return String(e);
}
