/**
 * What the API server and the kubelet check before serving logs, exec and attach: which
 * container (pod/strategy.go LogLocation, ExecLocation), on which node, in which state
 * (kubelet_pods.go validateContainerLogStatus) — with their exact messages.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Status } from '../../../api/types';
import type { Kubelet } from '../kubelet';
import type { KubeletSet } from '../index';
import type { PodRecord } from '../pod_record';
import type { Container } from '../runtime/containerd';

export function status(
  code: number,
  reason: Status['reason'] | undefined,
  message: string,
  details?: Status['details'],
): Status {
  const s: Status = { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message, code };
  if (reason) s.reason = reason;
  if (details) s.details = details;
  return s;
}

export const notFound = (name: string): Status =>
  status(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
export const badRequest = (message: string): Status => status(400, 'BadRequest', message);

const names = (cs: { name: string }[] | undefined): string => (cs ?? []).map((c) => c.name).join(' ');

/** The container a request means: the one named, or the only one. */
export function resolveContainerName(pod: Pod, container: string | undefined): string | Status {
  const spec = pod.spec!;
  const name = pod.metadata!.name!;
  if (!container) {
    if (spec.containers.length === 1) return spec.containers[0]!.name;
    if (spec.containers.length === 0) return badRequest(`a container name must be specified for pod ${name}`);
    let msg = `a container name must be specified for pod ${name}, choose one of: [${names(spec.containers)}]`;
    if ((spec.initContainers ?? []).length)
      msg += ` or one of the init containers: [${names(spec.initContainers)}]`;
    if ((spec.ephemeralContainers ?? []).length)
      msg += ` or one of the ephemeral containers: [${names(spec.ephemeralContainers)}]`;
    return badRequest(msg);
  }
  const all = [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  if (!all.some((c) => c.name === container))
    return badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

export interface Located {
  pod: Pod;
  container: string;
  kubelet: Kubelet;
  rec: PodRecord;
}

/** Pod → node → kubelet, as the API server proxies to `https://<nodeIP>:10250`. */
export function locate(
  set: KubeletSet,
  pod: Pod,
  container: string | undefined,
  path: string,
): Located | Status | undefined {
  const name = resolveContainerName(pod, container);
  if (typeof name !== 'string') return name;
  const node = pod.spec?.nodeName;
  if (!node) return undefined;
  const kubelet = set.get(node);
  if (!kubelet || !kubelet.running) {
    const ip = kubelet?.nodeIP ?? '172.18.0.2';
    return status(
      500,
      undefined,
      `Get "https://${ip}:10250/${path}": dial tcp ${ip}:10250: connect: connection refused`,
    );
  }
  const rec = kubelet.recordFor(pod.metadata!.namespace!, pod.metadata!.name!);
  if (!rec) return status(404, 'NotFound', `pod "${pod.metadata!.name}" not found`);
  return { pod, container: name, kubelet, rec };
}

/** validateContainerLogStatus: which container instance holds the logs. */
export function logContainer(l: Located, previous: boolean): Container | Status {
  const podName = l.pod.metadata!.name!;
  const st = l.pod.status ?? {};
  const cs = [
    ...(st.containerStatuses ?? []),
    ...(st.initContainerStatuses ?? []),
    ...(st.ephemeralContainerStatuses ?? []),
  ].find((c) => c.name === l.container);
  const err = (m: string) => badRequest(m);
  if (!cs)
    return err(`container ${JSON.stringify(l.container)} in pod ${JSON.stringify(podName)} is not available`);
  const byId = (cid: string | undefined) => {
    const id = (cid ?? '').replace('containerd://', '');
    return (l.rec.instances.get(l.container) ?? []).find((c) => c.id === id);
  };
  const last = cs.lastState?.terminated;
  const found = (cid: string | undefined): Container | Status =>
    byId(cid) ??
    err(`container ${JSON.stringify(l.container)} in pod ${JSON.stringify(podName)} is not available`);
  if (previous) {
    if (!last || !last.containerID)
      return err(
        `previous terminated container ${JSON.stringify(l.container)} in pod ${JSON.stringify(podName)} not found`,
      );
    return found(last.containerID);
  }
  if (cs.state?.running) return found(cs.containerID);
  if (cs.state?.terminated) {
    if (cs.state.terminated.containerID) return found(cs.state.terminated.containerID);
    if (last?.containerID) return found(last.containerID);
    return err(`container ${JSON.stringify(l.container)} in pod ${JSON.stringify(podName)} is terminated`);
  }
  if (last) {
    if (!last.containerID)
      return err(`container ${JSON.stringify(l.container)} in pod ${JSON.stringify(podName)} is terminated`);
    return found(last.containerID);
  }
  const w = cs.state?.waiting;
  if (w) {
    if (w.reason === 'ErrImagePull')
      return err(
        `container ${JSON.stringify(l.container)} in pod ${JSON.stringify(podName)} is waiting to start: image can't be pulled`,
      );
    if (w.reason === 'ImagePullBackOff')
      return err(
        `container ${JSON.stringify(l.container)} in pod ${JSON.stringify(podName)} is waiting to start: trying and failing to pull image`,
      );
    return err(
      `container ${JSON.stringify(l.container)} in pod ${JSON.stringify(podName)} is waiting to start: ${w.reason ?? ''}`,
    );
  }
  return err(
    `container ${JSON.stringify(l.container)} in pod ${JSON.stringify(podName)} is waiting to start - no logs yet`,
  );
}
