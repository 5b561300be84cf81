/**
 * Events expire an hour after they were last written (kube-apiserver `--event-ttl=1h`).
 *
 * The real apiserver attaches every Event write to an etcd lease that expires after the TTL;
 * etcd then deletes the key and watchers see DELETED. Breakfix has no etcd, so this small
 * component plays the lease: it watches Events and deletes each one through the API one hour
 * after its last write (a create or a count++ patch restarts the hour, as a new lease would).
 * It is not a kube-controller-manager controller; docs/FIDELITY.md says so.
 */
import type { KubeObject } from '../../../api/types';
import type { SimClock, TimerId } from '../../clock';
import { RestClient, errorMessage, isConflict, isNotFound, type ControllerClient } from '../framework/client';
import type { InformerFactory } from '../framework/informer';
import type { Logger } from '../framework/log';
import { metaNamespaceKey } from '../framework/objects';
import { EVENTS } from '../framework/resources';

export const EVENT_TTL_MS = 60 * 60 * 1000;

export class EventTTLController {
  private timers = new Map<string, TimerId>();
  private readonly rest: RestClient;

  constructor(
    client: ControllerClient,
    private readonly clock: SimClock,
    informers: InformerFactory,
    private readonly logger: Logger,
    userAgent = 'kube-apiserver',
  ) {
    this.rest = new RestClient(client, userAgent);
    const informer = informers.informerFor(EVENTS);
    informer.addEventHandler({
      add: (e) => this.arm(e),
      update: (old, e) => {
        if (old.metadata.resourceVersion !== e.metadata.resourceVersion) this.arm(e);
      },
      delete: (e) => this.disarm(metaNamespaceKey(e)),
    });
  }

  /** Start the hour again from now (the write the informer just observed). */
  private arm(event: KubeObject): void {
    const key = metaNamespaceKey(event);
    this.disarm(key);
    const rv = event.metadata.resourceVersion;
    const timer = this.clock.setTimeout(() => this.expire(key, event, rv), EVENT_TTL_MS, 'event ttl');
    this.timers.set(key, timer);
  }

  private disarm(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.delete(key);
  }

  private expire(key: string, event: KubeObject, rv: string | undefined): void {
    this.timers.delete(key);
    try {
      this.rest.delete(EVENTS, event.metadata.namespace, event.metadata.name ?? '', {
        preconditions: { uid: event.metadata.uid, resourceVersion: rv },
      });
    } catch (err) {
      // Gone already, or rewritten meanwhile (then a newer write re-armed the timer).
      if (!isNotFound(err) && !isConflict(err)) this.logger.error(`event ttl: ${errorMessage(err)}`);
    }
  }
}
