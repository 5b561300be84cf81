/**
 * The decision record (kube-scheduler-simulator's idea, STYLE.md): for every scheduling attempt,
 * what each plugin said about each node. It is the data behind "why is my pod Pending?" and "why
 * did it land on worker2?", for the UI, the lessons and `breakfix why`.
 *
 * Recording is cheap by construction: the scheduling cycle already produces, per node, the status
 * of the first Filter plugin that rejected it (later plugins are not run, as upstream), and per
 * Score plugin the raw and normalized scores. The record holds nothing per node: the evaluated
 * nodes are a range of the cycle's node list plus the rejections (EvaluatedNodes), and the scores
 * stay in the one pooled buffer runScorePlugins wrote them to, which goes back to the pool when
 * the record is dropped. Records are kept for the most recent attempts, bounded both by count and
 * by the number of per-node cells they hold (so a 5,000-node cluster keeps fewer attempts than a
 * 3-node one). `attemptToApi` turns a record into the JSON the API serves (decisions-rest.ts
 * documents the format).
 */
import type { NodeInfo } from './framework/node-info';
import type { ScoreResult } from './framework/runtime';
import { CODE_NAMES, type Status } from './framework/types';
import type { PreemptionRecord } from './preemption/preemption';

export type AttemptResult = 'Scheduled' | 'Unschedulable' | 'Error';

export interface AttemptRecord {
  /** Global sequence number of the attempt. */
  seq: number;
  /** The scheduler's scheduling cycle. */
  cycle: number;
  /** The pod's attempt number (1 for its first). */
  attempt: number;
  time: number;
  namespace: string;
  name: string;
  uid: string;
  profile: string;
  result: AttemptResult;
  /** FailedScheduling message, or the error. */
  message: string;
  selectedNode: string;
  numAllNodes: number;
  preFilter: { plugin: string; status: Status | null }[];
  /** Filter plugins in profile order. */
  filterPlugins: readonly string[];
  /** Filter plugins skipped this cycle (their PreFilter said Skip). */
  skippedFilterPlugins: string[];
  /** Nodes the PreFilter results restricted the search to (undefined: all). */
  preFilterNodes?: string[];
  /** The nominated node, tried first (a previous preemption), and what it said. */
  nominatedNode?: { node: string; status: Status | null };
  /** Nodes evaluated by Filter, in evaluation order, and the rejections. */
  evaluated?: EvaluatedNodes;
  /** Why nodes were not evaluated: enough feasible nodes found (percentageOfNodesToScore). */
  notEvaluatedReason?: string;
  feasible: number;
  scores?: ScoreRecord;
  preemption?: PreemptionRecord;
  /** Set when scoring was skipped (a single feasible node). */
  scoringNote?: string;
}

/**
 * The nodes Filter ran on, without a per-node copy: `count` nodes of `list` (the cycle's node
 * list, which the cache replaces rather than changes) from `start` on, wrapping around, and the
 * offsets of those that were rejected with their statuses. The feasible ones are the rest, in
 * the same order (the order Score saw them in).
 */
export class EvaluatedNodes {
  count = 0;
  readonly rejectedAt: number[] = [];
  readonly rejected: Status[] = [];

  constructor(
    readonly list: readonly NodeInfo[],
    readonly start: number,
  ) {}

  nameAt(i: number): string {
    return this.list[(this.start + i) % this.list.length]!.name;
  }

  names(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.nameAt(i));
    return out;
  }

  /** Per evaluated node, its status (null: feasible). */
  verdicts(): (Status | null)[] {
    const out: (Status | null)[] = new Array<Status | null>(this.count).fill(null);
    for (let k = 0; k < this.rejectedAt.length; k++) out[this.rejectedAt[k]!] = this.rejected[k]!;
    return out;
  }

  feasibleNames(): string[] {
    const out: string[] = [];
    let k = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.rejectedAt[k] === i) k++;
      else out.push(this.nameAt(i));
    }
    return out;
  }
}

export interface ScoreRecord {
  result: ScoreResult;
  skipped: string[];
  /** Score plugins in profile order with their weights. */
  weights: readonly { plugin: string; weight: number }[];
}

function cells(r: AttemptRecord): number {
  let n = (r.evaluated?.count ?? 0) + 8;
  if (r.scores) n += r.scores.result.totals.length * (2 * r.scores.result.plugins.length + 1);
  return n;
}

export interface DecisionStoreOptions {
  /** At most this many attempts (default 1000). */
  maxAttempts?: number;
  /** At most this many per-node cells over all kept attempts (default 2,000,000). */
  maxCells?: number;
  /** Called with each record the store drops (the scheduler returns its score buffer). */
  onEvict?: (r: AttemptRecord) => void;
}

/** A bounded store of the most recent attempts. */
export class DecisionStore {
  private readonly records: AttemptRecord[] = [];
  private head = 0;
  private totalCells = 0;
  private seq = 0;
  readonly maxAttempts: number;
  readonly maxCells: number;
  private readonly onEvict: ((r: AttemptRecord) => void) | undefined;

