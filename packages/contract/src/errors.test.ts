import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, formatError, LOCALES, pickLocale } from './errors.js';

describe('pickLocale', () => {
  it('defaults to Simplified Chinese', () => {
    expect(pickLocale(undefined)).toBe('zh-CN');
    expect(pickLocale('')).toBe('zh-CN');
    expect(pickLocale('fr-FR,de;q=0.8')).toBe('zh-CN');
  });

  it('recognises Traditional Chinese by region or script', () => {
    expect(pickLocale('zh-TW')).toBe('zh-TW');
    expect(pickLocale('zh-HK,zh;q=0.9')).toBe('zh-TW');
    expect(pickLocale('zh-Hant-TW')).toBe('zh-TW');
  });

  it('takes Simplified Chinese for other zh tags', () => {
    expect(pickLocale('zh')).toBe('zh-CN');
    expect(pickLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLocale('zh-Hans')).toBe('zh-CN');
  });

  it('takes English, case-insensitively, and the first supported tag in order', () => {
    expect(pickLocale('en')).toBe('en');
    expect(pickLocale('EN-us')).toBe('en');
    expect(pickLocale('fr;q=1, en-GB;q=0.9, zh-CN;q=0.8')).toBe('en');
    expect(pickLocale('de, zh-TW;q=0.5, en;q=0.4')).toBe('zh-TW');
  });
});

describe('formatError', () => {
  it('fills parameters into the message of the locale', () => {
    expect(formatError('UNIT_NAME_TAKEN', 'zh-CN', { name: '市统计局' })).toBe('已有同名单位：市统计局');
    expect(formatError('UNIT_NAME_TAKEN', 'en', { name: 'X' })).toBe('A unit with this name already exists: X');
    expect(formatError('IMPORT_INVALID', 'zh-TW', { count: 3 })).toBe('匯入檔案有 3 處錯誤，未匯入任何資料');
  });

  it('leaves a missing parameter visible rather than printing undefined', () => {
    expect(formatError('ACCOUNT_LOCKED', 'en')).toContain('{until}');
  });

  it('has every message in every locale', () => {
    for (const [code, messages] of Object.entries(ERROR_MESSAGES)) {
      for (const l of LOCALES) expect(typeof (messages as Record<string, unknown>)[l], `${code} ${l}`).toBe('string');
    }
  });
});
