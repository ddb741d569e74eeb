import { Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { LOCALES, type TLocale } from '@baosong/contract';
import { LOCALE_NAMES, useI18n } from '../i18n';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Select<TLocale>
      aria-label={t('lang.label')}
      value={locale}
      onChange={setLocale}
      size="small"
      variant="borderless"
      prefix={<GlobalOutlined />}
      style={{ width: 130 }}
      options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
    />
  );
}
