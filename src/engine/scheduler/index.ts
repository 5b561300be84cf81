/**
 * kube-scheduler for the simulated cluster (issue 5): the v1.32 default profile, the scheduling
 * queue, preemption and the decision record. `createScheduler` builds it and registers the two
 * pod subresources it needs on the API server: `binding` (served by the API server upstream) and
 * the Breakfix-specific `schedulingdecisions`.
 *
 * Composition (src/engine/cluster.ts):
 *
 *   const scheduler = createScheduler({ server, client: controllerClient, clock, rand: rand.fork(),
 *                                       nanoClock, logger: logs, hostname: <control-plane node> });
 *   …bootstrap, when kube-scheduler starts (t0+4s): scheduler.run()
 */
import type { ApiServer } from '../api/server';
import { registerBindingSubresource } from './binding-rest';
import { registerDecisionsSubresource } from './decisions-rest';
import { Scheduler, type SchedulerOptions } from './scheduler';

export { Scheduler, SCHEDULER_USER_AGENT, type SchedulerOptions } from './scheduler';
export { DECISIONS_API_VERSION, DECISIONS_KIND, DECISIONS_SUBRESOURCE } from './decisions-rest';
export type { AttemptRecord } from './decisions';

/** Build the scheduler (not started: call `run()`), and register its API subresources. */
export function createScheduler(opts: SchedulerOptions & { server: ApiServer }): Scheduler {
  registerBindingSubresource(opts.server);
  const scheduler = new Scheduler(opts);
  registerDecisionsSubresource(opts.server, () => scheduler.decisions);
  return scheduler;
}
