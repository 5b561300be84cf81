/**
 * The lesson format: what `lessons/<id>/lesson.yaml` contains (validated by
 * lessons/lesson.schema.json) and what the loader makes of a lesson folder.
 *
 * A lesson is a small story in steps. Each step has a kind:
 *  - `read`: text only; the learner moves on when ready;
 *  - `do`: the learner changes the cluster until the step's checks hold;
 *  - `break`: on entering the step the lesson injects a fault (applies a manifest, runs a
 *    command); the checks describe the repaired cluster, so the learner must find and fix it;
 *  - `predict`: a question is answered first (choices), then the learner runs something; once
 *    the checks hold, the answer is shown against what happened.
 *
 * Checks (./checks) read the cluster through the KubeClient, as a careful kubectl user would,
 * so any correct solution passes and every failure says what is still wrong.
 *
 * The TypeScript types mirror the JSON schema; tests/lessons/schema.test.ts keeps them together.
 */

/** Every text the learner sees exists in Japanese and English. */
export interface Text {
  ja: string;
  en: string;
}

export type Lang = keyof Text;
export const LANGS: readonly Lang[] = ['ja', 'en'];

/**
 * Cluster presets by the names of the book's kind clusters (src/engine/presets.ts PRESETS):
 * `kind` (one node), `kind-multinode` (control plane + 2 workers), `kind-nodeport` (one node,
 * NodePort 30599 on localhost), `multinode-nodeport` (3 nodes with the 30599 mapping).
 */
export type PresetName = 'kind' | 'kind-multinode' | 'kind-nodeport' | 'multinode-nodeport';
export const PRESET_NAMES: readonly PresetName[] = ['kind', 'kind-multinode', 'kind-nodeport', 'multinode-nodeport'];

/**
 * What the simulator must be able to do for a lesson (or a step) to work. The runtime shows a
 * lesson whose requirements are missing as "not available yet"; the replay test skips such
 * steps with the reason, and fails as soon as the capability exists but the step does not pass.
 *
 *  - `scheduler`: Pending pods get a node;
 *  - `kubelet`: pods on a node start (images, Running, Ready, restarts);
 *  - `logs`: the log subresource of a running pod (what the logs check reads);
 *  - `exec`, `port-forward`, `debug`: those kubectl verbs, on running pods;
 *  - `workloads`: Deployment and ReplicaSet controllers;
 *  - `jobs`: Job and CronJob controllers;
 *  - `endpoints`: Services get endpoints from ready pods;
 *  - `dns`: cluster DNS names resolve inside pods;
 *  - `http`: HTTP requests between pods, to Services and from the host (the http check);
 *  - `kubectl:<verb>`: a kubectl verb (e.g. `kubectl:edit`, `kubectl:delete`).
 */
export type Capability =
  | 'scheduler'
  | 'kubelet'
  | 'logs'
  | 'exec'
  | 'port-forward'
  | 'debug'
  | 'workloads'
  | 'jobs'
  | 'endpoints'
  | 'dns'
  | 'http'
  | `kubectl:${string}`;

// ---- checks ------------------------------------------------------------------------------------

/** Which object a check looks at. `kind` is a Kind (`Deployment`) or a kubectl resource name (`deploy`). */
export interface ObjectRef {
  kind: string;
  /** e.g. `apps/v1`; default: the group's preferred version from discovery. */
  apiVersion?: string;
  name: string;
  /** For namespaced kinds; default: the lesson's namespace (`default`). */
  namespace?: string;
}

interface CheckBase {
  /** Overrides the generated checklist line. */
  title?: Text;
}

/** The object exists (and is not being deleted). */
export interface ExistsCheck extends CheckBase, ObjectRef {
  check: 'exists';
}

/** The object does not exist (an object still being deleted counts as present). */
export interface AbsentCheck extends CheckBase, ObjectRef {
  check: 'absent';
}

/**
 * What `kubectl get <kind> <name> -o jsonpath='<path>'` prints equals a string or matches a
 * regular expression. With `selector` instead of `name`, the template runs on the List, as
 * `kubectl get <kind> -l <selector> -o jsonpath=…` does.
 */
