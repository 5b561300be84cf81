/** ls, mkdir, rm, touch over the shell's file system (GNU coreutils messages). */
import type { CommandFn } from '../types';

export const ls: CommandFn = async (ctx) => {
  const flags = ctx.args.filter((a) => a.startsWith('-') && a !== '-');
  const targets = ctx.args.filter((a) => !a.startsWith('-') || a === '-');
  const all = flags.some((f) => f.includes('a'));
  const onePerLine = flags.some((f) => f.includes('1') || f.includes('l')) || !ctx.tty;
  let status = 0;
  const list = targets.length ? targets : ['.'];
  list.forEach((t, i) => {
    const path = ctx.fs.resolve(t);
    if (!ctx.fs.exists(path)) {
      ctx.stderr(`ls: cannot access '${t}': No such file or directory\n`);
      status = 2;
      return;
    }
    let names = ctx.fs.isDir(path) ? ctx.fs.readDir(path)! : [t];
    if (!all) names = names.filter((n) => !n.startsWith('.'));
    if (list.length > 1 && ctx.fs.isDir(path)) ctx.stdout(`${i ? '\n' : ''}${t}:\n`);
    if (names.length) ctx.stdout(onePerLine ? names.map((n) => n + '\n').join('') : names.join('  ') + '\n');
  });
  return status;
};

export const mkdir: CommandFn = async (ctx) => {
  const parents = ctx.args.includes('-p');
  let status = 0;
  for (const d of ctx.args.filter((a) => !a.startsWith('-'))) {
    const p = ctx.fs.resolve(d);
    const parent = p.slice(0, p.lastIndexOf('/')) || '/';
    if (ctx.fs.exists(p) && !parents) {
      ctx.stderr(`mkdir: cannot create directory ‘${d}’: File exists\n`);
      status = 1;
    } else if (!parents && !ctx.fs.isDir(parent)) {
      ctx.stderr(`mkdir: cannot create directory ‘${d}’: No such file or directory\n`);
      status = 1;
    } else ctx.fs.mkdir(p);
  }
  return status;
};

export const rm: CommandFn = async (ctx) => {
  const flags = ctx.args.filter((a) => a.startsWith('-')).join('');
  const force = flags.includes('f');
  const recursive = flags.includes('r') || flags.includes('R');
  let status = 0;
  const removeTree = (p: string): void => {
    for (const n of ctx.fs.readDir(p) ?? []) {
      const c = `${p}/${n}`;
      if (ctx.fs.isDir(c)) removeTree(c);
      else ctx.fs.remove(c);
    }
    ctx.fs.remove(p);
  };
  for (const f of ctx.args.filter((a) => !a.startsWith('-'))) {
    const p = ctx.fs.resolve(f);
    if (!ctx.fs.exists(p)) {
      if (!force) {
        ctx.stderr(`rm: cannot remove '${f}': No such file or directory\n`);
        status = 1;
      }
    } else if (ctx.fs.isDir(p)) {
      if (recursive) removeTree(p);
      else {
        ctx.stderr(`rm: cannot remove '${f}': Is a directory\n`);
        status = 1;
      }
    } else ctx.fs.remove(p);
  }
  return status;
};

export const touch: CommandFn = async (ctx) => {
  for (const f of ctx.args.filter((a) => !a.startsWith('-'))) {
    if (!ctx.fs.exists(f)) ctx.fs.writeFile(f, '');
  }
  return 0;
};
