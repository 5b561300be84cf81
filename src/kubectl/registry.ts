/**
 * The kubectl command registry: every verb is a record (excalidraw-style), registered once.
 *
 * ## Adding a verb
 *
 * ```ts
 * // src/kubectl/commands/scale.ts
 * import { registerCommand } from '../registry';
 * import { boolFlag, stringFlag } from '../flags';
 *
 * registerCommand({
 *   name: 'scale',
 *   short: 'Set a new size for a deployment, replica set, or replication controller',
 *   long: '…verbatim from `kubectl scale --help`…',
 *   example: '  # Scale a replica set named \'foo\' to 3\n  kubectl scale --replicas=3 rs/foo',
 *   use: 'scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [flags]',
 *   flags: [stringFlag('replicas', '…'), boolFlag('all', '…')],
 *   async run(inv) {
 *     const { namespace, explicit } = inv.kube.namespace();
 *     const result = await inv.kube.build({ args: inv.args, namespace, enforceNamespace: explicit });
 *     …
 *     inv.out(`deployment.apps/web scaled\n`);
 *     return 0;
 *   },
 * });
 * ```
 *
 * and one line in `src/kubectl/commands/index.ts`: `import './scale';`.
 *
 * A verb that is not needed to start a session should keep only its record eager and load its
 * `run` body on first use (src/kubectl/commands/lazy.ts: recorded-help verbs are stubbed in
 * commands/stubs.ts, others split into `X.ts` for the record and `X.run.ts` for the code).
 *
 * - `long` and `example` are printed as they are: paste them from the real `kubectl <verb>
 *   --help` (examples indented by two spaces, blank example lines are two spaces).
 * - `use` is the usage line without the leading `kubectl ` and the trailing ` [options]`.
 * - Flags follow pflag: see flags.ts (boolFlag, stringFlag, intFlag, stringArrayFlag …). The
 *   global flags (-n, --context, -v …) are added by the framework; do not declare them.
 * - `run` gets an {@link Invocation}. Throw to fail: kubectl's error printing and exit codes are
 *   applied by the framework (errors.ts: KubectlError → `error: …`, StatusError →
 *   `Error from server (Reason): …`, ExitError for exact control). Return the exit code (or
 *   nothing for 0).
 * - Commands with `subcommands` and no `run` behave like kubectl's parents (`kubectl config`,
 *   `kubectl rollout`): help on stderr and exit 1 without a subcommand, `error: unknown
 *   command "x"` for a wrong one.
 */
import type { CommandContext } from '../api/io';
import type { KubectlError } from './errors';
import type { Factory } from './factory';
import type { FlagSet, FlagSpec } from './flags';

export interface CommandSpec {
  /** The command name: `get`, `current-context`. */
  name: string;
  aliases?: string[];
  /** One line, shown in the parent's command list. */
  short: string;
  /** The description at the top of `--help` (verbatim); defaults to `short`. */
  long?: string;
  /** The `Examples:` block of `--help` (verbatim, lines indented by two spaces). */
  example?: string;
  /** Usage line after `kubectl ` (without ` [options]`), e.g. `config view [flags]`. */
  use: string;
  /** The command's own flags (not the global ones). */
  flags?: FlagSpec[];
  subcommands?: CommandSpec[];
  /** Run the command; return the exit code (undefined = 0) or throw. */
  run?: (inv: Invocation) => Promise<number | void>;
  /** Not listed in help or suggestions. */
  hidden?: boolean;
  /** cobra SuggestFor: names that should suggest this command. */
  suggestFor?: string[];
}

/** What a running command gets. */
export interface Invocation {
  ctx: CommandContext;
  command: CommandSpec;
  /** `kubectl config view` */
  commandPath: string;
  /** Positional arguments (flags removed). */
  args: string[];
  /** Index in `args` where `--` was, or -1 (cobra ArgsLenAtDash). */
  argsLenAtDash: number;
  /** The command's flags and the global ones. */
  flags: FlagSet;
  /** Lazily built kubeconfig, REST client, discovery, mapper, builder (cmdutil.Factory). */
  kube: Factory;
  out(text: string): void;
  err(text: string): void;
  /** cmdutil.UsageErrorf: `<msg>\nSee 'kubectl get -h' for help and examples`. */
  usageError(msg: string): KubectlError;
  /** The command's `--help` text. */
  helpText(): string;
}

const registry = new Map<string, CommandSpec>();

/** Register a top-level command. Registering a name twice replaces the earlier record. */
export function registerCommand(spec: CommandSpec): void {
  registry.set(spec.name, spec);
}

/** The registered top-level commands, in registration order. */
export function registeredCommands(): CommandSpec[] {
  return [...registry.values()];
}

export function lookupCommand(name: string): CommandSpec | undefined {
  const direct = registry.get(name);
  if (direct) return direct;
  for (const c of registry.values()) if (c.aliases?.includes(name)) return c;
  return undefined;
}
