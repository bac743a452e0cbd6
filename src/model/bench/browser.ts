/** The browser's name and version from its user agent (the hardware report, history labels). Pure. */

export interface BrowserId {
  name: string;
  version: string;
}

/**
 * Browser name and full version from a user-agent string; the one parser the app uses
 * (history labels build on it). Order matters: Edge, Opera and Samsung carry "Chrome/",
 * Chrome carries "Safari/". No match gives an empty name.
 */
export function parseBrowser(userAgent: string): BrowserId {
  const ua = userAgent.slice(0, 4096);
  const rules: [string, RegExp][] = [
    ['Node', /^node\s+v?([\d.]+)/i],
    ['Edge', /Edg(?:e|A|iOS)?\/([\d.]+)/],
    ['Opera', /OPR\/([\d.]+)/],
    ['Samsung Internet', /SamsungBrowser\/([\d.]+)/],
    ['Firefox', /(?:Firefox|FxiOS)\/([\d.]+)/],
    ['Chrome', /CriOS\/([\d.]+)/],
    ['Headless Chrome', /HeadlessChrome\/([\d.]+)/],
    ['Chrome', /Chrome\/([\d.]+)/],
    ['Chromium', /Chromium\/([\d.]+)/],
    ['Safari', /Version\/([\d.]+).*Safari\//],
  ];
  for (const [name, re] of rules) {
    const m = re.exec(ua);
    if (m?.[1]) return { name, version: m[1] };
  }
  return { name: '', version: '' };
}
