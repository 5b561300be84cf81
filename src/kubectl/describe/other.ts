/**
 * Describers of the non-core kinds: HorizontalPodAutoscaler, PodDisruptionBudget, PriorityClass and
 * EndpointSlice (describe.go).
 */
import type { HorizontalPodAutoscaler as HPAv1 } from 'kubernetes-types/autoscaling/v1';
import type { HPAScalingRules, HorizontalPodAutoscaler as HPAv2 } from 'kubernetes-types/autoscaling/v2';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { Event } from 'kubernetes-types/core/v1';
import type { DescribeClient } from './client';
import { describeEvents, searchEvents } from './events';
import {
  formatLabelSelector,
  formatLabels,
  formatRFC1123Z,
  intOrString,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './helpers';
import type { DescribeSettings } from './types';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedStringSync, type PrefixWriter } from './writer';

const str = (v: unknown): string => (v === undefined || v === null ? '<unknown>' : String(v));

// ---- HorizontalPodAutoscaler -----------------------------------------------------------------

/**
 * HorizontalPodAutoscalerDescriber: kubectl GETs the autoscaling/v2 object first and only falls
 * back to autoscaling/v1 if that fails.
 */
export async function describeHPAByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  let v2: HPAv2 | undefined;
  try {
    v2 = await client.get<HPAv2>('autoscaling/v2', 'horizontalpodautoscalers', namespace, name);
  } catch {
    v2 = undefined;
  }
  if (v2) {
    const events = settings.showEvents
      ? await searchEvents(client, {
          kind: 'HorizontalPodAutoscaler',
          name,
          namespace,
          uid: v2.metadata?.uid,
        })
      : undefined;
    return describeHPAv2(v2, events, settings.now);
  }
  const v1 = await client.get<HPAv1>('autoscaling/v1', 'horizontalpodautoscalers', namespace, name);
  const events = settings.showEvents
    ? await searchEvents(client, { kind: 'HorizontalPodAutoscaler', name, namespace, uid: v1.metadata?.uid })
    : undefined;
  return describeHPAv1(v1, events, settings.now);
}

