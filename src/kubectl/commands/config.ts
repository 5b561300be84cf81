/**
 * `kubectl config` (kubectl/pkg/cmd/config): read and edit the kubeconfig file. None of these
 * talk to the server; they read and write `~/.kube/config` (or $KUBECONFIG, or --kubeconfig)
 * in the simulated file system.
 */
import { AggregateError, ExitError, KubectlError } from '../errors';
import { boolFlag, stringFlag } from '../flags';
import {
  emptyKubeconfig,
  minifyKubeconfig,
  redactKubeconfig,
  serializeKubeconfig,
  toV1,
  type Kubeconfig,
  type LoadedKubeconfig,
} from '../kubeconfig';
import { GENERIC_OUTPUT_FORMATS, makePrinter } from '../printers/index';
import { TabWriter, KUBECTL_TABWRITER } from '../printers/tabwriter';
import { registerCommand, type CommandSpec, type Invocation } from '../registry';

const CONFIG_LONG = `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.`;

/**
 * The kubeconfig as `kubectl config` loads it: unlike other commands, a missing --kubeconfig
 * file is not an error here (it is an empty config that the command may create).
 */
function loadConfig(inv: Invocation): LoadedKubeconfig {
  try {
    return inv.kube.kubeconfig();
  } catch (e) {
    const explicit = inv.flags.string('kubeconfig');
    if (explicit && e instanceof KubectlError && /no such file or directory/.test(e.message)) {
      return {
        config: emptyKubeconfig(),
        loadedFiles: [],
        destination: inv.ctx.fs.resolve(explicit),
        explicit: true,
      };
    }
    throw e;
  }
}

/** The file a change is written to, and how messages name it (the flag value as given). */
function destination(inv: Invocation): { path: string; shown: string } {
  const loaded = loadConfig(inv);
  const explicit = inv.flags.string('kubeconfig');
  return { path: loaded.destination, shown: explicit || loaded.destination };
}

function save(inv: Invocation, config: Kubeconfig): void {
  const { path } = destination(inv);
  const dir = path.replace(/\/[^/]*$/, '');
  if (dir && !inv.ctx.fs.exists(dir)) inv.ctx.fs.mkdir(dir);
  inv.ctx.fs.writeFile(path, serializeKubeconfig(config));
}

/** A fresh copy of the merged kubeconfig to modify. */
function config(inv: Invocation): Kubeconfig {
  return structuredClone(loadConfig(inv).config);
}

const currentContext: CommandSpec = {
  name: 'current-context',
  short: 'Display the current-context',
  long: 'Display the current-context.',
  example: '  # Display the current-context\n  kubectl config current-context',
  use: 'config current-context [flags]',
  async run(inv) {
    const c = loadConfig(inv).config;
    if (!c['current-context']) throw new KubectlError('current-context is not set');
    inv.out(`${c['current-context']}\n`);
  },
};

