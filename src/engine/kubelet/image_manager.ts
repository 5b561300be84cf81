/**
 * The kubelet's image manager (pkg/kubelet/images/image_manager.go): EnsureImageExists applies
 * the pull policy, the per-image back-off (ErrImagePull → ImagePullBackOff: 10 s doubling to
 * 5 min), pulls through the runtime's registry (the image catalog), and records the events with
 * kubelet's exact texts:
 *   Normal  Pulling  Pulling image "nginx:1.25.3"
 *   Normal  Pulled   Successfully pulled image "nginx:1.25.3" in 6.84s (6.84s including waiting). Image size: 70520156 bytes.
 *   Normal  Pulled   Container image "nginx:1.25.3" already present on machine
 *   Warning Failed   Failed to pull image "blux2/hello-server:1.1": rpc error: code = NotFound desc = …
 *   Normal  BackOff  Back-off pulling image "blux2/hello-server:1.1"
 * Pulls are serialized per node (serializeImagePulls: true, the default): a second pod's pull
 * waits, and its "including waiting" time shows it. A pull of an image that an earlier pull in the
 * queue has meanwhile stored transfers nothing (its layers are in containerd's content store); a
 * pod that checks after the image is stored gets "already present on machine".
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { formatGoDuration } from '../../apimachinery/duration';
import type { SimClock } from '../clock';
import type { EventRecorder, ObjectReference } from '../events';
import type { Rand } from '../rand';
import { Backoff } from './backoff';
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS } from './config';
import { Signal, sleepFor, wait, type Task } from './coroutine';
import type { ImageCatalog } from './images/catalog';
import { applyDefaultImageTag, parseReference, normalizedName } from './images/reference';
import type { ImageEntry } from './images/types';
import type { ContainerRuntime } from './runtime/containerd';
import { draw, type LifecycleStages } from './stages';

export type ImageError = 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName';

export type EnsureResult =
  { ok: true; image: ImageEntry } | { ok: false; reason: ImageError; message: string };

/** Duration.Truncate(time.Millisecond).String() */
const goDur = (ms: number): string => formatGoDuration(Math.floor(ms));

export class ImageManager {
  readonly backoff: Backoff;
  /** The serialized puller: each pull waits for the previous one. */
  private queueTail: Signal<void> | undefined;

  constructor(
    private readonly clock: SimClock,
    private readonly rand: Rand,
    private readonly runtime: ContainerRuntime,
    private readonly catalog: ImageCatalog,
    private readonly recorder: EventRecorder,
    private readonly stages: () => LifecycleStages,
  ) {
    this.backoff = new Backoff(() => clock.now(), BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
  }

  *ensureImageExists(pod: Pod, container: Container, ref: ObjectReference): Task<EnsureResult> {
    const spec = container.image ?? '';
    let image: string;
    try {
      image = applyDefaultImageTag(spec);
    } catch (e) {
      const msg = `Failed to apply default image tag ${JSON.stringify(spec)}: ${(e as Error).message}`;
      this.recorder.event(ref, 'Warning', 'InspectFailed', msg);
      return { ok: false, reason: 'InvalidImageName', message: msg };
    }
    const parsed = parseReference(image);
    const name = normalizedName(parsed);
    const present = this.runtime.hasImage(name);
    const policy = container.imagePullPolicy ?? 'IfNotPresent';
    const shouldPull = policy === 'Always' || (policy === 'IfNotPresent' && !present);
    if (!shouldPull) {
      if (present) {
        this.recorder.event(
          ref,
          'Normal',
          'Pulled',
          `Container image ${JSON.stringify(spec)} already present on machine`,
        );
        return { ok: true, image: present };
      }
      const msg = `Container image ${JSON.stringify(spec)} is not present with pull policy of Never`;
      this.recorder.event(ref, 'Warning', 'ErrImageNeverPull', msg);
      return { ok: false, reason: 'ErrImageNeverPull', message: msg };
    }
    const key = `${pod.metadata!.uid}_${spec}`;
    if (this.backoff.isInBackOffSinceUpdate(key, this.clock.now())) {
      const msg = `Back-off pulling image ${JSON.stringify(spec)}`;
      this.recorder.event(ref, 'Normal', 'BackOff', msg);
      return { ok: false, reason: 'ImagePullBackOff', message: msg };
    }
    this.recorder.event(ref, 'Normal', 'Pulling', `Pulling image ${JSON.stringify(spec)}`);
    const start = this.clock.now();
    // wait our turn (serialized pulls)
    const prev = this.queueTail;
    const mine = new Signal<void>();
    this.queueTail = mine;
    try {
      if (prev && !prev.done) yield* wait(prev);
      const pullStart = this.clock.now();
      const st = this.stages();
      const resolved = this.catalog.resolve(parsed);
      if (!('repo' in resolved)) {
        yield* wait(sleepFor(this.clock, draw(this.rand, st.pullNotFound), 'image pull'));
        const err = `rpc error: code = ${resolved.code} desc = ${resolved.message}`;
        this.recorder.event(ref, 'Warning', 'Failed', `Failed to pull image ${JSON.stringify(spec)}: ${err}`);
        this.backoff.next(key, this.clock.now());
        return { ok: false, reason: 'ErrImagePull', message: err };
      }
      // The random draw is taken as before; but once an earlier pull of the queue has stored the
      // image (several pods of one image created together), containerd finds every layer in its
      // content store and the pull only resolves the manifest: no transfer.
      let transfer = present
        ? 0
        : (resolved.size / st.pullBytesPerSecond) * 1000 * (0.85 + 0.3 * this.rand.next());
      if (this.runtime.hasImage(name)) transfer = 0;
      yield* wait(sleepFor(this.clock, draw(this.rand, st.pullLatency) + transfer, 'image pull'));
      this.runtime.addImage(resolved);
      const end = this.clock.now();
      this.recorder.event(
        ref,
        'Normal',
        'Pulled',
        `Successfully pulled image ${JSON.stringify(spec)} in ${goDur(end - pullStart)} (${goDur(end - start)} including waiting). Image size: ${resolved.size} bytes.`,
      );
      this.backoff.gc();
      return { ok: true, image: resolved };
    } finally {
      mine.fire();
      if (this.queueTail === mine) this.queueTail = undefined;
    }
  }
}
