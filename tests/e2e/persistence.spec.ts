import type { Page } from '@playwright/test';
import {
  editorTabs,
  expect,
  graphNodes,
  openApp,
  run,
  setEditorText,
  shot,
  terminalText,
  test,
} from './fixtures';

/** Wait until everything done so far is in IndexedDB. */
async function saved(page: Page) {
  await page.waitForTimeout(1200); // the debounce of a tick's journal change is 1 s
  await expect.poll(() => page.evaluate(() => window.__breakfix!.saveStatus())).toBe('saved');
}

const clusterIds = async (page: Page) =>
  (await graphNodes(page))
    .filter((n) => n.kind !== 'Bucket')
    .map((n) => `${n.kind}/${n.name}/${n.id}`)
    .sort();

test('reload and find everything as it was', async ({ page }) => {
  await openApp(page);
  await run(page, 'kubectl create deployment web --image=nginx:1.25.3 --replicas=2');
  await run(page, 'kubectl create configmap settings --from-literal=mode=demo');
  await page.getByTestId('terminal-new').click();
  await run(page, 'echo from the second tab', '2');
  await page.getByTestId('editor-new').click();
  await page.waitForFunction(() => window.__breakfix!.editor().loaded);
  await setEditorText(page, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: draft\n');
  await page.getByTestId('namespace-filter').selectOption('');
  await expect
    .poll(
      async () =>
        (await graphNodes(page)).filter((n) => n.kind === 'Pod' && n.name.startsWith('web-')).length,
    )
    .toBe(2);

  const before = await clusterIds(page);
  const time = await page.evaluate(() => window.__breakfix!.time().now);
  await saved(page);
  await shot(page, 'persistence-before');

  await page.reload();
  await openApp(page);
  // The same objects with the same uids: the journal was replayed on the same seed.
  await expect
    .poll(() => clusterIds(page))
    .toEqual(expect.arrayContaining(before.filter((x) => !x.startsWith('Pod/'))));
  expect((await clusterIds(page)).filter((x) => x.startsWith('Pod/web-'))).toEqual(
    before.filter((x) => x.startsWith('Pod/web-')),
  );
  expect(await page.evaluate(() => window.__breakfix!.time().now)).toBeGreaterThanOrEqual(time);
  expect(await terminalText(page, '1')).toContain('deployment.apps/web created');
  expect(await terminalText(page, '1')).toContain('configmap/settings created');
  expect(await terminalText(page, '2')).toContain('from the second tab');
  const terms = await page.evaluate(() => window.__breakfix!.terminals());
  expect(terms.map((t) => t.id)).toEqual(['1', '2']);
  expect(terms[0]!.history).toEqual([
    'kubectl create deployment web --image=nginx:1.25.3 --replicas=2',
    'kubectl create configmap settings --from-literal=mode=demo',
  ]);
  const tabs = await editorTabs(page);
  expect(tabs.find((t) => t.path === '/root/untitled-1.yaml')?.content).toBe(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: draft\n',
  );
  await expect(page.getByTestId('namespace-filter')).toHaveValue('');
  // History works after the reload: Up recalls the last command of the tab.
  await page.getByTestId('terminal-tab-1').click();
  await page.locator('[data-testid="terminal-1"] .xterm-helper-textarea').focus();
  await page.keyboard.press('ArrowUp');
  await expect
    .poll(() => terminalText(page, '1'))
    .toMatch(/\$ kubectl create configmap settings --from-literal=mode=demo$/);
  await shot(page, 'persistence-after');
});

test('a share link and an export file carry the session', async ({ page, browser }) => {
  await openApp(page);
  await run(page, 'kubectl create deployment shared --image=nginx:1.25.3');
  await expect.poll(async () => (await graphNodes(page)).some((n) => n.name === 'shared')).toBe(true);
  const ids = (await clusterIds(page)).filter((x) => !x.startsWith('Event'));

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('share').click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#s=[\w-]+$/);

  const download = page.waitForEvent('download');
  await page.getByTestId('export').click();
  const file = await (await download).path();

  // A fresh browser profile: nothing saved, only the link.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (r) => r.abort());
  await openApp(p2, link.slice(link.indexOf('/#') >= 0 ? link.indexOf('/#') : link.indexOf('#')));
  await expect.poll(() => clusterIds(p2)).toEqual(expect.arrayContaining(ids));
  expect(p2.url()).not.toContain('#s=');
  await other.close();

  // Another fresh profile imports the exported file.
  const third = await browser.newContext();
  const p3 = await third.newPage();
  await openApp(p3);
  const reloaded = p3.waitForEvent('load');
  await p3.getByTestId('import-file').setInputFiles(file);
  await reloaded;
  await p3.waitForFunction(() => window.__breakfix?.ready() === true, undefined, { timeout: 60_000 });
  await expect.poll(() => clusterIds(p3)).toEqual(expect.arrayContaining(ids));
  await third.close();
});
