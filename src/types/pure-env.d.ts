/**
 * The few host globals that pure code (engine, kubectl, shell) may use. The pure tsconfig has
 * no DOM and no Node types, so the compiler rejects `window`, `document`, `process`, timers and
 * the wall clock there; these declarations match what both browsers and Node provide.
 */
declare interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}
declare var AbortSignal: {
  prototype: AbortSignal;
  abort(reason?: unknown): AbortSignal;
  any(signals: AbortSignal[]): AbortSignal;
};
declare interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function structuredClone<T>(value: T): T;
declare function queueMicrotask(callback: () => void): void;
declare function btoa(data: string): string;
declare function atob(data: string): string;
