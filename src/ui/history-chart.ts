import { LitElement, html, css, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import { headlineSeries, type HeadlineSeries } from '../model/history-compare.ts';
import type { StoredRun } from '../model/history.ts';
import { formatNumber, formatPercent } from '../model/format.ts';
import { sharedStyles } from './shared-styles.ts';

/** Longest run name on the x axis; the table has the full names. */
const AXIS_NAME_CHARS = 16;

function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

function shortName(name: string): string {
  const chars = [...name];
  return chars.length > AXIS_NAME_CHARS ? `${chars.slice(0, AXIS_NAME_CHARS - 1).join('')}…` : name;
}

/** A sentence a screen reader can use instead of the chart. */
export function chartDescription(runs: readonly StoredRun[], series: readonly HeadlineSeries[]): string {
  const parts = series.map((s) => {
    const values = s.values.map((v, i) => `${runs[i]?.name ?? ''}: ${v === null ? 'not measured' : `${formatNumber(v)} ${s.unit}`}`);
    return `${s.label}: ${values.join('; ')}`;
  });
  return `Headline metrics across ${runs.length} runs, as a percentage of the first run. ${parts.join('. ')}.`;
}

/**
 * Headline metrics across the selected runs, in the order given, each as a percentage of
 * its value in the first run so throughput and bandwidth share one axis; the legend shows
 * the measured values. uPlot in the shadow root: created once data is there, resized by
 * a ResizeObserver, destroyed on disconnect.
 */
@customElement('history-chart')
export class HistoryChart extends LitElement {
  static override styles = [
    sharedStyles,
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
        min-height: 240px;
      }
      .u-legend {
        font-size: 0.8rem;
        color: var(--fg);
      }
    `,
  ];

  /** Runs to chart, in order; the first is the 100 % reference. */
  @property({ attribute: false }) runs: readonly StoredRun[] = [];
  @query('.plot') private container!: HTMLDivElement;

  private plot: uPlot | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private readonly scheme = window.matchMedia('(prefers-color-scheme: dark)');
  private readonly onScheme = () => this.rebuild();

  override connectedCallback(): void {
    super.connectedCallback();
    this.scheme.addEventListener('change', this.onScheme);
    // Reconnected (moved in the DOM): the plot was destroyed on disconnect.
    if (this.hasUpdated) this.rebuild();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.scheme.removeEventListener('change', this.onScheme);
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.plot?.destroy();
    this.plot = undefined;
  }

  override firstUpdated(): void {
    this.observe();
  }

  private observe(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = new ResizeObserver(() => {
      if (this.plot) this.plot.setSize(this.size());
    });
    this.resizeObserver.observe(this.container);
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('runs')) this.rebuild();
  }

  private size(): { width: number; height: number } {
    const width = Math.max(260, this.container.clientWidth);
    return { width, height: width < 500 ? 240 : 280 };
  }

  /** uPlot's options are fixed at creation, so new runs or colours rebuild the plot. */
  private rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    if (!this.container || this.runs.length < 2) return;
    if (!this.resizeObserver) this.observe();
    const runs = this.runs;
    const series = headlineSeries(runs);
    this.container.setAttribute('aria-label', chartDescription(runs, series));
    if (series.length === 0) return;
    const xs = runs.map((_r, i) => i + 1);
    const fg = cssVar(this, '--fg', '#1b1f24');
    const grid = cssVar(this, '--border', '#d5dae1');
    const colours = [cssVar(this, '--gpu', '#1f6feb'), cssVar(this, '--transfer', '#9333ea'), cssVar(this, '--cpu', '#c2410c')];
    const opts: uPlot.Options = {
      ...this.size(),
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
        { label: 'Run', value: (_u, v) => (v == null ? '—' : `#${Math.round(v)} ${runs[Math.round(v) - 1]?.name ?? ''}`) },
        ...series.map(
          (s, k): uPlot.Series => ({
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
          }),
        ),
      ],
    };
    const data: uPlot.AlignedData = [xs, ...series.map((s) => s.relative)];
    this.plot = new uPlot(opts, data, this.container);
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
