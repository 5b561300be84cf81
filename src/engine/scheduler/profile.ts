/**
 * The default profile of kube-scheduler v1.32 (apis/config/v1/default_plugins.go, reference
 * §10.1): every plugin at every extension point it implements, in this order, with these score
 * weights. The volume plugins (VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone)
 * are not simulated: Breakfix has no persistent volumes yet (docs/FIDELITY.md).
 */
import type { PluginHandle } from './framework/handle';
import { Framework, type PluginEntry } from './framework/runtime';
import { DefaultBinder } from './plugins/default-binder';
import { DefaultPreemption } from './plugins/default-preemption';
import { ImageLocality } from './plugins/image-locality';
import { InterPodAffinity } from './plugins/inter-pod-affinity';
import { NodeAffinity } from './plugins/node-affinity';
import { NodeName } from './plugins/node-name';
import { NodePorts } from './plugins/node-ports';
import { NodeResourcesBalancedAllocation } from './plugins/balanced-allocation';
import { NodeResourcesFit } from './plugins/node-resources-fit';
import { NodeUnschedulable } from './plugins/node-unschedulable';
import { PodTopologySpread } from './plugins/pod-topology-spread';
import { PrioritySort } from './plugins/priority-sort';
import { SchedulingGates } from './plugins/scheduling-gates';
import { TaintToleration } from './plugins/taint-toleration';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** The default profile's plugins (MultiPoint), in upstream's order. */
export function defaultPlugins(handle: PluginHandle): PluginEntry[] {
  return [
    { plugin: new SchedulingGates() },
    { plugin: new PrioritySort() },
    { plugin: new NodeUnschedulable() },
    { plugin: new NodeName() },
    { plugin: new TaintToleration(), weight: 3 },
    { plugin: new NodeAffinity(), weight: 2 },
    { plugin: new NodePorts() },
    { plugin: new NodeResourcesFit(), weight: 1 },
    { plugin: new PodTopologySpread(handle), weight: 2 },
    { plugin: new InterPodAffinity(handle), weight: 2 },
    { plugin: new DefaultPreemption(handle) },
    { plugin: new NodeResourcesBalancedAllocation(), weight: 1 },
    { plugin: new ImageLocality(handle), weight: 1 },
    { plugin: new DefaultBinder(handle) },
  ];
}

export function defaultFramework(handle: PluginHandle, profileName = DEFAULT_SCHEDULER_NAME): Framework {
  return new Framework(profileName, defaultPlugins(handle));
}
