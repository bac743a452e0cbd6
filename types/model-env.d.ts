/**
 * The only runtime globals `src/model` may use beyond ES2022. Each exists, with this shape,
 * in browser pages, web workers and Node ≥ 20, so model code runs unchanged in all three.
 * Declared here (narrowly) instead of through lib.dom or @types/node, so that a stray
 * `document`, `window` or `process` in the model fails to compile (src/model/tsconfig.json).
 * Only the members the model calls are listed; add one here when the model needs it.
 */

declare function structuredClone<T>(value: T): T;

interface URLSearchParams {
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
  append(name: string, value: string): void;
  delete(name: string): void;
  toString(): string;
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}
declare const URLSearchParams: {
  prototype: URLSearchParams;
  new (init?: string | Record<string, string> | [string, string][]): URLSearchParams;
};
