/**
 * The styles every uPlot chart shares: uPlot's own sheet, the figure and its caption, the
 * plot box (its least height from `--plot-min-height`, set on the host) and the legend,
 * whose swatches stay with their labels when it wraps on a phone.
 */
import { css, unsafeCSS } from 'lit';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';

export const chartStyles = [
  unsafeCSS(uPlotCss),
  css`
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    figcaption {
      font-weight: 600;
      margin-bottom: 0.5rem;
    }
    .plot {
      width: 100%;
      min-height: var(--plot-min-height, 260px);
    }
    .u-legend {
      font-size: 0.8rem;
      color: var(--fg);
    }
    .u-legend .u-series,
    .u-legend .u-series th {
      white-space: nowrap;
    }
  `,
];
