/**
 * Typed objects as Go serialises them: keys in struct field order, `creationTimestamp: null`
 * (metav1.Time is a struct, so `omitempty` does not drop it), maps with sorted keys. `-o json`
 * shows this order; `-o yaml` sorts every level anyway.
 */
import type { ObjectMeta } from '../../api/types';

/** ObjectMeta in field order: name, namespace, creationTimestamp, labels, annotations. */
export function objectMeta(
  name: string,
  namespace?: string,
  labels?: Record<string, string>,
  annotations?: Record<string, string>,
): ObjectMeta {
  const meta: Record<string, unknown> = { name };
  if (namespace) meta.namespace = namespace;
  meta.creationTimestamp = null;
  if (labels && Object.keys(labels).length > 0) meta.labels = sortedMap(labels);
  if (annotations && Object.keys(annotations).length > 0) meta.annotations = sortedMap(annotations);
  return meta as ObjectMeta;
}

/** A copy of a Go map with its keys in Go's (sorted) marshalling order. */
export function sortedMap<T>(m: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k]!;
  return out;
}

/** An empty template ObjectMeta (`metadata: {creationTimestamp: null}`), optionally labelled. */
export function templateMeta(labels?: Record<string, string>): ObjectMeta {
  const meta: Record<string, unknown> = { creationTimestamp: null };
  if (labels) meta.labels = sortedMap(labels);
  return meta as ObjectMeta;
}

/** A container in field order: name, image, command, ports, resources: {}. */
export function container(
  name: string,
  image: string,
  command?: string[],
  ports?: { containerPort: number }[],
): Record<string, unknown> {
  const c: Record<string, unknown> = { name, image };
  if (command && command.length > 0) c.command = command;
  if (ports) c.ports = ports;
  c.resources = {};
  return c;
}