function printDirectionBehavior(
  w: PrefixWriter,
  direction: string,
  rules: HPAScalingRules | undefined,
): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (typeof rules.stabilizationWindowSeconds === 'number')
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if ((rules.policies ?? []).length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies ?? [])
      w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHPAv2(hpa: HPAv2, events: Event[] | undefined, now: number): string {
  return tabbedStringSync((w) => {
    const spec = hpa.spec;
    const status = hpa.status;
    const current = status?.currentMetrics ?? [];
    w.write(LEVEL_0, `Name:\t${hpa.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(hpa.metadata?.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec?.scaleTargetRef?.kind ?? ''}/${spec?.scaleTargetRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    (spec?.metrics ?? []).forEach((metric, i) => {
      const st = current[i];
      switch (metric.type) {
        case 'External': {
          const ext = metric.external;
          if (ext?.target?.averageValue != null) {
            const cur =
              st?.external?.current?.averageValue != null
                ? String(st.external.current.averageValue)
                : '<unknown>';
            w.write(
              LEVEL_1,
              `"${ext.metric.name}" (target average value):\t${cur} / ${String(ext.target.averageValue)}\n`,
            );
          } else {
            const cur = st?.external ? str(st.external.current?.value) : '<unknown>';
            w.write(
              LEVEL_1,
              `"${ext?.metric?.name ?? ''}" (target value):\t${cur} / ${str(ext?.target?.value)}\n`,
            );
          }
          break;
        }
        case 'Pods': {
          const cur = st?.pods ? str(st.pods.current?.averageValue) : '<unknown>';
          w.write(
            LEVEL_1,
            `"${metric.pods?.metric?.name ?? ''}" on pods:\t${cur} / ${str(metric.pods?.target?.averageValue)}\n`,
          );
          break;
        }
        case 'Object': {
          const obj = metric.object;
          w.write(
            LEVEL_1,
            `"${obj?.metric?.name ?? ''}" on ${obj?.describedObject?.kind ?? ''}/${obj?.describedObject?.name ?? ''} `,
          );
          if (obj?.target?.type === 'AverageValue') {
            const cur = st?.object ? str(st.object.current?.averageValue) : '<unknown>';
            w.write(LEVEL_0, `(target average value):\t${cur} / ${str(obj.target.averageValue)}\n`);
          } else {
            const cur = st?.object ? str(st.object.current?.value) : '<unknown>';
            w.write(LEVEL_0, `(target value):\t${cur} / ${str(obj?.target?.value)}\n`);
          }
          break;
        }
        case 'Resource':
        case 'ContainerResource': {
          const r = metric.type === 'Resource' ? metric.resource : metric.containerResource;
          const s = metric.type === 'Resource' ? st?.resource : st?.containerResource;
          if (metric.type === 'Resource') w.write(LEVEL_1, `resource ${r?.name ?? ''} on pods`);
          else
            w.write(
              LEVEL_1,
              `resource ${r?.name ?? ''} of container "${metric.containerResource?.container ?? ''}" on pods`,
            );
          if (r?.target?.averageValue != null) {
            const cur = s ? str(s.current?.averageValue) : '<unknown>';
            w.write(LEVEL_0, `:\t${cur} / ${String(r.target.averageValue)}\n`);
          } else {
            const util = s?.current?.averageUtilization;
            const cur =
              typeof util === 'number'
                ? `${util}% (${String(s?.current?.averageValue ?? '0')})`
                : '<unknown>';
            const t = r?.target?.averageUtilization;
            w.write(
              LEVEL_1,
              `(as a percentage of request):\t${cur} / ${typeof t === 'number' ? `${t}%` : '<auto>'}\n`,
            );
          }
          break;
        }
        default:
          w.write(LEVEL_1, `<unknown metric type "${metric.type}">\n`);
      }
    });
    w.write(
      LEVEL_0,
      `Min replicas:\t${typeof spec?.minReplicas === 'number' ? spec.minReplicas : '<unset>'}\n`,
    );
    w.write(LEVEL_0, `Max replicas:\t${spec?.maxReplicas ?? 0}\n`);
    if (spec?.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
      printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec?.scaleTargetRef?.kind ?? ''} pods:\t`);
    w.write(LEVEL_0, `${status?.currentReplicas ?? 0} current / ${status?.desiredReplicas ?? 0} desired\n`);
    const conditions = status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of conditions)
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}

export function describeHPAv1(hpa: HPAv1, events: Event[] | undefined, now: number): string {
  return tabbedStringSync((w) => {
    const spec = hpa.spec;
    w.write(LEVEL_0, `Name:\t${hpa.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(hpa.metadata?.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec?.scaleTargetRef?.kind ?? ''}/${spec?.scaleTargetRef?.name ?? ''}\n`);
    if (typeof spec?.targetCPUUtilizationPercentage === 'number') {
      w.write(LEVEL_0, `Target CPU utilization:\t${spec.targetCPUUtilizationPercentage}%\n`);
      const cur = hpa.status?.currentCPUUtilizationPercentage;
      w.write(LEVEL_0, `Current CPU utilization:\t${typeof cur === 'number' ? cur : '<unknown>'}%\n`);
    }
    w.write(
      LEVEL_0,
      `Min replicas:\t${typeof spec?.minReplicas === 'number' ? spec.minReplicas : '<unset>'}\n`,
    );
    w.write(LEVEL_0, `Max replicas:\t${spec?.maxReplicas ?? 0}\n`);
    w.write(LEVEL_0, `${spec?.scaleTargetRef?.kind ?? ''} pods:\t`);
    w.write(
      LEVEL_0,
      `${hpa.status?.currentReplicas ?? 0} current / ${hpa.status?.desiredReplicas ?? 0} desired\n`,
    );
    if (events) describeEvents(events, w, now);
  });
}

// ---- PodDisruptionBudget / PriorityClass -----------------------------------------------------

export async function describePDBByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const pdb = await client.get<PodDisruptionBudget>('policy/v1', 'poddisruptionbudgets', namespace, name);
  const events = settings.showEvents
    ? await searchEvents(client, { kind: 'PodDisruptionBudget', name, namespace, uid: pdb.metadata?.uid })
    : undefined;
  return describePDB(pdb, events, settings.now);
}

