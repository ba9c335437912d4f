// The Gantt chart of a day as plain SVG: bars by start and end coloured by status, the wait from
// planned time to start, now, and on hover what held an instance back.
import { Typography } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import type { OpsRow } from "./api";
import { formatDuration } from "../../format";
import { formatClock, formatDateTime, runSeconds } from "./format";
import { ganttLayout, type GanttEdge } from "./gantt";
import { stateLabel } from "./states";

const LABEL_WIDTH = 220;

function useWidth(fallback = 900) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(400, element.clientWidth || fallback));
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallback]);
  return { ref, width };
}

export interface GanttChartProps {
  rows: OpsRow[];
  edges: GanttEdge[];
  now: number;
  timeZone: string;
  /** Ids on the critical path, drawn with an outline. */
  highlight?: Set<number>;
  lateAfterSeconds?: number;
}

export default function GanttChart({ rows, edges, now, timeZone, highlight, lateAfterSeconds = 300 }: GanttChartProps) {
  const { t } = useTranslation("operations", { keyPrefix: "gantt" });
  const { ref, width } = useWidth();
  const navigate = useNavigate();
  const [hover, setHover] = useState<{ id: number; x: number; y: number } | null>(null);
  const chartWidth = Math.max(200, width - LABEL_WIDTH - 16);
  const layout = useMemo(
    () =>
      ganttLayout(rows, edges, {
        width: chartWidth,
        now,
        lateAfterSeconds,
        tickLabel: (t, step) => (step >= 24 * 3600_000 ? formatDateTime(t, timeZone).slice(5, 10) : formatClock(t, timeZone)),
      }),
    [rows, edges, chartWidth, now, timeZone, lateAfterSeconds],
  );
  const byId = useMemo(() => new Map(rows.map((row) => [row.id, row])), [rows]);
  const barById = useMemo(() => new Map(layout.bars.map((bar) => [bar.id, bar])), [layout]);
  const hovered = hover ? barById.get(hover.id) : undefined;
  const blocker = hovered?.blockedBy ? barById.get(hovered.blockedBy) : undefined;
  const mid = (y: number) => y + layout.rowHeight / 2;

  return (
    <div ref={ref} style={{ position: "relative", width: "100%" }} onMouseLeave={() => setHover(null)}>
      <div style={{ overflowX: "auto" }}>
        <svg
          width={LABEL_WIDTH + chartWidth}
          height={layout.height + 8}
          role="img"
          aria-label={t("chartLabel", { count: rows.length })}
          data-testid="gantt-chart"
          style={{ display: "block", fontFamily: "inherit", fontSize: 12 }}
        >
          <g transform={`translate(${LABEL_WIDTH},0)`}>
            {layout.ticks.map((tick) => (
              <g key={tick.x}>
                <line x1={tick.x} x2={tick.x} y1={layout.axisHeight - 6} y2={layout.height} stroke="#f0f0f0" />
                <text x={tick.x} y={layout.axisHeight - 10} textAnchor="middle" fill="#8c8c8c">
                  {tick.label}
                </text>
              </g>
            ))}
          </g>
          {layout.bars.map((bar) => {
            const row = byId.get(bar.id)!;
            return (
              <g key={bar.id} data-testid="gantt-row" data-status={bar.status} data-late={bar.late ? "1" : "0"}>
                <rect
                  x={0}
                  y={bar.y}
                  width={LABEL_WIDTH + chartWidth}
                  height={layout.rowHeight}
                  fill={hover?.id === bar.id ? "#e6f4ff" : bar.row % 2 ? "#fafafa" : "#fff"}
                />
                <a
                  href={`/operations/instances/${bar.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(`/operations/instances/${bar.id}`);
                  }}
                >
                  <title>{`${row.node_name}: ${stateLabel(row.status)}`}</title>
                  <text x={8} y={mid(bar.y) + 4} fill="#1668dc">
                    {row.node_name.length > 28 ? `${row.node_name.slice(0, 27)}…` : row.node_name}
                  </text>
                </a>
                <g
                  transform={`translate(${LABEL_WIDTH},0)`}
                  onMouseMove={(event) => {
                    const box = ref.current?.getBoundingClientRect();
                    setHover({ id: bar.id, x: event.clientX - (box?.left ?? 0), y: event.clientY - (box?.top ?? 0) });
                  }}
                  onClick={() => navigate(`/operations/instances/${bar.id}`)}
                  style={{ cursor: "pointer" }}
                >
                  <rect x={0} y={bar.y} width={chartWidth} height={layout.rowHeight} fill="transparent" />
                  {bar.waitWidth > 0 && (
                    <rect
                      x={bar.waitX}
                      y={mid(bar.y) - 1.5}
                      width={bar.waitWidth}
                      height={3}
                      fill={bar.late ? "#fa8c16" : "#d9d9d9"}
                    />
                  )}
                  <line
                    x1={bar.plannedX}
                    x2={bar.plannedX}
                    y1={bar.y + 4}
                    y2={bar.y + layout.rowHeight - 4}
                    stroke="#595959"
                    strokeWidth={1.5}
                  />
                  {bar.x !== null && (
                    <rect
                      x={bar.x}
                      y={bar.y + 5}
                      width={bar.width}
                      height={layout.rowHeight - 10}
                      rx={3}
                      fill={bar.color}
                      opacity={bar.running ? 0.75 : 1}
                      stroke={highlight?.has(bar.id) ? "#000" : undefined}
                      strokeWidth={highlight?.has(bar.id) ? 1.5 : 0}
                    />
                  )}
                </g>
              </g>
            );
          })}
          <g transform={`translate(${LABEL_WIDTH},0)`} pointerEvents="none">
            {layout.nowX !== null && (
              <line
                x1={layout.nowX}
                x2={layout.nowX}
                y1={layout.axisHeight - 6}
                y2={layout.height}
                stroke="#cf1322"
                strokeDasharray="4 3"
              />
            )}
            {hovered && blocker && blocker.x !== null && hovered.x !== null && (
              <path
                d={`M${blocker.x + blocker.width},${mid(blocker.y)} C${blocker.x + blocker.width + 30},${mid(blocker.y)} ${hovered.x - 30},${mid(hovered.y)} ${hovered.x},${mid(hovered.y)}`}
                fill="none"
                stroke="#cf1322"
                strokeWidth={2}
                markerEnd="url(#gantt-arrow)"
                data-testid="gantt-blocker-link"
              />
            )}
            <defs>
              <marker id="gantt-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
                <path d="M0,0 L10,5 L0,10 z" fill="#cf1322" />
              </marker>
            </defs>
          </g>
        </svg>
      </div>
      {hover && hovered && (
        <div
          role="tooltip"
          data-testid="gantt-tooltip"
          style={{
            position: "absolute",
            left: Math.min(hover.x + 14, LABEL_WIDTH + chartWidth - 300),
            top: hover.y + 14,
            width: 290,
            background: "#fff",
            boxShadow: "0 6px 16px rgba(0,0,0,0.12)",
            borderRadius: 6,
            padding: "8px 12px",
            pointerEvents: "none",
            zIndex: 10,
            fontSize: 12,
          }}
        >
          {(() => {
            const row = byId.get(hovered.id)!;
            const up = hovered.blockedBy ? byId.get(hovered.blockedBy) : undefined;
            return (
              <>
                <Typography.Text strong>{row.node_name}</Typography.Text> · {stateLabel(row.status)}
                <div>{t("planned", { time: formatClock(row.cyctime, timeZone, true) })}</div>
                <div>
                  {t("startedAt", { time: row.started_at ? formatClock(row.started_at, timeZone, true) : "—" })}
                  {hovered.lateSeconds > 0 && t("afterPlanned", { duration: formatDuration(hovered.lateSeconds) })}
                </div>
                <div>
                  {t("finishedAt", { time: row.finished_at ? formatClock(row.finished_at, timeZone, true) : "—" })}
                  {" · "}
                  {t("ran", { duration: formatDuration(runSeconds(row, now)) })}
                </div>
                {up && (
                  <div style={{ color: "#cf1322" }}>
                    {row.started_at ? t("waitedFor", { name: up.node_name }) : t("waitsFor", { name: up.node_name })}
                    {up.finished_at
                      ? t("upFinished", { time: formatClock(up.finished_at, timeZone, true) })
                      : ` (${stateLabel(up.status).toLowerCase()})`}

                  </div>
                )}
              </>
            );
          })()}
        </div>
      )}
    </div>
  );
}
