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
