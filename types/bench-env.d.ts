/**
 * The runtime globals the `src/bench` core may use beyond ES2022 and @webgpu/types: the
 * subset that browser pages, web workers and Node ≥ 20 all provide, so the GPU suite and the
 * CPU tiers run unchanged in the page, in a worker and under Node with Dawn. Declared here
 * instead of through lib.dom or @types/node, so that `document`, `window` or `process` in
 * the bench core fails to compile (src/bench/tsconfig.json). Entry points that need one
 * runtime (Worker construction, navigator, node:*) are excluded there and checked by the
 * root tsconfig. Only the members the bench calls are listed; add one when it needs it.
 */

/** Opaque: a number in browsers, an object in Node. */
interface TimerHandle {
  readonly __timerHandle: never;
}
declare function setTimeout(handler: () => void, timeoutMs?: number): TimerHandle;
declare function clearTimeout(handle: TimerHandle | undefined): void;

declare const performance: {
  now(): number;
  readonly timeOrigin: number;
};

interface Event {
  readonly type: string;
}
declare const Event: {
  prototype: Event;
  new (type: string): Event;
};
interface EventListenerObject {
  handleEvent(event: Event): void;
}
type EventListenerOrEventListenerObject = ((event: Event) => void) | EventListenerObject;
interface EventListenerOptions {
  capture?: boolean;
}
interface AddEventListenerOptions extends EventListenerOptions {
  once?: boolean;
  signal?: AbortSignal;
}
interface EventTarget {
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: AddEventListenerOptions | boolean,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: EventListenerOptions | boolean,
  ): void;
  dispatchEvent(event: Event): boolean;
}
declare const EventTarget: {
  prototype: EventTarget;
  new (): EventTarget;
};

interface AbortSignal extends EventTarget {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
}
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare const AbortController: {
  prototype: AbortController;
  new (): AbortController;
};

declare namespace WebAssembly {
  type Imports = Record<string, Record<string, unknown>>;
  type Exports = Record<string, unknown>;
  class Module {
    constructor(bytes: BufferSource);
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    /** Grows by `deltaPages` 64 KiB pages; returns the previous size in pages. */
    grow(deltaPages: number): number;
  }
  function validate(bytes: BufferSource): boolean;
  function compile(bytes: BufferSource): Promise<Module>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
}
type BufferSource = ArrayBufferView<ArrayBuffer> | ArrayBuffer;
