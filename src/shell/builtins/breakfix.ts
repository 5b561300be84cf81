/**
 * `breakfix`: commands of the playground itself, not of Kubernetes. They are host commands of the
 * terminal, deliberately not kubectl verbs, so that nobody learns a command a real cluster lacks.
 *
 *   breakfix why pod/NAME [-n NAMESPACE] [--all] [-o json]
 *
 * explains a scheduling decision from the scheduler's decision record, which the simulated API
 * server serves as `GET /api/v1/namespaces/<ns>/pods/<name>/schedulingdecisions` (a Breakfix
 * subresource; src/engine/scheduler/decisions-rest.ts documents the format): for the latest
 * attempt (or every kept one with --all), the FailedScheduling message, each node's Filter
 * verdict, the scores that chose the node, and what preemption tried. It uses only the API client.
 */
import type { CommandContext } from '../../api/io';
import { isStatus } from '../../api/types';
import { loadKubeconfig, resolveClientConfig } from '../../kubectl/kubeconfig';
import { tabulate } from '../../kubectl/printers/tabwriter';
import type { CommandFn } from '../types';

const USAGE = `Usage:
  breakfix why pod/NAME [-n NAMESPACE] [--all] [-o json]
  breakfix fault ACTION TARGET [flags]      (breakfix fault --help lists the faults)

Explain where the scheduler placed a pod and why, or why it stays Pending: the verdict of every
Filter plugin on every node, the scores, and what preemption tried. This is a Breakfix command,
not part of kubectl: real clusters only have the FailedScheduling event (kubectl describe pod).
`;

const FAULT_USAGE = `Usage:
  breakfix fault kill-container POD [-c CONTAINER] [--signal SIGKILL|SIGTERM|SIGINT|SIGQUIT] [-n NS]
  breakfix fault crash POD [-c CONTAINER] [--exit-code N] [-n NS]
  breakfix fault fail-probe POD -c CONTAINER liveness|readiness|startup [-n NS]
  breakfix fault clear-probe POD -c CONTAINER liveness|readiness|startup [-n NS]
  breakfix fault fill-memory POD AMOUNT [-c CONTAINER] [-n NS]      (AMOUNT e.g. 200Mi)
  breakfix fault stop-kubelet NODE      the kubelet dies; its containers keep running
  breakfix fault start-kubelet NODE
  breakfix fault stop-node NODE         the node goes down: kubelet and containers
  breakfix fault start-node NODE        the node boots; its containers start again

Break something the way it breaks on a real machine, below the Kubernetes API, then watch the
cluster react (restarts, probes failing, OOM kills, a node going NotReady and its pods evicted).
A Breakfix command: on a real cluster you would kill the process or the machine yourself.
The container defaults to the pod's first container.
`;

interface PluginVerdict {
  plugin: string;
  result: string;
  code?: string;
  reasons?: string[];
}

interface Attempt {
  attempt: number;
  time: string;
  result: string;
  message: string;
  selectedNode: string;
  nodes: { total: number; evaluated: number; feasible: number };
  preFilter: PluginVerdict[];
  nominatedNode?: { node: string; result: string; reasons?: string[] };
  filter: {
    plugins: string[];
    skipped: string[];
    onlyNodes?: string[];
    notEvaluated?: string;
    nodes: { node: string; result: string; plugin?: string; code?: string; reasons?: string[] }[];
  };
  score?: {
    plugins: { plugin: string; weight: number; ran: boolean }[];
    skipped: string[];
    nodes: {
      node: string;
      total: number;
      plugins: { plugin: string; raw: number; normalized: number; weighted: number }[];
    }[];
  };
  scoringNote?: string;
  preemption?: {
    eligible: boolean;
    message: string;
    candidates: { node: string; victims: string[]; numPDBViolations: number }[];
    rejected: { node: string; reason: string }[];
    nominatedNode?: string;
    victims?: string[];
  };
}

interface DecisionList {
  pod: { namespace: string; name: string; uid: string };
  items: Attempt[];
}

