/**
 * `kubectl create -f FILE` and the `kubectl create <generator>` subcommands
 * (kubectl/pkg/cmd/create). The generators build the typed object on the client (see
 * src/kubectl/generators); this file parses their flags, prints the object for
 * `--dry-run=client`, and otherwise POSTs it and prints what the server stored.
 */
import type { KubeObject } from '../../api/types';
import { type Mapping } from '../discovery';
import { CobraError, ExitError, KubectlError, NoResourceMatchError } from '../errors';
import { generateConfigMap } from '../generators/configmap';
import { generateCronJob } from '../generators/cronjob';
import { generateDeployment } from '../generators/deployment';
import { generateJob, generateJobFromCronJob, validateJob } from '../generators/job';
import { generatePdb } from '../generators/pdb';
import { generateQuota } from '../generators/quota';
import { generateSecretDockerRegistry, generateSecretGeneric, generateSecretTLS } from '../generators/secret';
import { generateService, type ServiceType } from '../generators/service';
import { generateIngress } from '../generators/ingress';
import {
  generateClusterRole,
  generateClusterRoleBinding,
  generateRole,
  generateRoleBinding,
  type ResolveResource,
} from '../generators/rbac';
import { generateNamespace, generatePriorityClass, generateServiceAccount } from '../generators/simple';
import { GeneratorError, type GeneratorEnv } from '../generators/types';
import { type CommandSpec, type Invocation } from '../registry';
import { createApplyAnnotation } from './lastapplied';
import {
  addSourceToErr,
  checkOutput,
  collectErrors,
  dryRunStrategy,
  dryRunSuffix,
  Helper,
  helpSpec,
  printObject,
  randomString,
  requireFilename,
  seededRandom,
  sortDeep,
  validationDirective,
} from './writeutil';

// ---------------------------------------------------------------------------------------------
// create -f

async function runCreateFromFiles(inv: Invocation): Promise<void> {
  if (inv.args.length > 0) throw inv.usageError(`Unexpected args: [${inv.args.join(' ')}]`);
  requireFilename(inv);
  if (inv.flags.bool('edit')) throw new KubectlError('kubectl create --edit is not simulated in Breakfix');
  if (inv.flags.string('raw')) throw new KubectlError('kubectl create --raw is not simulated in Breakfix');
  const dryRun = dryRunStrategy(inv);
  checkOutput(inv);
  const fieldValidation = validationDirective(inv);
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    filenames: inv.flags.strings('filename'),
    recursive: inv.flags.bool('recursive'),
    labelSelector: inv.flags.string('selector') || undefined,
    namespace,
    enforceNamespace: explicit,
    validate: fieldValidation !== 'Ignore',
  });
  const errs: Error[] = [...result.errors];
  const rest = inv.kube.rest();
  let count = 0;
  for (const ref of result.refs) {
    let obj = withNamespace(ref.object!, ref.mapping, ref.namespace);
    if (inv.flags.bool('save-config')) obj = createApplyAnnotation(obj);
    try {
      if (dryRun !== 'client') {
        obj = await new Helper(rest, ref.mapping).create(ref.namespace, sortDeep(obj), {
          dryRun: dryRun === 'server',
          fieldManager: inv.flags.string('field-manager'),
          fieldValidation,
        });
      }
    } catch (e) {
      errs.push(addSourceToErr('creating', ref.source, e));
      continue;
    }
    count++;
    printObject(inv, obj, `created${dryRunSuffix(dryRun)}`);
  }
  collectErrors(errs);
  if (count === 0) throw new KubectlError('no objects passed to create');
}

/** The builder's SetNamespace visitor: namespaced objects from files get the namespace. */
export function withNamespace(obj: KubeObject, mapping: Mapping, namespace: string): KubeObject {
  if (!mapping.namespaced || obj.metadata.namespace) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace } };
}

// ---------------------------------------------------------------------------------------------
// generators

