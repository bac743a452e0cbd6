/**
 * A Lit reactive-controller host without a DOM: it records controllers and update
 * requests, and is an EventTarget so controllers can send the page's public events from it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class FakeHost extends EventTarget implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  readonly events: { type: string; detail: unknown }[] = [];

  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
  override dispatchEvent(e: Event): boolean {
    this.events.push({ type: e.type, detail: (e as CustomEvent).detail });
    return super.dispatchEvent(e);
  }
}

/** A page location and history the estimate controller can read and write. */
export class FakeLocation {
  readonly pushed: string[] = [];
  readonly replaced: string[] = [];
  constructor(public url: string) {}
  href = (): string => this.url;
  push = (u: string): void => {
    this.pushed.push(u);
    this.url = u;
  };
  replace = (u: string): void => {
    this.replaced.push(u);
    this.url = u;
  };
}
