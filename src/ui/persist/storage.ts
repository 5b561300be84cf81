/**
 * IndexedDB storage of the saved state (idb-keyval: one key, structured clone, no JSON).
 */
import { del, get, set } from 'idb-keyval';
import { migrate, type SavedState } from './savedState';

const KEY = 'breakfix:state';

export async function loadState(): Promise<SavedState | undefined> {
  try {
    const raw = await get<unknown>(KEY);
    return raw === undefined ? undefined : migrate(raw);
  } catch (e) {
    console.warn('breakfix: the saved state could not be read and is ignored:', e);
    return undefined;
  }
}

export async function saveState(state: SavedState): Promise<void> {
  await set(KEY, state);
}

export async function clearState(): Promise<void> {
  await del(KEY);
}