interface GeneratorRun {
  /** Flags cobra marks required, checked before anything else. */
  required?: string[];
  /** Build the object (args[0] is the name; `command` the words after `--`). */
  build(
    inv: Invocation,
    name: string,
    env: GeneratorEnv,
    command: string[],
  ): Promise<KubeObject> | KubeObject;
  /** How `kubectl create <x>` wraps a server error (undefined: printed as it is). */
  wrap?: (err: Error) => Error;
  /** Whether the words after `--` are a command (deployment, job, cronjob). */
  takesCommand?: boolean;
  /** For namespaced generators, the resource the object is POSTed to. */
  resource: { group: string; version: string; name: string; namespaced: boolean; kind: string };
}

const wrapWith =
  (prefix: string) =>
  (err: Error): Error =>
    new KubectlError(`${prefix}${err.message}`);

/** cobra's required-flag check, reported the way kubectl's main reports cobra errors. */
function checkRequired(inv: Invocation, required: string[]): void {
  const missing = required.filter((f) => !inv.flags.changed(f));
  if (missing.length === 0) return;
  const msg = `required flag(s) ${missing.map((m) => `"${m}"`).join(', ')} not set`;
  inv.kube.logger.error('run.go:72', `"command failed" err=${JSON.stringify(msg)}`);
  throw new ExitError(1);
}

/** NameFromCommandArgs. */
function nameFromArgs(inv: Invocation): string {
  const n = inv.argsLenAtDash === -1 ? inv.args.length : inv.argsLenAtDash;
  if (n !== 1) throw inv.usageError(`exactly one NAME is required, got ${n}`);
  return inv.args[0]!;
}

function generatorEnv(inv: Invocation, enforcedNamespace: string | undefined): GeneratorEnv {
  const rand = seededRandom(inv.ctx.now());
  return {
    fs: inv.ctx.fs,
    env: inv.ctx.env,
    enforcedNamespace,
    randomString: (n) => randomString(rand, n),
  };
}

async function runGenerator(inv: Invocation, g: GeneratorRun): Promise<void> {
  checkRequired(inv, g.required ?? []);
  const name = nameFromArgs(inv);
  const command = g.takesCommand && inv.args.length > 1 ? inv.args.slice(1) : [];
  const dryRun = dryRunStrategy(inv);
  checkOutput(inv, { typed: true });
  const fieldValidation = validationDirective(inv);
  const { namespace, explicit } = inv.kube.namespace();
  const env = generatorEnv(inv, explicit && g.resource.namespaced ? namespace : undefined);
  let obj: KubeObject;
  try {
    obj = await g.build(inv, name, env, command);
  } catch (e) {
    if (e instanceof GeneratorError) throw new KubectlError(e.message);
    throw e;
  }
  if (inv.flags.has('save-config') && inv.flags.bool('save-config')) obj = createApplyAnnotation(obj, true);
  let typed = true;
  if (dryRun !== 'client') {
    const r = g.resource;
    const mapping: Mapping = {
      name: r.name,
      singularName: '',
      namespaced: r.namespaced,
      group: r.group,
      version: r.version,
      kind: r.kind,
      verbs: [],
      shortNames: [],
      categories: [],
      preferred: true,
    };
    try {
      obj = await new Helper(inv.kube.rest(), mapping).create(r.namespaced ? namespace : '', obj, {
        dryRun: dryRun === 'server',
        fieldManager: inv.flags.string('field-manager'),
        fieldValidation,
      });
    } catch (e) {
      throw g.wrap ? g.wrap(e as Error) : e;
    }
    typed = false;
  }
  if (inv.flags.string('output') === '') {
    printObject(inv, obj, `created${dryRunSuffix(dryRun)}`);
    return;
  }
  printObject(inv, obj, `created${dryRunSuffix(dryRun)}`, { typed });
}

const CORE = (name: string, kind: string, namespaced = true) => ({
  group: '',
  version: 'v1',
  name,
  kind,
  namespaced,
});

