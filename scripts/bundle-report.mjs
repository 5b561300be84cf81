#!/usr/bin/env node
/* global process, console */
/**
 * `node scripts/bundle-report.mjs [--top N] [--files] [--min KB] [--out DIR]`: what is inside each built chunk.
 *
 * Runs `vite build` (into a scratch directory, so dist/ is left alone) with one extra plugin, on
 * both the page build and the worker builds, that records every module's rendered (minified) size
 * per chunk. Prints, per chunk, its minified and gzipped size, whether it is loaded at start
 * (entry or static import of an entry) or on demand, and its biggest modules grouped by package
 * (node_modules) or by source folder (src/...), with their share of the chunk (rendered bytes, before
 * minification, and that share of the gzipped size: an estimate).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const top = Number(opt('--top', 25));
const byFile = argv.includes('--files');
const minKb = Number(opt('--min', 8)); // smaller chunks are counted in the summary only // one line per module instead of per package/folder
const keep = opt('--out', undefined);
const outDir = keep ?? mkdtempSync(join(tmpdir(), 'breakfix-bundle-'));

/** chunk file name → { modules: Map<id, bytes>, isEntry, imports, dynamicImports } */
const chunks = new Map();
const collect = () => ({
  name: 'breakfix-bundle-report',
  generateBundle(_options, bundle) {
    for (const [file, c] of Object.entries(bundle)) {
      if (c.type !== 'chunk') continue;
      const modules = new Map();
      for (const [id, m] of Object.entries(c.modules ?? {})) modules.set(id, m.renderedLength ?? 0);
      chunks.set(file, {
        modules,
        isEntry: c.isEntry,
        imports: c.imports ?? [],
        dynamicImports: c.dynamicImports ?? [],
      });
    }
  },
});

await build({
  root,
  logLevel: 'warn',
  plugins: [collect()],
  worker: { plugins: () => [collect()] },
  build: { outDir, emptyOutDir: true, sourcemap: false },
});

/** Group a module id: the npm package, or the first two folders of src/. */
const group = (id) => {
  if (byFile) return relative(root, id.replace(/^\0/, ''));
  const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const rel = relative(root, clean);
  if (rel.startsWith('..')) return clean;
  const parts = rel.split('/');
  return parts.length > 3 ? parts.slice(0, 3).join('/') + '/' : rel;
};

const small = { n: 0, bytes: 0 };
const kb = (n) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
for (const [file, c] of [...chunks].sort((a, b) => a[0].localeCompare(b[0]))) {
  let raw;
  try {
    raw = readFileSync(join(outDir, file));
  } catch {
    continue;
  }
  const total = [...c.modules.values()].reduce((a, b) => a + b, 0);
  if (raw.length < minKb * 1024) {
    small.n++;
    small.bytes += raw.length;
    continue;
  }
  console.log(
    `\n${file}: ${kb(raw.length)} minified, ${kb(gzipSync(raw).length)} gzipped` +
      `${c.isEntry ? ' (entry)' : ''}` +
      `${c.imports.length ? `; imports ${c.imports.join(', ')}` : ''}` +
      `${c.dynamicImports.length ? `; loads on demand ${c.dynamicImports.length > 6 ? `${c.dynamicImports.length} chunks` : c.dynamicImports.join(', ')}` : ''}`,
  );
  const groups = new Map();
  for (const [id, n] of c.modules) groups.set(group(id), (groups.get(group(id)) ?? 0) + n);
  // The share of the gzipped chunk is estimated by the share of rendered bytes.
  const gzBytes = gzipSync(raw).length;
  for (const [g, n] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `  ${kb(n)}  ${((100 * n) / Math.max(1, total)).toFixed(1).padStart(5)}%  ≈${kb((gzBytes * n) / Math.max(1, total))} gz  ${g}`,
    );
}
if (small.n) console.log(`\n${small.n} chunks under ${minKb} KB, ${kb(small.bytes)} minified in all`);

// What each entry fetches before it runs: the entry and every chunk it imports statically,
// transitively (a module worker requests these after the entry itself, so a timeline can place
// them late; they still hold up the start).
const gzOf = (file) => {
  try {
    return gzipSync(readFileSync(join(outDir, file))).length;
  } catch {
    return 0;
  }
};
console.log('\nentries with their static imports (gzipped):');
for (const [file, c] of [...chunks].sort((a, b) => a[0].localeCompare(b[0]))) {
  if (!c.isEntry) continue;
  const seen = new Set();
  const stack = [file];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...(chunks.get(f)?.imports ?? []));
  }
  const total = [...seen].reduce((n, f) => n + gzOf(f), 0);
  console.log(`  ${kb(total)}  ${file}${seen.size > 1 ? ` + ${seen.size - 1} chunks` : ''}`);
}
if (!keep) rmSync(outDir, { recursive: true, force: true });
