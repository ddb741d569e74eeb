import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import zhTW from 'antd/locale/zh_TW';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import { useI18n } from './i18n';

const ANTD_LOCALES = { 'zh-CN': zhCN, 'zh-TW': zhTW, en: enUS };
const DAYJS_LOCALES = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

/** antd with the user's locale (zh_CN by default) and the product's restrained red government theme. */
export function ThemedApp({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  dayjs.locale(DAYJS_LOCALES[locale]);
  return (
    <ConfigProvider
      locale={ANTD_LOCALES[locale]}
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: '#b71c1c',
          colorLink: '#b71c1c',
          borderRadius: 4,
          fontFamily: "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', sans-serif",
        },
        components: { Layout: { headerBg: '#ffffff', bodyBg: '#f4f5f7', siderBg: '#ffffff' } },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
