import type { KubeObject } from '../../../../src/api/types';
import { fieldErrorString } from '../../../../src/apimachinery/field';
import type { StrategyContext } from '../../../../src/engine/api/strategy';
import { strategies } from '../../../../src/engine/api/strategies/index';

export const ctx: StrategyContext = { now: 0, get: () => undefined };

const key = (obj: KubeObject): string => {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0]! : '';
  return `${group}/${obj.kind}`;
};

/**
 * Objects under test are free-form JSON (the defaults add fields the literal type does not have),
 * so the helpers hand them back untyped.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** Decode-time defaulting, as the API server applies it to a request body. */
export function defaulted(obj: object): Loose {
  const o = JSON.parse(JSON.stringify(obj)) as KubeObject;
  strategies[key(o)]!.default?.(o, ctx);
  return o;
}

/** Defaulting plus the kind's PrepareForCreate (system fields as the server fills them first). */
export function created(obj: object, uid = '8b5e1ad2-6c3f-4d8e-9a41-2f7c0b9e1d55'): Loose {
  const o = defaulted(obj) as KubeObject;
  (o.metadata as { uid?: string }).uid ??= uid;
  strategies[key(o)]!.prepareForCreate?.(o, ctx);
  return o;
}

/** The `<field>: <body>` lines of a create validation. */
export function errorsOf(obj: KubeObject): string[] {
  return (strategies[key(obj)]!.validate?.(obj, ctx) ?? []).map(fieldErrorString);
}

/** The `<field>: <body>` lines of an update validation. */
export function updateErrorsOf(obj: KubeObject, old: KubeObject): string[] {
  const o = { ...obj, metadata: { resourceVersion: '1', ...obj.metadata } } as KubeObject;
  return (strategies[key(o)]!.validateUpdate?.(o, old, ctx) ?? []).map(fieldErrorString);
}

/** Sorted-key JSON (YAML output order), to compare with what `kubectl get -o yaml` shows. */
export function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  return v;
}
