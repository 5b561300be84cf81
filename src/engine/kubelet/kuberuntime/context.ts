/** What the runtime manager needs from its kubelet. */
import type { Pod } from 'kubernetes-types/core/v1';
import type { SimClock } from '../../clock';
import type { EventRecorder, ObjectReference } from '../../events';
import type { Logger } from '../../controllers/framework/log';
import type { PodNetwork, NetNamespace } from '../../network/index';
import type { Rand } from '../../rand';
import type { Backoff } from '../backoff';
import type { ImageManager } from '../image_manager';
import type { PodRecord } from '../pod_record';
import type { ProbeManager } from '../prober/prober_manager';
import type { ContainerRuntime } from '../runtime/containerd';
import type { LifecycleStages } from '../stages';
import type { EnvContext, ObjectSource } from '../volumes/envvars';
import type { VolumeManager } from '../volumes/volume_manager';

export interface KubeletContext {
  clock: SimClock;
  rand: Rand;
  nodeName: string;
  nodeIP: string;
  network: PodNetwork;
  nodeNetns: NetNamespace;
  runtime: ContainerRuntime;
  images: ImageManager;
  probes: ProbeManager;
  volumes: VolumeManager;
  recorder: EventRecorder;
  logger: Logger;
  stages(): LifecycleStages;
  /** Container restart back-off (CrashLoopBackOff). */
  backoff: Backoff;
  objects: ObjectSource;
  envContext(pod: Pod): EnvContext;
  /** A container or sandbox changed: the PLEG reports it on its next relist. */
  pleg(rec: PodRecord): void;
  /** Reference to a container of a pod, for events (`spec.containers{web}`). */
  containerRef(pod: Pod, containerName: string): ObjectReference;
}
