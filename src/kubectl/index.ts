/**
 * `kubectl`: the entry point the shell calls, and the cobra-like driver around the registry.
 *
 * The order of events is cobra's: find the command by walking the non-flag arguments
 * (`kubectl -n dev get pods` finds `get`), parse the flags of that command plus the global
 * ones (pflag semantics, flags.ts), print help for `-h`, then run. Anything a command throws
 * is printed as kubectl's CheckErr prints it (errors.ts) and turned into the exit code.
 */
import type { CommandContext } from '../api/io';
import './commands/index';
import { CobraError, printError, KubectlError, ExitError } from './errors';
import { checkGlobalFlags, Factory, globalFlagSpecs } from './factory';
import { boolFlag, FlagError, FlagSet, type FlagSpec } from './flags';
import { commandHelp, optionsHelp, ROOT_COMMAND_ORDER, rootHelp, suggestionsFor } from './help';
import { hydrateCommands, loadHelp } from './helptext/index';
import { lookupCommand, registeredCommands, type CommandSpec, type Invocation } from './registry';

export { defaultKubeconfig } from './kubeconfig';
export type { CommandSpec, Invocation } from './registry';
export { registerCommand } from './registry';

const helpFlag = (name: string): FlagSpec =>
  boolFlag('help', `help for ${name}`, { shorthand: 'h', hidden: true });

function homeOf(ctx: CommandContext): string {
  return ctx.env.HOME || ctx.fs.resolve('~');
}

/** The flags a command parses: its own, then `-h`, then the global ones. */
function flagSpecsFor(cmd: CommandSpec | undefined, ctx: CommandContext): FlagSpec[] {
  return [...(cmd?.flags ?? []), helpFlag(cmd?.name ?? 'kubectl'), ...globalFlagSpecs(homeOf(ctx))];
}

function hasNoOptDefVal(name: string, specs: FlagSet): boolean {
  const f = specs.lookup(name);
  return !!f && f.noOptDefVal !== undefined;
}

function shortHasNoOptDefVal(c: string, specs: FlagSet): boolean {
  const f = specs.lookupShort(c);
  return !!f && f.noOptDefVal !== undefined;
}

/** cobra stripFlags: the non-flag words, skipping values of flags that take one. */
function stripFlags(args: string[], flags: FlagSet): string[] {
  const commands: string[] = [];
  const rest = [...args];
  while (rest.length > 0) {
    const s = rest.shift()!;
    if (s === '--') break;
    const longWithValue = s.startsWith('--') && !s.includes('=') && !hasNoOptDefVal(s.slice(2), flags);
    const shortWithValue =
      s.startsWith('-') && !s.includes('=') && s.length === 2 && !shortHasNoOptDefVal(s.slice(1), flags);
    if (longWithValue || shortWithValue) {
      if (rest.length <= 1) break;
      rest.shift();
      continue;
    }
    if (s !== '' && !s.startsWith('-')) commands.push(s);
  }
  return commands;
}

