import type { Page } from '@playwright/test';
import {
  editorTabs,
  expect,
  openApp,
  run,
  setEditorText,
  shot,
  terminalText,
  test,
  typeLine,
} from './fixtures';

const editTab = async (page: Page) => (await editorTabs(page)).find((t) => t.kind === 'edit');

test('kubectl edit round trip: save applies, an error re-opens the tab, closing unchanged cancels', async ({
  page,
}) => {
  await openApp(page);
  await run(page, 'kubectl create deployment web --image=nginx:1.25.3 --replicas=1');

  await typeLine(page, 'kubectl edit deployment web');
  await expect.poll(() => editTab(page)).toBeTruthy();
  const first = (await editTab(page))!;
  expect(first.content).toContain(
    "# Please edit the object below. Lines beginning with a '#' will be ignored,",
  );
  expect(first.content).toContain('  replicas: 1\n');
  // The terminal waits for the editor, as kubectl waits for $EDITOR.
  expect(await page.evaluate(() => window.__breakfix!.terminals()[0]!.running)).toBe(true);
  await shot(page, 'edit-open');

  // Broken YAML: kubectl reports it and opens the file again with the error on top.
  await setEditorText(page, first.content.replace('  replicas: 1\n', '  replicas: [\n'));
  await page.getByTestId('editor-save-edit').click();
  await expect
    .poll(async () => (await editTab(page))?.id !== first.id && (await editTab(page))?.content)
    .toContain('was not valid');
  await expect.poll(() => terminalText(page)).toContain('error: deployments.apps "web" is invalid');
  const second = (await editTab(page))!;
  await shot(page, 'edit-error');

  await setEditorText(page, second.content.replace('  replicas: [\n', '  replicas: 2\n'));
  await page.getByTestId('editor-save-edit').click();
  await expect.poll(() => terminalText(page)).toContain('deployment.apps/web edited');
  await expect.poll(async () => (await editTab(page)) === undefined).toBe(true);
  expect(await run(page, 'kubectl get deployment web -o jsonpath={.spec.replicas}')).toContain('2');

  // Closing the tab without saving hands kubectl its text back unchanged.
  await typeLine(page, 'kubectl edit deployment web');
  await expect.poll(() => editTab(page)).toBeTruthy();
  await page.getByTestId('editor-cancel-edit').click();
  await expect.poll(() => terminalText(page)).toContain('Edit cancelled, no changes made.');
  await shot(page, 'edit-cancelled');
});