function parseArgs(args: string[]): {
  target?: string;
  namespace?: string;
  all: boolean;
  json: boolean;
  error?: string;
} {
  const out: { target?: string; namespace?: string; all: boolean; json: boolean; error?: string } = {
    all: false,
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n' || a === '--namespace') {
      if (i + 1 >= args.length) return { ...out, error: `flag needs an argument: ${a}` };
      out.namespace = args[++i];
    } else if (a.startsWith('--namespace=')) out.namespace = a.slice('--namespace='.length);
    else if (a.startsWith('-n') && a.length > 2) out.namespace = a.slice(2);
    else if (a === '--all') out.all = true;
    else if (a === '-o' || a === '--output') {
      const v = args[++i];
      if (v !== 'json')
        return { ...out, error: `unsupported output format ${JSON.stringify(v ?? '')} (only json)` };
      out.json = true;
    } else if (a === '-ojson' || a === '-o=json' || a === '--output=json') out.json = true;
    else if (a.startsWith('-')) return { ...out, error: `unknown flag: ${a}` };
    else if (out.target === undefined) out.target = a;
    else return { ...out, error: `unexpected argument: ${a}` };
  }
  return out;
}

/** The namespace of the current kubeconfig context (kubectl's rule), `default` without one. */
function contextNamespace(ctx: CommandContext): string {
  try {
    const loaded = loadKubeconfig(ctx.fs, ctx.env, '');
    return resolveClientConfig(loaded.config, {}).namespace || 'default';
  } catch {
    return 'default';
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function filterTable(a: Attempt): string {
  let rows = 'NODE\tRESULT\tPLUGIN\tREASON\n';
  for (const n of a.filter.nodes) {
    const result = n.result === 'Feasible' ? 'fits' : n.result === 'Rejected' ? 'rejected' : 'error';
    rows += `${n.node}\t${result}\t${n.plugin ?? ''}\t${(n.reasons ?? []).join(', ')}\n`;
  }
  return trimLines(tabulate(rows));
}

/** The tab writer pads the last cells; drop the trailing blanks. */
const trimLines = (s: string): string => s.replace(/ +\n/g, '\n');

function scoreTable(a: Attempt): string {
  const s = a.score!;
  const ran = s.plugins.filter((p) => p.ran);
  let rows = `NODE\tTOTAL\t${ran.map((p) => `${p.plugin}×${p.weight}`).join('\t')}\n`;
  for (const n of s.nodes) {
    const cells = ran.map((p) => {
      const v = n.plugins.find((x) => x.plugin === p.plugin);
      if (!v) return '';
      return v.raw === v.normalized ? `${v.normalized}` : `${v.normalized} (raw ${v.raw})`;
    });
    rows += `${n.node}\t${n.total}\t${cells.join('\t')}\n`;
  }
  return trimLines(tabulate(rows));
}

function explain(list: DecisionList, a: Attempt, ns: string): string {
  let out = `pod/${list.pod.name} in ${ns}: attempt ${a.attempt} at ${a.time.replace(/\.\d+Z$/, 'Z')}: `;
  if (a.result === 'Scheduled') out += `scheduled to ${a.selectedNode}\n`;
  else out += `${a.result}\n  ${a.message}\n`;
  out += `\nNodes: ${a.nodes.total} in the cluster, ${a.nodes.evaluated} evaluated, ${a.nodes.feasible} feasible.\n`;
  const preRejected = a.preFilter.filter((p) => p.result !== 'Success' && p.result !== 'Skip');
  for (const p of preRejected) out += `PreFilter ${p.plugin}: ${p.result}: ${(p.reasons ?? []).join(', ')}\n`;
  if (a.nominatedNode)
    out += `Nominated node ${a.nominatedNode.node} (from an earlier preemption) was tried first: ${a.nominatedNode.result === 'Feasible' ? 'it fits' : (a.nominatedNode.reasons ?? []).join(', ')}.\n`;
  if (a.filter.onlyNodes) out += `A PreFilter plugin allowed only: ${a.filter.onlyNodes.join(', ')}.\n`;
  if (a.filter.nodes.length > 0) {
    out += '\nFilter: per node, the first plugin that rejected it (later plugins do not run)\n';
    out += filterTable(a);
  }
  if (a.filter.skipped.length > 0)
    out += `Not checked for this pod (PreFilter: nothing to do): ${a.filter.skipped.join(', ')}.\n`;
  if (a.filter.notEvaluated) out += `${a.filter.notEvaluated}.\n`;
  if (a.score) {
    out += `\nScore: normalized to 0–100, times the plugin's weight; the highest total wins (ties at random)\n`;
    out += scoreTable(a);
    if (a.score.skipped.length > 0)
      out += `Not scored for this pod (PreScore: nothing to do): ${a.score.skipped.join(', ')}.\n`;
  } else if (a.scoringNote) out += `\nScore: ${a.scoringNote}.\n`;
  const p = a.preemption;
  if (p) {
    out += '\nPreemption: ';
    if (!p.eligible) out += `${p.message}\n`;
    else if (p.nominatedNode)
      out += `evicting ${plural(p.victims?.length ?? 0, 'pod')} (${(p.victims ?? []).join(', ')}) on ${p.nominatedNode}; the pod is nominated there and waits for them to go.\n`;
    else out += `no node where evicting lower-priority pods would help.\n`;
    const tried = p.candidates.length + p.rejected.length;
    if (p.eligible && tried < a.nodes.total)
      out += `  ${plural(a.nodes.total - tried, 'node')} not considered: rejected for reasons evicting pods cannot change.\n`;
    for (const c of p.candidates)
      out += `  candidate ${c.node}: victims ${c.victims.join(', ') || '-'}${c.numPDBViolations ? `, ${plural(c.numPDBViolations, 'PDB violation')}` : ''}\n`;
    for (const r of p.rejected) out += `  ${r.node}: ${r.reason}\n`;
  }
  return out;
}

export const breakfix: CommandFn = async (ctx) => {
  const [sub, ...rest] = ctx.args;
  if (sub === undefined || sub === 'help' || sub === '-h' || sub === '--help') {
    ctx.stdout(USAGE);
    return sub === undefined ? 1 : 0;
  }
  if (sub === 'fault') return fault(ctx, rest);
  if (sub !== 'why') {
    ctx.stderr(`breakfix: unknown command ${JSON.stringify(sub)}\n${USAGE}`);
    return 1;
  }
  const o = parseArgs(rest);
  if (o.error) {
    ctx.stderr(`breakfix why: ${o.error}\n${USAGE}`);
    return 1;
  }
  const m = /^(?:pods?|po)\/(.+)$/.exec(o.target ?? '');
  if (!m) {
    ctx.stderr(`breakfix why: expected pod/NAME, got ${JSON.stringify(o.target ?? '')}\n${USAGE}`);
    return 1;
  }
  const name = m[1]!;
  const ns = o.namespace ?? contextNamespace(ctx);
  const res = await ctx.client.request({
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/pods/${name}/schedulingdecisions`,
  });
  if (res.status !== 200) {
    const msg = isStatus(res.body) ? (res.body.message ?? '') : `status ${res.status}`;
    ctx.stderr(`breakfix why: ${msg}\n`);
    return 1;
  }
  const list = res.body as DecisionList;
  if (o.json) {
    ctx.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (list.items.length === 0) {
    ctx.stdout(
      `pod/${name} in ${ns}: no scheduling attempt recorded (bound directly with spec.nodeName, gated, waiting in the queue, or attempted too long ago to be kept).\n`,
    );
    return 0;
  }
  const attempts = o.all ? list.items : [list.items[list.items.length - 1]!];
  ctx.stdout(attempts.map((a) => explain(list, a, ns)).join('\n'));
  return 0;
};

// ---- breakfix fault --------------------------------------------------------------------------

const POD_FAULTS = ['kill-container', 'crash', 'fail-probe', 'clear-probe', 'fill-memory'];
const NODE_FAULTS = ['stop-kubelet', 'start-kubelet', 'stop-node', 'start-node'];
const SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGQUIT'];
const PROBES = ['liveness', 'readiness', 'startup'];

interface FaultArgs {
  positional: string[];
  namespace?: string;
  container?: string;
  signal?: string;
  exitCode?: number;
}

function parseFaultArgs(args: string[]): FaultArgs | string {
  const out: FaultArgs = { positional: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const take = (): string | undefined => inline ?? (args[i + 1] !== undefined ? args[++i] : undefined);
    if (flag === '-n' || flag === '--namespace') {
      const v = take();
      if (v === undefined) return `flag needs an argument: ${flag}`;
      out.namespace = v;
    } else if (flag === '-c' || flag === '--container') {
      const v = take();
      if (v === undefined) return `flag needs an argument: ${flag}`;
      out.container = v;
    } else if (flag === '--signal' || flag === '-s') {
      const v = take();
      if (v === undefined) return `flag needs an argument: ${flag}`;
      const sig = v.toUpperCase().startsWith('SIG') ? v.toUpperCase() : `SIG${v.toUpperCase()}`;
      if (!SIGNALS.includes(sig))
        return `unsupported signal ${JSON.stringify(v)} (one of ${SIGNALS.join(', ')})`;
      out.signal = sig;
    } else if (flag === '--exit-code') {
      const v = take();
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > 255)
        return `invalid exit code ${JSON.stringify(v ?? '')} (0-255)`;
      out.exitCode = Number(v);
    } else if (a.startsWith('-n') && a.length > 2 && !a.startsWith('--')) out.namespace = a.slice(2);
    else if (a.startsWith('-c') && a.length > 2 && !a.startsWith('--')) out.container = a.slice(2);
    else if (a.startsWith('-') && a !== '-') return `unknown flag: ${a}`;
    else out.positional.push(a);
  }
  return out;
}

async function fault(ctx: Parameters<CommandFn>[0], args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === 'help' || action === '-h' || action === '--help') {
    ctx.stdout(FAULT_USAGE);
    return action === undefined ? 1 : 0;
  }
  const bad = (msg: string): number => {
    ctx.stderr(`breakfix fault ${action}: ${msg}\n${FAULT_USAGE}`);
    return 1;
  };
  if (!POD_FAULTS.includes(action) && !NODE_FAULTS.includes(action)) {
    ctx.stderr(`breakfix fault: unknown fault ${JSON.stringify(action)}\n${FAULT_USAGE}`);
    return 1;
  }
  const o = parseFaultArgs(rest);
  if (typeof o === 'string') return bad(o);
  const [target, ...more] = o.positional;
  if (!target) return bad(`expected a ${NODE_FAULTS.includes(action) ? 'node' : 'pod'} name`);
  const name = target.replace(/^(?:pods?|po|nodes?|no)\//, '');
  let path: string;
  let body: Record<string, unknown>;
  if (NODE_FAULTS.includes(action)) {
    if (more.length) return bad(`unexpected argument: ${more[0]}`);
    if (o.namespace || o.container || o.signal || o.exitCode !== undefined)
      return bad('a node fault takes no flags');
    path = `/api/v1/nodes/${encodeURIComponent(name)}/faults`;
    body = { action };
  } else {
    const ns = o.namespace ?? contextNamespace(ctx);
    path = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}/faults`;
    body = { action };
    if (o.container) body.container = o.container;
    if (o.signal && action !== 'kill-container') return bad('--signal is only for kill-container');
    if (o.exitCode !== undefined && action !== 'crash') return bad('--exit-code is only for crash');
    if (o.signal) body.signal = o.signal;
    if (o.exitCode !== undefined) body.exitCode = o.exitCode;
    if (action === 'fail-probe' || action === 'clear-probe') {
      if (!o.container) return bad('-c CONTAINER is required');
      if (more.length !== 1 || !PROBES.includes(more[0]!))
        return bad('expected the probe: liveness, readiness or startup');
      body.probe = more[0];
    } else if (action === 'fill-memory') {
      if (more.length !== 1) return bad('expected the amount of memory, e.g. 200Mi');
      body.amount = more[0];
    } else if (more.length) return bad(`unexpected argument: ${more[0]}`);
  }
  const res = await ctx.client.request({
    method: 'POST',
    path,
    body: {
      apiVersion: 'breakfix.dev/v1alpha1',
      kind: NODE_FAULTS.includes(action) ? 'NodeFault' : 'PodFault',
      ...body,
    },
  });
  const msg = isStatus(res.body) ? (res.body.message ?? '') : '';
  if (res.status !== 200) {
    ctx.stderr(`breakfix fault ${action}: ${msg || `status ${res.status}`}\n`);
    return 1;
  }
  ctx.stdout(`${msg}\n`);
  return 0;
}