export function describePDB(pdb: PodDisruptionBudget, events: Event[] | undefined, now: number): string {
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${pdb.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata?.namespace ?? ''}\n`);
    if (pdb.spec?.minAvailable != null)
      w.write(LEVEL_0, `Min available:\t${intOrString(pdb.spec.minAvailable)}\n`);
    else if (pdb.spec?.maxUnavailable != null)
      w.write(LEVEL_0, `Max unavailable:\t${intOrString(pdb.spec.maxUnavailable)}\n`);
    if (pdb.spec?.selector) w.write(LEVEL_0, `Selector:\t${formatLabelSelector(pdb.spec.selector)}\n`);
    else w.write(LEVEL_0, 'Selector:\t<unset>\n');
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${pdb.status?.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${pdb.status?.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${pdb.status?.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${pdb.status?.expectedPods ?? 0}\n`);
    if (events) describeEvents(events, w, now);
  });
}

export async function describePriorityClassByName(
  client: DescribeClient,
  _namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const pc = await client.get<PriorityClass>('scheduling.k8s.io/v1', 'priorityclasses', undefined, name);
  const events = settings.showEvents
    ? await searchEvents(client, { kind: 'PriorityClass', name, namespace: '', uid: pc.metadata?.uid })
    : undefined;
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${pc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Value:\t${pc.value}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata?.annotations)}\n`);
    if (events) describeEvents(events, w, settings.now);
  });
}

// ---- EndpointSlice ---------------------------------------------------------------------------

export async function describeEndpointSliceByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const eps = await client.get<EndpointSlice>('discovery.k8s.io/v1', 'endpointslices', namespace, name);
  const events = settings.showEvents
    ? await searchEvents(client, { kind: 'EndpointSlice', name, namespace, uid: eps.metadata?.uid })
    : undefined;
  return describeEndpointSlice(eps, events, settings.now);
}

export function describeEndpointSlice(eps: EndpointSlice, events: Event[] | undefined, now: number): string {
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', eps.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', eps.metadata?.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType}\n`);
    const ports = eps.ports ?? [];
    if (ports.length === 0) {
      w.write(LEVEL_0, 'Ports: <unset>\n');
    } else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of ports) {
        const portName = p.name ? p.name : '<unset>';
        const portNum = typeof p.port === 'number' ? String(p.port) : '<unset>';
        w.write(LEVEL_1, `${portName}\t${portNum}\t${p.protocol ?? ''}\n`);
      }
    }
    const endpoints = eps.endpoints ?? [];
    if (endpoints.length === 0) {
      w.write(LEVEL_0, 'Endpoints: <none>\n');
    } else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const ep of endpoints) {
        const addrs = (ep.addresses ?? []).join(', ');
        w.write(LEVEL_1, `- Addresses:\t${addrs || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        const ready = typeof ep.conditions?.ready === 'boolean' ? String(ep.conditions.ready) : '<unset>';
        w.write(LEVEL_3, `Ready:\t${ready}\n`);
        w.write(LEVEL_2, `Hostname:\t${ep.hostname ?? '<unset>'}\n`);
        if (ep.targetRef)
          w.write(LEVEL_2, `TargetRef:\t${ep.targetRef.kind ?? ''}/${ep.targetRef.name ?? ''}\n`);
        w.write(LEVEL_2, `NodeName:\t${ep.nodeName ?? '<unset>'}\n`);
        w.write(LEVEL_2, `Zone:\t${ep.zone ?? '<unset>'}\n`);
      }
    }
    if (events) describeEvents(events, w, now);
  });
}
