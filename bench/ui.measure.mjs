#!/usr/bin/env node
/* global process, console, fetch, Buffer, URL, setTimeout, window, document, performance, requestAnimationFrame, PerformanceObserver */
/**
 * `npm run bench:ui`: the browser measurements of the playground issue, taken in Debian's
 * Chromium against the built app on localhost (measured here, never asserted in tests):
 *
 *  1. Cold load: when the terminal is painted and the session is ready to run commands, and when
 *     the Monaco editor shows (goals: terminal < 1.5 s, editor < 3 s); median of 3 loads.
 *  2. JavaScript before Monaco, gzipped: every script the page and its cluster worker load
 *     before the editor chunk (goal < 600 KB).
 *  3. Frames during a rolling update of 500 pods on 20 nodes: rAF intervals and long animation
 *     frames on the main thread (goal p95 < 16 ms).
 *  4. A 10,000-line `kubectl get` output: how long until it is on screen, and the longest frame
 *     meanwhile (goal: the tab never freezes).
 *
 * "Before Monaco" counts every script requested during the cold load before the first of Monaco's
 * chunks, whoever requested it: the page's entry and the cluster worker's, plus any chunk either
 * of them loads at start (the lessons' content, say). Chunks loaded on first use of a feature are
 * not counted: the `kubectl describe` printers, and the schema's descriptions, which the editor
 * asks for once Monaco is up. What is requested after Monaco's first chunk is reported apart, file
 * by file: on a first visit the editor opens an example file at once, so that list also holds
 * what loads alongside Monaco without holding up the terminal (Cytoscape, the lessons' content).
 * A chunk that an entry imports statically counts with that entry whenever it is requested: the
 * entry cannot run without it. "Worker" is the cluster worker's entry chunk and its static
 * imports; everything else is reported as the main thread's.
 *
 * Options: `--build` rebuilds first (otherwise dist/ is used when present), `--dist DIR` measures
 * another build directory (e.g. one from `node scripts/bundle-report.mjs --out DIR`, leaving
 * dist/ to the e2e tests), `--quick` skips the 500-pod run. Results go to bench/ui.results.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { strToU8, zlibSync } from 'fflate';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.BENCH_PORT ?? 4174);
const BASE = `http://127.0.0.1:${PORT}`;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = new Set(process.argv.slice(2));
const distArg = process.argv.indexOf('--dist');
const DIST = resolve(root, distArg > 0 ? process.argv[distArg + 1] : 'dist');

if (!existsSync(executablePath)) {
  console.error(
    `Chromium not found at ${executablePath}: apt-get install -y --no-install-recommends chromium`,
  );
  process.exit(1);
}
if (args.has('--build') || !existsSync(join(DIST, 'index.html'))) {
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', DIST], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const server = spawn(
  'npx',
  ['vite', 'preview', '--outDir', DIST, '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'],
  {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  },
);
const stopServer = () => {
  try {
    process.kill(-server.pid);
  } catch {
    /* already gone */
  }
};
process.on('exit', stopServer);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(BASE)).ok) break;
  } catch {
    /* not up yet */
  }
  if (i > 100) throw new Error('vite preview did not start');
  await new Promise((r) => setTimeout(r, 200));
}

const browser = await chromium.launch({ executablePath, args: ['--disable-gpu'] });
const results = [];
const record = (name, value, unit, goal, note) => {
  results.push({
    name,
    value: Math.round(value * 10) / 10,
    unit,
    ...(goal ? { goal } : {}),
    ...(note ? { note } : {}),
  });
  console.log(
    `  ${name}: ${value.toFixed(1)} ${unit}${goal ? ` (goal ${goal})` : ''}${note ? ` — ${note}` : ''}`,
  );
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const offline = [];
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => {
    offline.push(r.request().url());
    return r.abort();
  });
  return { context, page, offline };
}

const MONACO = /MonacoView-|editor\.worker-|yaml\.worker-|codicon|assets\/yaml-/; // yaml-*.js: Monaco's YAML grammar
const gz = (file) => gzipSync(readFileSync(join(DIST, file))).length;

/** `files` and every chunk they import statically (`import … from "./x.js"`, `import "./x.js"`), transitively. */
function staticClosure(files) {
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    const code = readFileSync(join(DIST, f), 'utf8');
    const re = /(?:^|[;\s}])(?:import|export)\s*(?:[^"';()]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
    for (const m of code.matchAll(re)) visit(join(dirname(f), m[1]).replace(/\\/g, '/'));
  };
  files.forEach(visit);
  return [...seen];
}

