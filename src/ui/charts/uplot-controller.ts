/**
 * uPlot's lifecycle inside a Lit element's shadow root, written once for every chart:
 * the plot is built when the element asks (after its data arrived), follows its
 * container's width through a ResizeObserver, is rebuilt when the colour scheme flips
 * (uPlot's options, colours included, are fixed at creation), and is destroyed on
 * disconnect and rebuilt on reconnect (a move in the DOM).
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import uPlot from 'uplot';

/** A computed CSS custom property of `el`, or `fallback` when it is unset. */
export function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

export interface PlotSize {
  width: number;
  height: number;
}

/** Narrowest plot drawn: below this the axis labels overlap (a phone held upright is wider). */
const MIN_PLOT_WIDTH = 260;
/** Below this width a plot is drawn shorter, so it does not fill a phone's screen. */
const NARROW_BELOW = 500;

/** The container's full width (at least MIN_PLOT_WIDTH), with the height for that width. */
export function plotSize(containerWidth: number, narrowHeight: number, wideHeight: number): PlotSize {
  const width = Math.max(MIN_PLOT_WIDTH, containerWidth);
  return { width, height: width < NARROW_BELOW ? narrowHeight : wideHeight };
}

/** What a chart draws: uPlot's options (less the size, which the controller owns) and data. */
export interface UPlotSpec {
  opts: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
}

export interface UPlotControllerOptions {
  /** The element uPlot draws into; undefined before the host's first render. */
  container: () => HTMLElement | null | undefined;
  /** The plot's size for the container's current width (px). */
  size: (containerWidth: number) => PlotSize;
  /** The plot to draw into `container`, or undefined for none (no data yet). */
  build: (container: HTMLElement) => UPlotSpec | undefined;
}

/** Owns one uPlot instance for `host`; the host calls `rebuild()` when its data change. */
export class UPlotController implements ReactiveController {
  private plot: uPlot | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private observed: HTMLElement | undefined;
  private scheme: MediaQueryList | undefined;
  private readonly onScheme = () => this.rebuild();

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: UPlotControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.scheme ??= window.matchMedia('(prefers-color-scheme: dark)');
    this.scheme.addEventListener('change', this.onScheme);
    // Reconnected (moved in the DOM): the plot was destroyed on disconnect.
    if (this.host.hasUpdated) this.rebuild();
  }

  /** Runs before the host's firstUpdated/updated, so the container is observed by then. */
  hostUpdated(): void {
    this.observe();
  }

  hostDisconnected(): void {
    this.scheme?.removeEventListener('change', this.onScheme);
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.observed = undefined;
    this.destroy();
  }

  /** Replace the plot with a fresh one from `build` (or none when it returns undefined). */
  rebuild(): void {
    this.destroy();
    const container = this.options.container();
    if (!container) return;
    this.observe();
    const spec = this.options.build(container);
    if (!spec) return;
    this.plot = new uPlot({ ...spec.opts, ...this.options.size(container.clientWidth) }, spec.data, container);
  }

  private observe(): void {
    const container = this.options.container();
    if (!container || container === this.observed) return;
    this.resizeObserver?.disconnect();
    this.resizeObserver = new ResizeObserver(() => this.plot?.setSize(this.options.size(container.clientWidth)));
    this.resizeObserver.observe(container);
    this.observed = container;
  }

  private destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }
}
