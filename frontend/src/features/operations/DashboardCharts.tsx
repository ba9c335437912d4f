// The dashboard's 14-day charts (recharts): success rate with counts, and run durations.
import { useTranslation } from "react-i18next";
import { Empty } from "antd";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { DashboardDay } from "./api";
import { formatDuration } from "../../format";
import { stateColor } from "./states";

export function chartRows(history: DashboardDay[]) {
  return history.map((day) => ({
    day: day.bizdate.slice(5),
    bizdate: day.bizdate,
    success: day.success,
    failed: day.failed,
    rate: day.success_rate === null ? null : Math.round(day.success_rate * 1000) / 10,
    avg: day.avg_duration_seconds,
    max: day.max_duration_seconds,
  }));
}

/** Axis ticks: hundredths below a second so that ticks stay apart, else as durations. */
export function axisDuration(value: number): string {
  return value > 0 && value < 1 ? `${Math.round(value * 100) / 100}s` : formatDuration(value);
}

export default function DashboardCharts({ history }: { history: DashboardDay[] }) {
  const { t } = useTranslation("operations", { keyPrefix: "dashboard" });
  const rows = chartRows(history);
  if (!history.some((day) => day.total > 0)) return <Empty description={t("noRuns")} />;
  return (
    <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(360px, 1fr))", gap: 16 }}>
      <div data-testid="success-rate-chart" style={{ height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis yAxisId="count" allowDecimals={false} fontSize={11} width={36} />
            <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} unit="%" fontSize={11} width={44} />
            <Tooltip />
            <Legend />
            <Bar yAxisId="count" dataKey="success" name={t("succeeded")} stackId="n" fill={stateColor("success")} isAnimationActive={false} />
            <Bar yAxisId="count" dataKey="failed" name={t("failed")} stackId="n" fill={stateColor("failed")} isAnimationActive={false} />
            <Line yAxisId="rate" dataKey="rate" name={t("successRate")} stroke="#1668dc" strokeWidth={2} connectNulls dot isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div data-testid="duration-chart" style={{ height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis fontSize={11} width={56} tickFormatter={axisDuration} />
            <Tooltip formatter={(value) => formatDuration(typeof value === "number" ? value : Number(value))} />
            <Legend />
            <Line dataKey="avg" name={t("averageRun")} stroke="#1668dc" strokeWidth={2} connectNulls dot isAnimationActive={false} />
            <Line dataKey="max" name={t("longestRun")}
 stroke="#d46b08" strokeWidth={2} connectNulls dot isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