// ---------------------------------------------------------------- 1 + 2: cold load
console.log('cold load (3 fresh profiles)…');
const loads = [];
let sizes;
for (let i = 0; i < 3; i++) {
  const { context, page, offline } = await newPage();
  const scripts = [];
  // In the order requested: what comes after Monaco's first chunk is not "before Monaco".
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('.js')) scripts.push(u.pathname.replace(/^\//, ''));
  });
  await page.goto(BASE);
  const painted = await (
    await page.waitForFunction(
      () => (window.__breakfix?.terminals({ text: true })[0]?.text.includes('$') ? performance.now() : 0),
      null,
      {
        polling: 10,
      },
    )
  ).jsonValue();
  const ready = await (
    await page.waitForFunction(() => (window.__breakfix?.ready() ? performance.now() : 0), null, {
      polling: 10,
    })
  ).jsonValue();
  const editor = await (
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="editor"] .monaco-editor .view-lines') ? performance.now() : 0,
      null,
      { polling: 10, timeout: 30_000 },
    )
  ).jsonValue();
  loads.push({ painted, ready, editor });
  if (offline.length) throw new Error(`non-localhost requests: ${offline.join(', ')}`);
  if (i === 0) {
    const all = [...new Set(scripts)];
    const firstMonaco = all.findIndex((f) => MONACO.test(f));
    const before = (firstMonaco < 0 ? all : all.slice(0, firstMonaco)).filter((f) => !MONACO.test(f));
    const monaco = all.filter((f) => MONACO.test(f));
    // A script cannot run before the chunks it imports statically: those count with it, even
    // when the browser requests them after Monaco's first chunk.
    const workerEntries = before.filter((f) => /(^|\/)worker-/.test(f));
    const worker = staticClosure(workerEntries);
    const main = staticClosure(before).filter((f) => !worker.includes(f));
    for (const f of [...worker, ...main]) if (!before.includes(f)) before.push(f);
    const after = all.filter((f) => !before.includes(f) && !monaco.includes(f));
    const sum = (fs) => fs.reduce((n, f) => n + gz(f), 0) / 1024;
    sizes = {
      main: sum(main),
      worker: sum(worker),
      monaco: sum(monaco),
      after: sum(after),
      files: { main, worker, monaco, after },
    };
  }
  await context.close();
}
record('terminal painted (prompt on screen)', median(loads.map((l) => l.painted)), 'ms', '< 1500');
record('session ready (commands run)', median(loads.map((l) => l.ready)), 'ms', '< 1500');
record('editor (Monaco) shown', median(loads.map((l) => l.editor)), 'ms', '< 3000');
record('JS before Monaco, main thread, gzipped', sizes.main, 'KB', undefined, sizes.files.main.join(' '));
record(
  'JS before Monaco, cluster worker, gzipped',
  sizes.worker,
  'KB',
  undefined,
  sizes.files.worker.join(' '),
);
record('JS before Monaco, total gzipped', sizes.main + sizes.worker, 'KB', '< 600');
record('Monaco chunks (lazy), gzipped', sizes.monaco, 'KB');
record(
  'other JS fetched once Monaco was loading, gzipped',
  sizes.after,
  'KB',
  undefined,
  sizes.files.after.join(' '),
);

// ---------------------------------------------------------------- frame recording helpers
const startFrames = (page) =>
  page.evaluate(() => {
    const b = { frames: [], loaf: [], stop: false, t0: performance.now() };
    window.__bench = b;
    let last = performance.now();
    const loop = (t) => {
      b.frames.push(t - last);
      last = t;
      if (!b.stop) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    try {
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) b.loaf.push(e.duration);
      }).observe({ type: 'long-animation-frame' });
    } catch {
      /* no LoAF in this browser */
    }
  });
const stopFrames = (page) =>
  page.evaluate(() => {
    window.__bench.stop = true;
    const since = (name) =>
      performance
        .getEntriesByName(name)
        .filter((e) => e.startTime >= window.__bench.t0)
        .map((e) => e.duration);
    return {
      frames: window.__bench.frames.slice(1),
      loaf: window.__bench.loaf,
      graph: since('breakfix:graph'),
      sync: since('breakfix:graph:sync'),
      mirror: since('breakfix:mirror'),
    };
  });
const typeCommand = async (page, text) => {
  await page.locator('[data-testid="terminal-1"] .xterm-helper-textarea').focus();
  await page.keyboard.type(text);
};
const completed = (page) => page.evaluate(() => window.__breakfix.terminals({ text: false })[0]);