function generator(path: string, g: GeneratorRun): CommandSpec {
  return { ...helpSpec(path, ''), run: (inv) => runGenerator(inv, g) };
}

const deployment = generator('create deployment', {
  required: ['image'],
  takesCommand: true,
  resource: { group: 'apps', version: 'v1', name: 'deployments', kind: 'Deployment', namespaced: true },
  wrap: wrapWith('failed to create deployment: '),
  build: (inv, name, env, command) =>
    generateDeployment(
      {
        name,
        images: inv.flags.strings('image'),
        replicas: inv.flags.int('replicas'),
        port: inv.flags.int('port'),
        command,
      },
      env,
    ),
});

function serviceGenerator(sub: string, type: ServiceType): CommandSpec {
  return generator(`create service ${sub}`, {
    required: type === 'ExternalName' ? ['external-name'] : [],
    resource: CORE('services', 'Service'),
    wrap: wrapWith(`failed to create ${type} service: `),
    build: (inv, name, env) =>
      generateService(
        {
          name,
          type,
          tcp: inv.flags.strings('tcp'),
          clusterIP: inv.flags.has('clusterip') ? inv.flags.string('clusterip') : '',
          nodePort: inv.flags.has('node-port') ? inv.flags.int('node-port') : 0,
          externalName: inv.flags.has('external-name') ? inv.flags.string('external-name') : '',
        },
        env,
      ),
  });
}

const service: CommandSpec = {
  ...helpSpec('create service', ''),
  flags: [],
  subcommands: [
    serviceGenerator('clusterip', 'ClusterIP'),
    serviceGenerator('externalname', 'ExternalName'),
    serviceGenerator('loadbalancer', 'LoadBalancer'),
    serviceGenerator('nodeport', 'NodePort'),
  ],
};

const configmap = generator('create configmap', {
  resource: CORE('configmaps', 'ConfigMap'),
  wrap: wrapWith('failed to create configmap: '),
  build: (inv, name, env) =>
    generateConfigMap(
      {
        name,
        fromFile: inv.flags.strings('from-file'),
        fromLiteral: inv.flags.strings('from-literal'),
        fromEnvFile: inv.flags.strings('from-env-file'),
        appendHash: inv.flags.bool('append-hash'),
      },
      env,
    ),
});

const secretWrap = wrapWith('failed to create secret ');
const secret: CommandSpec = {
  ...helpSpec('create secret', ''),
  flags: [],
  subcommands: [
    generator('create secret docker-registry', {
      resource: CORE('secrets', 'Secret'),
      wrap: secretWrap,
      build: (inv, name, env) =>
        generateSecretDockerRegistry(
          {
            name,
            fromFile: inv.flags.strings('from-file'),
            username: inv.flags.string('docker-username'),
            password: inv.flags.string('docker-password'),
            email: inv.flags.string('docker-email'),
            server: inv.flags.string('docker-server'),
            appendHash: inv.flags.bool('append-hash'),
          },
          env,
        ),
    }),
    generator('create secret generic', {
      resource: CORE('secrets', 'Secret'),
      wrap: secretWrap,
      build: (inv, name, env) =>
        generateSecretGeneric(
          {
            name,
            type: inv.flags.string('type'),
            fromFile: inv.flags.strings('from-file'),
            fromLiteral: inv.flags.strings('from-literal'),
            fromEnvFile: inv.flags.strings('from-env-file'),
            appendHash: inv.flags.bool('append-hash'),
          },
          env,
        ),
    }),
    generator('create secret tls', {
      resource: CORE('secrets', 'Secret'),
      wrap: secretWrap,
      build: (inv, name, env) =>
        generateSecretTLS(
          {
            name,
            cert: inv.flags.string('cert'),
            key: inv.flags.string('key'),
            appendHash: inv.flags.bool('append-hash'),
          },
          env,
        ),
    }),
  ],
};

