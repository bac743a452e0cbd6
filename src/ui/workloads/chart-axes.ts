import type uPlot from 'uplot';
import { cssVar } from '../charts/uplot-controller.ts';

/**
 * Axis pieces both workload charts share, as sweep-chart.ts draws them: one font, axes
 * sized to their widest tick label (so no label is clipped), grid in the border colour,
 * colours read from the page's custom properties (so dark mode is legible).
 */
export const CHART_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export interface ChartColours {
  fg: string;
  grid: string;
  cpu: string;
  gpu: string;
  mark: string;
  surface: string;
}

export function chartColours(el: Element): ChartColours {
  return {
    fg: cssVar(el, '--fg', '#1b1f24'),
    grid: cssVar(el, '--border', '#d5dae1'),
    cpu: cssVar(el, '--cpu', '#c2410c'),
    gpu: cssVar(el, '--gpu', '#1f6feb'),
    mark: cssVar(el, '--warn-fg', '#6b4a00'),
    surface: cssVar(el, '--surface', '#ffffff'),
  };
}

/** Room for tick labels plus tick and gap: the widest label on a vertical axis, one line on a horizontal one. */
export function axisSizer(): (labels: readonly (string | null)[] | null, vertical: boolean) => number {
  const measure = document.createElement('canvas').getContext('2d');
  if (measure) measure.font = CHART_FONT;
  return (labels, vertical) => {
    const widest = Math.max(0, ...(labels ?? []).map((l) => (l ? (measure?.measureText(l).width ?? l.length * 7) : 0)));
    return vertical ? Math.ceil(widest) + 10 + 8 + 4 : 10 + 8 + 16;
  };
}

/** An axis with the shared look; callers add splits, values and size. */
export function baseAxis(label: string, c: ChartColours): uPlot.Axis {
  return {
    label,
    font: CHART_FONT,
    labelFont: `600 ${CHART_FONT}`,
    stroke: c.fg,
    grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.grid, width: 1, size: 10 },
    gap: 8,
    // Our splits are already the labels we want; uPlot's log filter would hide values that are
    // not exact powers of ten in floating point (10 · 1e-9 s), leaving grid lines unlabelled.
    filter: (_u, splits) => splits,
  };
}