  constructor(opts: DecisionStoreOptions = {}) {
    this.maxAttempts = opts.maxAttempts ?? 1000;
    this.maxCells = opts.maxCells ?? 2_000_000;
    this.onEvict = opts.onEvict;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  add(r: AttemptRecord): void {
    this.records.push(r);
    this.totalCells += cells(r);
    while (
      this.records.length - this.head > 1 &&
      (this.records.length - this.head > this.maxAttempts || this.totalCells > this.maxCells)
    ) {
      const old = this.records[this.head]!;
      this.totalCells -= cells(old);
      this.records[this.head] = undefined as unknown as AttemptRecord;
      this.onEvict?.(old);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.records.length) {
      this.records.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Kept attempts, oldest first. */
  all(): AttemptRecord[] {
    return this.records.slice(this.head);
  }

  /** Kept attempts of one pod (by namespace/name; a uid narrows to one incarnation), oldest first. */
  forPod(namespace: string, name: string, uid?: string): AttemptRecord[] {
    const out: AttemptRecord[] = [];
    for (let i = this.head; i < this.records.length; i++) {
      const r = this.records[i]!;
      if (r.namespace === namespace && r.name === name && (!uid || r.uid === uid)) out.push(r);
    }
    return out;
  }

  get size(): number {
    return this.records.length - this.head;
  }
}

// ---- the API form ----------------------------------------------------------------------------

const statusJson = (s: Status) => ({
  code: CODE_NAMES[s.code] ?? String(s.code),
  reasons: s.reasons.length ? [...s.reasons] : s.err ? [s.err.message] : [],
});

const microTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** One attempt as JSON (see decisions-rest.ts for the format). */
export function attemptToApi(r: AttemptRecord): Record<string, unknown> {
  const skipped = new Set(r.skippedFilterPlugins);
  const verdicts = r.evaluated?.verdicts() ?? [];
  const filterNodes = (r.evaluated?.names() ?? []).map((node, i) => {
    const v = verdicts[i] ?? null;
    const plugins: Record<string, unknown>[] = [];
    let reached = true;
    for (const p of r.filterPlugins) {
      if (skipped.has(p)) {
        plugins.push({ plugin: p, result: 'Skipped' });
        continue;
      }
      if (!reached) {
        plugins.push({ plugin: p, result: 'NotRun' });
        continue;
      }
      if (v && v.plugin === p) {
        plugins.push({ plugin: p, result: v.isRejected() ? 'Rejected' : 'Error', ...statusJson(v) });
        reached = false;
      } else plugins.push({ plugin: p, result: 'Passed' });
    }
    const out: Record<string, unknown> = {
      node,
      result: v ? (v.isRejected() ? 'Rejected' : 'Error') : 'Feasible',
    };
    if (v) Object.assign(out, { plugin: v.plugin, ...statusJson(v) });
    out.plugins = plugins;
    return out;
  });
  const item: Record<string, unknown> = {
    attempt: r.attempt,
    cycle: r.cycle,
    time: microTime(r.time),
    scheduler: r.profile,
    pod: { namespace: r.namespace, name: r.name, uid: r.uid },
    result: r.result,
    message: r.message,
    selectedNode: r.selectedNode,
    nodes: { total: r.numAllNodes, evaluated: r.evaluated?.count ?? 0, feasible: r.feasible },
    preFilter: r.preFilter.map(({ plugin, status }) =>
      status === null
        ? { plugin, result: 'Success' }
        : {
            plugin,
            result: status.isSkip() ? 'Skip' : CODE_NAMES[status.code],
            ...(status.isSkip() ? {} : statusJson(status)),
          },
    ),
    filter: {
      plugins: [...r.filterPlugins],
      skipped: [...r.skippedFilterPlugins],
      nodes: filterNodes,
    },
  };
  if (r.preFilterNodes) (item.filter as Record<string, unknown>).onlyNodes = [...r.preFilterNodes];
  if (r.notEvaluatedReason) (item.filter as Record<string, unknown>).notEvaluated = r.notEvaluatedReason;
  if (r.nominatedNode)
    item.nominatedNode = {
      node: r.nominatedNode.node,
      result: r.nominatedNode.status ? 'Rejected' : 'Feasible',
      ...(r.nominatedNode.status ? statusJson(r.nominatedNode.status) : {}),
    };
  if (r.scores) {
    const s = r.scores;
    const ran = s.result.plugins.map((p) => p.name);
    item.score = {
      plugins: s.weights.map((w) => ({ ...w, ran: ran.includes(w.plugin) })),
      skipped: [...s.skipped],
      nodes: (r.evaluated?.feasibleNames() ?? [])
        .map((node, i) => ({
          node,
          total: s.result.totals[i]!,
          plugins: s.result.plugins.map((p, j) => ({
            plugin: p.name,
            raw: s.result.raw[j]![i]!,
            normalized: s.result.normalized[j]![i]!,
            weight: s.result.weights[j]!,
            weighted: s.result.normalized[j]![i]! * s.result.weights[j]!,
          })),
        }))
        .sort((a, b) => b.total - a.total),
    };
  }
  if (r.scoringNote) item.scoringNote = r.scoringNote;
  if (r.preemption) item.preemption = structuredClone(r.preemption);
  return item;
}
