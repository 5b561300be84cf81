/**
 * The garbage collector's dependency graph (pkg/controller/garbagecollector/graph.go).
 *
 * One node per object that owns or is owned by something, keyed by uid. An edge goes from an
 * owner to each dependent whose metadata.ownerReferences names the owner's uid. An owner the
 * collector has not seen yet (its informer event is still to come, or it never existed) is a
 * *virtual* node: a placeholder the collector must verify with a GET.
 */
import type { OwnerReference } from '../../../api/types';

/** An object's coordinates: an ownerReference plus the namespace (objectReference in Go). */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  /** '' for cluster-scoped objects (and for owners referenced from cluster-scoped objects). */
  namespace: string;
}

export const identityKey = (id: ObjectIdentity): string =>
  `${id.apiVersion}|${id.kind}|${id.namespace}|${id.name}|${id.uid}`;

export const sameIdentity = (a: ObjectIdentity, b: ObjectIdentity): boolean =>
  identityKey(a) === identityKey(b);

/** `[apps/v1/ReplicaSet, namespace: default, name: web-5d4f, uid: …]` (objectReference.String). */
export const identityString = (id: ObjectIdentity): string =>
  `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace}, name: ${id.name}, uid: ${id.uid}]`;

/** Whether a reference names exactly these coordinates (uid, name, kind, apiVersion). */
export const ownerReferenceMatchesCoordinates = (a: OwnerReference, b: ObjectIdentity): boolean =>
  a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion;

export class GCNode {
  readonly dependents = new Set<GCNode>();
  owners: OwnerReference[] = [];
  /** The object has a deletionTimestamp. */
  beingDeleted = false;
  /** The object is being deleted in the foreground: it waits for its blocking dependents. */
  deletingDependents = false;

  constructor(
    public identity: ObjectIdentity,
    /** Not (yet) observed through an informer: a placeholder for an owner. */
    public virtual: boolean,
  ) {}

  isObserved(): boolean {
    return !this.virtual;
  }

  markObserved(): void {
    this.virtual = false;
  }

  /** A copy with the same edges (to replace a virtual node whose coordinates turned out different). */
  clone(): GCNode {
    const c = new GCNode({ ...this.identity }, this.virtual);
    for (const d of this.dependents) c.dependents.add(d);
    c.owners = this.owners;
    c.beingDeleted = this.beingDeleted;
    c.deletingDependents = this.deletingDependents;
    return c;
  }

  /** Dependents whose reference to this node has blockOwnerDeletion: true (they hold a foreground deletion). */
  blockingDependents(): GCNode[] {
    const out: GCNode[] = [];
    for (const dep of this.dependents) {
      for (const ref of dep.owners) {
        if (ref.uid === this.identity.uid && ref.blockOwnerDeletion === true) out.push(dep);
      }
    }
    return out;
  }
}

/**
 * Split dependents by whether their reference to `owner` (by uid) matches its coordinates
 * (partitionDependents). A dependent in another namespace than a namespaced owner never matches.
 */
export function partitionDependents(
  dependents: Iterable<GCNode>,
  owner: ObjectIdentity,
): { matching: GCNode[]; nonmatching: GCNode[] } {
  const matching: GCNode[] = [];
  const nonmatching: GCNode[] = [];
  const ownerIsNamespaced = owner.namespace !== '';
  for (const dep of dependents) {
    let foundMatch = false;
    let foundMismatch = false;
    if (ownerIsNamespaced && owner.namespace !== dep.identity.namespace) {
      foundMismatch = true;
    } else {
      for (const ref of dep.owners) {
        if (ref.uid !== owner.uid) continue;
        if (ownerReferenceMatchesCoordinates(ref, owner)) foundMatch = true;
        else foundMismatch = true;
      }
    }
    if (foundMatch) matching.push(dep);
    if (foundMismatch) nonmatching.push(dep);
  }
  return { matching, nonmatching };
}
