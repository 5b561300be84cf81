/**
 * Built-ins that belong to the shell itself or to time: echo, cd, pwd, export, unset, env, true,
 * false, exit, history, clear, help, sleep, timeout. Messages follow bash and GNU coreutils.
 */
import type { CommandFn } from '../types';
import { parseInterval } from './duration';

const usage = (cmd: string, msg: string): string =>
  `${cmd}: ${msg}\nTry '${cmd} --help' for more information.\n`;

export const echo: CommandFn = async (ctx) => {
  let args = ctx.args;
  let newline = true;
  let escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0]!)) {
    for (const f of args[0]!.slice(1)) {
      if (f === 'n') newline = false;
      else if (f === 'e') escapes = true;
      else escapes = false;
    }
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) {
    text = text.replace(/\\(n|t|\\|r|a|b|e|0[0-7]{0,3})/g, (_m, c: string) =>
      c === 'n'
        ? '\n'
        : c === 't'
          ? '\t'
          : c === '\\'
            ? '\\'
            : c === 'r'
              ? '\r'
              : c === 'a'
                ? '\x07'
                : c === 'b'
                  ? '\b'
                  : c === 'e'
                    ? '\x1b'
                    : String.fromCharCode(parseInt(c, 8)),
    );
  }
  ctx.stdout(text + (newline ? '\n' : ''));
  return 0;
};

export const trueCmd: CommandFn = async () => 0;
export const falseCmd: CommandFn = async () => 1;

export const pwd: CommandFn = async (ctx) => {
  ctx.stdout(ctx.fs.cwd() + '\n');
  return 0;
};

export const cd: CommandFn = async (ctx, shell) => {
  const target = ctx.args[0] ?? shell.env.HOME ?? '/root';
  const path = ctx.fs.resolve(target);
  if (!ctx.fs.exists(path)) {
    ctx.stderr(`sh: cd: ${target}: No such file or directory\n`);
    return 1;
  }
  if (!ctx.fs.isDir(path)) {
    ctx.stderr(`sh: cd: ${target}: Not a directory\n`);
    return 1;
  }
  (ctx.fs as { chdir?: (p: string) => void }).chdir?.(path);
  shell.env.PWD = path;
  return 0;
};

export const exportCmd: CommandFn = async (ctx, shell) => {
  if (ctx.args.length === 0 || (ctx.args.length === 1 && ctx.args[0] === '-p')) {
    for (const k of Object.keys(shell.env).sort())
      ctx.stdout(`declare -x ${k}=${JSON.stringify(shell.env[k])}\n`);
    return 0;
  }
  let status = 0;
  for (const a of ctx.args) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      ctx.stderr(`sh: export: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (eq >= 0) shell.env[name] = a.slice(eq + 1);
    else shell.env[name] ??= '';
  }
  return status;
};

export const unset: CommandFn = async (ctx, shell) => {
  for (const a of ctx.args) delete shell.env[a];
  return 0;
};

export const env: CommandFn = async (ctx) => {
  if (ctx.args.length) {
    ctx.stderr('env: running a command through env is not supported in this shell\n');
    return 125;
  }
  for (const k of Object.keys(ctx.env).sort()) ctx.stdout(`${k}=${ctx.env[k]}\n`);
  return 0;
};

export const exit: CommandFn = async (ctx, shell) => {
  const code = ctx.args[0] === undefined ? shell.lastStatus : Number(ctx.args[0]);
  if (!Number.isInteger(code)) {
    ctx.stderr(`sh: exit: ${ctx.args[0]}: numeric argument required\n`);
    shell.exitRequested = 2;
    return 2;
  }
  shell.exitRequested = code & 255;
  return code & 255;
};

export const history: CommandFn = async (ctx, shell) => {
  const h = shell.history;
  let start = 0;
  if (ctx.args[0] !== undefined) {
    const n = Number(ctx.args[0]);
    if (!Number.isInteger(n) || n < 0) {
      ctx.stderr(`sh: history: ${ctx.args[0]}: numeric argument required\n`);
      return 1;
    }
    start = Math.max(0, h.length - n);
  }
  for (let i = start; i < h.length; i++)
    ctx.stdout(`${String(i + 1).padStart(5)}  ${h[i]!.replace(/\n/g, '\n       ')}\n`);
  return 0;
};

export const clear: CommandFn = async (_ctx, shell) => {
  shell.clearScreen();
  return 0;
};

export const help: CommandFn = async (ctx, shell) => {
  ctx.stdout(
    [
      'Breakfix shell: a small POSIX-like shell next to a simulated Kubernetes cluster.',
      '',
      'Syntax: pipes (|), ;, &&, ||, redirections (>, >>, <, 2>&1), heredocs (<<EOF),',
      'quotes (\'…\', "…"), variables ($NAME, $?), command substitution $(…).',
      '',
      'Commands:',
      '  ' + shell.commandNames().join(' '),
      '',
      "Try 'kubectl get nodes' or 'kubectl help'.",
      '',
    ].join('\n'),
  );
  return 0;
};

export const sleep: CommandFn = async (ctx) => {
  if (ctx.args.length === 0) {
    ctx.stderr(usage('sleep', 'missing operand'));
    return 1;
  }
  let total = 0;
  for (const a of ctx.args) {
    const ms = parseInterval(a);
    if (ms === undefined) {
      ctx.stderr(usage('sleep', `invalid time interval ‘${a}’`));
      return 1;
    }
    total += ms;
  }
  await ctx.sleep(total, ctx.signal);
  return ctx.signal.aborted ? 130 : 0;
};

/**
 * `timeout DURATION COMMAND [ARG]…`: run the command; when the duration passes, interrupt it and
 * exit 124 (GNU timeout). In the CLI the duration is simulated time, so `timeout 30 kubectl get
 * pods -w` shows the next 30 simulated seconds of the watch.
 */
export const timeout: CommandFn = async (ctx, shell) => {
  const args = [...ctx.args];
  while (args[0]?.startsWith('-') && args[0] !== '--') {
    const flag = args.shift()!;
    if (flag === '-s' || flag === '-k' || flag === '--signal' || flag === '--kill-after') args.shift();
    else if (!/^(--preserve-status|--foreground|-v|--verbose|--(signal|kill-after)=.*)$/.test(flag)) {
      ctx.stderr(usage('timeout', `invalid option -- '${flag.replace(/^-+/, '')}'`));
      return 125;
    }
  }
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    ctx.stderr(usage('timeout', 'missing operand'));
    return 125;
  }
  const ms = parseInterval(args[0]!);
  if (ms === undefined) {
    ctx.stderr(usage('timeout', `invalid time interval ‘${args[0]}’`));
    return 125;
  }
  if (args.length === 1) {
    ctx.stderr(usage('timeout', `missing operand after ‘${args[0]}’`));
    return 125;
  }
  const inner = new AbortController();
  const onOuter = () => inner.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onOuter, { once: true });
  const timerDone = new AbortController();
  let timedOut = false;
  const timer = ctx.sleep(ms, AbortSignal.any([timerDone.signal, ctx.signal])).then(() => {
    if (!timerDone.signal.aborted && !ctx.signal.aborted) {
      timedOut = true;
      inner.abort('timeout');
    }
  });
  const status = await shell.exec(
    args.slice(1),
    ctx.env,
    { stdin: ctx.stdin, input: ctx.input, stdout: ctx.stdout, stderr: ctx.stderr },
    inner.signal,
  );
  timerDone.abort();
  await timer;
  ctx.signal.removeEventListener('abort', onOuter);
  if (ctx.signal.aborted) return 130;
  return timedOut ? 124 : status;
};
