import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { decadeLabel, decadeTicks, durationTickLabel, durationTicks } from '../../model/charts/ticks.ts';
import type { CompareResult } from '../../model/catalog/compare.ts';
import { formatDuration } from '../../model/shared/format.ts';
import { formatSize } from '../../model/workloads/present.ts';
import { UPlotController, plotSize, type UPlotSpec } from '../charts/uplot-controller.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { chartStyles } from '../shared/chart-styles.ts';
import { axisSizer, baseAxis, chartColours } from '../workloads/chart-axes.ts';
import { seriesColour } from './series-colours.ts';

/** A size in the legend: whole numbers exactly up to a million, then "3·10⁷". */
function sizeText(n: number): string {
  return n < 1e6 ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : formatSize(n);
}

/**
 * The comparison as one chart (issue #19): the chosen CPU's time and every device's GPU
 * time along the workload's own size, log-log. Where a GPU line drops below the CPU's, that
 * GPU pays off; a line that stops is a GPU the workload no longer fits. The legend reads the
 * workload's own size until the pointer moves over the plot. Colours match the table.
 */
@customElement('compare-chart')
export class CompareChart extends LitElement {
  static override styles = [
    sharedStyles,
    ...chartStyles,
    css`
      :host {
        --plot-min-height: 280px;
      }
      .u-legend {
        text-align: left;
      }
    `,
  ];

  @property({ attribute: false }) result: CompareResult | undefined;
  @query('.plot') private container!: HTMLDivElement;

  private readonly chart = new UPlotController(this, {
    container: () => this.container,
    size: (containerWidth) => plotSize(containerWidth, 300, 360),
    build: (container) => this.plotSpec(container),
  });

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('result')) this.chart.rebuild();
  }

  private plotSpec(container: HTMLElement): UPlotSpec | undefined {
    const r = this.result;
    if (!r || r.sizes.length === 0) return undefined;
    const c = chartColours(this);
    const sizeFor = axisSizer();
    const at = r.sizes.indexOf(r.current);
    const fasterAt = r.rows
      .filter((row) => row.time && row.time.speedup > 1)
      .map((row) => row.name)
      .join(', ');
    container.setAttribute(
      'aria-label',
      `CPU and GPU time along ${r.axisLabel}, log-log, for ${r.rows.length} devices. At your size, faster than the CPU: ${fasterAt || 'none'}.`,
    );
    const legendValue =
      (fmt: (v: number) => string) =>
      (u: uPlot, v: number | null, sidx: number, idx: number | null): string => {
        const value = idx == null ? (at >= 0 ? (u.data[sidx]?.[at] ?? null) : null) : v;
        return value == null ? '—' : fmt(value);
      };
    const opts: UPlotSpec['opts'] = {
      scales: { x: { time: false, distr: 3, log: 10 }, y: { distr: 3, log: 10 } },
      axes: [
        {
          ...baseAxis(r.axisLabel, c),
          splits: (u, _i, min, max) => decadeTicks(min, max, u.bbox.width / devicePixelRatio / 56),
          values: (_u, splits) => splits.map((v) => (v == null ? '' : decadeLabel(v))),
          size: (_u, values) => sizeFor(values, false),
        },
        {
          ...baseAxis('Time', c),
          splits: (u, _i, min, max) => durationTicks(min, max, u.bbox.height / devicePixelRatio / 28).values,
          values: (_u, splits) => splits.map((v) => (v == null ? '' : (durationTickLabel(v) ?? formatDuration(v)))),
          size: (_u, values) => sizeFor(values, true),
        },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      series: [
        { label: 'Size', value: legendValue(sizeText) },
        {
          label: 'CPU',
          stroke: c.cpu,
          width: 3,
          dash: [6, 4],
          points: { show: false },
          value: legendValue(formatDuration),
        },
        ...r.rows.map((row, i): uPlot.Series => ({
          label: row.name,
          stroke: seriesColour(i),
          width: 2,
          points: { show: false },
          value: legendValue(formatDuration),
        })),
      ],
    };
    const data: uPlot.AlignedData = [r.sizes, r.cpuCurve, ...r.rows.map((row) => row.curve)];
    return { opts, data };
  }

  override render() {
    if (!this.result) return nothing;
    return html`<figure>
      <figcaption>CPU and GPU time along your workload’s size</figcaption>
      <p class="muted note">
        Below the dashed CPU line a GPU pays off. A line that stops: the workload no longer fits in that GPU’s memory.
      </p>
      <div class="plot" role="img" aria-roledescription="chart" aria-label="GPU comparison chart"></div>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'compare-chart': CompareChart;
  }
}
