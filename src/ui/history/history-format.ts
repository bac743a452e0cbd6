/** Display helpers shared by the history elements. */

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A stored ISO date in the reader's locale ("23 Nov 2026, 20:15"); the raw text if unparseable. */
export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? DATE_TIME.format(new Date(t)) : iso;
}

/** Trigger a download of `text` as `fileName` (Blob + object URL + <a download>). */
export function downloadText(host: Node, fileName: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  (host instanceof ShadowRoot || host instanceof Element ? host : document.body).appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
