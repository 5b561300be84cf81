/**
 * The lesson panel in the browser, end to end: a chapter-5 lesson done by typing in the
 * terminal and editing in the Monaco editor, the checklist turning green step by step, the
 * finish screen, and progress that survives a reload. A second test covers the click-to-open
 * manifest link, the editor's Apply, and a predict step.
 *
 * Simulated time is driven with the speed buttons (never wall-time sleeps): pulling images and
 * back-offs take simulated seconds to minutes.
 */
import type { Page } from '@playwright/test';
import {
  editorTabs,
  expect,
  openApp,
  run,
  setEditorText,
  setSpeed,
  shot,
  terminalText,
  test,
  typeLine,
} from './fixtures';

const check = (page: Page, n: number) => page.getByTestId(`lesson-check-${n}`);
const step = (page: Page) => page.getByTestId('lesson-step');

/** Whether the state saved in IndexedDB (idb-keyval's default store) has a lesson step done. */
function savedStepDone(page: Page, lesson: string, stepId: string): Promise<boolean> {
  return page.evaluate(
    ([lesson, stepId]) =>
      new Promise<boolean>((resolve) => {
        const req = indexedDB.open('keyval-store');
        req.onerror = () => resolve(false);
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('keyval').objectStore('keyval').get('breakfix:state');
          get.onerror = () => resolve(false);
          get.onsuccess = () => {
            const state = get.result as
              | {
                  session?: { lesson?: string };
                  lessons?: { progress?: Record<string, { steps?: Record<string, { done?: boolean }> }> };
                }
              | undefined;
            resolve(
              state?.session?.lesson === lesson &&
                state.lessons?.progress?.[lesson]?.steps?.[stepId]?.done === true,
            );
          };
        };
      }),
    [lesson, stepId] as const,
  );
}

async function openLesson(page: Page, id: string): Promise<void> {
  await page.getByTestId(`lesson-open-${id}`).click();
  await expect(page.getByTestId('lesson-view')).toHaveAttribute('data-phase', 'running', { timeout: 60_000 });
}

