import type { Page } from '@playwright/test';
import { expect, openApp, run, shot, terminalText, test, typeLine } from './fixtures';

/** Commands finished in the first terminal tab. */
const completed = (page: Page) => page.evaluate(() => window.__breakfix!.terminals()[0]!.completed);

test('kubectl run -it --rm holds a shell session in the terminal; the tab works afterwards', async ({
  page,
}) => {
  await openApp(page);
  const before = await completed(page);
  await typeLine(page, 'kubectl run -it --rm b --image=busybox:1.36.1 --restart=Never -- sh');
  // kubectl's hint, then the container's prompt (lines are read with trailing blanks trimmed)
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toMatch(/try pressing enter\.\n\/ # ?$/);

  // typed into the session: the container's pty echoes it after its prompt
  await typeLine(page, 'echo hi');
  await expect.poll(() => terminalText(page)).toMatch(/\n\/ # echo hi\nhi\n\/ # ?$/);
  // line editing applies to the session's line too (Ctrl-U kills it; nothing is sent)
  await typeLine(page, 'this is not sent', { enter: false });
  await page.keyboard.press('Control+U');
  await typeLine(page, 'echo $HOSTNAME');
  await expect.poll(() => terminalText(page)).toMatch(/\n\/ # echo \$HOSTNAME\nb\n\/ # ?$/);
  expect(await completed(page)).toBe(before);

  await typeLine(page, 'exit');
  await expect.poll(() => completed(page), { timeout: 60_000 }).toBeGreaterThan(before);
  const text = await terminalText(page);
  expect(text).toMatch(/\n\/ # exit\npod "b" deleted\n\$ ?$/);
  expect(text).not.toContain('this is not sent');

  // the pod is gone, and the tab runs commands again
  expect(await run(page, 'kubectl get pods')).toContain('No resources found in default namespace.');
  expect(await run(page, 'echo back')).toBe('back\n');
  await shot(page, 'interactive-run');
});

test('Ctrl-C reaches the container in an -it session; Ctrl-D ends it', async ({ page }) => {
  await openApp(page);
  await run(page, 'kubectl run bb --image=busybox:1.36.1 -- sleep 3600');
  await run(page, 'kubectl wait --for=condition=Ready pod/bb --timeout=120s');
  const before = await completed(page);
  await typeLine(page, 'kubectl exec -it bb -- sh');
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/\n\/ # ?$/);
  await typeLine(page, 'sleep 600');
  await expect.poll(() => terminalText(page)).toMatch(/\n\/ # sleep 600$/);
  await page.keyboard.press('Control+C');
  // the pty echoes ^C, the shell survives and prompts again
  await expect.poll(() => terminalText(page)).toMatch(/\n\/ # sleep 600\n\^C\n\/ # ?$/);
  expect(await completed(page)).toBe(before);
  await page.keyboard.press('Control+D');
  await expect.poll(() => completed(page), { timeout: 30_000 }).toBeGreaterThan(before);
  // ash exits with the status of its last command (sleep, killed by SIGINT): kubectl reports it
  expect(await terminalText(page)).toMatch(/\n\/ # \ncommand terminated with exit code 130\n\$ ?$/);
  expect(await run(page, 'echo $?')).toBe('130\n');
});
