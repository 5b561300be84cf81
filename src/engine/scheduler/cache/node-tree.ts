/**
 * nodeTree (k/k pkg/scheduler/backend/cache/node_tree.go): node names grouped by zone, listed
 * round-robin across zones so that the nodes the scheduler examines first are spread over zones.
 * Nodes without zone labels all share the zone "" and keep the order in which they were added.
 */
import type { Node } from 'kubernetes-types/core/v1';

/** `utilnode.GetZoneKey`: region + ":\x00:" + zone, from the GA or the beta labels; "" without either. */
export function getZoneKey(node: Node): string {
  const labels = node.metadata?.labels;
  if (!labels) return '';
  const zone =
    labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region =
    labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

export class NodeTree {
  private readonly tree = new Map<string, string[]>();
  private zones: string[] = [];
  numNodes = 0;

  addNode(node: Node): void {
    const zone = getZoneKey(node);
    const name = node.metadata?.name ?? '';
    const na = this.tree.get(zone);
    if (na) {
      if (na.includes(name)) return;
      na.push(name);
    } else {
      this.zones.push(zone);
      this.tree.set(zone, [name]);
    }
    this.numNodes++;
  }

  removeNode(node: Node): void {
    const zone = getZoneKey(node);
    const name = node.metadata?.name ?? '';
    const na = this.tree.get(zone);
    if (!na) return;
    const i = na.indexOf(name);
    if (i < 0) return;
    na.splice(i, 1);
    if (na.length === 0) {
      this.tree.delete(zone);
      this.zones = this.zones.filter((z) => z !== zone);
    }
    this.numNodes--;
  }

  /** Returns true when the node moved to another zone (the order of the list changes). */
  updateNode(oldNode: Node | undefined, newNode: Node): boolean {
    const oldZone = oldNode ? getZoneKey(oldNode) : undefined;
    if (oldZone === getZoneKey(newNode)) return false;
    if (oldNode) this.removeNode(oldNode);
    this.addNode(newNode);
    return true;
  }

  /** All node names, one per zone in turn. */
  list(): string[] {
    const out: string[] = [];
    if (this.zones.length === 0) return out;
    let nodeIndex = 0;
    let exhausted = 0;
    while (out.length < this.numNodes && exhausted < this.zones.length) {
      for (const zone of this.zones) {
        const na = this.tree.get(zone)!;
        if (nodeIndex >= na.length) {
          if (nodeIndex === na.length) exhausted++;
          continue;
        }
        out.push(na[nodeIndex]!);
      }
      nodeIndex++;
    }
    return out;
  }
}
