// The plan diff of a deploy: per day, the instances it adds, cancels or moves; the dependencies,
// rendered parameters and downstream instances it changes (scheduler/plan.py `diff`).
import { Descriptions, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { Schema } from "../../api/client";

export type PlanDiff = Schema<"PlanDiff">;
type PlanDay = Schema<"PlanDay">;

/** "23:55" of a cycle time given in the project's time zone. */
export const clock = (iso: string): string => iso.slice(11, 16);


/** Whether the deploy changes anything of the schedule. */
export function planChanges(plan: PlanDiff): boolean {
  return (
    plan.days.some((d) => d.added.length || d.removed.length || d.moved.length || d.frozen || d.unfrozen) ||
    plan.dependencies.added.length > 0 ||
    plan.dependencies.removed.length > 0 ||
    plan.parameters.length > 0
  );
}

function DayChanges({ day }: { day: PlanDay }) {
  const { t } = useTranslation("studio", { keyPrefix: "plan" });
  const nothing = !day.added.length && !day.removed.length && !day.moved.length && !day.frozen && !day.unfrozen;
  return (
    <Space direction="vertical" size={2} data-testid={`plan-day-${day.label}`}>
      {day.moved.map((m) => (
        <span key={`m${m.before}`}>
          <Tag color="blue">{t("moved")}</Tag>
          {clock(m.before)} → {clock(m.after)}
        </span>
      ))}
      {day.added.map((time) => (
        <span key={`a${time}`}>
          <Tag color="green">{t("added")}</Tag>
          {clock(time)}
        </span>
      ))}
      {day.removed.map((time) => (
        <span key={`r${time}`}>
          <Tag color="red">{t("cancelled")}</Tag>
          {clock(time)}
        </span>
      ))}
      {day.frozen > 0 && <span>{t("frozen", { count: day.frozen })}</span>}
      {day.unfrozen > 0 && <span>{t("unfrozen", { count: day.unfrozen })}</span>}
      {nothing && <Typography.Text type="secondary">{t("noTimeChange")}</Typography.Text>}
      {day.kept > 0 && (
        <Typography.Text type="secondary">
          {day.generated ? t("keptRun", { count: day.kept }) : t("keptWillRun", { count: day.kept })}
        </Typography.Text>
      )}
    </Space>
  );
}

export default function PlanDiffView({ plan }: { plan: PlanDiff }) {
  const { t } = useTranslation("studio", { keyPrefix: "plan" });
  const { dependencies, parameters, downstream } = plan;
  const kind = (value: string) => t(`kinds.${value}`, { defaultValue: value });
  return (
    <div data-testid="plan-diff">
      <Typography.Title level={5}>{t("title")}</Typography.Title>
      <Descriptions size="small" bordered column={1}>
        {plan.days.map((day) => (
          <Descriptions.Item
            key={day.day}
            label={
              <span>
                {day.label === "today" ? t("today") : t("tomorrow")} {day.day}
                {!day.generated && <Typography.Text type="secondary"> · {t("atGeneration")}</Typography.Text>}
              </span>
            }
          >
            <DayChanges day={day} />
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t("dependencies")}>
          {dependencies.added.length + dependencies.removed.length === 0 ? (
            <Typography.Text type="secondary">{t("noChange")}</Typography.Text>
          ) : (
            <Space direction="vertical" size={2} data-testid="plan-dependencies">
              {dependencies.added.map((d) => (
                <span key={`+${d.upstream}${d.kind}`}>
                  <Tag color="green">{t("waitsOn")}</Tag>
                  {d.upstream} ({kind(d.kind)})
                </span>
              ))}
              {dependencies.removed.map((d) => (
                <span key={`-${d.upstream}${d.kind}`}>
                  <Tag color="red">{t("noLongerWaitsOn")}</Tag>
                  {d.upstream} ({kind(d.kind)})
                </span>
              ))}
            </Space>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t("downstream")}>
          {downstream.length === 0 ? (
            <Typography.Text type="secondary">{t("noDownstream")}</Typography.Text>
          ) : (
            <Space direction="vertical" size={2} data-testid="plan-downstream">
              {downstream.map((d) => (
                <span key={d.node}>
                  {d.name}: {t("downstreamCount", { count: d.instances, from: clock(d.first_cyctime) })}
                </span>
              ))}
            </Space>
          )}
        </Descriptions.Item>
      </Descriptions>
      {parameters.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          data-testid="plan-parameters"
          rowKey="name"
          pagination={false}
          dataSource={parameters}
          title={() => t("parameters", { time: parameters[0].cyctime.slice(0, 16).replace("T", " ") })}
          columns={[
            { title: t("parameter"), dataIndex: "name" },
            {
              title: t("deployed"),
              key: "before",
              render: (_: unknown, p) => (p.before ? `${p.before.expression} = ${p.before.value}` : "—"),
            },
            {
              title: t("thisDeploy"),

              key: "after",
              render: (_: unknown, p) => (p.after ? `${p.after.expression} = ${p.after.value}` : "—"),
            },
          ]}
        />
      )}
    </div>
  );
}