/** The Go type name kubectl's `unknown object type %T` shows for a typed object. */
const goTypeName = (o: KubeObject): string => `*${(o.apiVersion ?? '').split('/').pop()}.${o.kind}`;

const job = generator('create job', {
  takesCommand: true,
  resource: { group: 'batch', version: 'v1', name: 'jobs', kind: 'Job', namespaced: true },
  wrap: wrapWith('failed to create job: '),
  async build(inv, name, env, command) {
    const o = { name, image: inv.flags.string('image'), from: inv.flags.string('from'), command };
    validateJob(o);
    if (o.image) return generateJob(o, env);
    const { namespace, explicit } = inv.kube.namespace();
    const result = await inv.kube.build({ args: [o.from], namespace, enforceNamespace: explicit });
    if (result.refs.length !== 1) throw new KubectlError('from must be an existing cronjob');
    const ref = result.refs[0]!;
    const obj = await new Helper(inv.kube.rest(), ref.mapping).get(ref.namespace, ref.name ?? '');
    if (obj.kind !== 'CronJob' || ref.mapping.group !== 'batch') {
      throw new KubectlError(`unknown object type ${goTypeName(obj)}`);
    }
    return generateJobFromCronJob(name, obj, env);
  },
});

const cronjob = generator('create cronjob', {
  required: ['image', 'schedule'],
  takesCommand: true,
  resource: { group: 'batch', version: 'v1', name: 'cronjobs', kind: 'CronJob', namespaced: true },
  wrap: wrapWith('failed to create cronjob: '),
  build: (inv, name, env, command) =>
    generateCronJob(
      {
        name,
        image: inv.flags.string('image'),
        schedule: inv.flags.string('schedule'),
        restart: inv.flags.string('restart'),
        command,
      },
      env,
    ),
});

const namespaceCmd = generator('create namespace', {
  resource: CORE('namespaces', 'Namespace', false),
  build: (_inv, name) => generateNamespace(name),
});

const serviceaccount = generator('create serviceaccount', {
  resource: CORE('serviceaccounts', 'ServiceAccount'),
  wrap: wrapWith('failed to create serviceaccount: '),
  build: (_inv, name, env) => generateServiceAccount(name, env),
});

const priorityclass = generator('create priorityclass', {
  resource: {
    group: 'scheduling.k8s.io',
    version: 'v1',
    name: 'priorityclasses',
    kind: 'PriorityClass',
    namespaced: false,
  },
  wrap: wrapWith('failed to create priorityclass: '),
  build: (inv, name) =>
    generatePriorityClass({
      name,
      value: inv.flags.int('value'),
      globalDefault: inv.flags.bool('global-default'),
      description: inv.flags.string('description'),
      preemptionPolicy: inv.flags.string('preemption-policy'),
    }),
});

const pdb = generator('create poddisruptionbudget', {
  resource: {
    group: 'policy',
    version: 'v1',
    name: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    namespaced: true,
  },
  wrap: wrapWith('failed to create poddisruptionbudgets: '),
  build: (inv, name, env) =>
    generatePdb(
      {
        name,
        selector: inv.flags.string('selector'),
        minAvailable: inv.flags.string('min-available'),
        maxUnavailable: inv.flags.string('max-unavailable'),
      },
      env,
    ),
});

const quota = generator('create quota', {
  resource: CORE('resourcequotas', 'ResourceQuota'),
  wrap: wrapWith('failed to create quota: '),
  build: (inv, name, env) =>
    generateQuota({ name, hard: inv.flags.string('hard'), scopes: inv.flags.string('scopes') }, env),
});

