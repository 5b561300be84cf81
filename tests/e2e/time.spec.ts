import type { Page } from '@playwright/test';
import { expect, openApp, run, test, typeLine } from './fixtures';

const now = (page: Page) => page.evaluate(() => window.__breakfix!.time().now);

test('time controls: pause, step, and sleep that follows the speed', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('time-pause').click();
  const paused = await now(page);
  await page.waitForTimeout(700);
  expect(await now(page)).toBe(paused);
  await expect(page.getByTestId('sim-time')).toContainText('paused');

  await page.getByTestId('time-step').click();
  await expect.poll(() => now(page)).toBe(paused + 1000);

  // At 5×, `sleep 5` (five simulated seconds) ends after about one second of wall time.
  await page.getByTestId('speed-5').click();
  const started = Date.now();
  await run(page, 'sleep 5');
  const wall = Date.now() - started;
  expect(wall).toBeLessThan(3500);
  expect(await now(page)).toBeGreaterThanOrEqual(paused + 6000);

  // Paused, a sleeping command waits.
  await page.getByTestId('time-pause').click();
  await typeLine(page, 'sleep 1');
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => window.__breakfix!.terminals()[0]!.running)).toBe(true);
  await page.getByTestId('time-step').click();
  await expect.poll(() => page.evaluate(() => window.__breakfix!.terminals()[0]!.running)).toBe(false);
});
