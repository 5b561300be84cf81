/**
 * vitest setup: kubectl's recorded help texts are a chunk loaded on first use (runKubectl awaits
 * them). Tests that read the records directly, before any kubectl command ran, find them loaded:
 * the load runs after each test file's imports, so commands still register from placeholders as
 * they do in the browser and the CLI.
 */
import { beforeAll, expect } from 'vitest';
import { loadHelp } from '../../src/kubectl/helptext/index';

beforeAll(async () => {
  await loadHelp();
  // The kubectl commands whose implementations load on first use (src/kubectl/commands/lazy.ts)
  // are loaded too: tests that drive the worker host by hand send a tab's lines back to back and
  // count event-loop turns, where the browser's terminal waits for the prompt. The goldens keep
  // the first-use loads (the CLI's time driver waits for them), as does lazy-commands.test.ts.
  if (!/[\\/]tests[\\/]golden[\\/]/.test(expect.getState().testPath ?? '')) {
    const { preloadLazyCommands } = await import('../../src/kubectl/commands/lazy');
    await preloadLazyCommands();
  }
});