/** The RESTMapper's ResourceFor, for role rules; an unknown type is reported bare, as checkErr does. */
function resolver(inv: Invocation): ResolveResource {
  return async (resource, group) => {
    try {
      const m = await inv.kube.mapper().mappingFor(group ? `${resource}.${group}` : resource);
      return { resource: m.name, group: m.group };
    } catch (e) {
      if (e instanceof NoResourceMatchError) throw new ExitError(1, e.message);
      throw e;
    }
  };
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

const role = generator('create role', {
  resource: { group: RBAC_GROUP, version: 'v1', name: 'roles', kind: 'Role', namespaced: true },
  build: (inv, name, env) =>
    generateRole(
      {
        name,
        verbs: inv.flags.strings('verb'),
        resources: inv.flags.strings('resource'),
        resourceNames: inv.flags.strings('resource-name'),
      },
      env,
      resolver(inv),
      (m) => inv.err(m),
    ),
});

/** cliflag.MapStringString: `a=b,c=d`. */
function parseMapFlag(inv: Invocation, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const v = inv.flags.string(flag);
  if (!v) return out;
  for (const pair of v.split(',')) {
    const i = pair.indexOf('=');
    if (i < 0) {
      // pflag rejects the value while parsing, so cobra prints it (`Error: …`).
      throw new CobraError(
        `invalid argument ${JSON.stringify(v)} for "--${flag}" flag: malformed pair, expect string=string\nSee '${inv.commandPath} --help' for usage.`,
      );
    }
    out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

const clusterrole = generator('create clusterrole', {
  resource: {
    group: RBAC_GROUP,
    version: 'v1',
    name: 'clusterroles',
    kind: 'ClusterRole',
    namespaced: false,
  },
  build: (inv, name) =>
    generateClusterRole(
      {
        name,
        verbs: inv.flags.strings('verb'),
        resources: inv.flags.strings('resource'),
        resourceNames: inv.flags.strings('resource-name'),
        nonResourceURLs: inv.flags.strings('non-resource-url'),
        aggregationRule: parseMapFlag(inv, 'aggregation-rule'),
      },
      resolver(inv),
      (m) => inv.err(m),
    ),
});

const rolebinding = generator('create rolebinding', {
  resource: { group: RBAC_GROUP, version: 'v1', name: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  build: (inv, name, env) =>
    generateRoleBinding(
      {
        name,
        role: inv.flags.string('role'),
        clusterRole: inv.flags.string('clusterrole'),
        users: inv.flags.strings('user'),
        groups: inv.flags.strings('group'),
        serviceAccounts: inv.flags.strings('serviceaccount'),
      },
      env,
    ),
});

const clusterrolebinding = generator('create clusterrolebinding', {
  required: ['clusterrole'],
  resource: {
    group: RBAC_GROUP,
    version: 'v1',
    name: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
  build: (inv, name) =>
    generateClusterRoleBinding({
      name,
      clusterRole: inv.flags.string('clusterrole'),
      users: inv.flags.strings('user'),
      groups: inv.flags.strings('group'),
      serviceAccounts: inv.flags.strings('serviceaccount'),
    }),
});

const ingress = generator('create ingress', {
  resource: {
    group: 'networking.k8s.io',
    version: 'v1',
    name: 'ingresses',
    kind: 'Ingress',
    namespaced: true,
  },
  wrap: wrapWith('failed to create ingress: '),
  build: (inv, name, env) =>
    generateIngress(
      {
        name,
        className: inv.flags.string('class'),
        rules: inv.flags.strings('rule'),
        defaultBackend: inv.flags.string('default-backend'),
        annotations: inv.flags.strings('annotation'),
      },
      env,
    ),
});

const token: CommandSpec = {
  ...helpSpec('create token', ''),
  async run() {
    throw new KubectlError(
      'kubectl create token is not simulated in Breakfix (service account tokens are not issued)',
    );
  },
};

export const createCommand: CommandSpec = {
  ...helpSpec('create', 'Create a resource from a file or from stdin'),
  run: runCreateFromFiles,
  subcommands: [
    clusterrole,
    clusterrolebinding,
    configmap,
    cronjob,
    deployment,
    ingress,
    job,
    namespaceCmd,
    pdb,
    priorityclass,
    quota,
    role,
    rolebinding,
    secret,
    service,
    serviceaccount,
    token,
  ],
};
