/**
 * The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher): every
 * namespace has a ConfigMap `kube-root-ca.crt` whose `ca.crt` holds the cluster CA, so that pods
 * can verify the API server's certificate (the kube-api-access projected volume mounts it at
 * /var/run/secrets/kubernetes.io/serviceaccount/ca.crt). The controller re-creates the ConfigMap
 * when it is deleted and restores its content when it is edited.
 */
import type { KubeObject } from '../../../api/types';
import {
  NAMESPACE_TERMINATING_CAUSE,
  hasStatusCause,
  isNotFound,
  type RestClient,
} from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { deepCopy } from '../framework/objects';
import { CONFIGMAPS, NAMESPACES } from '../framework/resources';

export const ROOT_CA_CONFIGMAP_NAME = 'kube-root-ca.crt';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

export class RootCACertPublisher extends Controller {
  private readonly rest: RestClient;
  private readonly configMaps: SharedInformer<ConfigMap>;

  constructor(
    ctx: ControllerContext,
    /** The PEM text of the cluster CA certificate. */
    private readonly rootCA: string,
  ) {
    super('root-ca-cert-publisher', ctx.clock, ctx.logger);
    this.rest = controllerRestClient(ctx, 'root-ca-cert-publisher');
    this.configMaps = ctx.informers.informerFor<ConfigMap>(CONFIGMAPS);
    const namespaces = ctx.informers.informerFor<Namespace>(NAMESPACES);
    const onConfigMap = (cm: ConfigMap) => {
      if (cm.metadata.name === ROOT_CA_CONFIGMAP_NAME) this.enqueue(cm.metadata.namespace ?? '');
    };
    this.configMaps.addEventHandler({ update: (_old, cm) => onConfigMap(cm), delete: onConfigMap });
    namespaces.addEventHandler({
      add: (ns) => this.enqueue(ns.metadata.name ?? ''),
      update: (_old, ns) => {
        if (ns.status?.phase === 'Active') this.enqueue(ns.metadata.name ?? '');
      },
    });
    this.waitForCacheSync(() => this.configMaps.hasSynced());
  }

  protected sync(ns: string): void {
    const data = { 'ca.crt': this.rootCA };
    const cm = this.configMaps.lister.get(ns, ROOT_CA_CONFIGMAP_NAME);
    if (!cm) {
      try {
        this.rest.create(CONFIGMAPS, ns, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: ROOT_CA_CONFIGMAP_NAME,
            namespace: ns,
            annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION },
          },
          data,
        });
      } catch (err) {
        // don't retry a create if the namespace doesn't exist or is terminating
        if (isNotFound(err) || hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) return;
        throw err;
      }
      return;
    }
    // ensure the data and the one annotation describing usage of this configmap match.
    const sameData = Object.keys(cm.data ?? {}).length === 1 && cm.data?.['ca.crt'] === this.rootCA;
    if (sameData && (cm.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? '') !== '') return;
    // copy so we don't modify the cache's instance of the configmap
    const updated = deepCopy(cm);
    updated.data = data;
    updated.metadata.annotations = { ...updated.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION };
    this.rest.update(CONFIGMAPS, updated);
  }
}
