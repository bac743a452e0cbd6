import { LitElement, html, css, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { headlineSeries, type HeadlineSeries } from '../../model/history/compare.ts';
import type { StoredRun } from '../../model/history/records.ts';
import { formatNumber, formatPercent } from '../../model/shared/format.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { chartStyles } from '../shared/chart-styles.ts';
import { UPlotController, cssVar, plotSize, type UPlotSpec } from '../charts/uplot-controller.ts';

/** Longest run name on the x axis; the table has the full names. */
const AXIS_NAME_CHARS = 16;

function shortName(name: string): string {
  const chars = [...name];
  return chars.length > AXIS_NAME_CHARS ? `${chars.slice(0, AXIS_NAME_CHARS - 1).join('')}…` : name;
}

/** A sentence a screen reader can use instead of the chart. */
export function chartDescription(runs: readonly StoredRun[], series: readonly HeadlineSeries[]): string {
  const parts = series.map((s) => {
    const values = s.values.map(
      (v, i) => `${runs[i]?.name ?? ''}: ${v === null ? 'not measured' : `${formatNumber(v)} ${s.unit}`}`,
    );
    return `${s.label}: ${values.join('; ')}`;
  });
  return `Headline metrics across ${runs.length} runs, as a percentage of the first run. ${parts.join('. ')}.`;
}

/**
 * Headline metrics across the selected runs, in the order given, each as a percentage of
 * its value in the first run so throughput and bandwidth share one axis; the legend shows
 * the measured values. UPlotController owns the plot's lifecycle.
 */
@customElement('history-chart')
export class HistoryChart extends LitElement {
  static override styles = [
    sharedStyles,
    ...chartStyles,
    css`
      :host {
        --plot-min-height: 240px;
      }
    `,
  ];

  /** Runs to chart, in order; the first is the 100 % reference. */
  @property({ attribute: false }) runs: readonly StoredRun[] = [];
  @query('.plot') private container!: HTMLDivElement;

  private readonly chart = new UPlotController(this, {
    container: () => this.container,
    size: (containerWidth) => plotSize(containerWidth, 240, 280),
    build: (container) => this.plotSpec(container),
  });

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('runs')) this.chart.rebuild();
  }

  /** The plot for the current runs (none for fewer than two); `container` gets the description. */
  private plotSpec(container: HTMLElement): UPlotSpec | undefined {
    if (this.runs.length < 2) return undefined;
    const runs = this.runs;
    const series = headlineSeries(runs);
    container.setAttribute('aria-label', chartDescription(runs, series));
    if (series.length === 0) return undefined;
    const xs = runs.map((_r, i) => i + 1);
    const fg = cssVar(this, '--fg', '#1b1f24');
    const grid = cssVar(this, '--border', '#d5dae1');
    const colours = [
      cssVar(this, '--gpu', '#1f6feb'),
      cssVar(this, '--transfer', '#9333ea'),
      cssVar(this, '--cpu', '#c2410c'),
    ];
    const opts: UPlotSpec['opts'] = {
      scales: { x: { time: false, range: [0.5, runs.length + 0.5] } },
      axes: [
        {
          stroke: fg,
          grid: { show: false },
          ticks: { stroke: grid, width: 1 },
          splits: () => xs,
          // Narrow plots have no room for names: number the runs (the legend names them).
          values: (u, splits) =>
            splits.map((i) => (u.width < 480 ? `#${Math.round(i)}` : shortName(runs[Math.round(i) - 1]?.name ?? ''))),
        },
        {
          label: '% of first run',
          stroke: fg,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1 },
          values: (_u, splits) => splits.map((v) => formatPercent(v)),
          size: 60,
        },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      series: [
        {
          label: 'Run',
          value: (_u, v) => (v == null ? '—' : `#${Math.round(v)} ${runs[Math.round(v) - 1]?.name ?? ''}`),
        },
        ...series.map((s, k): uPlot.Series => ({
          label: `${s.label} (${s.unit})`,
          stroke: colours[k % colours.length] ?? fg,
          width: 2,
          spanGaps: true,
          points: { show: true, size: 8 },
          value: (_u, _v, _si, idx) => {
            const abs = idx == null ? null : s.values[idx];
            const rel = idx == null ? null : s.relative[idx];
            return abs == null || rel == null ? '—' : `${formatNumber(abs)} ${s.unit} (${formatPercent(rel)})`;
          },
        })),
      ],
    };
    const data: uPlot.AlignedData = [xs, ...series.map((s) => s.relative)];
    return { opts, data };
  }

  override render() {
    return html`<figure>
      <figcaption>Headline metrics across the selected runs (first run = 100 %)</figcaption>
      <div class="plot" role="img" aria-roledescription="chart" aria-label="Headline metrics chart"></div>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'history-chart': HistoryChart;
  }
}
