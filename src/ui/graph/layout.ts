/**
 * A computed, stable layout (STACK.md §4 recommends it for a teaching UI over force layouts):
 *
 *   … owners of owners │ owners of pods │ ┌ Unscheduled ─────┐ │ Services │ Ingress │ ConfigMaps,
 *   (Deployments,      │ (ReplicaSets,  │ ├ node-1 ──────────┤ │          │         │ Secrets, PVCs
 *    CronJobs)         │  Jobs …)       │ │ pod pod pod      │ │          │         │
 *                                       │ └──────────────────┘
 *
 * Every element keeps the slot it got until it goes away, so a pod that changes status, or a
 * new pod elsewhere, never moves the others. A node's lane only grows (one more row of slots when
 * it fills up), never shrinks while the page is open. Controllers try to take the row of their
 * owner, so a Deployment, its ReplicaSet and the ReplicaSet's pods line up.
 */
import { UNSCHEDULED, type GraphModel, type GraphNode } from './model';

export const POD_W = 168;
export const POD_H = 44;
const SLOT_W = POD_W + 16;
const SLOT_H = POD_H + 16;
const PODS_PER_ROW = 3;
const LANE_HEADER = 34;
const LANE_GAP = 40;
const MIN_ROWS = 1;
const COLUMN_W = 230;
const ROW_H = 64;
const LANE_W = PODS_PER_ROW * SLOT_W;

export interface Point {
  x: number;
  y: number;
}

/** Slots handed out lowest-free-first; an id keeps its slot until released. */
class Slots {
  private readonly byId = new Map<string, number>();
  private readonly taken = new Set<number>();

  get(id: string): number | undefined {
    return this.byId.get(id);
  }

  take(id: string, preferred = 0): number {
    const have = this.byId.get(id);
    if (have !== undefined) return have;
    let s = Math.max(0, preferred);
    while (this.taken.has(s)) s++;
    this.byId.set(id, s);
    this.taken.add(s);
    return s;
  }

  /** Forget every id not in `keep`. */
  retain(keep: Set<string>): void {
    for (const [id, s] of this.byId)
      if (!keep.has(id)) {
        this.byId.delete(id);
        this.taken.delete(s);
      }
  }

  get max(): number {
    let m = -1;
    for (const s of this.taken) m = Math.max(m, s);
    return m;
  }
}

const byCreation = (a: GraphNode, b: GraphNode) =>
  a.created.localeCompare(b.created) ||
  (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
  a.kind.localeCompare(b.kind) ||
  a.name.localeCompare(b.name);

export interface Layout {
  /** Positions of the leaf elements (pods, controllers, services, lane anchors). */
  positions: Map<string, Point>;
  /** Each lane's box: the bucket and every Node compound. */
  lanes: Map<string, { x: number; y: number; w: number; h: number }>;
}

export class LayoutEngine {
  private readonly laneSlots = new Map<string, Slots>();
  private readonly laneRows = new Map<string, number>();
  private readonly columnSlots = new Map<number, Slots>();

  compute(model: GraphModel): Layout {
    const positions = new Map<string, Point>();
    const lanes = new Map<string, { x: number; y: number; w: number; h: number }>();
    const laneIds = model.nodes
      .filter((n) => n.id === UNSCHEDULED || (n.kind === 'Node' && !n.parent))
      .sort((a, b) => (a.id === UNSCHEDULED ? -1 : b.id === UNSCHEDULED ? 1 : a.name.localeCompare(b.name)))
      .map((n) => n.id);

    // Pods into lanes.
    const podsByLane = new Map<string, GraphNode[]>();
    for (const n of model.nodes)
      if (n.parent) {
        const list = podsByLane.get(n.parent);
        if (list) list.push(n);
        else podsByLane.set(n.parent, [n]);
      }
    for (const [lane, slots] of this.laneSlots)
      slots.retain(new Set((podsByLane.get(lane) ?? []).map((p) => p.id)));
    let y = 0;
    for (const lane of laneIds) {
      const slots = this.laneSlots.get(lane) ?? new Slots();
      this.laneSlots.set(lane, slots);
      for (const p of (podsByLane.get(lane) ?? []).sort(byCreation)) slots.take(p.id);
      const rows = Math.max(
        this.laneRows.get(lane) ?? MIN_ROWS,
        Math.ceil((slots.max + 1) / PODS_PER_ROW),
        MIN_ROWS,
      );
      this.laneRows.set(lane, rows);
      const h = LANE_HEADER + rows * SLOT_H;
      lanes.set(lane, { x: 0, y, w: LANE_W, h });
      for (const p of podsByLane.get(lane) ?? []) {
        const s = slots.get(p.id)!;
        positions.set(p.id, {
          x: (s % PODS_PER_ROW) * SLOT_W + SLOT_W / 2,
          y: y + LANE_HEADER + Math.floor(s / PODS_PER_ROW) * SLOT_H + SLOT_H / 2,
        });
      }
      y += h + LANE_GAP;
    }

    // Controllers and the rest, by column; a controller prefers its owner's row.
    const columns = new Map<number, GraphNode[]>();
    for (const n of model.nodes)
      if (!n.parent && n.kind !== 'Node' && n.id !== UNSCHEDULED) {
        const list = columns.get(n.column);
        if (list) list.push(n);
        else columns.set(n.column, [n]);
      }
    for (const [col, slots] of this.columnSlots)
      slots.retain(new Set((columns.get(col) ?? []).map((n) => n.id)));
    const rowOf = new Map<string, number>();
    // Outermost columns first, so that owners have rows before what they own.
    const order = [...columns.keys()].sort((a, b) => Math.abs(b) - Math.abs(a) || b - a);
    for (const col of order) {
      const slots = this.columnSlots.get(col) ?? new Slots();
      this.columnSlots.set(col, slots);
      for (const n of columns.get(col)!.sort(byCreation)) {
        const preferred = n.owner !== undefined ? rowOf.get(n.owner) : undefined;
        rowOf.set(n.id, slots.take(n.id, preferred));
      }
      for (const n of columns.get(col)!) {
        const x =
          col > 0 ? -COLUMN_W * col + COLUMN_W / 2 - 40 : LANE_W + 60 + COLUMN_W * (-col - 1) + COLUMN_W / 2;
        positions.set(n.id, { x, y: LANE_HEADER + slots.get(n.id)! * ROW_H + ROW_H / 2 });
      }
    }
    return { positions, lanes };
  }
}
