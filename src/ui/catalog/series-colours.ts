/**
 * One colour per compared device, the same in the table's swatch and the chart's line:
 * twelve hues apart from the CPU's orange, mid-toned so they read on light and dark.
 */
const PALETTE = [
  '#2f7cf6',
  '#16a34a',
  '#c026d3',
  '#0891b2',
  '#ca8a04',
  '#7c3aed',
  '#db2777',
  '#0d9488',
  '#65a30d',
  '#4f46e5',
  '#64748b',
  '#be123c',
] as const;

/** The colour of the device at position `i` in the comparison. */
export function seriesColour(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? PALETTE[0];
}