export interface FieldCheck extends CheckBase {
  check: 'field';
  kind: string;
  apiVersion?: string;
  name?: string;
  selector?: string;
  namespace?: string;
  /** A kubectl JSONPath template, e.g. `{.spec.containers[0].image}`. */
  path: string;
  equals?: string;
  /** A JavaScript regular expression (unanchored: use ^…$ to match the whole output). */
  matches?: string;
}

/**
 * Pods matching a label selector that are Ready (condition Ready=True, not being deleted).
 * `count`: exactly this many; `min`: at least this many (default: at least 1).
 */
export interface PodsReadyCheck extends CheckBase {
  check: 'podsReady';
  selector: string;
  namespace?: string;
  count?: number;
  min?: number;
}

/** A status condition of an object has a status (default `True`), and optionally a reason. */
export interface ConditionCheck extends CheckBase, ObjectRef {
  check: 'condition';
  condition: string;
  status?: 'True' | 'False' | 'Unknown';
  reason?: string;
}

/**
 * Ready replicas of a Deployment, ReplicaSet or StatefulSet: `count` (default `spec.replicas`)
 * pods are ready. "Deployment web has 1/3 ready replicas."
 */
export interface ReplicasCheck extends CheckBase, ObjectRef {
  check: 'replicas';
  count?: number;
}

/** A Deployment's rollout is complete, as `kubectl rollout status` decides it. */
export interface RolloutCheck extends CheckBase, ObjectRef {
  check: 'rollout';
}

/**
 * An Event has been recorded: reason and/or message (regular expression), optionally about one
 * object. `since: step` (default) counts events last seen after the step started.
 */
export interface EventCheck extends CheckBase {
  check: 'event';
  namespace?: string;
  involved?: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  type?: 'Normal' | 'Warning';
  since?: 'step' | 'lesson' | 'ever';
}

/**
 * What `kubectl logs` shows: a line of a pod's log (or of any pod matching `selector`) matches a
 * regular expression. `previous`: the log of the container's previous run (`kubectl logs -p`).
 */
export interface LogsCheck extends CheckBase {
  check: 'logs';
  pod?: string;
  selector?: string;
  namespace?: string;
  container?: string;
  previous?: boolean;
  matches: string;
}

/** A Service has ready endpoints (at least `min`, default 1). */
export interface EndpointsCheck extends CheckBase {
  check: 'endpoints';
  service: string;
  namespace?: string;
  min?: number;
}

/** Where an HTTP request starts: inside a pod's network namespace, or on the learner's machine. */
export type HttpFrom = { pod: string; namespace?: string; container?: string } | 'host';

/**
 * An HTTP request (GET unless `method`) returns a status (default 200) and a body that
 * matches `body` (regular expression). The request is made by the host (see LessonHost.http).
 */
export interface HttpCheck extends CheckBase {
  check: 'http';
  from: HttpFrom;
  url: string;
  method?: string;
  status?: number;
  body?: string;
}

/**
 * The learner ran a command of this kind, e.g. `kubectl describe pod` or `kubectl get pods
 * -o wide` (flags and resource names are compared as kubectl reads them). Only for lessons about
 * the commands themselves (`commandLesson: true`): everywhere else, checks look at the cluster.
 */
export interface CommandCheck extends CheckBase {
  check: 'command';
  command: string;
  /** Count only commands that exited 0 (when the host reports exit codes). Default false. */
  succeeded?: boolean;
  since?: 'step' | 'lesson';
}

export interface AllCheck extends CheckBase {
  check: 'all';
  checks: readonly Check[];
}

export interface AnyCheck extends CheckBase {
  check: 'any';
  checks: readonly Check[];
}

export interface NotCheck extends CheckBase {
  check: 'not';
  of: Check;
}

export type Check =
  | ExistsCheck
  | AbsentCheck
  | FieldCheck
  | PodsReadyCheck
  | ConditionCheck
  | ReplicasCheck
  | RolloutCheck
  | EventCheck
  | LogsCheck
  | EndpointsCheck
  | HttpCheck
  | CommandCheck
  | AllCheck
  | AnyCheck
  | NotCheck;

