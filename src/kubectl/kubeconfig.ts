/**
 * The kubeconfig: where kubectl finds the server, the credentials and the namespace.
 *
 * Loading follows client-go's rules (clientcmd.ClientConfigLoadingRules): `--kubeconfig` alone
 * if given (it must exist), else every file in `$KUBECONFIG` merged (the first file to define a
 * name wins), else `~/.kube/config`. Writing goes back as YAML with sorted keys, which is what
 * `clientcmd.WriteToFile` produces, so `cat ~/.kube/config` after `kubectl config use-context`
 * looks exactly as it would on a real machine.
 *
 * `defaultKubeconfig(name)` is the file kind writes after `kind create cluster --name <name>`;
 * the hosts seed `~/.kube/config` with it.
 */
import type { FileSystem } from '../api/io';
import { ConfigurationError, KubectlError } from './errors';
import { toYAML } from './printers/yaml';
import { parseYaml, YamlSyntaxError } from './yamlparse';

export interface KubeconfigCluster {
  server?: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
  'disable-compression'?: boolean;
  extensions?: unknown[];
}

export interface KubeconfigUser {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  token?: string;
  tokenFile?: string;
  as?: string;
  username?: string;
  password?: string;
  exec?: unknown;
  'auth-provider'?: unknown;
  extensions?: unknown[];
}

export interface KubeconfigContext {
  cluster: string;
  user: string;
  namespace?: string;
  extensions?: unknown[];
}

export interface Kubeconfig {
  clusters: { name: string; cluster: KubeconfigCluster }[] | null;
  contexts: { name: string; context: KubeconfigContext }[] | null;
  'current-context': string;
  users: { name: string; user: KubeconfigUser }[] | null;
  preferences: Record<string, unknown>;
  extensions?: unknown[];
}

/** The API server port kind maps to the host when a cluster is created (fixed in Breakfix). */
export const KIND_API_SERVER_PORT = 6443;

/** A deterministic stand-in for the base64 PEM blobs kind writes (not a real certificate). */
function fakePem(label: string, seed: string, bytes: number): string {
  let h = 2166136261;
  for (const c of seed + label) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  let body = '';
  for (let i = 0; i < bytes; i++) {
    h ^= h << 13;
    h >>>= 0;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    body += String.fromCharCode(h & 0xff);
  }
  const b64 = btoa(body).replace(/(.{64})/g, '$1\n');
  const pem = `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
  return btoa(pem);
}

/** The kubeconfig kind writes for `kind create cluster --name <clusterName>`. */
export function defaultKubeconfig(clusterName: string, port = KIND_API_SERVER_PORT): string {
  const name = `kind-${clusterName}`;
  const config: Kubeconfig = {
    clusters: [
      {
        name,
        cluster: {
          'certificate-authority-data': fakePem('CERTIFICATE', name + '/ca', 780),
          server: `https://127.0.0.1:${port}`,
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    users: [
      {
        name,
        user: {
          'client-certificate-data': fakePem('CERTIFICATE', name + '/client', 800),
          'client-key-data': fakePem('RSA PRIVATE KEY', name + '/key', 1190),
        },
      },
    ],
    preferences: {},
  };
  return serializeKubeconfig(config);
}

export function emptyKubeconfig(): Kubeconfig {
  return { clusters: null, contexts: null, 'current-context': '', users: null, preferences: {} };
}

/** The file as clientcmd writes it (v1 Config, keys sorted, lists sorted by name). */
export function serializeKubeconfig(config: Kubeconfig): string {
  return toYAML(toV1(config));
}

const byName = <T extends { name: string }>(list: T[] | null): T[] | null =>
  list === null || list.length === 0
    ? null
    : [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** The v1 Config object in Go struct order (kind, apiVersion, preferences, clusters, users, contexts, current-context). */
export function toV1(config: Kubeconfig): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: config.preferences ?? {},
    clusters: byName(config.clusters)?.map((c) => ({ name: c.name, cluster: clusterV1(c.cluster) })) ?? null,
    users: byName(config.users)?.map((u) => ({ name: u.name, user: userV1(u.user) })) ?? null,
    contexts: byName(config.contexts)?.map((c) => ({ name: c.name, context: contextV1(c.context) })) ?? null,
    'current-context': config['current-context'] ?? '',
  };
  if (config.extensions && config.extensions.length > 0) out.extensions = config.extensions;
  return out;
}

