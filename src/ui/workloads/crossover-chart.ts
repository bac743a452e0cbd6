import { LitElement, html, css, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { formatDuration } from '../../model/shared/format.ts';
import { decadeLabel, decadeTicks, durationTickLabel, durationTicks } from '../../model/charts/ticks.ts';
import type { SizeBreakEven, SizeSweepPoint } from '../../model/workloads/break-even.ts';
import { crossoverChartData } from '../../model/workloads/chart-data.ts';
import { formatSize } from '../../model/workloads/present.ts';
import { UPlotController, plotSize, type UPlotSpec } from '../charts/uplot-controller.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { chartStyles } from '../shared/chart-styles.ts';
import { axisSizer, baseAxis, chartColours } from './chart-axes.ts';
import { withMeasuredColumns, type MeasuredSweepPoint } from '../../model/workloads/verify.ts';

/** A size in the legend: whole numbers exactly up to a million ("2,048"), then "3·10⁷". */
function exactSize(n: number): string {
  return n < 1e6 ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : formatSize(n);
}

/**
 * The crossover chart along the workload's own size (issue #12): CPU time and GPU time
 * against n (or elements, rows, …), log-log, with the workload's size and the break-even
 * marked, and the sentence "the GPU wins from n ≈ 700" under the title.
 */
@customElement('crossover-chart')
export class CrossoverChart extends LitElement {
  static override styles = [
    sharedStyles,
    ...chartStyles,
    css`
      :host {
        --plot-min-height: 260px;
      }
      .sentence {
        margin: 0 0 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) points: readonly SizeSweepPoint[] | undefined;
  @property({ attribute: false }) breakEven: SizeBreakEven | undefined;
  @property({ attribute: false }) breakEvenPoint: SizeSweepPoint | undefined;
  /** What the size is: 'n (square matrices, m = n = k)', 'elements per array', … */
  @property({ attribute: false }) axisLabel = '';
  /** Measured CPU and GPU times from "Run this workload" (issue #13), drawn as points over the predicted lines. */
  @property({ attribute: false }) measured: readonly MeasuredSweepPoint[] | undefined;
  @query('.plot') private container!: HTMLDivElement;

  private readonly chart = new UPlotController(this, {
    container: () => this.container,
    size: (containerWidth) => plotSize(containerWidth, 260, 320),
    build: (container) => this.plotSpec(container),
  });

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('points') || changed.has('breakEven') || changed.has('breakEvenPoint') || changed.has('measured')) {
      this.chart.rebuild();
    }
  }

  private plotSpec(container: HTMLElement): UPlotSpec | undefined {
    const points = this.points;
    const be = this.breakEven;
    if (!points || points.length === 0 || !be) return undefined;
    const d = crossoverChartData(points, be, this.breakEvenPoint, this.axisLabel);
    container.setAttribute('aria-label', `Crossover chart. ${d.description}`);
    const c = chartColours(this);
    const sizeFor = axisSizer();
    const xAxis: uPlot.Axis = {
      ...baseAxis(this.axisLabel, c),
      splits: (u, _i, min, max) => decadeTicks(min, max, u.bbox.width / devicePixelRatio / 56),
      values: (_u, splits) => splits.map((v) => (v == null ? '' : decadeLabel(v))),
      size: (_u, values) => sizeFor(values, false),
    };
    const yAxis: uPlot.Axis = {
      ...baseAxis('Time', c),
      splits: (u, _i, min, max) => durationTicks(min, max, u.bbox.height / devicePixelRatio / 28).values,
      values: (_u, splits) => splits.map((v) => (v == null ? '' : (durationTickLabel(v) ?? formatDuration(v)))),
      size: (_u, values) => sizeFor(values, true),
    };
    const measured = this.measured && this.measured.length > 0 ? this.measured : undefined;
    const data = measured ? withMeasuredColumns(d.data, measured) : d.data;
    const at = measured ? (data[0] ?? []).indexOf(d.data[0][d.currentIndex] ?? Number.NaN) : d.currentIndex;
    const legendValue =
      (fmt: (v: number) => string) =>
      (u: uPlot, v: number | null, sidx: number, idx: number | null): string => {
        const value = idx == null ? (at >= 0 ? (u.data[sidx]?.[at] ?? null) : null) : v;
        return value == null ? '' : fmt(value);
      };
    const noLine = () => null;
    const opts: UPlotSpec['opts'] = {
      scales: { x: { time: false, distr: 3, log: 10 }, y: { distr: 3, log: 10 } },
      axes: [xAxis, yAxis],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      series: [
        { label: 'Size', value: legendValue(exactSize) },
        { label: 'CPU time', stroke: c.cpu, width: 2, points: { show: false }, value: legendValue(formatDuration) },
        { label: 'GPU time', stroke: c.gpu, width: 2, points: { show: false }, value: legendValue(formatDuration) },
        {
          label: 'Your size',
          stroke: c.fg,
          paths: noLine,
          points: { show: true, size: 11, width: 2, stroke: c.fg, fill: c.gpu },
          value: legendValue(formatDuration),
        },
        {
          label: 'Break-even',
          stroke: c.mark,
          paths: noLine,
          points: { show: true, size: 11, width: 2, stroke: c.mark, fill: 'transparent' },
          value: (_u, v) => (v == null ? '' : formatDuration(v)),
        },
      ],
    };
    if (measured) {
      // Predicted lines bridge the x values only the measured points have.
      for (const i of [1, 2]) opts.series[i] = { ...opts.series[i], spanGaps: true };
      const dot = (label: string, colour: string): uPlot.Series => ({
        label,
        stroke: colour,
        paths: noLine,
        points: { show: true, size: 8, width: 2, stroke: colour, fill: colour },
        value: (_u, v) => (v == null ? '' : formatDuration(v)),
      });
      opts.series.push(dot('Measured CPU', c.cpu), dot('Measured GPU', c.gpu));
    }
    return { opts, data: data as UPlotSpec['data'] };
  }

  override render() {
    return html`<figure>
      <figcaption>CPU vs. GPU time along your workload’s size</figcaption>
      ${this.breakEven ? '' : html`<p class="muted">The chart appears when every field is valid.</p>`}
      <div class="plot" role="img" aria-roledescription="chart" aria-label="Crossover chart"></div>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'crossover-chart': CrossoverChart;
  }
}
