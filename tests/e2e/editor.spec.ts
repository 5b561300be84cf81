import type { Page } from '@playwright/test';
import { expect, graphNodes, openApp, setEditorText as setText, shot, test } from './fixtures';

const manifest = (replicas: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
        - name: web
          image: nginx:1.25.3
`;

const markers = (page: Page) =>
  page.evaluate(() => window.__breakfix!.editor().markers.map((m) => `${m.line}: ${m.message}`));

test('apply YAML from the editor, after a validation marker on a bad field', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('editor-new').click();
  await page.waitForFunction(() => window.__breakfix!.editor().loaded);
  await expect(page.locator('[data-testid="editor"] .monaco-editor')).toBeVisible();

  await setText(page, manifest('three'));
  // The marker comes from the engine's own schema (monaco-yaml): replicas must be an integer.
  await expect
    .poll(() => markers(page))
    .toContainEqual(expect.stringMatching(/^6: Incorrect type\. Expected "integer"/));
  await expect(
    page.locator('[data-testid="editor"] .squiggly-error, [data-testid="editor"] .squiggly-warning').first(),
  ).toBeVisible();
  await shot(page, 'editor-marker');

  await setText(page, manifest('2'));
  await expect.poll(() => markers(page)).toEqual([]);
  await page.getByTestId('editor-apply').click();
  await expect(page.getByTestId('editor-output')).toContainText('deployment.apps/hello created');
  await expect
    .poll(async () => (await graphNodes(page)).some((n) => n.kind === 'Deployment' && n.name === 'hello'))
    .toBe(true);
  await shot(page, 'editor-applied');

  // Diff runs `kubectl diff -f` on the same file.
  await setText(page, manifest('4'));
  await page.getByTestId('editor-diff').click();
  await expect(page.getByTestId('editor-output')).toContainText('kubectl diff -f /root/untitled-1.yaml');
  await expect(page.getByTestId('editor-output').locator('pre')).not.toHaveText('…');
  await shot(page, 'editor-diff');
});
