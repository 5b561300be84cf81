/**
 * What lesson text can do on the page: type a command into the terminal, open a lesson file in
 * the editor. Both go through the same paths as the learner's own hands.
 */
import type { Runtime } from '../runtime';
import { openFileTab } from '../state/editor';
import { terminalsStore } from '../state/terminals';
import { terminalRegistry } from '../terminal/registry';

/** The learner's home, where lesson files are copied (LessonRuntime's default). */
export const LESSON_HOME = '/root';

/**
 * Type a code block into the active terminal tab, as if typed: each line ends with Enter. If a
 * command is running there, the keys wait as typeahead, as a real terminal's would.
 */
export function runInTerminal(code: string): boolean {
  const h = terminalRegistry.get(terminalsStore.getState().active);
  if (!h) return false;
  const text = code.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  h.controller.input(text.replace(/\n/g, '\r') + '\r');
  h.term.focus();
  return true;
}

/**
 * Open `~/<name>` in the editor: the file as it is in the session's file system (the learner
 * may have changed it), or the lesson's copy when it is not there (not saved yet).
 */
export async function openInEditor(rt: Runtime, name: string, fallback: string | undefined): Promise<void> {
  const path = name.startsWith('/') ? name : `${LESSON_HOME}/${name}`;
  let text: string | null = null;
  try {
    text = await rt.client.call('readFile', { path });
  } catch {
    text = null;
  }
  if (text !== null) openFileTab(path, text, text);
  else openFileTab(path, fallback ?? '', '');
}
