// Tree-shaken echarts: only the charts and components the dashboards use are registered and bundled (no CDN; the
// closed intranet has no internet). The SVG renderer keeps Chinese labels crisp and lets tests read them.
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useI18n } from '../../i18n';

echarts.use([BarChart, LineChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** The app's own font (bundled with @fontsource), so chart labels match the page. */
export const CHART_FONT = "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
/** The palette: the office red first, then calm colours that print well. */
export const CHART_COLORS = ['#b71c1c', '#1f6fb2', '#e0a000', '#3a8f5c', '#7d4fa3', '#8c8c8c'];

export function Chart({ option, height = 300, testId }: { option: EChartsCoreOption; height?: number; testId?: string }) {
  const { locale } = useI18n();
  return (
    <div data-testid={testId} className="dashboard-chart">
      <ReactEChartsCore
        // echarts reads its locale (tooltips, toolbox) only when created: a new instance per UI language.
        key={locale}
        echarts={echarts}
        option={{ color: CHART_COLORS, textStyle: { fontFamily: CHART_FONT }, animation: false, ...option }}
        notMerge
        opts={{ renderer: 'svg', locale: locale === 'en' ? 'EN' : 'ZH' }}
        style={{ height, width: '100%' }}
      />
    </div>
  );
}