const getContexts: CommandSpec = {
  name: 'get-contexts',
  short: 'Describe one or many contexts',
  long: 'Display one or many contexts from the kubeconfig file.',
  example:
    '  # List all the contexts in your kubeconfig file\n  kubectl config get-contexts\n  \n  # Describe one context in your kubeconfig file\n  kubectl config get-contexts my-context',
  use: 'config get-contexts [(-o|--output=)name)]',
  flags: [
    boolFlag(
      'no-headers',
      "When using the default or custom-column output format, don't print headers (default print headers).",
    ),
    stringFlag('output', 'Output format. One of: (name).', { shorthand: 'o' }),
  ],
  async run(inv) {
    const output = inv.flags.string('output');
    if (output !== '' && output !== 'name') {
      throw new KubectlError(
        `--output ${output} is not available in kubectl config get-contexts; resetting to default output format`,
      );
    }
    const c = loadConfig(inv).config;
    const contexts = [...(c.contexts ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const wanted = inv.args.length > 0 ? inv.args : contexts.map((x) => x.name);
    const errors: Error[] = [];
    if (output === 'name') {
      for (const name of wanted) {
        if (contexts.some((x) => x.name === name)) inv.out(`${name}\n`);
        else errors.push(new KubectlError(`context ${name} not found`));
      }
    } else {
      const w = new TabWriter((t) => inv.out(t), KUBECTL_TABWRITER);
      if (!inv.flags.bool('no-headers')) w.print('CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n');
      for (const name of wanted) {
        const ctx = contexts.find((x) => x.name === name);
        if (!ctx) {
          errors.push(new KubectlError(`context ${name} not found`));
          continue;
        }
        const star = c['current-context'] === name ? '*' : '';
        w.print(
          `${star}\t${name}\t${ctx.context.cluster ?? ''}\t${ctx.context.user ?? ''}\t${ctx.context.namespace ?? ''}\n`,
        );
      }
      w.flush();
    }
    if (errors.length > 0) throw new AggregateError(errors);
  },
};

const getClusters: CommandSpec = {
  name: 'get-clusters',
  short: 'Display clusters defined in the kubeconfig',
  long: 'Display clusters defined in the kubeconfig.',
  example: '  # List the clusters that kubectl knows about\n  kubectl config get-clusters',
  use: 'config get-clusters [flags]',
  async run(inv) {
    const c = loadConfig(inv).config;
    inv.out('NAME\n');
    for (const name of (c.clusters ?? []).map((x) => x.name).sort()) inv.out(`${name}\n`);
  },
};

const getUsers: CommandSpec = {
  name: 'get-users',
  short: 'Display users defined in the kubeconfig',
  long: 'Display users defined in the kubeconfig.',
  example: '  # List the users that kubectl knows about\n  kubectl config get-users',
  use: 'config get-users [flags]',
  async run(inv) {
    const c = loadConfig(inv).config;
    inv.out('NAME\n');
    for (const name of (c.users ?? []).map((x) => x.name).sort()) inv.out(`${name}\n`);
  },
};

const useContext: CommandSpec = {
  name: 'use-context',
  aliases: ['use'],
  short: 'Set the current-context in a kubeconfig file',
  long: 'Set the current-context in a kubeconfig file.',
  example: '  # Use the context for the minikube cluster\n  kubectl config use-context minikube',
  use: 'config use-context CONTEXT_NAME',
  async run(inv) {
    if (inv.args.length !== 1) {
      inv.out(inv.helpText());
      throw new KubectlError(`Unexpected args: [${inv.args.join(' ')}]`);
    }
    const name = inv.args[0]!;
    const c = config(inv);
    if (!(c.contexts ?? []).some((x) => x.name === name)) {
      throw new KubectlError(`no context exists with the name: ${JSON.stringify(name)}`);
    }
    c['current-context'] = name;
    save(inv, c);
    inv.out(`Switched to context ${JSON.stringify(name)}.\n`);
  },
};

const setContext: CommandSpec = {
  name: 'set-context',
  short: 'Set a context entry in kubeconfig',
  long: 'Set a context entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.',
  example:
    '  # Set the user field on the gce context entry without touching other values\n  kubectl config set-context gce --user=cluster-admin',
  use: 'config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]',
  flags: [
    stringFlag('cluster', 'cluster for the context entry in kubeconfig'),
    boolFlag('current', 'Modify the current context'),
    stringFlag('namespace', 'namespace for the context entry in kubeconfig'),
    stringFlag('user', 'user for the context entry in kubeconfig'),
  ],
  async run(inv) {
    const current = inv.flags.bool('current');
    if (inv.args.length > 1) {
      inv.out(inv.helpText());
      throw new KubectlError(`Unexpected args: [${inv.args.join(' ')}]`);
    }
    if (current && inv.args.length > 0)
      throw new KubectlError('you cannot specify both a context name and --current');
    const c = config(inv);
    let name = inv.args[0] ?? '';
    if (current) {
      name = c['current-context'];
      if (!name) throw new KubectlError('no current context is set');
    }
    if (!name) throw new KubectlError('you must specify a non-empty context name or --current');
    const contexts = c.contexts ?? [];
    let entry = contexts.find((x) => x.name === name);
    const exists = !!entry;
    if (!entry) {
      entry = { name, context: { cluster: '', user: '' } };
      contexts.push(entry);
    }
    if (inv.flags.changed('cluster')) entry.context.cluster = inv.flags.string('cluster');
    if (inv.flags.changed('user')) entry.context.user = inv.flags.string('user');
    if (inv.flags.changed('namespace')) entry.context.namespace = inv.flags.string('namespace');
    c.contexts = contexts;
    save(inv, c);
    inv.out(`Context ${JSON.stringify(name)} ${exists ? 'modified' : 'created'}.\n`);
  },
};

const deleteContext: CommandSpec = {
  name: 'delete-context',
  short: 'Delete the specified context from the kubeconfig',
  long: 'Delete the specified context from the kubeconfig.',
  example: '  # Delete the context for the minikube cluster\n  kubectl config delete-context minikube',
  use: 'config delete-context NAME',
  async run(inv) {
    if (inv.args.length !== 1) {
      inv.out(inv.helpText());
      throw new ExitError(1);
    }
    const name = inv.args[0]!;
    const c = config(inv);
    const { shown } = destination(inv);
    if (!(c.contexts ?? []).some((x) => x.name === name)) {
      throw new KubectlError(`cannot delete context ${name}, not in ${shown}`);
    }
    if (c['current-context'] === name) {
      inv.err(
        'warning: this removed your active context, use "kubectl config use-context" to select a different one\n',
      );
    }
    c.contexts = (c.contexts ?? []).filter((x) => x.name !== name);
    save(inv, c);
    inv.out(`deleted context ${name} from ${shown}\n`);
  },
};

const deleteCluster: CommandSpec = {
  name: 'delete-cluster',
  short: 'Delete the specified cluster from the kubeconfig',
  long: 'Delete the specified cluster from the kubeconfig.',
  example: '  # Delete the minikube cluster\n  kubectl config delete-cluster minikube',
  use: 'config delete-cluster NAME',
  async run(inv) {
    if (inv.args.length !== 1) {
      inv.out(inv.helpText());
      throw new ExitError(1);
    }
    const name = inv.args[0]!;
    const c = config(inv);
    const { shown } = destination(inv);
    if (!(c.clusters ?? []).some((x) => x.name === name))
      throw new KubectlError(`cannot delete cluster ${name}, not in ${shown}`);
    c.clusters = (c.clusters ?? []).filter((x) => x.name !== name);
    save(inv, c);
    inv.out(`deleted cluster ${name} from ${shown}\n`);
  },
};

const deleteUser: CommandSpec = {
  name: 'delete-user',
  short: 'Delete the specified user from the kubeconfig',
  long: 'Delete the specified user from the kubeconfig.',
  example: '  # Delete the minikube user\n  kubectl config delete-user minikube',
  use: 'config delete-user NAME',
  async run(inv) {
    if (inv.args.length !== 1) {
      inv.out(inv.helpText());
      throw new ExitError(1);
    }
    const name = inv.args[0]!;
    const c = config(inv);
    const { shown } = destination(inv);
    if (!(c.users ?? []).some((x) => x.name === name))
      throw new KubectlError(`cannot delete user ${name}, not in ${shown}`);
    c.users = (c.users ?? []).filter((x) => x.name !== name);
    save(inv, c);
    inv.out(`deleted user ${name} from ${shown}\n`);
  },
};

const renameContext: CommandSpec = {
  name: 'rename-context',
  short: 'Rename a context from the kubeconfig file',
  long: "Renames a context from the kubeconfig file.\n\n CONTEXT_NAME is the context name that you want to change.\n\n NEW_NAME is the new name you want to set.\n\n Note: If the context being renamed is the 'current-context', this field will also be updated.",
  example:
    "  # Rename the context 'old-name' to 'new-name' in your kubeconfig file\n  kubectl config rename-context old-name new-name",
  use: 'config rename-context CONTEXT_NAME NEW_NAME',
  async run(inv) {
    if (inv.args.length !== 2) {
      throw new KubectlError(`Unexpected args: [${inv.args.join(' ')}]`);
    }
    const [from, to] = inv.args as [string, string];
    const c = config(inv);
    const { shown } = destination(inv);
    const entry = (c.contexts ?? []).find((x) => x.name === from);
    if (!entry)
      throw new KubectlError(`cannot rename the context ${JSON.stringify(from)}, it's not in ${shown}`);
    if ((c.contexts ?? []).some((x) => x.name === to)) {
      throw new KubectlError(
        `cannot rename the context ${JSON.stringify(from)}, the context ${JSON.stringify(to)} already exists in ${shown}`,
      );
    }
    entry.name = to;
    if (c['current-context'] === from) c['current-context'] = to;
    save(inv, c);
    inv.out(`Context ${JSON.stringify(from)} renamed to ${JSON.stringify(to)}.\n`);
  },
};

const view: CommandSpec = {
  name: 'view',
  short: 'Display merged kubeconfig settings or a specified kubeconfig file',
  long: 'Display merged kubeconfig settings or a specified kubeconfig file.\n\n You can use --output jsonpath={...} to extract specific values using a jsonpath expression.',
  example:
    '  # Show merged kubeconfig settings\n  kubectl config view\n  \n  # Show merged kubeconfig settings, raw certificate data, and exposed secrets\n  kubectl config view --raw\n  \n  # Get the password for the e2e user\n  kubectl config view -o jsonpath=\'{.users[?(@.name == "e2e")].user.password}\'',
  use: 'config view [flags]',
  flags: [
    boolFlag(
      'allow-missing-template-keys',
      'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
      { default: true },
    ),
    boolFlag(
      'flatten',
      'Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)',
    ),
    boolFlag('merge', 'Merge the full hierarchy of kubeconfig files', { default: true }),
    boolFlag('minify', 'Remove all information not used by current-context from the output'),
    stringFlag(
      'output',
      'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
      { shorthand: 'o', default: 'yaml' },
    ),
    boolFlag('raw', 'Display raw byte data and sensitive data'),
    boolFlag(
      'show-managed-fields',
      'If true, keep the managedFields when printing objects in JSON or YAML format.',
    ),
    stringFlag(
      'template',
      'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].',
    ),
  ],
  async run(inv) {
    let c: Kubeconfig = structuredClone(loadConfig(inv).config);
    if (inv.flags.bool('minify')) c = minifyKubeconfig(c, inv.flags.string('context'));
    if (!inv.flags.bool('raw') && !inv.flags.bool('flatten')) c = redactKubeconfig(c);
    const output = inv.flags.string('output');
    const printer = makePrinter(output, {
      fs: inv.ctx.fs,
      allowedFormats: GENERIC_OUTPUT_FORMATS,
      allowMissingTemplateKeys: inv.flags.bool('allow-missing-template-keys'),
      template: inv.flags.string('template'),
      sortKeys: false,
      // A typed clientcmd Config: JSONPath sees it through encoding/json (float64 numbers).
      float64Numbers: true,
    });
    printer.print(toV1(c), (t) => inv.out(t));
  },
};

const notSimulated = (name: string, short: string): CommandSpec => ({
  name,
  short,
  use: `config ${name} [flags]`,
  async run() {
    throw new KubectlError(`kubectl config ${name} is not simulated in Breakfix`);
  },
});

registerCommand({
  name: 'config',
  short: 'Modify kubeconfig files',
  long: CONFIG_LONG,
  use: 'config SUBCOMMAND',
  subcommands: [
    currentContext,
    deleteCluster,
    deleteContext,
    deleteUser,
    getClusters,
    getContexts,
    getUsers,
    renameContext,
    notSimulated('set', 'Set an individual value in a kubeconfig file'),
    notSimulated('set-cluster', 'Set a cluster entry in kubeconfig'),
    setContext,
    notSimulated('set-credentials', 'Set a user entry in kubeconfig'),
    notSimulated('unset', 'Unset an individual value in a kubeconfig file'),
    useContext,
    view,
  ],
});