/** cobra argsMinusFirstX. */
function argsMinusFirstX(args: string[], x: string, flags: FlagSet): string[] {
  for (let pos = 0; pos < args.length; pos++) {
    const s = args[pos]!;
    if (s === '--') break;
    const longWithValue = s.startsWith('--') && !s.includes('=') && !hasNoOptDefVal(s.slice(2), flags);
    const shortWithValue =
      s.startsWith('-') && !s.includes('=') && s.length === 2 && !shortHasNoOptDefVal(s.slice(1), flags);
    if (longWithValue || shortWithValue) {
      pos++;
      continue;
    }
    if (!s.startsWith('-') && s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
  }
  return args;
}

function findSub(parent: CommandSpec | undefined, name: string): CommandSpec | undefined {
  if (!parent)
    return lookupCommand(name) ?? BUILTINS.find((b) => b.name === name || b.aliases?.includes(name));
  return parent.subcommands?.find((c) => c.name === name || c.aliases?.includes(name));
}

/** cobra Command.Find: the command chain and the remaining arguments. */
function find(
  ctx: CommandContext,
  args: string[],
): { chain: CommandSpec[]; rest: string[]; rootLeftover?: string } {
  const chain: CommandSpec[] = [];
  let rest = args;
  for (;;) {
    const cur = chain[chain.length - 1];
    const flags = new FlagSet(flagSpecsFor(cur, ctx));
    const words = stripFlags(rest, flags);
    if (words.length === 0) break;
    const next = findSub(cur, words[0]!);
    if (!next) {
      if (!cur) return { chain, rest, rootLeftover: words[0]! };
      break;
    }
    rest = argsMinusFirstX(rest, words[0]!, flags);
    chain.push(next);
  }
  return { chain, rest };
}

/** Commands the framework itself provides. */
const BUILTINS: CommandSpec[] = [
  {
    name: 'options',
    short: 'Print the list of flags inherited by all commands',
    long: 'Print the list of flags inherited by all commands',
    example: '  # Print flags inherited by all commands\n  kubectl options',
    use: 'options [flags]',
    async run(inv) {
      inv.out(optionsHelp(globalFlagSpecs(homeOf(inv.ctx))));
    },
  },
  {
    name: 'help',
    short: 'Help about any command',
    long: 'Help provides help for any command in the application.\nSimply type kubectl help [path to command] for full details.',
    use: 'help [command] [flags]',
    async run(inv) {
      if (inv.args.length === 0) {
        inv.out(rootHelp());
        return;
      }
      let cur: CommandSpec | undefined;
      const path = ['kubectl'];
      for (const a of inv.args) {
        const next = findSub(cur, a);
        if (!next) {
          inv.out(`Unknown help topic [\`${inv.args.join(' ')}\`]\n`);
          inv.out(rootHelp().replace(/^[\s\S]*?\n\n[\s\S]*?\n\n/, '\n\n'));
          return;
        }
        cur = next;
        path.push(a);
      }
      inv.out(commandHelp(cur!, path.slice(0, -1).join(' ')));
    },
  },
];

/** Real kubectl commands that Breakfix does not simulate yet: they fail clearly. */
function unsimulated(name: string): CommandSpec {
  return {
    name,
    short: '',
    use: `${name} [flags]`,
    async run() {
      throw new KubectlError(`kubectl ${name} is not simulated in Breakfix`);
    },
  };
}

/**
 * Load the recorded help texts (a chunk fetched on first use) and complete the commands that
 * were registered from them: their flags, usage lines and descriptions.
 */
export async function kubectlHelpReady(): Promise<void> {
  await loadHelp();
  hydrateCommands(registeredCommands());
}

/**
 * Run kubectl with `ctx.args` (the words after `kubectl`). Output goes to ctx.stdout/stderr
 * exactly as kubectl writes it; the result is the exit code.
 */
export async function runKubectl(ctx: CommandContext): Promise<number> {
  const args = [...ctx.args];
  try {
    // The flags of most commands come from the recorded help: it must be there before parsing.
    await kubectlHelpReady();
    const found = find(ctx, args);
    if (found.rootLeftover !== undefined) {
      // kubectl's plugin handler runs first: flags before an unknown command are an error.
      const firstWord = args.find((a) => !a.startsWith('-'));
      if (firstWord !== 'help' && args[0]!.startsWith('-')) {
        ctx.stderr(`Error: flags cannot be placed before plugin name: ${args[0]}\n`);
        return 1;
      }
      const typed = found.rootLeftover;
      if (ROOT_COMMAND_ORDER.includes(typed)) {
        // A real command that is not registered: Breakfix does not simulate it.
        return await runChain(
          ctx,
          [unsimulated(typed)],
          argsMinusFirstX(args, typed, new FlagSet(flagSpecsFor(undefined, ctx))),
        );
      }
      const names = [...ROOT_COMMAND_ORDER];
      const suggestFor = new Map<string, string[]>();
      for (const c of registeredCommands()) {
        if (!names.includes(c.name) && !c.hidden) names.push(c.name);
        if (c.suggestFor) suggestFor.set(c.name, c.suggestFor);
      }
      const suggestions = suggestionsFor(typed, names, suggestFor);
      const hint = suggestions.length > 0 ? `\n\nDid you mean this?\n\t${suggestions.join('\n\t')}\n` : '';
      throw new CobraError(`unknown command ${JSON.stringify(typed)} for "kubectl"${hint}`);
    }
    return await runChain(ctx, found.chain, found.rest);
  } catch (e) {
    return printError(e, (t) => ctx.stderr(t));
  }
}

async function runChain(ctx: CommandContext, chain: CommandSpec[], rest: string[]): Promise<number> {
  const cmd = chain[chain.length - 1];
  const commandPath = ['kubectl', ...chain.map((c) => c.name)].join(' ');
  const parentPath = ['kubectl', ...chain.slice(0, -1).map((c) => c.name)].join(' ');
  const flags = new FlagSet(flagSpecsFor(cmd, ctx));
  let parsed: { positional: string[]; argsLenAtDash: number };
  try {
    parsed = flags.parse(rest);
  } catch (e) {
    if (e instanceof FlagError) {
      // kubectl's FlagErrorFunc; `kubectl options` has its own.
      const hint =
        commandPath === 'kubectl options'
          ? "Run 'kubectl options' without flags."
          : `See '${commandPath} --help' for usage.`;
      throw new CobraError(`${e.message}\n${hint}`);
    }
    throw e;
  }
  for (const w of flags.deprecationWarnings) ctx.stderr(`${w}\n`);
  const helpText = () => (cmd ? commandHelp(cmd, parentPath) : rootHelp());
  if (flags.bool('help')) {
    ctx.stdout(helpText());
    return 0;
  }
  if (!cmd) {
    ctx.stdout(rootHelp());
    return 0;
  }
  checkGlobalFlags(flags);
  const inv: Invocation = {
    ctx,
    command: cmd,
    commandPath,
    args: parsed.positional,
    argsLenAtDash: parsed.argsLenAtDash,
    flags,
    kube: new Factory(ctx, flags),
    out: (t) => ctx.stdout(t),
    err: (t) => ctx.stderr(t),
    usageError: (msg) => new KubectlError(`${msg}\nSee '${commandPath} -h' for help and examples`),
    helpText,
  };
  if (!cmd.run) {
    // cmdutil.DefaultSubCommandRun: help on stderr and exit 1, or a usage error for extra words.
    if (parsed.positional.length > 0)
      throw inv.usageError(`unknown command ${JSON.stringify(parsed.positional.join(' '))}`);
    ctx.stderr(helpText());
    throw new ExitError(1);
  }
  const code = await cmd.run(inv);
  if (ctx.signal.aborted && code === undefined) return 130;
  return code ?? 0;
}
