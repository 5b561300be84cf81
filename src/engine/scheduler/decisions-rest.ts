/**
 * The decision record through the API: a read-only, Breakfix-specific subresource of pods.
 *
 *   GET /api/v1/namespaces/<ns>/pods/<name>/schedulingdecisions
 *
 * Real clusters do not have it: discovery lists it as `pods/schedulingdecisions` with kind
 * `SchedulingDecisionList` in group `breakfix.dev/v1alpha1`, so nobody can mistake it for
 * Kubernetes. kubectl never calls it; `breakfix why pod/NAME` (a host command of the terminal,
 * src/shell/builtins/breakfix.ts), the UI and the lessons do.
 *
 * Response (newest attempt last; only recent attempts are kept, see decisions.ts):
 *
 *   apiVersion: breakfix.dev/v1alpha1
 *   kind: SchedulingDecisionList
 *   pod: {namespace, name, uid}
 *   items:
 *   - attempt: 3                  # the pod's 3rd scheduling attempt
 *     cycle: 57                   # the scheduler's cycle counter
 *     time: 2026-01-01T00:02:05.000000Z
 *     scheduler: default-scheduler
 *     result: Scheduled | Unschedulable | Error
 *     message: "0/3 nodes are available: …"       # FailedScheduling text ('' when scheduled)
 *     selectedNode: kind-worker
 *     nodes: {total: 3, evaluated: 3, feasible: 2}
 *     preFilter: [{plugin, result: Success|Skip|Unschedulable|…, code?, reasons?}]
 *     nominatedNode: {node, result, code?, reasons?}          # when a preemption nominated one
 *     filter:
 *       plugins: [NodeUnschedulable, NodeName, TaintToleration, …]   # profile order
 *       skipped: [NodePorts, …]       # PreFilter said Skip: their Filter did not run
 *       onlyNodes: [...]              # a PreFilter result restricted the nodes
 *       notEvaluated: "…"             # nodes not tried because enough feasible ones were found
 *       nodes:
 *       - node: kind-control-plane
 *         result: Rejected | Feasible | Error
 *         plugin: TaintToleration      # the first plugin that rejected it
 *         code: UnschedulableAndUnresolvable
 *         reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"]
 *         plugins: [{plugin, result: Passed|Rejected|NotRun|Skipped, code?, reasons?}]
 *     score:                          # absent when fewer than two nodes were feasible
 *       plugins: [{plugin, weight, ran}]
 *       skipped: [NodeAffinity, …]    # PreScore said Skip
 *       nodes:                        # highest total first
 *       - node: kind-worker
 *         total: 512
 *         plugins: [{plugin, raw, normalized, weight, weighted}]
 *     scoringNote: "only one feasible node: Score was not run"
 *     preemption: {eligible, message, candidates: [{node, victims, numPDBViolations}],
 *                  rejected: [{node, reason}], nominatedNode?, victims?}
 *
 * 404 when the pod does not exist and no attempt of it is kept.
 */
import type { ApiResponse } from '../../api/client';
import { newMethodNotAllowed, newNotFound, errorToStatus } from '../api/errors';
import type { SubresourceRequest } from '../api/registry';
import type { ApiServer } from '../api/server';
import { attemptToApi, type DecisionStore } from './decisions';

export const DECISIONS_SUBRESOURCE = 'schedulingdecisions';
export const DECISIONS_API_VERSION = 'breakfix.dev/v1alpha1';
export const DECISIONS_KIND = 'SchedulingDecisionList';

export function registerDecisionsSubresource(
  server: ApiServer,
  store: () => DecisionStore | undefined,
): void {
  server.registerSubresource('pods', DECISIONS_SUBRESOURCE, (req) => serveDecisions(server, store(), req), {
    kind: DECISIONS_KIND,
    group: 'breakfix.dev',
    version: 'v1alpha1',
    verbs: ['get'],
  });
}

function serveDecisions(
  server: ApiServer,
  store: DecisionStore | undefined,
  req: SubresourceRequest,
): ApiResponse {
  try {
    if (req.request.method !== 'GET') throw newMethodNotAllowed();
    const ns = req.namespace ?? '';
    const pod = server.get('pods', ns, req.name);
    const uid = pod?.metadata.uid;
    let records = store?.forPod(ns, req.name, uid) ?? [];
    if (!pod && records.length === 0) throw newNotFound({ group: '', resource: 'pods' }, req.name);
    // A pod that was deleted and re-created: only the current incarnation's attempts.
    if (!pod && records.length) {
      const lastUid = records[records.length - 1]!.uid;
      records = records.filter((r) => r.uid === lastUid);
    }
    const body = {
      apiVersion: DECISIONS_API_VERSION,
      kind: DECISIONS_KIND,
      metadata: {},
      pod: { namespace: ns, name: req.name, uid: uid ?? records[records.length - 1]?.uid ?? '' },
      items: records.map(attemptToApi),
    };
    return { status: 200, body, contentType: 'application/json' };
  } catch (e) {
    const s = errorToStatus(e);
    return { status: s.code, body: s, contentType: 'application/json' };
  }
}
