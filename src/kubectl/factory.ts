/**
 * The per-invocation factory (kubectl's cmdutil.Factory): global flags → kubeconfig → REST
 * client → discovery → RESTMapper → resource builder. Everything is built lazily, so
 * `kubectl config view` never touches the server and `kubectl version --client` never loads a
 * REST client.
 */
import type { CommandContext } from '../api/io';
import { buildResources, type BuilderOptions, type BuildResult } from './builder';
import { Discovery, RESTMapper } from './discovery';
import { ExitError, KubectlError } from './errors';
import { boolFlag, type FlagSet, type FlagSpec, stringArrayFlag, stringFlag } from './flags';
import { Logger } from './klog';
import {
  loadKubeconfig,
  resolveClientConfig,
  type ClientConfig,
  type ConfigOverrides,
  type LoadedKubeconfig,
} from './kubeconfig';
import { RestClient } from './rest';

/** kubectl's global flags (`kubectl options`). */
export function globalFlagSpecs(home: string): FlagSpec[] {
  return [
    stringFlag(
      'as',
      'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.',
    ),
    stringArrayFlag(
      'as-group',
      'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.',
    ),
    stringFlag('as-uid', 'UID to impersonate for the operation.'),
    stringFlag('cache-dir', 'Default cache directory', { default: `${home}/.kube/cache` }),
    stringFlag('certificate-authority', 'Path to a cert file for the certificate authority'),
    stringFlag('client-certificate', 'Path to a client certificate file for TLS'),
    stringFlag('client-key', 'Path to a client key file for TLS'),
    stringFlag('cluster', 'The name of the kubeconfig cluster to use'),
    stringFlag('context', 'The name of the kubeconfig context to use'),
    boolFlag(
      'disable-compression',
      'If true, opt-out of response compression for all requests to the server',
    ),
    boolFlag(
      'insecure-skip-tls-verify',
      "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
    ),
    stringFlag('kubeconfig', 'Path to the kubeconfig file to use for CLI requests.'),
    {
      name: 'log-flush-frequency',
      type: 'duration',
      default: 5000,
      usage: 'Maximum number of seconds between log flushes',
    },
    boolFlag('match-server-version', 'Require server version to match client version'),
    stringFlag('namespace', 'If present, the namespace scope for this CLI request', { shorthand: 'n' }),
    stringFlag('password', 'Password for basic authentication to the API server'),
    stringFlag(
      'profile',
      'Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)',
      {
        default: 'none',
      },
    ),
    stringFlag('profile-output', 'Name of the file to write the profile to', { default: 'profile.pprof' }),
    stringFlag(
      'request-timeout',
      "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
      { default: '0' },
    ),
    stringFlag('server', 'The address and port of the Kubernetes API server', { shorthand: 's' }),
    stringFlag(
      'tls-server-name',
      'Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used',
    ),
    stringFlag('token', 'Bearer token for authentication to the API server'),
    stringFlag('user', 'The name of the kubeconfig user to use'),
    stringFlag('username', 'Username for basic authentication to the API server'),
    { name: 'v', shorthand: 'v', type: 'int', default: 0, usage: 'number for the log level verbosity' },
    stringFlag(
      'vmodule',
      'comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)',
      { defaultText: '' },
    ),
    boolFlag(
      'warnings-as-errors',
      'Treat warnings received from the server as errors and exit with a non-zero exit code',
    ),
  ];
}

/** Global flags that would change who we are to the server: not simulated, so they fail clearly. */
const UNSIMULATED_GLOBALS = ['as', 'as-group', 'as-uid', 'token', 'username', 'password'];

