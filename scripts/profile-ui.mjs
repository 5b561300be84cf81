#!/usr/bin/env node
/* global process, console, fetch, Buffer, setTimeout, window */
/**
 * `node scripts/profile-ui.mjs [--dist DIR] [--pods N] [--seconds S] [--save FILE]`: a CPU profile of the page's
 * main thread during the rolling update of bench/ui.measure.mjs (N pods on 20 nodes, 30×), printed
 * as the functions with the most self time. Serves an existing build (default dist/; build one
 * elsewhere with `node scripts/bundle-report.mjs --out DIR`). A diagnosis tool, not a benchmark.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zlibSync } from 'fflate';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const dist = opt('--dist', 'dist');
const pods = Number(opt('--pods', 500));
const seconds = Number(opt('--seconds', 10));
const PORT = Number(process.env.BENCH_PORT ?? 4175);
const BASE = `http://127.0.0.1:${PORT}`;

const server = spawn(
  'npx',
  ['vite', 'preview', '--outDir', dist, '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'],
  { cwd: root, stdio: 'ignore', detached: true },
);
process.on('exit', () => {
  try {
    process.kill(-server.pid);
  } catch {
    /* gone */
  }
});
for (let i = 0; ; i++) {
  try {
    if ((await fetch(BASE)).ok) break;
  } catch {
    /* not up yet */
  }
  if (i > 100) throw new Error('vite preview did not start');
  await new Promise((r) => setTimeout(r, 200));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-gpu'],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
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
        text: `kubectl create deployment big --image=nginx:1.25.3 --replicas=${pods}`,
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
const t0 = Date.now();
while ((await running()) < pods * 0.9 && Date.now() - t0 < 180_000) await page.waitForTimeout(2000);
console.log(`${await running()} pods Running`);

const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.locator('[data-testid="terminal-1"] .xterm-helper-textarea').focus();
await page.keyboard.type(
  `kubectl patch deployment big -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25.4"}]}}}}'`,
);
await page.keyboard.press('Enter');
await page.waitForTimeout(seconds * 1000);
const { profile } = await cdp.send('Profiler.stop');
const save = opt('--save', undefined);
if (save) writeFileSync(save, JSON.stringify(profile));

// Self time per function (ms), from the sample counts and time deltas.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`profile: ${Math.round(total)} ms sampled over ${seconds} s`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
// Inclusive time of the app's own frames (anything below them counts), by call stack top.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  const seen = new Set();
  for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + dt);
  }
}
console.log('inclusive:');
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60))
  console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
await browser.close();
process.exit(0);
