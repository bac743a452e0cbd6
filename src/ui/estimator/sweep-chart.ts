import { LitElement, html, css, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { breakEven, estimate, sweep, type EstimatorInputs } from '../../model/estimator/estimator.ts';
import { formatDuration, formatGigaOps, formatNumber } from '../../model/shared/format.ts';
import { decadeLabel, decadeTicks, durationTickLabel, durationTicks } from '../../model/charts/ticks.ts';
import { sharedStyles } from '../shared/shared-styles.ts';
import { chartStyles } from '../shared/chart-styles.ts';
import { UPlotController, cssVar, plotSize, type UPlotSpec } from '../charts/uplot-controller.ts';

/** Chart points per factor of ten: smooth enough for lines that bend near break-even. */
const POINTS_PER_DECADE = 12;

interface ChartData {
  data: uPlot.AlignedData;
  description: string;
}

/** Build the chart's series from the model: x, CPU time, GPU time, your task, break-even. */
export function chartData(inputs: EstimatorInputs): ChartData {
  const be = breakEven(inputs);
  const current = inputs.totalGigaOps;
  let min = 1e-3;
  let max = 1e4;
  const extend = (x: number) => {
    min = Math.min(min, 10 ** Math.floor(Math.log10(x)));
    max = Math.max(max, 10 ** Math.ceil(Math.log10(x)));
  };
  extend(current);
  // A break-even beyond 10^12 Giga-ops is off any useful chart.
  const beX = be.kind === 'finite' && be.gigaOps > 0 && be.gigaOps < 1e12 ? be.gigaOps : undefined;
  if (beX !== undefined) extend(beX);
  const pts = sweep(inputs, { minGigaOps: min, maxGigaOps: max, perDecade: POINTS_PER_DECADE });
  const xs = pts.map((p) => p.totalGigaOps);
  if (beX !== undefined && !xs.includes(beX)) {
    xs.push(beX);
    xs.sort((a, b) => a - b);
  }
  const cpu: number[] = [];
  const gpu: number[] = [];
  const mine: (number | null)[] = [];
  const bep: (number | null)[] = [];
  for (const x of xs) {
    const out = estimate({ ...inputs, totalGigaOps: x });
    cpu.push(out.cpuTime);
    gpu.push(out.gpuTotalTime);
    mine.push(x === current ? out.gpuTotalTime : null);
    bep.push(x === beX ? out.cpuTime : null);
  }
  const description =
    `Log-log chart of execution time against task size, ${formatNumber(min)} to ${formatNumber(max)} Giga-operations. ` +
    `Your task (${formatGigaOps(current)}): CPU ${formatDuration(estimate(inputs).cpuTime)}, GPU ${formatDuration(
      estimate(inputs).gpuTotalTime,
    )}. ` +
    (beX !== undefined
      ? `The lines cross at ${formatGigaOps(beX)}.`
      : be.kind === 'always'
        ? 'The GPU line stays below the CPU line everywhere.'
        : 'The GPU line stays above the CPU line everywhere.');
  return { data: [xs, cpu, gpu, mine, bep], description };
}

/** Figure 1 of the spec page, drawn with uPlot on log axes. */
@customElement('sweep-chart')
export class SweepChart extends LitElement {
  static override styles = [
    sharedStyles,
    ...chartStyles,
    css`
      :host {
        --plot-min-height: 300px;
      }
      .empty {
        min-height: 120px;
      }
    `,
  ];

  @property({ attribute: false }) inputs: EstimatorInputs | undefined;
  @query('.plot') private container!: HTMLDivElement;

  private readonly chart = new UPlotController(this, {
    container: () => this.container,
    size: (containerWidth) => plotSize(containerWidth, 260, 320),
    build: (container) => this.plotSpec(container),
  });

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('inputs')) this.chart.rebuild();
  }

  /** The plot for the current inputs; its accessible name on `container` says what it shows. */
  private plotSpec(container: HTMLElement): UPlotSpec | undefined {
    const inputs = this.inputs;
    if (!inputs) return undefined;
    const { data, description } = chartData(inputs);
    container.setAttribute('aria-label', `Figure 1: CPU vs. GPU execution time. ${description}`);
    const fg = cssVar(this, '--fg', '#1b1f24');
    const grid = cssVar(this, '--border', '#d5dae1');
    const cpu = cssVar(this, '--cpu', '#c2410c');
    const gpu = cssVar(this, '--gpu', '#1f6feb');
    const mark = cssVar(this, '--warn-fg', '#6b4a00');
    const font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    const measure = document.createElement('canvas').getContext('2d');
    if (measure) measure.font = font;
    /** Room for the tick labels plus the tick and gap, so no label is clipped or runs into the title. */
    const sizeFor = (labels: readonly (string | null)[] | null, vertical: boolean): number => {
      const widest = Math.max(
        0,
        ...(labels ?? []).map((l) => (l ? (measure?.measureText(l).width ?? l.length * 7) : 0)),
      );
      return vertical ? Math.ceil(widest) + 10 + 8 + 4 : 10 + 8 + 16;
    };
    const base = (label: string): uPlot.Axis => ({
      label,
      font,
      labelFont: `600 ${font}`,
      stroke: fg,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1, size: 10 },
      gap: 8,
    });
    const xAxis: uPlot.Axis = {
      ...base('Total operations (Giga-ops)'),
      // One label per ~64 px: labels are up to five characters wide.
      splits: (u, _i, min, max) => decadeTicks(min, max, Math.max(2, (u.width - 90) / 56)),
      values: (_u, splits) => splits.map((v) => (v == null ? '' : decadeLabel(v))),
      size: (_u, values) => sizeFor(values, false),
    };
    const yAxis: uPlot.Axis = {
      ...base('Time'),
      // One label per ~28 px of height.
      splits: (u, _i, min, max) => durationTicks(min, max, Math.max(2, (u.height - 60) / 28)).values,
      values: (_u, splits) => splits.map((v) => (v == null ? '' : (durationTickLabel(v) ?? formatDuration(v)))),
      size: (_u, values) => sizeFor(values, true),
    };
    const noLine = () => null;
    // At rest (no cursor) the legend shows your task's values rather than a row of dashes.
    const mineIdx = (data[3] ?? []).findIndex((v) => v != null);
    const legendValue =
      (fmt: (v: number) => string) =>
      (u: uPlot, v: number | null, sidx: number, idx: number | null): string => {
        const at = idx ?? mineIdx;
        const value = idx == null ? (at >= 0 ? (u.data[sidx]?.[at] ?? null) : null) : v;
        return value == null ? '' : fmt(value);
      };
    const opts: UPlotSpec['opts'] = {
      scales: { x: { time: false, distr: 3, log: 10 }, y: { distr: 3, log: 10 } },
      axes: [xAxis, yAxis],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      series: [
        { label: 'Giga-ops', value: legendValue(formatNumber) },
        { label: 'CPU time', stroke: cpu, width: 2, value: legendValue(formatDuration) },
        { label: 'GPU time', stroke: gpu, width: 2, value: legendValue(formatDuration) },
        {
          label: 'Your task',
          stroke: fg,
          fill: fg,
          paths: noLine,
          points: { show: true, size: 11, width: 2, stroke: fg, fill: gpu },
          value: legendValue(formatDuration),
        },
        {
          label: 'Break-even',
          stroke: mark,
          paths: noLine,
          points: { show: true, size: 11, width: 2, stroke: mark, fill: 'transparent' },
          // At rest: where the lines cross; under the cursor, only at that point, never a dash.
          value: (u, v, _s, idx) => {
            if (idx != null) return v == null ? '' : formatDuration(v);
            const at = (u.data[4] ?? []).findIndex((y) => y != null);
            const x = at >= 0 ? u.data[0][at] : undefined;
            return x == null ? 'none' : formatGigaOps(x);
          },
        },
      ],
    };
    return { opts, data };
  }

  override render() {
    return html`<figure>
      <figcaption id="fig-title">Figure 1: CPU vs. GPU Execution Time for Varying Task Sizes</figcaption>
      ${this.inputs ? '' : html`<p class="muted empty">The chart appears when every input is valid.</p>`}
      <div class="plot" role="img" aria-roledescription="chart" aria-label="Figure 1"></div>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sweep-chart': SweepChart;
  }
}
