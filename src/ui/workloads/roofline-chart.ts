import { LitElement, html, css, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { formatNumber } from '../../model/shared/format.ts';
import { decadeLabel, decadeTicks } from '../../model/charts/ticks.ts';
import type { WorkloadEstimate } from '../../model/workloads/roofline.ts';
import { rooflineChartData } from '../../model/workloads/chart-data.ts';
import { UPlotController, plotSize, type UPlotSpec } from '../charts/uplot-controller.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { chartStyles } from '../shared/chart-styles.ts';
import { axisSizer, baseAxis, chartColours } from './chart-axes.ts';

/**
 * The roofline chart: arithmetic intensity (FLOPs per byte of device-memory traffic)
 * against attainable GFLOPS, log-log, with each device's roof (bandwidth × intensity up
 * to the peak) from the rates in use and the workload as a point on each. Under the peak
 * roofs, as the Empirical Roofline Toolkit draws them: the CPU's cache levels (dotted) and
 * the roof the workload's own kernels achieved on this machine (dashed); the workload's
 * points sit on those.
 */
@customElement('roofline-chart')
export class RooflineChart extends LitElement {
  static override styles = [
    sharedStyles,
    ...chartStyles,
    css`
      :host {
        --plot-min-height: 260px;
      }
    `,
  ];

  @property({ attribute: false }) estimate: WorkloadEstimate | undefined;
  @query('.plot') private container!: HTMLDivElement;

  private readonly chart = new UPlotController(this, {
    container: () => this.container,
    size: (containerWidth) => plotSize(containerWidth, 260, 320),
    build: (container) => this.plotSpec(container),
  });

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('estimate')) this.chart.rebuild();
  }

  private plotSpec(container: HTMLElement): UPlotSpec | undefined {
    const e = this.estimate;
    if (!e) return undefined;
    const d = rooflineChartData(e);
    container.setAttribute('aria-label', `Roofline chart. ${d.description}`);
    const c = chartColours(this);
    const sizeFor = axisSizer();
    const xAxis: uPlot.Axis = {
      ...baseAxis('Arithmetic intensity (FLOPs/byte)', c),
      splits: (u, _i, min, max) => decadeTicks(min, max, u.bbox.width / devicePixelRatio / 56),
      values: (_u, splits) => splits.map((v) => (v == null ? '' : decadeLabel(v))),
      size: (_u, values) => sizeFor(values, false),
    };
    const yAxis: uPlot.Axis = {
      ...baseAxis('Attainable GFLOPS', c),
      splits: (u, _i, min, max) => decadeTicks(min, max, u.bbox.height / devicePixelRatio / 26),
      values: (_u, splits) => splits.map((v) => (v == null ? '' : decadeLabel(v))),
      size: (_u, values) => sizeFor(values, true),
    };
    const fmt = (v: number | null) => (v == null ? '' : `${formatNumber(v)} GFLOPS`);
    // At rest the legend shows the workload's own values.
    const at = d.pointIndex;
    const legend = (u: uPlot, v: number | null, sidx: number, idx: number | null): string =>
      fmt(idx == null ? (at >= 0 ? (u.data[sidx]?.[at] ?? null) : null) : v);
    const noLine = () => null;
    const opts: UPlotSpec['opts'] = {
      scales: {
        x: { time: false, distr: 3, log: 10, range: () => [d.xMin, d.xMax] },
        y: { distr: 3, log: 10, range: () => [d.yMin, d.yMax] },
      },
      axes: [xAxis, yAxis],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      series: [
        {
          label: 'FLOPs/byte',
          value: (u, v, _s, idx) => {
            const x = idx == null ? (at >= 0 ? u.data[0][at] : null) : v;
            return x == null ? '' : formatNumber(x);
          },
        },
        { label: 'CPU roof', stroke: c.cpu, width: 2, points: { show: false }, value: legend },
        { label: 'GPU roof', stroke: c.gpu, width: 2, points: { show: false }, value: legend },
        {
          label: 'Workload on CPU',
          stroke: c.cpu,
          paths: noLine,
          points: { show: true, size: 12, width: 2, stroke: c.fg, fill: c.cpu },
          value: legend,
        },
        {
          label: 'Workload on GPU',
          stroke: c.gpu,
          paths: noLine,
          points: { show: true, size: 12, width: 2, stroke: c.fg, fill: c.gpu },
          value: legend,
        },
        // Under the peaks (issue #20): the CPU's cache levels, dotted; what this machine's kernels achieved, dashed.
        ...d.extraRoofs.map((r): uPlot.Series => ({
          label: r.label,
          stroke: r.device === 'cpu' ? c.cpu : c.gpu,
          width: 1.5,
          dash: r.kind === 'cache' ? [2, 4] : [8, 5],
          points: { show: false },
          value: legend,
        })),
      ],
    };
    return { opts, data: d.data };
  }

  override render() {
    return html`<figure>
      <figcaption>Roofline: attainable GFLOPS against arithmetic intensity</figcaption>
      ${this.estimate ? '' : html`<p class="muted">The chart appears when every field is valid.</p>`}
      <div class="plot" role="img" aria-roledescription="chart" aria-label="Roofline chart"></div>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roofline-chart': RooflineChart;
  }
}
