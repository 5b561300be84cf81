/**
 * A tiny typed translation helper (STACK.md §7): `t('top.reset')` is checked by the compiler,
 * and the current locale lives in the UI preferences store.
 */
import { en, ja, type MessageKey, type Messages } from './messages';

export type Locale = 'ja' | 'en';
export type { MessageKey };

export const LOCALES: readonly Locale[] = ['ja', 'en'];
export const LOCALE_NAMES: Record<Locale, string> = { ja: '日本語', en: 'English' };

const tables: Record<Locale, Messages> = { en, ja };

/** The browser's preferred UI language, ja or en (Japanese learners are the first audience). */
export function defaultLocale(languages: readonly string[]): Locale {
  for (const l of languages) {
    if (l.toLowerCase().startsWith('ja')) return 'ja';
    if (l.toLowerCase().startsWith('en')) return 'en';
  }
  return 'ja';
}

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = tables[locale][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}
