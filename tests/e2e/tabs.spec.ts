import type { Page } from '@playwright/test';
import { expect, openApp, run, shot, terminalText, test, typeLine } from './fixtures';

const running = (page: Page, id: string) =>
  page.evaluate((tab) => window.__breakfix!.terminals().find((t) => t.id === tab)?.running, id);

test('a blocking command holds only its tab; Ctrl-C ends it', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('terminal-new').click();
  await expect(page.getByTestId('terminal-tab-2')).toBeVisible();

  await typeLine(page, 'kubectl get pods -w', { tab: '1' });
  await expect.poll(() => running(page, '1')).toBe(true);

  // The other tab is its own shell and answers while tab 1 waits.
  const out = await run(page, 'kubectl create deployment web --image=nginx:1.25.3', '2');
  expect(out).toContain('deployment.apps/web created');
  expect(await running(page, '1')).toBe(true);
  await shot(page, 'tabs-two');

  // Tab 1 watched the pod appear; Ctrl-C gives its prompt back.
  await page.getByTestId('terminal-tab-1').click();
  await page.locator('[data-testid="terminal-1"] .xterm-helper-textarea').focus();
  await expect.poll(() => terminalText(page, '1')).toMatch(/web-\w+-\w+/);
  await page.keyboard.press('Control+C');
  await expect.poll(() => running(page, '1')).toBe(false);
  expect(await terminalText(page, '1')).toContain('^C');
  await shot(page, 'tabs-interrupted');
});

test('port-forward in one tab, curl in another', async ({ page }) => {
  await openApp(page);
  const help = await run(page, 'kubectl port-forward --help | head -1; curl --help | head -1');
  expect(help, 'port-forward and curl are in the shell').not.toMatch(
    /unknown command|not simulated|command not found/,
  );
  await run(page, 'kubectl create deployment web --image=nginx:1.25.3');
  await run(page, 'kubectl wait --for=condition=Available deployment/web --timeout=120s');
  await page.getByTestId('terminal-new').click();
  await typeLine(page, 'kubectl port-forward deployment/web 8080:80', { tab: '1' });
  await expect.poll(() => terminalText(page, '1')).toContain('Forwarding from 127.0.0.1:8080 -> 80');
  const body = await run(page, 'curl -s localhost:8080', '2');
  expect(body).toContain('Welcome to nginx!');
  await shot(page, 'tabs-port-forward');
});
