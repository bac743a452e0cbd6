import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { OPTION_PARAMS, isCompareParam } from '../../model/catalog/compare-params.ts';
import type { CompareView } from '../../model/catalog/compare-view.ts';
import type { Pitfall } from '../../model/catalog/warnings.ts';
import type { CompareHistory, ComparePage, CompareSession } from '../catalog/compare-session.ts';
import { defineLaterElements } from '../lazy-elements.ts';
import type { EstimateController, LinkPart } from './estimate-controller.ts';

export type { ComparePage } from '../catalog/compare-session.ts';

/** The comparison's working part, loaded after the first paint (the catalog is not needed before). */
export type CompareSessionModule = Pick<typeof import('../catalog/compare-session.ts'), 'CompareSession'>;

/**
 * "Which GPU would pay off?" (issue #19): the comparison's settings as the URL carries
 * them — a part of every link, through the estimate controller's `addLinkPart` — and,
 * once its session has loaded after the first paint (with the catalog and the imported
 * Python runs), its view and this machine's warnings for the answer card.
 */
export class GpuCompareController implements ReactiveController, LinkPart {
  /** The `w.*` names it owns, for the estimate controller's link reading; the rest by `isCompareParam`. */
  readonly params = OPTION_PARAMS;
  /** Raw text by URL name; a missing name is its default. */
  raw: Record<string, string> = {};
  private session: CompareSession | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly estimate: Pick<EstimateController, 'addLinkPart' | 'syncUrl' | 'workload'>,
    history: CompareHistory | undefined,
    /** Loads the session: after the first paint on the page; tests pass it directly. */
    load: () => Promise<CompareSessionModule> = () =>
      defineLaterElements().then(() => import('../catalog/compare-session.ts')),
  ) {
    host.addController(this);
    estimate.addLinkPart(this);
    void load().then(({ CompareSession }) => {
      this.session = new CompareSession(() => host.requestUpdate(), history);
      host.requestUpdate();
    });
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.session?.stop();
  }

  /** A link's values (already cleaned of duplicates by the estimate controller). */
  load(params: URLSearchParams): void {
    const raw: Record<string, string> = {};
    for (const [name, v] of params) if (isCompareParam(name)) raw[name] = v;
    this.raw = raw;
    this.host.requestUpdate();
  }

  /**
   * The comparison's part of a link: as read once the session knows the catalog and the
   * imported runs (a bad id left out); until then the raw values travel as they came, so
   * nothing is lost. In a custom task the `w.*` options stay out.
   */
  query(all: boolean): string {
    const custom = !this.estimate.workload.form;
    const read = this.session?.query(this.raw, all, custom);
    if (read !== undefined) return read;
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(this.raw)) if (!(custom && k.startsWith('w.'))) p.set(k, v);
    return p.toString();
  }

  /** A setting changed in the section: into the state, then the address bar. */
  change(patch: Readonly<Record<string, string | null>>, commit: boolean): void {
    const raw = { ...this.raw };
    for (const [k, v] of Object.entries(patch)) {
      if (!isCompareParam(k)) continue;
      if (v === null) delete raw[k];
      else raw[k] = v;
    }
    this.raw = raw;
    this.estimate.syncUrl(commit);
    this.host.requestUpdate();
  }

  /** The section's view for `page` (see CompareSession.view); nothing before the session loads. */
  view(page: ComparePage): { view: CompareView | undefined; ready: boolean } {
    return this.session?.view(this.raw, page) ?? { view: undefined, ready: false };
  }

  /** This machine's warnings for the answer card. */
  get machinePitfalls(): readonly Pitfall[] {
    return this.session?.machinePitfalls ?? [];
  }
}
