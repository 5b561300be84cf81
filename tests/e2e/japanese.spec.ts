import { expect, openApp, run, shot, test, typeLine } from './fixtures';

test('Japanese text typed into the terminal renders at double width', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('language').selectOption('ja');
  await expect(page.getByTestId('reset')).toHaveText('リセット');
  await expect(page.getByTestId('lesson-panel')).toContainText('レッスン');

  const text = '日本語のテキスト';
  await typeLine(page, `echo ${text}`, { enter: false });
  // The prompt is 2 cells, "echo " 5, and each of the 8 characters 2.
  await expect
    .poll(() => page.evaluate(() => window.__breakfix!.terminals()[0]!.cursor?.x))
    .toBe(2 + 5 + 2 * text.length);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => window.__breakfix!.terminals()[0]!.completed)).toBe(1);

  // On screen: the output row's Japanese glyphs take two cells each.
  // The input row holds "$", " echo " and the Japanese text in separate spans (xterm's DOM
  // renderer): one Japanese character must be as wide as two ASCII cells.
  const ratio = await page.evaluate((t) => {
    const spans = [
      ...document.querySelectorAll('[data-testid="terminal-1"] .xterm-rows > div:first-child span'),
    ];
    const ascii = spans.find((s) => s.textContent === ' echo ');
    const jp = spans.find((s) => s.textContent === t);
    if (!ascii || !jp) return 0;
    return (
      jp.getBoundingClientRect().width / t.length / (ascii.getBoundingClientRect().width / ' echo '.length)
    );
  }, text);
  expect(ratio).toBeGreaterThan(1.9);
  expect(ratio).toBeLessThan(2.1);
  await shot(page, 'japanese');

  // Completion and editing still line up after wide characters.
  await typeLine(page, `echo ${text} abc`, { enter: false });
  await page.keyboard.press('Home');
  await page.keyboard.press('End');
  await expect
    .poll(() => page.evaluate(() => window.__breakfix!.terminals()[0]!.cursor?.x))
    .toBe(2 + 5 + 2 * text.length + 4);
  await page.keyboard.press('Control+U');
  expect(await run(page, 'echo ok')).toContain('ok');
});
