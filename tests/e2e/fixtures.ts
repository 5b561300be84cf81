/**
 * The e2e fixture: every request to anything but localhost is aborted and recorded, and each
 * test ends by asserting that there was none (the playground must work offline). Helpers drive
 * the terminal and read the page through `window.__breakfix`.
 */
import { mkdirSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';

export const OUTPUT = 'tests/e2e/output';
mkdirSync(OUTPUT, { recursive: true });

const LOCAL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

export const test = base.extend<{ blockedRequests: string[] }>({
  blockedRequests: [
    async ({ page }, use) => {
      const blocked: string[] = [];
      await page.route(
        (url) => /^(https?|wss?):/.test(url.protocol) && !LOCAL.test(url.href),
        (route) => {
          blocked.push(route.request().url());
          return route.abort();
        },
      );
      page.on('pageerror', (e) => console.error('page error:', e.message));
      await use(blocked);
      expect(blocked, 'requests to non-localhost addresses').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

type Handle = NonNullable<Window['__breakfix']>;
export type GraphNodeInfo = ReturnType<Handle['graph']>['nodes'][number];

export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await page.waitForFunction(() => window.__breakfix?.ready() === true, undefined, { timeout: 60_000 });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${OUTPUT}/${name}.png` });
}

export async function terminalText(page: Page, tab = '1'): Promise<string> {
  return page.evaluate((id) => window.__breakfix!.terminals().find((t) => t.id === id)?.text ?? '', tab);
}

/** Focus a terminal tab and type a line (Enter included unless `enter` is false). */
export async function typeLine(
  page: Page,
  text: string,
  opts: { tab?: string; enter?: boolean } = {},
): Promise<void> {
  const tab = opts.tab ?? '1';
  await page.getByTestId(`terminal-tab-${tab}`).click();
  await page.locator(`[data-testid="terminal-${tab}"] .xterm-helper-textarea`).focus();
  await page.keyboard.type(text, { delay: 5 });
  if (opts.enter !== false) await page.keyboard.press('Enter');
}

/** Run a command in a terminal tab, wait for its prompt to come back, return what it printed. */
export async function run(page: Page, text: string, tab = '1'): Promise<string> {
  const state = () =>
    page.evaluate((id) => {
      const t = window.__breakfix!.terminals().find((x) => x.id === id)!;
      return { completed: t.completed, length: t.text.length };
    }, tab);
  const before = await state();
  await typeLine(page, text, { tab });
  await expect
    .poll(async () => (await state()).completed, { timeout: 30_000 })
    .toBeGreaterThan(before.completed);
  const all = await terminalText(page, tab);
  // From the line after the command to the new prompt.
  const after = all.slice(all.indexOf(text, Math.max(0, before.length - 2)) + text.length + 1);
  return after.replace(/\$\s*$/, '');
}

export async function graphNodes(page: Page): Promise<GraphNodeInfo[]> {
  return page.evaluate(() => window.__breakfix!.graph().nodes as GraphNodeInfo[]);
}

export async function setSpeed(page: Page, speed: 1 | 2 | 5 | 30 | 60): Promise<void> {
  await page.getByTestId(`speed-${speed}`).click();
}

/** Replace the active editor tab's text as a learner would: select all, paste. */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('[data-testid="editor"] .monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect
    .poll(() =>
      page.evaluate(() => {
        const e = window.__breakfix!.editor();
        return e.tabs.find((x) => x.id === e.active)?.content;
      }),
    )
    .toBe(text);
}

export async function editorTabs(page: Page) {
  return page.evaluate(() => window.__breakfix!.editor().tabs);
}
