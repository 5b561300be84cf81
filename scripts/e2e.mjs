#!/usr/bin/env node
/* global process, console */
/**
 * `npm run test:e2e`: build the app with Vite, then run the Playwright tests (tests/e2e) in
 * Debian's Chromium. Never downloads a browser.
 *
 * Without Chromium the tests are skipped with a loud warning naming the package to install —
 * except under CI=true, where a missing browser fails the run (.ci/run installs it first).
 * Extra arguments go to `playwright test` (e.g. `npm run test:e2e -- tests/e2e/edit.spec.ts`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ci = process.env.CI === 'true' || process.env.CI === '1';

if (!existsSync(chromium)) {
  const lines = [
    `Chromium was not found at ${chromium}: the browser tests (tests/e2e) cannot run.`,
    "Install Debian's Chromium and a Japanese font, then run `npm run test:e2e`:",
    '    apt-get update && apt-get install -y --no-install-recommends chromium fonts-ipafont-gothic',
    '(or set CHROMIUM_PATH to a Chromium binary).',
  ];
  const bar = '!'.repeat(78);
  if (ci) {
    console.error(`\n${bar}\nERROR (CI=true): ${lines.join('\n')}\n${bar}\n`);
    process.exit(1);
  }
  console.warn(`\n${bar}\nWARNING: browser tests SKIPPED.\n${lines.join('\n')}\n${bar}\n`);
  process.exit(0);
}

const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.error) throw r.error;
  return r.status ?? 1;
};

let status = run('npx', ['vite', 'build', '--logLevel', 'warn']);
if (status === 0)
  status = run('npx', ['playwright', 'test', ...process.argv.slice(2)], {
    ...process.env,
    CHROMIUM_PATH: chromium,
  });
process.exit(status);
