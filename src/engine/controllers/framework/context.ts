/**
 * What a controller gets from the process that runs it (kube-controller-manager's
 * ControllerContext): a client, shared informers, discovery, an event broadcaster, the clock.
 */
import type { SimClock } from '../../clock';
import type { EventBroadcaster } from '../../events';
import type { Rand } from '../../rand';
import { RestClient, type ControllerClient } from './client';
import { Discovery, RestMapper } from './discovery';
import type { InformerFactory } from './informer';
import type { Logger } from './log';

export interface ControllerContext {
  client: ControllerClient;
  clock: SimClock;
  rand: Rand;
  informers: InformerFactory;
  discovery: Discovery;
  restMapper: RestMapper;
  events: EventBroadcaster;
  logger: Logger;
  /** `kube-controller-manager/v1.32.2 (linux/amd64) kubernetes/<commit>`: the process's User-Agent. */
  userAgent: string;
}

/**
 * A REST client for one controller. kube-controller-manager gives every controller its own
 * service account (`system:serviceaccount:kube-system:<name>`), visible in its User-Agent.
 */
export function controllerRestClient(ctx: ControllerContext, serviceAccount: string): RestClient {
  return new RestClient(ctx.client, `${ctx.userAgent}/system:serviceaccount:kube-system:${serviceAccount}`);
}

export function newDiscovery(
  client: ControllerClient,
  userAgent: string,
): { discovery: Discovery; restMapper: RestMapper } {
  const discovery = new Discovery(new RestClient(client, userAgent));
  return { discovery, restMapper: new RestMapper(discovery) };
}
