import { LitElement, css, html, type PropertyValues } from 'lit';
import { chartStyles } from '../shared/chart-styles.ts';
import { customElement, property, query } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { TransferCurve } from '../../model/bench/bench-run.ts';
import { median } from '../../model/shared/stats.ts';
import { predictMs } from '../../model/bench/transfer-fit.ts';
import { UPlotController, cssVar, plotSize, type UPlotSpec } from '../charts/uplot-controller.ts';

/** Series colours: readable on light and dark backgrounds. */
const COLORS = ['#2f81f7', '#e8590c', '#2da44e', '#a371f7'];

function fmtBytes(b: number): string {
  if (b >= 2 ** 30) return `${+(b / 2 ** 30).toFixed(1)} GiB`;
  if (b >= 2 ** 20) return `${+(b / 2 ** 20).toFixed(1)} MiB`;
  if (b >= 2 ** 10) return `${+(b / 2 ** 10).toFixed(1)} KiB`;
  return `${b} B`;
}

function fmtMs(ms: number): string {
  if (ms >= 1) return `${+ms.toPrecision(3)} ms`;
  return `${+(ms * 1000).toPrecision(3)} µs`;
}

/**
 * Log-log chart of transfer time against size: the median measured time per size as
 * points and the fitted latency + bytes/bandwidth model as a dashed line, per path.
 */
@customElement('transfer-chart')
export class TransferChart extends LitElement {
  static override styles = [
    ...chartStyles,
    css`
      :host {
        --plot-min-height: 220px;
        min-width: 0;
      }
      .uplot {
        font-family: inherit;
        color: var(--fg, #1b1f24);
      }
      .u-legend {
        font-size: 0.8rem;
        color: var(--fg, #1b1f24);
      }
    `,
  ];

  /** Curves to draw (same x axis: bytes). */
  @property({ attribute: false }) curves: TransferCurve[] = [];
  /** Chart title, also its accessible name. */
  @property() heading = 'Transfer time vs size';

  @query('.plot') private plotEl!: HTMLDivElement;
  private readonly chart = new UPlotController(this, {
    container: () => this.plotEl,
    // 320 px until the container has been laid out (clientWidth 0).
    size: (containerWidth) => plotSize(containerWidth || 320, 220, 220),
    build: () => this.plotSpec(),
  });

  override render() {
    const summary = this.curves
      .map((c) =>
        c.fit ? `${c.label}: ${c.fit.gbps.toFixed(2)} GB/s, latency ${fmtMs(c.fit.latencyMs)}` : `${c.label}: no fit`,
      )
      .join('; ');
    return html`<figure role="img" aria-label="${this.heading}. ${summary}">
      <figcaption>${this.heading}</figcaption>
      <div class="plot"></div>
    </figure>`;
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('curves')) this.chart.rebuild();
  }

  /** Measured points and fitted lines for every curve that has points; none without. */
  private plotSpec(): UPlotSpec | undefined {
    const curves = this.curves.filter((c) => c.points.length > 0);
    if (curves.length === 0) return undefined;
    // x: every measured size plus one point between neighbours, so the fitted curve is smooth.
    const measured = [...new Set(curves.flatMap((c) => c.points.map((p) => p.bytes)))].sort((a, b) => a - b);
    const xs = [
      ...new Set(
        measured.flatMap((b, i) => (i + 1 < measured.length ? [b, Math.sqrt(b * (measured[i + 1] as number))] : [b])),
      ),
    ].sort((a, b) => a - b);
    const data: (number | null)[][] = [xs];
    const series: uPlot.Series[] = [{ label: 'size', show: false }];
    curves.forEach((c, i) => {
      const color = COLORS[i % COLORS.length] as string;
      const bySize = new Map<number, number[]>();
      for (const p of c.points) bySize.set(p.bytes, [...(bySize.get(p.bytes) ?? []), p.ms]);
      data.push(xs.map((x) => (bySize.has(x) ? median(bySize.get(x) as number[]) : null)));
      series.push({
        label: c.label,
        stroke: color,
        paths: () => null,
        points: { show: true, size: 7, stroke: color, fill: color },
        value: (_u, v) => (v == null ? '–' : fmtMs(v)),
      });
      if (c.fit) {
        const fit = c.fit;
        data.push(xs.map((x) => predictMs(fit, x)));
        series.push({
          label: `fit, all sweeps: ${fmtMs(fit.latencyMs)} + bytes / ${fit.gbps.toFixed(2)} GB/s`,
          stroke: color,
          width: 1.5,
          dash: [6, 4],
          points: { show: false },
          value: (_u, v) => (v == null ? '–' : fmtMs(v)),
        });
      }
    });
    const fg = cssVar(this, '--fg', getComputedStyle(this).color || '#1b1f24');
    const grid = cssVar(this, '--border', 'rgba(128,128,128,0.25)');
    const opts: UPlotSpec['opts'] = {
      // Base-2 ticks on x (sizes are powers of two), decades on y.
      scales: { x: { time: false, distr: 3, log: 2 }, y: { distr: 3 } },
      legend: { live: false },
      axes: [
        {
          label: 'transfer size',
          stroke: fg,
          grid: { stroke: grid, width: 1 },
          values: (_u, vals) => vals.map((v) => (v == null ? '' : fmtBytes(v))),
        },
        {
          label: 'time',
          stroke: fg,
          grid: { stroke: grid, width: 1 },
          size: 64,
          values: (_u, vals) => vals.map((v) => (v == null ? '' : fmtMs(v))),
        },
      ],
      series,
      cursor: { points: { show: false } },
    };
    return { opts, data: data as uPlot.AlignedData };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'transfer-chart': TransferChart;
  }
}
