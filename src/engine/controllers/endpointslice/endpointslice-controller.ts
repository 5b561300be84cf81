/**
 * The EndpointSlice controller (pkg/controller/endpointslice/endpointslice_controller.go): for
 * every Service with a selector, the EndpointSlices that list its pods, labelled
 * `kubernetes.io/service-name=<svc>` and `endpointslice.kubernetes.io/managed-by=
 * endpointslice-controller.k8s.io` and owned by the Service (the garbage collector removes them
 * with it). kube-proxy and CoreDNS read these slices, not Endpoints.
 *
 *   Service / pod / node / slice event ──► Service key ──► syncService ──► reconcileSlices
 *
 * Slices created by other controllers (no managed-by label of ours) are left alone, so a
 * Service without a selector can be given hand-written slices.
 */
import type { KubeObject } from '../../../api/types';
import {
  hasStatusCause,
  isNotFound,
  NAMESPACE_TERMINATING_CAUSE,
  type RestClient,
} from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { splitMetaNamespaceKey } from '../framework/objects';
import { ENDPOINTSLICES, NODES, PODS, SERVICES } from '../framework/resources';
import {
  CONTROLLER_NAME,
  lastChangeTriggerTime,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  type PodObject,
  type ServiceObject,
} from './endpointutil';
import { addPodLabelIndex, addServiceSelectorIndex, podServiceKeys, podsForService } from './podindex';
import { reconcileSlices, type EndpointSliceObject } from './reconciler';

const SLICE_SERVICE_INDEX = 'endpointslice:service';

export class EndpointSliceController extends Controller {
  private readonly rest: RestClient;
  private readonly services: SharedInformer<ServiceObject>;
  private readonly pods: SharedInformer<PodObject>;
  private readonly slices: SharedInformer<EndpointSliceObject>;
  private readonly nodes: SharedInformer;

  constructor(ctx: ControllerContext) {
    super('endpointslice', ctx.clock, ctx.logger);
    this.rest = controllerRestClient(ctx, 'endpointslice-controller');
    this.services = ctx.informers.informerFor<ServiceObject>(SERVICES);
    this.pods = ctx.informers.informerFor<PodObject>(PODS);
    this.slices = ctx.informers.informerFor<EndpointSliceObject>(ENDPOINTSLICES);
    this.nodes = ctx.informers.informerFor(NODES);
    addPodLabelIndex(this.pods);
    addServiceSelectorIndex(this.services);
    this.slices.addIndexers({
      [SLICE_SERVICE_INDEX]: (s) => {
        const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
        return svc && s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME
          ? [`${s.metadata.namespace}/${svc}`]
          : [];
      },
    });
    this.services.addEventHandler({
      add: (s) => this.enqueueObj(s),
      update: (_o, s) => this.enqueueObj(s),
      delete: (s) => this.enqueueObj(s),
    });
    this.pods.addEventHandler({
      add: (p) => this.enqueuePod(p),
      update: (o, p) => {
        if (o.metadata.resourceVersion === p.metadata.resourceVersion) return;
        const keys = new Set([...this.podServiceKeys(o), ...this.podServiceKeys(p)]);
        for (const k of keys) this.queue.add(k);
      },
      delete: (p) => this.enqueuePod(p),
    });
    // A managed slice changed or deleted by someone else is put right.
    const onSlice = (s: EndpointSliceObject) => {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc && s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME)
        this.queue.add(`${s.metadata.namespace}/${svc}`);
    };
    this.slices.addEventHandler({
      add: (s) => onSlice(s),
      update: (_o, s) => onSlice(s),
      delete: (s) => onSlice(s),
    });
    this.waitForCacheSync(
      () => this.services.hasSynced(),
      () => this.pods.hasSynced(),
      () => this.slices.hasSynced(),
      () => this.nodes.hasSynced(),
    );
  }

  private enqueueObj(o: KubeObject): void {
    this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
  }

  private podServiceKeys(pod: PodObject): string[] {
    return podServiceKeys(this.services, pod);
  }

  private enqueuePod(pod: PodObject): void {
    for (const k of this.podServiceKeys(pod)) this.queue.add(k);
  }

  protected sync(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const svc = this.services.lister.get(namespace, name);
    // Gone: the garbage collector deletes the slices the Service owns.
    if (!svc || svc.metadata.deletionTimestamp) return;
    if (svc.spec?.type === 'ExternalName') return;
    if (svc.spec?.selector == null) return;
    const pods = podsForService(this.pods, svc);
    const existing = this.slices.store.byIndex(SLICE_SERVICE_INDEX, key);
    const changes = reconcileSlices(svc, pods, existing, lastChangeTriggerTime(svc, pods), (node) => {
      const labels = this.nodes.lister.get('', node)?.metadata.labels;
      return labels?.['topology.kubernetes.io/zone'];
    });
    try {
      for (const s of changes.create) this.rest.create(ENDPOINTSLICES, namespace, s);
      for (const s of changes.update) this.rest.update(ENDPOINTSLICES, s);
      for (const s of changes.delete) {
        try {
          this.rest.delete(ENDPOINTSLICES, namespace, s.metadata.name ?? '');
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    } catch (err) {
      if (hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) return;
      throw err;
    }
  }
}