test('ch05-image-pull: fix a broken Pod with get, describe and edit; progress survives a reload', async ({
  page,
}) => {
  await openApp(page);
  await expect(page.getByTestId('lesson-map')).toBeVisible();
  await expect(page.getByTestId('lesson-open-ch05-image-pull')).toHaveAttribute('data-status', 'locked');
  await expect(page.getByTestId('lesson-map')).toContainText('Do first: Your first Pod, from YAML');
  await shot(page, 'lesson-map');
  await openLesson(page, 'ch05-image-pull');

  // 1. read: Next at once.
  await expect(step(page)).toHaveAttribute('data-step', 'plan');
  await page.getByTestId('lesson-next').click();

  // 2. do: both checks fail until the learner runs the manifest (the Run button types it).
  await expect(step(page)).toHaveAttribute('data-step', 'run-myapp');
  await expect(check(page, 1)).toHaveAttribute('data-state', 'fail');
  await expect(check(page, 2)).toHaveAttribute('data-state', 'fail');
  await expect(page.getByTestId('lesson-next')).toBeDisabled();
  await page.getByTestId('lesson-run-1').click();
  await expect.poll(() => terminalText(page)).toContain('pod/myapp created');
  await expect(check(page, 1)).toHaveAttribute('data-state', 'pass');
  await setSpeed(page, 30);
  await expect(check(page, 2)).toHaveAttribute('data-state', 'pass');
  await shot(page, 'lesson-ch05-step2');
  await page.getByTestId('lesson-next').click();

  // 3. break: the lesson replaced myapp with a wrong tag. Investigate, then fix it in the editor.
  await expect(step(page)).toHaveAttribute('data-step', 'wrong-tag');
  await expect(check(page, 1)).toHaveAttribute('data-state', 'fail');
  await expect(check(page, 1)).toContainText('blux2/hello-server:1.1');
  await expect(check(page, 2)).toHaveAttribute('data-state', 'fail');
  await page.getByTestId('lesson-hint').click();
  await expect(page.getByTestId('lesson-hint-text-1')).toContainText('kubectl get pods');
  await expect
    .poll(async () => run(page, 'kubectl get pods'), { timeout: 30_000 })
    .toMatch(/ErrImagePull|ImagePullBackOff/);
  await typeLine(page, 'kubectl edit pod myapp');
  await expect
    .poll(async () => (await editorTabs(page)).find((t) => t.kind === 'edit')?.content)
    .toContain('image: blux2/hello-server:1.1');
  const edit = (await editorTabs(page)).find((t) => t.kind === 'edit')!;
  await setEditorText(
    page,
    edit.content.replaceAll('image: blux2/hello-server:1.1', 'image: blux2/hello-server:1.0'),
  );
  await page.getByTestId('editor-save-edit').click();
  await expect.poll(() => terminalText(page)).toContain('pod/myapp edited');
  await expect(check(page, 1)).toHaveAttribute('data-state', 'pass');
  await setSpeed(page, 60);
  await expect(check(page, 2)).toHaveAttribute('data-state', 'pass', { timeout: 60_000 });
  await shot(page, 'lesson-ch05-step3');

  // Reload mid-lesson: the session replays, the lesson resumes at the same step, still done.
  await expect
    .poll(() => savedStepDone(page, 'ch05-image-pull', 'wrong-tag'), { timeout: 20_000 })
    .toBe(true);
  await page.reload();
  await page.waitForFunction(() => window.__breakfix?.ready() === true, undefined, { timeout: 60_000 });
  await expect(step(page)).toHaveAttribute('data-step', 'wrong-tag', { timeout: 30_000 });
  await expect(page.getByTestId('lesson-hint-text-1')).toBeVisible();
  await expect(check(page, 2)).toHaveAttribute('data-state', 'pass');
  await page.getByTestId('lesson-next').click();

  // 4. do: the label the broken manifest dropped, put back from the terminal.
  await expect(step(page)).toHaveAttribute('data-step', 'label-back');
  await expect(check(page, 1)).toHaveAttribute('data-state', 'fail');
  expect(await run(page, 'kubectl label pod myapp app=myapp')).toContain('pod/myapp labeled');
  await expect(check(page, 1)).toHaveAttribute('data-state', 'pass');
  await page.getByTestId('lesson-next').click();

  await expect(page.getByTestId('lesson-finish')).toBeVisible();
  await expect(page.getByTestId('lesson-finish')).toContainText('ImagePullBackOff');
  await shot(page, 'lesson-ch05-finish');
  await page.getByTestId('lesson-back').click();
  await expect(page.getByTestId('lesson-open-ch05-image-pull')).toHaveAttribute('data-status', 'finished');
});

test('ch04-first-pod: open the manifest from the lesson, Apply it in the editor, answer a prediction', async ({
  page,
}) => {
  await openApp(page);
  await openLesson(page, 'ch04-first-pod');
  await page.locator('[data-testid="lesson-doc"] a[data-open="myapp.yaml"]').click();
  await expect
    .poll(async () => (await editorTabs(page)).find((t) => t.path === '/root/myapp.yaml')?.content)
    .toContain('image: blux2/hello-server:1.0');
  await page.getByTestId('lesson-next').click();
  await expect(step(page)).toHaveAttribute('data-step', 'apply-myapp');
  await expect(check(page, 1)).toHaveAttribute('data-state', 'fail');
  await page.getByTestId('editor-apply').click();
  await expect(check(page, 1)).toHaveAttribute('data-state', 'pass');
  await expect(check(page, 3)).toHaveAttribute('data-state', 'pass');
  await page.getByTestId('lesson-next').click();

  await expect(step(page)).toHaveAttribute('data-step', 'apply-again');
  await page.getByTestId('lesson-choice-unchanged').check();
  await page.getByTestId('lesson-answer').click();
  await expect(page.getByTestId('lesson-reveal')).toContainText('Correct');
  await shot(page, 'lesson-ch04-predict');
});
