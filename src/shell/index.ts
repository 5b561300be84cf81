/**
 * The terminal's shell, wired with its built-ins and kubectl. Hosts (worker, CLI) create one per
 * terminal tab with `createShell(host)` and feed it lines with `shell.run(text, io, signal)`.
 */
import { runKubectl } from '../kubectl/index';
import * as core from './builtins/core';
import * as files from './builtins/files';
import * as hostnet from './builtins/hostnet';
import * as text from './builtins/text';
import { sed } from './builtins/sed';
import { breakfix } from './builtins/breakfix';
import { Shell } from './interpreter';
import type { CommandFn, ShellHost } from './types';

export { Shell } from './interpreter';
export { MemoryFS, type FsSnapshot } from './fs';
export { isComplete, parseScript, IncompleteInputError, ShellSyntaxError } from './parser';
export type { ShellHost, ShellIO, CommandFn, ShellState } from './types';

const BUILTINS: Record<string, CommandFn> = {
  echo: core.echo,
  true: core.trueCmd,
  false: core.falseCmd,
  pwd: core.pwd,
  cd: core.cd,
  export: core.exportCmd,
  unset: core.unset,
  env: core.env,
  exit: core.exit,
  history: core.history,
  clear: core.clear,
  help: core.help,
  sleep: core.sleep,
  timeout: core.timeout,
  cat: text.cat,
  tee: text.tee,
  grep: text.grep,
  head: text.head,
  tail: text.tail,
  wc: text.wc,
  sort: text.sort,
  uniq: text.uniq,
  base64: text.base64,
  ls: files.ls,
  mkdir: files.mkdir,
  rm: files.rm,
  touch: files.touch,
  sed,
  breakfix,
  kubectl: (ctx) => runKubectl(ctx),
  curl: hostnet.curl,
};

/**
 * Commands a learner may reach for that this playground does not have, with the reason. The
 * shell still answers `<cmd>: command not found`, as a real machine without them would.
 */
const HINTS: Record<string, string> = {
  docker: 'hint: Breakfix simulates the cluster itself; there is no container engine on this machine.',
  kind: 'hint: the cluster already exists (choose a preset in the top bar); kind itself is not simulated.',
  minikube: 'hint: the cluster already exists; minikube is not simulated.',
  helm: 'hint: helm is not simulated in Breakfix.',
  vi: 'hint: write files in the editor panel, or create them with cat <<EOF > file.yaml; kubectl edit opens the editor.',
  vim: 'hint: write files in the editor panel, or create them with cat <<EOF > file.yaml; kubectl edit opens the editor.',
  nano: 'hint: write files in the editor panel, or create them with cat <<EOF > file.yaml; kubectl edit opens the editor.',
  k: "hint: 'k' is a common alias for kubectl; type kubectl in full here.",
  watch: 'hint: use kubectl get -w (with timeout N in front to stop it after N seconds).',
};

export function createShell(host: ShellHost, options: { env?: Record<string, string> } = {}): Shell {
  const shell = new Shell(host, options);
  for (const [name, fn] of Object.entries(BUILTINS)) shell.register(name, fn);
  for (const [name, text] of Object.entries(HINTS)) shell.hint(name, text);
  return shell;
}
