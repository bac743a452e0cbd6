import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps an element subscribed to the `change` events of a model object it was given as a
 * property (a BenchSession, a HistoryStore): listens while the element is connected, moves
 * to the new object when the property changes, and calls `onChange` (by default a
 * re-render) on every change, and once whenever it starts following an object (it may
 * have changed while nobody listened).
 */
export class ChangeController implements ReactiveController {
  private target: EventTarget | undefined;
  private connected = false;
  private readonly listener = () => this.onChange();

  constructor(
    host: ReactiveControllerHost,
    private readonly onChange: () => void = () => host.requestUpdate(),
  ) {
    host.addController(this);
  }

  /** Follow `target` from now on (call from `willUpdate` with the property's value). */
  observe(target: EventTarget | undefined): void {
    if (target === this.target) return;
    this.target?.removeEventListener('change', this.listener);
    this.target = target;
    if (this.connected && target) {
      target.addEventListener('change', this.listener);
      this.onChange();
    }
  }

  hostConnected(): void {
    this.connected = true;
    if (this.target) {
      this.target.addEventListener('change', this.listener);
      this.onChange();
    }
  }

  hostDisconnected(): void {
    this.connected = false;
    this.target?.removeEventListener('change', this.listener);
  }
}