/** Validate the global flags once per invocation (before the command runs). */
export function checkGlobalFlags(flags: FlagSet): void {
  for (const name of UNSIMULATED_GLOBALS) {
    if (flags.changed(name)) {
      throw new KubectlError(
        `--${name} is not simulated in Breakfix (every command runs as the cluster admin)`,
      );
    }
  }
  const t = flags.string('request-timeout');
  if (t !== '0' && t !== '' && !/^\d+$/.test(t) && !/^\d+(ns|us|µs|ms|s|m|h)$/.test(t)) {
    throw new KubectlError(
      'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
    );
  }
  // `kubectl debug --profile` is the command's own flag and shadows the global pprof one
  const p = flags.string('profile');
  const pprof = flags.lookup('profile')?.usage.startsWith('Name of profile to capture') ?? false;
  if (pprof && p !== 'none') throw new KubectlError('--profile is not simulated in Breakfix');
}

export class Factory {
  readonly logger: Logger;
  private loaded?: LoadedKubeconfig;
  private clientCfg?: ClientConfig;
  private restClient?: RestClient;
  private disc?: Discovery;
  private restMapper?: RESTMapper;
  private featureGatesLogged = false;

  constructor(
    readonly ctx: CommandContext,
    readonly flags: FlagSet,
  ) {
    this.logger = new Logger(
      flags.has('v') ? flags.int('v') : 0,
      () => ctx.now(),
      (t) => ctx.stderr(t),
    );
  }

  /** The kubeconfig by the loading rules (logs `Config loaded from file:` at -v=6). */
  kubeconfig(): LoadedKubeconfig {
    if (!this.loaded) {
      this.loaded = loadKubeconfig(this.ctx.fs, this.ctx.env, this.flags.string('kubeconfig'));
      for (const f of this.loaded.loadedFiles)
        this.logger.info(6, 'loader.go:402', `Config loaded from file:  ${f}`);
    }
    return this.loaded;
  }

  overrides(): ConfigOverrides {
    return {
      context: this.flags.string('context'),
      cluster: this.flags.string('cluster'),
      // A command's own --user (create rolebinding --user=alice) shadows the global one, as in cobra.
      user:
        this.flags.lookup('user')?.usage === 'The name of the kubeconfig user to use'
          ? this.flags.string('user')
          : '',
      namespace: this.flags.string('namespace'),
      server: this.flags.string('server'),
    };
  }

  clientConfig(): ClientConfig {
    if (!this.clientCfg) this.clientCfg = resolveClientConfig(this.kubeconfig().config, this.overrides());
    return this.clientCfg;
  }

  /** The namespace for this command and whether it was given with -n (kubectl's enforceNamespace). */
  namespace(): { namespace: string; explicit: boolean } {
    const c = this.clientConfig();
    return { namespace: c.namespace, explicit: c.explicitNamespace };
  }

  /** The REST client for the configured server. */
  rest(): RestClient {
    if (!this.restClient) {
      const server = this.clientConfig().server;
      if (!this.featureGatesLogged) {
        this.featureGatesLogged = true;
        for (const g of [
          'ClientsAllowCBOR',
          'ClientsPreferCBOR',
          'InformerResourceVersion',
          'WatchListClient',
        ]) {
          this.logger.infoS(1, 'envvar.go:172', 'Feature gate default state', [
            ['feature', g],
            ['enabled', false],
          ]);
        }
      }
      const env = this.ctx.env;
      this.restClient = new RestClient({
        client: this.ctx.client,
        server,
        logger: this.logger,
        now: () => this.ctx.now(),
        warningOut: (t) => this.ctx.stderr(t),
        warningColor: this.ctx.tty && env.TERM !== 'dumb' && env.NO_COLOR === undefined,
      });
    }
    return this.restClient;
  }

  discovery(): Discovery {
    if (!this.disc)
      this.disc = new Discovery(this.ctx.client, this.rest(), this.logger, () => this.ctx.now());
    return this.disc;
  }

  mapper(): RESTMapper {
    if (!this.restMapper) this.restMapper = new RESTMapper(this.discovery());
    return this.restMapper;
  }

  /** Run the resource builder with this invocation's file system and stdin. */
  build(opts: BuilderOptions): Promise<BuildResult> {
    return buildResources(this.mapper(), this.ctx.fs, { stdin: this.ctx.stdin, ...opts });
  }
}

/** Stop with an exit code and no further output (cmdutil.ErrExit). */
export const errExit = (): ExitError => new ExitError(1);
