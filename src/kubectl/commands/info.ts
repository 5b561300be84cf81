/**
 * The small read-only verbs: `version`, `api-resources`, `api-versions`, `cluster-info`.
 */
import { ConnectionError, KubectlError } from '../errors';
import { boolFlag, stringFlag, stringSliceFlag } from '../flags';
import { resourcePath, type ResourceInfo } from '../discovery';
import { toYAML } from '../printers/yaml';
import { KUBECTL_TABWRITER, TabWriter } from '../printers/tabwriter';
import { registerCommand } from '../registry';
import { KUBECTL_GIT_COMMIT, KUBECTL_VERSION, KUSTOMIZE_VERSION } from '../rest';

/** The client's version.Info (kubectl v1.32.4's build). */
export const CLIENT_VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: KUBECTL_VERSION,
  gitCommit: KUBECTL_GIT_COMMIT,
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:03:58Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function versionInfoInOrder(v: Record<string, unknown>): Record<string, unknown> {
  const order = [
    'major',
    'minor',
    'gitVersion',
    'gitCommit',
    'gitTreeState',
    'buildDate',
    'goVersion',
    'compiler',
    'platform',
  ];
  const out: Record<string, unknown> = {};
  for (const k of order) if (v[k] !== undefined) out[k] = v[k];
  for (const k of Object.keys(v)) if (!(k in out)) out[k] = v[k];
  return out;
}

/** json.MarshalIndent(v, "", "  "). */
function indent2(v: unknown, pad = ''): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    const inner = pad + '  ';
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${indent2((v as Record<string, unknown>)[k], inner)}`).join(',\n')}\n${pad}}`;
  }
  return JSON.stringify(v);
}

