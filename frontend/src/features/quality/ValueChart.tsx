import { Empty } from "antd";
import { useTranslation } from "react-i18next";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";

import { chartAxis, formatBounds, formatValue, verdictInfo, type ChartPoint } from "./verdict";

function PointTooltip({ active, payload }: Partial<TooltipContentProps<number, string>>) {
  const { t } = useTranslation("quality");
  const point = active && payload?.length ? (payload[0].payload as ChartPoint) : null;
  if (!point) return null;
  const info = verdictInfo(point.verdict);
  return (
    <div style={{ background: "#fff", border: "1px solid #d9d9d9", borderRadius: 6, padding: "8px 10px", fontSize: 12 }}>
      <div style={{ fontWeight: 600 }}>{point.bizdate}</div>
      <div>
        {t("chart.value")}: <b>{formatValue(point.value)}</b>
      </div>
      <div>{t("chart.expected", { bounds: formatBounds(point.lower, point.upper) })}</div>
      <div style={{ color: info.stroke }}>{info.label}</div>
    </div>
  );
}

function VerdictDot(props: { cx?: number; cy?: number; payload?: ChartPoint }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload || payload.value === null) return null;
  return <circle cx={cx} cy={cy} r={4} fill={verdictInfo(payload.verdict).stroke} stroke="#fff" strokeWidth={1} />;
}

/** The rule's value per run with the bounds it was held to; failed runs show as red points. */
export default function ValueChart({ points }: { points: ChartPoint[] }) {
  const { t } = useTranslation("quality");
  if (!points.length) {
    return <Empty description={t("chart.empty")} />;
  }
  const axis = chartAxis(points) ?? { domain: [0, 1] as [number, number], ticks: [0, 1] };
  const hasLower = points.some((point) => point.lower !== null);
  const hasUpper = points.some((point) => point.upper !== null);
  const hasBand = points.some((point) => point.band !== null);
  return (
    <div data-testid="value-chart" style={{ width: "100%", height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#f0f0f0" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis domain={axis.domain} ticks={axis.ticks} interval={0} tick={{ fontSize: 12 }} tickFormatter={(value: number) => formatValue(value)} width={72} />
          <Tooltip content={<PointTooltip />} />
          <Legend />
          {hasBand && (
            <Area
              dataKey="band"
              name={t("chart.accepted")}
              type="stepAfter"
              fill="#52c41a"
              fillOpacity={0.08}
              stroke="none"
              isAnimationActive={false}
              connectNulls={false}
            />
          )}
          {hasLower && (
            <Line
              dataKey="lower"
              name={t("chart.lower")}
              type="stepAfter"
              stroke="#8c8c8c"
              strokeDasharray="5 4"
              dot={false}
              isAnimationActive={false}
            />
          )}
          {hasUpper && (
            <Line
              dataKey="upper"
              name={t("chart.upper")}
              type="stepAfter"
              stroke="#595959"
              strokeDasharray="5 4"
              dot={false}
              isAnimationActive={false}
            />
          )}
          <Line
            dataKey="value"
            name={t("chart.value")}
            type="monotone"
            stroke="#1677ff"
            strokeWidth={2}
            dot={<VerdictDot />}
            activeDot={{ r: 6 }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
