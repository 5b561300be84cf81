/**
 * endpoints: a Service has ready endpoints. Read from its EndpointSlices (label
 * `kubernetes.io/service-name`) and its Endpoints object, as `kubectl describe svc` shows them.
 * When there are none, the explanation follows the Service's selector to the pods, which is
 * how one finds a selector typo: "its selector app=hello-serve matches no Pod".
 */
import type { KubeList, KubeObject } from '../../api/types';
import { formatLabels, selectorFromSet } from '../../apimachinery/labels';
import { ApiError, statusMessage } from '../resources';
import type { EndpointsCheck, Text } from '../types';
import { text, type CheckContext } from './context';
import { objectLabel } from './describe';
import { listPodRows } from './pods';

interface Slice extends KubeObject {
  endpoints?: { addresses?: string[]; conditions?: { ready?: boolean | null } }[];
}

interface EndpointsObject extends KubeObject {
  subsets?: { addresses?: { ip: string }[] }[];
}

/** Ready endpoint addresses of a Service (the larger count of EndpointSlices and Endpoints). */
export async function readyEndpoints(ctx: CheckContext, namespace: string, service: string): Promise<number> {
  let fromSlices = 0;
  const slices = await ctx.client.request({
    method: 'GET',
    path: `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/endpointslices`,
    query: { labelSelector: `kubernetes.io/service-name=${service}` },
  });
  if (slices.status === 200) {
    const ips = new Set<string>();
    for (const s of (slices.body as KubeList<Slice>).items) {
      for (const e of s.endpoints ?? []) {
        // A nil ready condition means ready (discovery/v1 EndpointConditions).
        if (e.conditions?.ready === false) continue;
        for (const a of e.addresses ?? []) ips.add(a);
      }
    }
    fromSlices = ips.size;
  } else if (slices.status !== 404) {
    throw new ApiError(slices.status, statusMessage(slices.body, 'endpointslices'));
  }
  let fromEndpoints = 0;
  const ep = await ctx.client.request({
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/endpoints/${encodeURIComponent(service)}`,
  });
  if (ep.status === 200) {
    const ips = new Set<string>();
    for (const s of (ep.body as EndpointsObject).subsets ?? []) for (const a of s.addresses ?? []) ips.add(a.ip);
    fromEndpoints = ips.size;
  } else if (ep.status !== 404) {
    throw new ApiError(ep.status, statusMessage(ep.body, 'endpoints'));
  }
  return Math.max(fromSlices, fromEndpoints);
}

export async function evalEndpoints(ctx: CheckContext, c: EndpointsCheck): Promise<Text | undefined> {
  const namespace = c.namespace ?? ctx.namespace;
  const label = objectLabel('Service', c.service, namespace);
  const svcRes = await ctx.client.request({
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(c.service)}`,
  });
  if (svcRes.status === 404)
    return text(
      `${label.en} was not found in namespace ${namespace}.`,
      `Namespace ${namespace} に ${label.ja} が見つかりません。`,
    );
  if (svcRes.status !== 200) throw new ApiError(svcRes.status, statusMessage(svcRes.body, 'services'));
  const count = await readyEndpoints(ctx, namespace, c.service);
  const min = c.min ?? 1;
  if (count >= min) return undefined;
  const selector = ((svcRes.body as KubeObject).spec as { selector?: Record<string, string> } | undefined)
    ?.selector;
  const have =
    count === 0
      ? text(`${label.en} has no ready endpoints`, `${label.ja} には Ready なエンドポイントがありません`)
      : text(
          `${label.en} has ${count} ready endpoints (${min} needed)`,
          `${label.ja} の Ready なエンドポイントは ${count} 個です（${min} 個必要）`,
        );
  if (!selector || Object.keys(selector).length === 0)
    return text(
      `${have.en}: it has no selector, so no Pod is added to it automatically.`,
      `${have.ja}。selector がないため、Pod は自動では追加されません。`,
    );
  const sel = formatLabels(selector);
  const rows = await listPodRows(ctx, namespace, selectorFromSet(selector).toString());
  if (rows.length === 0)
    return text(
      `${have.en}: its selector ${sel} matches no Pod in namespace ${namespace}.`,
      `${have.ja}。selector ${sel} に一致する Pod が Namespace ${namespace} にありません。`,
    );
  const notReady = rows.filter((r) => !r.ready);
  if (notReady.length === rows.length) {
    const list = notReady
      .slice(0, 5)
      .map((r) => `${r.name} ${r.status}`)
      .join(', ');
    return text(
      `${have.en}: its selector ${sel} matches ${rows.length === 1 ? '1 Pod' : `${rows.length} Pods`}, none of them Ready (${list}).`,
      `${have.ja}。selector ${sel} に一致する Pod は ${rows.length} 個ありますが、どれも Ready ではありません（${list}）。`,
    );
  }
  return text(
    `${have.en}: its selector ${sel} matches ${rows.length - notReady.length} Ready Pods; the endpoints may not be updated yet.`,
    `${have.ja}。selector ${sel} に一致する Ready な Pod は ${rows.length - notReady.length} 個あります。エンドポイントがまだ更新されていないのかもしれません。`,
  );
}