export type CheckKind = Check['check'];

/** Every check kind; the schema test compares it with lessons/lesson.schema.json. */
export const CHECK_KINDS: readonly CheckKind[] = [
  'exists',
  'absent',
  'field',
  'podsReady',
  'condition',
  'replicas',
  'rollout',
  'event',
  'logs',
  'endpoints',
  'http',
  'command',
  'all',
  'any',
  'not',
];

// ---- steps and lessons -------------------------------------------------------------------------

export type StepKind = 'do' | 'break' | 'predict' | 'read';

export interface Choice {
  id: string;
  text: Text;
}

/** A fault injected when a break step starts: manifests applied with `kubectl apply -f`, then commands. */
export interface Inject {
  manifests?: string[];
  commands?: string[];
}

export interface StepSpec {
  /** Stable id (saved progress refers to steps by id). */
  id: string;
  kind: StepKind;
  /** Capabilities this step needs on top of the lesson's. */
  requires?: Capability[];
  /** All must hold for the step to be done (do, break; optional for predict). */
  checks?: Check[];
  /** Progressive hints, shown one at a time. */
  hints?: Text[];
  /**
   * Shell lines that solve the step (one command each; a heredoc may span lines). The replay
   * test runs them; the UI may offer them as "show me".
   */
  solution?: string[];
  /** break: the fault. */
  inject?: Inject;
  /** predict: the question, the choices and the right one, and what to say afterwards. */
  question?: Text;
  choices?: Choice[];
  answer?: string;
  explanation?: Text;
  /**
   * Replay only: how many simulated seconds the cluster may take after the solution before the
   * checks must hold (pull images, roll out). Default 120.
   */
  settleSeconds?: number;
}

export interface LessonSpec {
  id: string;
  chapter: number;
  /** Order within the chapter. */
  order: number;
  title: Text;
  summary?: Text;
  prerequisites?: string[];
  cluster: { preset: PresetName; seed?: number };
  /** The namespace checks look in when they do not name one. Default `default`. */
  namespace?: string;
  requires?: Capability[];
  /** Allows `command` checks: the lesson is about the commands themselves. */
  commandLesson?: boolean;
  start?: {
    /** Files of `files/` copied into the learner's home (`~/<name>`) at the start. */
    files?: string[];
    /** Files of `files/` applied with `kubectl apply -f` at the start. */
    manifests?: string[];
    /** Shell lines run at the start (after the manifests). */
    commands?: string[];
  };
  steps: StepSpec[];
}

// ---- step texts (Markdown) ---------------------------------------------------------------------

/**
 * A code block of a step text. Its fence's info string says what it does:
 *  - ```` ```sh run ```` — click-to-run: the UI types the whole block into the terminal;
 *  - ```` ```yaml file=myapp.yaml ```` — shows a lesson file (the block must equal it) and opens
 *    `~/myapp.yaml` in the editor on click;
 *  - anything else is shown as is (output examples, snippets).
 */
export interface CodeBlock {
  lang: string;
  run: boolean;
  file?: string;
  code: string;
}

export type DocSegment = { type: 'markdown'; text: string } | ({ type: 'code' } & CodeBlock);

/** A parsed step text: Markdown segments and code blocks in order. */
export interface StepDoc {
  segments: DocSegment[];
  /** `[label](open:path)` links in order: click-to-open files. */
  openLinks: string[];
  /** `#`-heading levels in order (structure comparison between languages). */
  headings: number[];
}

/** A loaded lesson: the spec plus its texts and files. Plain data, safe to post between threads. */
export interface Lesson {
  spec: LessonSpec;
  /** Step texts, one per step, per language. */
  texts: { ja: StepDoc; en: StepDoc }[];
  /** Optional finish-screen text. */
  finish?: { ja: StepDoc; en: StepDoc };
  /** `files/<name>` contents by name. */
  files: Record<string, string>;
}