function omitEmpty<T extends object>(o: T, order: string[]): T {
  const out: Record<string, unknown> = {};
  const rec = o as Record<string, unknown>;
  for (const k of order) {
    const v = rec[k];
    if (v === undefined || v === '' || v === false || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

function clusterV1(c: KubeconfigCluster): KubeconfigCluster {
  return omitEmpty(c, [
    'server',
    'tls-server-name',
    'insecure-skip-tls-verify',
    'certificate-authority',
    'certificate-authority-data',
    'proxy-url',
    'disable-compression',
    'extensions',
  ]);
}

function userV1(u: KubeconfigUser): KubeconfigUser {
  return omitEmpty(u, [
    'client-certificate',
    'client-certificate-data',
    'client-key',
    'client-key-data',
    'token',
    'tokenFile',
    'as',
    'username',
    'password',
    'auth-provider',
    'exec',
    'extensions',
  ]);
}

function contextV1(c: KubeconfigContext): KubeconfigContext {
  const out: KubeconfigContext = { cluster: c.cluster ?? '', user: c.user ?? '' };
  if (c.namespace) out.namespace = c.namespace;
  if (c.extensions && c.extensions.length > 0) out.extensions = c.extensions;
  return out;
}

/** Parse a kubeconfig file; throws `error loading config file "<path>": …`. */
export function parseKubeconfig(text: string, path: string): Kubeconfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const msg = e instanceof YamlSyntaxError ? e.message : (e as Error).message;
    throw new KubectlError(`error loading config file ${JSON.stringify(path)}: ${msg}`);
  }
  const cfg = emptyKubeconfig();
  if (raw === null || raw === undefined) return cfg;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new KubectlError(
      `error loading config file ${JSON.stringify(path)}: couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(raw) ? 'array' : typeof raw} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  const r = raw as Record<string, unknown>;
  const list = (v: unknown, inner: string): { name: string }[] | null => {
    if (!Array.isArray(v)) return null;
    return v
      .filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object')
      .map((x) => ({ name: String(x.name ?? ''), [inner]: x[inner] ?? {} }));
  };
  cfg.clusters = list(r.clusters, 'cluster') as Kubeconfig['clusters'];
  cfg.contexts = list(r.contexts, 'context') as Kubeconfig['contexts'];
  cfg.users = list(r.users, 'user') as Kubeconfig['users'];
  cfg['current-context'] = typeof r['current-context'] === 'string' ? r['current-context'] : '';
  cfg.preferences = (r.preferences as Record<string, unknown>) ?? {};
  if (Array.isArray(r.extensions)) cfg.extensions = r.extensions;
  return cfg;
}

/** The result of loading: the merged config and where it came from. */
export interface LoadedKubeconfig {
  config: Kubeconfig;
  /** Files actually read, in order (for the `Config loaded from file:` log lines). */
  loadedFiles: string[];
  /** Where `kubectl config` writes changes (clientcmd GetDefaultFilename). */
  destination: string;
  /** True if --kubeconfig was given. */
  explicit: boolean;
}

/** Merge `src` into `dst`: names already in `dst` win (clientcmd merge order). */
function mergeInto(dst: Kubeconfig, src: Kubeconfig): void {
  const merge = <T extends { name: string }>(a: T[] | null, b: T[] | null): T[] | null => {
    if (!b || b.length === 0) return a;
    const out = a ? [...a] : [];
    for (const item of b) if (!out.some((x) => x.name === item.name)) out.push(item);
    return out;
  };
  dst.clusters = merge(dst.clusters, src.clusters);
  dst.contexts = merge(dst.contexts, src.contexts);
  dst.users = merge(dst.users, src.users);
  if (!dst['current-context'] && src['current-context']) dst['current-context'] = src['current-context'];
}

/** Load the kubeconfig by client-go's loading rules. */
export function loadKubeconfig(
  fs: FileSystem,
  env: Record<string, string>,
  explicitPath: string,
): LoadedKubeconfig {
  if (explicitPath) {
    const path = fs.resolve(explicitPath);
    const text = fs.readFile(path);
    if (text === undefined || fs.isDir(path)) {
      if (fs.isDir(path))
        throw new KubectlError(
          `error loading config file ${JSON.stringify(path)}: read ${path}: is a directory`,
        );
      throw new KubectlError(`stat ${explicitPath}: no such file or directory`);
    }
    return {
      config: parseKubeconfig(text, explicitPath),
      loadedFiles: [path],
      destination: path,
      explicit: true,
    };
  }
  const envList = (env.KUBECONFIG ?? '').split(':').filter((p) => p !== '');
  const paths = envList.length > 0 ? envList : ['~/.kube/config'];
  const config = emptyKubeconfig();
  const loadedFiles: string[] = [];
  let destination = '';
  for (const p of paths) {
    const path = fs.resolve(p);
    const text = fs.isDir(path) ? undefined : fs.readFile(path);
    if (text === undefined) continue;
    if (!destination) destination = path;
    mergeInto(config, parseKubeconfig(text, p));
    loadedFiles.push(path);
  }
  if (!destination) destination = fs.resolve(paths[paths.length - 1]!);
  return { config, loadedFiles, destination, explicit: false };
}

/** Overrides from the global flags (--context, --cluster, --user, --namespace, --server …). */
export interface ConfigOverrides {
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  token?: string;
}

/** What a command needs to talk to the server (clientcmd DirectClientConfig). */
export interface ClientConfig {
  /** e.g. `https://127.0.0.1:6443`; empty when no server is configured (kubectl then uses http://localhost:8080). */
  server: string;
  contextName: string;
  clusterName: string;
  userName: string;
  /** Namespace from --namespace, else the context's, else `default`. */
  namespace: string;
  /** True if the namespace came from --namespace (kubectl's enforceNamespace). */
  explicitNamespace: boolean;
}

const findNamed = <T extends { name: string }>(list: T[] | null, name: string): T | undefined =>
  list?.find((x) => x.name === name);

/**
 * Resolve the config for this invocation, with kubectl's errors for missing pieces
 * (`context was not found for specified context: foo`, `no server found for cluster "x"`).
 */
export function resolveClientConfig(config: Kubeconfig, o: ConfigOverrides): ClientConfig {
  const contextName = o.context || config['current-context'];
  const ctxEntry = contextName ? findNamed(config.contexts, contextName) : undefined;
  if (contextName && !ctxEntry) {
    throw new ConfigurationError([`context was not found for specified context: ${contextName}`]);
  }
  const clusterName = o.cluster || ctxEntry?.context.cluster || '';
  const userName = o.user || ctxEntry?.context.user || '';
  const cluster = clusterName ? findNamed(config.clusters, clusterName) : undefined;
  if (o.user && !findNamed(config.users, o.user)) {
    throw new KubectlError(`auth info ${JSON.stringify(o.user)} does not exist`);
  }
  if (clusterName && !cluster && !o.server) {
    if (o.cluster) throw new KubectlError(`no server found for cluster ${JSON.stringify(clusterName)}`);
    throw new ConfigurationError([`cluster has no server defined`]);
  }
  const server = o.server || cluster?.cluster.server || '';
  if (cluster && !server) throw new ConfigurationError(['cluster has no server defined']);
  const explicitNamespace = !!o.namespace;
  const namespace = o.namespace || ctxEntry?.context.namespace || 'default';
  return { server, contextName: contextName ?? '', clusterName, userName, namespace, explicitNamespace };
}

/** The redacted view (`kubectl config view` without --raw): DATA+OMITTED and REDACTED. */
export function redactKubeconfig(config: Kubeconfig): Kubeconfig {
  const c = structuredClone(config);
  for (const cl of c.clusters ?? []) {
    if (cl.cluster['certificate-authority-data']) cl.cluster['certificate-authority-data'] = 'DATA+OMITTED';
  }
  for (const u of c.users ?? []) {
    if (u.user['client-certificate-data']) u.user['client-certificate-data'] = 'DATA+OMITTED';
    if (u.user['client-key-data']) u.user['client-key-data'] = 'DATA+OMITTED';
    if (u.user.token) u.user.token = 'REDACTED';
    if (u.user.password) u.user.password = 'REDACTED';
  }
  return c;
}

/** `--minify`: only the current context, its cluster and its user. */
export function minifyKubeconfig(config: Kubeconfig, contextOverride = ''): Kubeconfig {
  const name = contextOverride || config['current-context'];
  if (!name) throw new KubectlError('current-context must exist in order to minify');
  const ctx = findNamed(config.contexts, name);
  if (!ctx) throw new KubectlError(`cannot locate context ${name}`);
  const cluster = findNamed(config.clusters, ctx.context.cluster);
  const user = findNamed(config.users, ctx.context.user);
  return {
    clusters: cluster ? [cluster] : null,
    contexts: [ctx],
    'current-context': name,
    users: user ? [user] : null,
    preferences: config.preferences,
  };
}