// ---------------------------------------------------------------- 3: 500 pods, rolling update
const { context, page } = await newPage();
if (!args.has('--quick')) {
  console.log('500 pods on 20 nodes, rolling update…');
  const state = {
    version: 1,
    session: {
      format: 'breakfix/session',
      version: 1,
      preset: 'custom:20',
      seed: 1,
      now: 0,
      journal: [
        {
          t: 'run',
          tab: '1',
          id: 1,
          text: 'kubectl create deployment big --image=nginx:1.25.3 --replicas=500',
        },
      ],
    },
    terminals: { active: '1', tabs: [{ id: '1', history: [], screen: '' }] },
    editor: { active: null, tabs: [] },
    lessons: { progress: {} },
    prefs: { locale: 'en', speed: 30, lastSpeed: 30, namespace: 'default' },
  };
  const link = Buffer.from(zlibSync(strToU8(JSON.stringify(state)), { level: 9 }))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  await page.goto(`${BASE}/#s=${link}`);
  await page.waitForFunction(() => window.__breakfix?.ready(), null, { timeout: 120_000 });
  const running = () =>
    page.evaluate(
      () => window.__breakfix.graph().nodes.filter((n) => n.kind === 'Pod' && n.status === 'Running').length,
    );
  const waitStart = Date.now();
  while ((await running()) < 450 && Date.now() - waitStart < 180_000) await page.waitForTimeout(2000);
  const before = await running();
  await startFrames(page);
  await typeCommand(
    page,
    `kubectl patch deployment big -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25.4"}]}}}}'`,
  );
  await page.keyboard.press('Enter');
  await page.waitForTimeout(20_000);
  const f = await stopFrames(page);
  const replicaSets = await page.evaluate(
    () => window.__breakfix.graph().nodes.filter((n) => n.kind === 'ReplicaSet').length,
  );
  const note = `${before} pods Running at the start, ${replicaSets} ReplicaSets drawn, 20 s at 30×, ${f.frames.length} frames`;
  record('rolling update: frame interval p50', pct(f.frames, 50), 'ms', undefined, note);
  record('rolling update: frame interval p95', pct(f.frames, 95), 'ms', '< 16 (60 Hz: 16.7)');
  record('rolling update: longest frame', Math.max(...f.frames), 'ms');
  record(
    'rolling update: long animation frames (> 50 ms)',
    f.loaf.length,
    'count',
    undefined,
    `total ${Math.round(f.loaf.reduce((a, b) => a + b, 0))} ms`,
  );
  record(
    'rolling update: graph render p95 / max',
    pct(f.graph, 95),
    'ms',
    undefined,
    `max ${Math.round(Math.max(0, ...f.graph))} ms over ${f.graph.length} renders`,
  );
  record(
    'rolling update: Cytoscape sync p95 / max',
    pct(f.sync, 95),
    'ms',
    undefined,
    `max ${Math.round(Math.max(0, ...f.sync))} ms (part of the render)`,
  );
  record(
    'rolling update: mirror apply p95 / max',
    pct(f.mirror, 95),
    'ms',
    undefined,
    `max ${Math.round(Math.max(0, ...f.mirror))} ms over ${f.mirror.length} batches`,
  );
  await page.getByTestId('time-pause').click();
} else {
  await page.goto(BASE);
  await page.waitForFunction(() => window.__breakfix?.ready());
  await typeCommand(page, 'kubectl create deployment big --image=nginx:1.25.3 --replicas=100');
  await page.keyboard.press('Enter');
  await page.getByTestId('speed-60').click();
  await page.waitForTimeout(15_000);
  await page.getByTestId('time-pause').click();
}

// ---------------------------------------------------------------- 4: 10,000 lines
console.log('10,000-line kubectl get output…');
const done0 = (await completed(page)).completed;
await typeCommand(page, 'kubectl get pods -o yaml | head -n 10000');
await startFrames(page);
const t0 = await page.evaluate(() => performance.now());
await page.keyboard.press('Enter');
await page.waitForFunction(
  (n) => {
    const t = window.__breakfix.terminals({ text: false })[0];
    return t.completed > n && t.writing === 0;
  },
  done0,
  { polling: 50, timeout: 120_000 },
);
const t1 = await page.evaluate(() => performance.now());
const f4 = await stopFrames(page);
const lines = await page.evaluate(() => window.__breakfix.terminals()[0].text.split('\n').length);
record(
  '10,000 lines: Enter → all on screen',
  t1 - t0,
  'ms',
  undefined,
  `${lines} lines in the buffer (scrollback 5000)`,
);
record('10,000 lines: longest frame meanwhile', Math.max(...f4.frames), 'ms', 'no freeze');
record('10,000 lines: frame interval p95 meanwhile', pct(f4.frames, 95), 'ms');
await context.close();
await browser.close();
stopServer();

const report = {
  // The date is when the benchmark ran: the one place wall-clock time belongs.
  date: new Date().toISOString(),
  machine: {
    // Other work on the machine slows every number here: the load average says how much.
    loadAverage: loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  browser: executablePath,
  results,
};
writeFileSync(join(root, 'bench/ui.results.json'), JSON.stringify(report, null, 2) + '\n');
console.log('written bench/ui.results.json');
process.exit(0);
