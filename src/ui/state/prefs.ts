/**
 * What the learner chose about the page (not the cluster): language, theme, panel sizes, the
 * graph's namespace, the clock's speed. Saved with the session.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { defaultLocale, translate, type Locale, type MessageKey } from '../../i18n/index';

export type Theme = 'dark' | 'light';

export interface Prefs {
  locale: Locale;
  theme: Theme;
  /** null = all namespaces. */
  namespace: string | null;
  lessonOpen: boolean;
  lessonWidth: number;
  editorWidth: number;
  terminalHeight: number;
  /** 0 = paused. */
  speed: number;
  /** The speed to resume with after a pause. */
  lastSpeed: number;
}

export const SPEEDS = [1, 2, 5, 30, 60] as const;

export function defaultPrefs(languages: readonly string[] = []): Prefs {
  return {
    locale: defaultLocale(languages),
    theme: 'dark',
    namespace: 'default',
    lessonOpen: true,
    lessonWidth: 260,
    editorWidth: 440,
    terminalHeight: 280,
    speed: 1,
    lastSpeed: 1,
  };
}

export const prefsStore: StoreApi<Prefs> = createStore<Prefs>(() =>
  defaultPrefs(typeof navigator === 'undefined' ? [] : navigator.languages),
);

export function usePrefs<T>(select: (p: Prefs) => T): T {
  return useStore(prefsStore, select);
}

/** `t(key)` in the current language, for code outside React. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(prefsStore.getState().locale, key, vars);
}

/** The translation function of the current language; re-renders on a language change. */
export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const locale = usePrefs((p) => p.locale);
  return (key, vars) => translate(locale, key, vars);
}
