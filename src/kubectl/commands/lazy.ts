/**
 * Commands whose implementation is a chunk of its own in the browser build, fetched the first time
 * one of them runs: the cluster worker does not need them to start.
 *
 * Two shapes:
 *  - Recorded-help commands (create, apply, rollout …): the record (name, aliases, help, flags:
 *    what help, flag parsing and tab completion read) is built eagerly in ./stubs.ts; the module
 *    exports the same tree with its `run` bodies. Each stub `run` loads the module and runs the
 *    node at the same command path there ({@link registerLazyCommand}).
 *    tests/unit/kubectl/lazy-commands.test.ts checks that both trees agree in all but `run`.
 *  - Commands with their own flags (run, logs, exec …): `X.ts` registers the record, `X.run.ts`
 *    exports `run`, which the record's `run` loads.
 * Loads go through `lazyModule` (src/api/lazy.ts), so the headless CLI's time driver waits for
 * them and transcripts stay deterministic.
 */
import { lazyModule } from '../../api/lazy';
import { registerCommand, type CommandSpec } from '../registry';

type Run = NonNullable<CommandSpec['run']>;

/** Marks a node of a stub tree that has a `run` in the loaded module. */
export const LAZY: Run = () => Promise.reject(new Error('lazy command stub was not wired'));

/** The node at `path` (subcommand names below `spec`) of a loaded tree. */
function nodeAt(spec: CommandSpec, path: readonly string[]): CommandSpec {
  let node = spec;
  for (const name of path) {
    const next = node.subcommands?.find((s) => s.name === name);
    if (!next) throw new Error(`lazy command: no subcommand ${path.join(' ')} under ${spec.name}`);
    node = next;
  }
  return node;
}

const loaders: (() => Promise<unknown>)[] = [];

/**
 * A command module loaded on first use. Once it is there the module is handed out synchronously,
 * so a command runs exactly as a statically imported one would (no extra turns of the event loop).
 */
export function lazyCommandModule<M>(load: () => Promise<M>): () => M | Promise<M> {
  let mod: M | undefined;
  const get = lazyModule(async () => (mod = await load()));
  loaders.push(get);
  return () => mod ?? get();
}

/** A `run` that takes the function `pick` chooses from a {@link lazyCommandModule}. */
export function lazyRun<M>(module: () => M | Promise<M>, pick: (m: M) => Run): Run {
  return (inv) => {
    const m = module();
    return m instanceof Promise ? m.then((loaded) => pick(loaded)(inv)) : pick(m)(inv);
  };
}

/** Load every lazily loaded command module now (tests that drive the worker host by hand). */
export async function preloadLazyCommands(): Promise<void> {
  await Promise.all(loaders.map((load) => load()));
}

/** Wire every {@link LAZY} run of `stub` (in place) to the same node of the loaded tree. */
function wire<M>(
  stub: CommandSpec,
  module: () => M | Promise<M>,
  pick: (m: M) => CommandSpec,
  path: readonly string[],
): void {
  if (stub.run === LAZY) {
    stub.run = lazyRun(module, (m) => {
      const run = nodeAt(pick(m), path).run;
      if (!run) throw new Error(`lazy command: ${[stub.name, ...path].join(' ')} has no run`);
      return run;
    });
  }
  for (const sub of stub.subcommands ?? []) wire(sub, module, pick, [...path, sub.name]);
}

/**
 * Register `stub` now, its runs taken from `pick(module)` once the {@link lazyCommandModule} is
 * loaded. Commands implemented by one module share its loader.
 */
export function registerLazyCommand<M>(
  stub: CommandSpec,
  module: () => M | Promise<M>,
  pick: (m: M) => CommandSpec,
): void {
  wire(stub, module, pick, []);
  registerCommand(stub);
}
