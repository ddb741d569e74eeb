import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { TLocale } from '@baosong/contract';
import zhCN, { type MessageKey } from './zh-CN';
import zhTW from './zh-TW';
import en from './en';

const CATALOGUES: Record<TLocale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
export const LOCALE_NAMES: Record<TLocale, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };
const STORAGE_KEY = 'baosong.locale';

export function initialLocale(): TLocale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'zh-TW' || saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

/** The current locale, readable outside React (the API client sends it as Accept-Language). */
export const currentLocale = { value: initialLocale() };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  locale: TLocale;
  setLocale(l: TLocale): void;
  t: Translate;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<TLocale>(currentLocale.value);
  const setLocale = useCallback((l: TLocale) => {
    localStorage.setItem(STORAGE_KEY, l);
    currentLocale.value = l;
    document.documentElement.lang = l;
    setLocaleState(l);
  }, []);
  const t = useCallback<Translate>(
    (key, params = {}) =>
      (CATALOGUES[locale][key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')),
    [locale],
  );
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('I18nProvider missing');
  return v;
}
