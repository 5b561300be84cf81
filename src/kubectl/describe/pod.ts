/**
 * PodDescriber / describePod: the layout of reference §9.1, section by section in describe.go's
 * order.
 */
import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { DescribeClient } from './client';
import {
  describeContainers,
  describeResources,
  describeTopologySpreadConstraints,
  describeVolumes,
  envValueRetriever,
} from './containers';
import { describeEvents, eventFieldSelector, searchEvents } from './events';
import {
  formatRFC1123Z,
  printAnnotationsMultiline,
  printController,
  printLabelsMultiline,
  printTolerationsMultilineWithIndent,
  translateTimestampSince,
} from './helpers';
import { getPodQOS } from './qos';
import type { DescribeSettings } from './types';
import { LEVEL_0, LEVEL_1, tabbedStringSync, type PrefixWriter } from './writer';

export async function describePodByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  let pod: Pod;
  try {
    pod = await client.get<Pod>('v1', 'pods', namespace, name);
  } catch (err) {
    // A deleted pod may still have events: describe shows them with the error.
    if (settings.showEvents) {
      let events: Event[] = [];
      try {
        events = await client.list<Event>('v1', 'events', namespace, {
          fieldSelector: eventFieldSelector({ name, namespace }),
        });
      } catch {
        events = [];
      }
      if (events.length > 0) {
        return tabbedStringSync((w) => {
          w.write(LEVEL_0, `Pod '${name}': error '${(err as Error).message}', but found events.\n`);
          describeEvents(events, w, settings.now);
        });
      }
    }
    throw err;
  }
  let events: Event[] | undefined;
  if (settings.showEvents) {
    // The reference's kind is cleared for pods; a mirror pod's events are keyed by its mirror uid.
    const mirror = pod.metadata?.annotations?.['kubernetes.io/config.mirror'];
    events = await searchEvents(client, {
      name: pod.metadata?.name ?? name,
      namespace: pod.metadata?.namespace ?? namespace,
      uid: mirror ?? pod.metadata?.uid,
    });
  }
  return describePod(pod, events, settings.now);
}

function describePodIPs(pod: Pod, w: PrefixWriter, space: string): void {
  const ips = pod.status?.podIPs ?? [];
  if (ips.length === 0) {
    w.write(LEVEL_0, `${space}IPs:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}IPs:\n`);
  for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
}

export function describePod(pod: Pod, events: Event[] | undefined, now: number): string {
  return tabbedStringSync((w) => {
    const spec = pod.spec ?? { containers: [] };
    const status = pod.status ?? {};
    const meta = pod.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    if (typeof spec.priority === 'number') w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    if (meta.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${translateTimestampSince(meta.deletionTimestamp, now)})\n`,
      );
      w.write(LEVEL_0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost')
        w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    describePodIPs(pod, w, '');
    const controlledBy = printController(meta.ownerReferences);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    const podResources = (spec as { resources?: Parameters<typeof describeResources>[0] }).resources;
    if (podResources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(podResources, w, LEVEL_1);
    }
    const resolve = envValueRetriever(pod);
    if ((spec.initContainers ?? []).length > 0) {
      describeContainers(
        'Init Containers',
        spec.initContainers ?? [],
        status.initContainerStatuses,
        resolve,
        w,
        '',
      );
    }
    describeContainers('Containers', spec.containers ?? [], status.containerStatuses, resolve, w, '');
    if ((spec.ephemeralContainers ?? []).length > 0) {
      describeContainers(
        'Ephemeral Containers',
        (spec.ephemeralContainers ?? []) as Parameters<typeof describeContainers>[1],
        status.ephemeralContainerStatuses,
        resolve,
        w,
        '',
      );
    }
    if ((spec.readinessGates ?? []).length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates ?? []) {
        const c = (status.conditions ?? []).find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if ((status.conditions ?? []).length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of status.conditions ?? []) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${getPodQOS(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultilineWithIndent(w, '', 'Tolerations', '\t', spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
    if (events) describeEvents(events, w, now);
  });
}
