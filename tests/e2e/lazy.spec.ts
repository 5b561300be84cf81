import { expect, openApp, run, test } from './fixtures';

// Parts of the cluster worker that are chunks of their own, fetched on first use
// (vite.config.ts): they must work in the built app as they do in Node.
test('kubectl explain and describe load their chunks on first use', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await openApp(page);
  // The editor takes the focus when it mounts: let it come up before typing in the terminal.
  await page.waitForFunction(() => window.__breakfix!.editor().loaded);
  const explain = await run(page, 'kubectl explain deployment.spec.replicas');
  expect(explain).toContain('FIELD: replicas <integer>');
  expect(explain).toContain('Number of desired pods.');
  expect(fetched.some((p) => /\/k8s\.schema-[\w-]+\.js$/.test(p))).toBe(true);

  const describe = await run(page, 'kubectl describe node kind-control-plane');
  expect(describe).toMatch(/^Name:\s+kind-control-plane$/m);
  expect(describe).toContain('Conditions:');
  expect(fetched.some((p) => /\/describers-[\w-]+\.js$/.test(p))).toBe(true);
});

test('kubectl loads its recorded help texts with the first command', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await openApp(page);
  await page.waitForFunction(() => window.__breakfix!.editor().loaded);
  const helpChunk = (p: string): boolean => /\/kubectl-help-[\w-]+\.js$/.test(p);
  expect(fetched.some(helpChunk)).toBe(false);
  // `kubectl delete` takes its flags from the records: --cascade without a value is background.
  const out = await run(page, 'kubectl delete pod nothing-here --cascade --dry-run=client');
  expect(out).toContain('pod "nothing-here" deleted (dry run)');
  expect(fetched.some(helpChunk)).toBe(true);
  const help = await run(page, 'kubectl cordon --help');
  expect(help).toContain('Mark node as unschedulable.');
});

test('kubectl command implementations load on first use', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await openApp(page);
  await page.waitForFunction(() => window.__breakfix!.editor().loaded);
  const createChunk = (p: string): boolean => /\/create-[\w-]+\.js$/.test(p);
  // Registered at start (help, flags and completion work), implemented in a chunk of its own.
  expect(fetched.some(createChunk)).toBe(false);
  const help = await run(page, 'kubectl create deployment --help');
  expect(help).toContain('Create a deployment with the specified name.');
  expect(fetched.some(createChunk)).toBe(false);
  const out = await run(page, 'kubectl create deployment web --image=nginx --dry-run=client');
  expect(out).toContain('deployment.apps/web created (dry run)');
  expect(fetched.some(createChunk)).toBe(true);
});