registerCommand({
  name: 'version',
  short: 'Print the client and server version information',
  long: 'Print the client and server version information for the current context.',
  example: '  # Print the client and server versions for the current context\n  kubectl version',
  use: 'version [flags]',
  flags: [
    boolFlag('client', 'If true, shows client version only (no server required).'),
    stringFlag('output', "One of 'yaml' or 'json'.", { shorthand: 'o' }),
  ],
  async run(inv) {
    const output = inv.flags.string('output');
    if (output !== '' && output !== 'yaml' && output !== 'json')
      throw new KubectlError("--output must be 'yaml' or 'json'");
    const result: Record<string, unknown> = {
      clientVersion: CLIENT_VERSION_INFO,
      kustomizeVersion: KUSTOMIZE_VERSION,
    };
    let serverErr: Error | undefined;
    if (!inv.flags.bool('client')) {
      try {
        const v = await inv.kube.rest().get<Record<string, unknown>>('/version', { timeout: '32s' });
        result.serverVersion = versionInfoInOrder(v);
      } catch (e) {
        serverErr = e as Error;
      }
    }
    if (output === 'yaml') inv.out(toYAML(result) + '\n');
    else if (output === 'json') inv.out(indent2(result) + '\n');
    else {
      inv.out(`Client Version: ${KUBECTL_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
      const sv = result.serverVersion as { gitVersion?: string; minor?: string } | undefined;
      if (sv) {
        inv.out(`Server Version: ${sv.gitVersion ?? ''}\n`);
        const minor = parseInt(String(sv.minor ?? '').replace(/\D+$/, ''), 10);
        if (!Number.isNaN(minor) && Math.abs(minor - 32) > 1) {
          inv.err(
            `WARNING: version difference between client (1.32) and server (1.${minor}) exceeds the supported minor version skew of +/-1\n`,
          );
        }
      }
    }
    if (serverErr) throw serverErr;
  },
});

/** api-resources' sort: by group (default), name or kind; ties by name. */
function sortResources(rs: ResourceInfo[], by: string): ResourceInfo[] {
  const value = (r: ResourceInfo) => (by === 'name' ? r.name : by === 'kind' ? r.kind : r.group);
  return rs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const va = value(a.r);
      const vb = value(b.r);
      if (va !== vb) return va < vb ? -1 : 1;
      if (a.r.name !== b.r.name) return a.r.name < b.r.name ? -1 : 1;
      return a.i - b.i;
    })
    .map((x) => x.r);
}

registerCommand({
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  long: 'Print the supported API resources on the server.',
  example: `  # Print the supported API resources
  kubectl api-resources
  
  # Print the supported API resources with more information
  kubectl api-resources -o wide
  
  # Print the supported API resources sorted by a column
  kubectl api-resources --sort-by=name
  
  # Print the supported namespaced resources
  kubectl api-resources --namespaced=true
  
  # Print the supported non-namespaced resources
  kubectl api-resources --namespaced=false
  
  # Print the supported API resources with a specific APIGroup
  kubectl api-resources --api-group=rbac.authorization.k8s.io`,
  use: 'api-resources [flags]',
  flags: [
    stringFlag('api-group', 'Limit to resources in the specified API group.'),
    boolFlag('cached', 'Use the cached list of resources if available.'),
    stringSliceFlag('categories', 'Limit to resources that belong to the specified categories.'),
    boolFlag(
      'namespaced',
      'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.',
      { default: true },
    ),
    boolFlag(
      'no-headers',
      "When using the default or custom-column output format, don't print headers (default print headers).",
    ),
    stringFlag('output', 'Output format. One of: (wide, name).', { shorthand: 'o' }),
    stringFlag(
      'sort-by',
      "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.",
    ),
    stringSliceFlag('verbs', 'Limit to resources that support the specified verbs.'),
  ],
  async run(inv) {
    const f = inv.flags;
    const output = f.string('output');
    if (output !== '' && output !== 'wide' && output !== 'name')
      throw new KubectlError(`--output ${output} is not available`);
    const sortBy = f.string('sort-by');
    if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind') {
      throw new KubectlError(`--sort-by accepts only name or kind`);
    }
    const discovery = inv.kube.discovery();
    if (!f.bool('cached') && discovery.fresh()) discovery.invalidate();
    let all: ResourceInfo[];
    try {
      // ServerPreferredResources tries once; kubectl prints its (empty) table, then the error.
      discovery.failureLines = 1;
      all = (await discovery.data()).resources.filter((r) => r.preferred);
    } catch (e) {
      if (e instanceof ConnectionError && output !== 'name' && !f.bool('no-headers')) {
        const w = new TabWriter((t) => inv.out(t), KUBECTL_TABWRITER);
        w.print(
          `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${output === 'wide' ? '\tVERBS\tCATEGORIES' : ''}\n`,
        );
        w.flush();
      }
      throw e;
    }
    const verbs = f.strings('verbs');
    const categories = f.strings('categories');
    const rs = all.filter((r) => {
      if (f.changed('api-group') && r.group !== f.string('api-group')) return false;
      if (f.changed('namespaced') && r.namespaced !== f.bool('namespaced')) return false;
      if (verbs.length > 0 && !verbs.every((v) => r.verbs.includes(v))) return false;
      if (categories.length > 0 && !categories.every((c) => r.categories.includes(c))) return false;
      return true;
    });
    const sorted = sortResources(rs, sortBy);
    if (output === 'name') {
      for (const r of sorted) inv.out(`${r.group ? `${r.name}.${r.group}` : r.name}\n`);
      return;
    }
    const w = new TabWriter((t) => inv.out(t), KUBECTL_TABWRITER);
    if (!f.bool('no-headers')) {
      w.print(
        `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${output === 'wide' ? '\tVERBS\tCATEGORIES' : ''}\n`,
      );
    }
    for (const r of sorted) {
      const gv = r.group ? `${r.group}/${r.version}` : r.version;
      let line = `${r.name}\t${r.shortNames.join(',')}\t${gv}\t${r.namespaced}\t${r.kind}`;
      if (output === 'wide') line += `\t${r.verbs.join(',')}\t${r.categories.join(',')}`;
      w.print(line + '\n');
    }
    w.flush();
  },
});

registerCommand({
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  long: 'Print the supported API versions on the server, in the form of "group/version".',
  example: '  # Print the supported API versions\n  kubectl api-versions',
  use: 'api-versions',
  async run(inv) {
    const discovery = inv.kube.discovery();
    if (discovery.fresh()) discovery.invalidate();
    let data;
    try {
      discovery.failureLines = 1;
      data = await discovery.data();
    } catch (e) {
      if (e instanceof ConnectionError)
        throw new KubectlError(`couldn't get available api versions from server: ${e.urlError}`);
      throw e;
    }
    const versions = data.groups.flatMap((g) => g.versions.map((v) => (g.name ? `${g.name}/${v}` : v)));
    for (const v of versions.sort()) inv.out(`${v}\n`);
  },
});

registerCommand({
  name: 'cluster-info',
  short: 'Display cluster information',
  long: "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
  example: '  # Print the address of the control plane and cluster services\n  kubectl cluster-info',
  use: 'cluster-info [flags]',
  subcommands: [
    {
      name: 'dump',
      short: 'Dump relevant information for debugging and diagnosis',
      use: 'cluster-info dump [flags]',
      async run() {
        throw new KubectlError('kubectl cluster-info dump is not simulated in Breakfix');
      },
    },
  ],
  async run(inv) {
    const rest = inv.kube.rest();
    const host = rest.server;
    // The builder maps `services` first; whatever fails, the dump hint is printed before the error.
    try {
      await inv.kube.mapper().mappingFor('services');
    } catch (e) {
      inv.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
      throw e;
    }
    const services = await rest.get<{
      items?: {
        metadata: { name: string; labels?: Record<string, string> };
        spec?: { ports?: { name?: string; port: number }[] };
        status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
      }[];
    }>(resourcePath({ name: 'services', group: '', version: 'v1', namespaced: true }, 'kube-system'), {
      labelSelector: 'kubernetes.io/cluster-service=true',
    });
    inv.out(`Kubernetes control plane is running at ${host}\n`);
    for (const svc of services.items ?? []) {
      const port = svc.spec?.ports?.[0];
      if (!port) continue;
      let link: string;
      const ingress = svc.status?.loadBalancer?.ingress?.[0];
      if (ingress) {
        link = `http://${ingress.ip || ingress.hostname}:${port.port}`;
      } else {
        const name = port.name ? `${svc.metadata.name}:${port.name}` : svc.metadata.name;
        link = `${host}/api/v1/namespaces/kube-system/services/${name}/proxy`;
      }
      const display = svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name;
      inv.out(`${display} is running at ${link}\n`);
    }
    inv.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
  },
});
