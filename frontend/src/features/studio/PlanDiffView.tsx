// The plan diff of a deploy: per day, the instances it adds, cancels or moves; the dependencies,
// rendered parameters and downstream instances it changes (scheduler/plan.py `diff`).
import { Descriptions, Space, Table, Tag, Typography } from "antd";

import type { Schema } from "../../api/client";

export type PlanDiff = Schema<"PlanDiff">;
type PlanDay = Schema<"PlanDay">;

/** "23:55" of a cycle time given in the project's time zone. */
export const clock = (iso: string): string => iso.slice(11, 16);

const KIND_LABELS: Record<string, string> = {
  same_cycle: "same cycle",
  self_previous_cycle: "its previous cycle",
  upstream_previous_cycle: "previous cycle",
};

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
  const nothing = !day.added.length && !day.removed.length && !day.moved.length && !day.frozen && !day.unfrozen;
  return (
    <Space direction="vertical" size={2} data-testid={`plan-day-${day.label}`}>
      {day.moved.map((m) => (
        <span key={`m${m.before}`}>
          <Tag color="blue">moved</Tag>
          {clock(m.before)} → {clock(m.after)}
        </span>
      ))}
      {day.added.map((t) => (
        <span key={`a${t}`}>
          <Tag color="green">added</Tag>
          {clock(t)}
        </span>
      ))}
      {day.removed.map((t) => (
        <span key={`r${t}`}>
          <Tag color="red">cancelled</Tag>
          {clock(t)}
        </span>
      ))}
      {day.frozen > 0 && <span>{day.frozen} frozen by the pause</span>}
      {day.unfrozen > 0 && <span>{day.unfrozen} released by the unpause</span>}
      {nothing && <Typography.Text type="secondary">No change of times</Typography.Text>}
      {day.kept > 0 && (
        <Typography.Text type="secondary">
          {day.kept} unchanged slot{day.kept === 1 ? "" : "s"} {day.generated ? "run" : "will run"} the new version
        </Typography.Text>
      )}
    </Space>
  );
}

export default function PlanDiffView({ plan }: { plan: PlanDiff }) {
  const { dependencies, parameters, downstream } = plan;
  return (
    <div data-testid="plan-diff">
      <Typography.Title level={5}>Schedule changes</Typography.Title>
      <Descriptions size="small" bordered column={1}>
        {plan.days.map((day) => (
          <Descriptions.Item
            key={day.day}
            label={
              <span>
                {day.label === "today" ? "Today (remaining)" : "Tomorrow"} {day.day}
                {!day.generated && (
                  <Typography.Text type="secondary"> · at generation</Typography.Text>
                )}
              </span>
            }
          >
            <DayChanges day={day} />
          </Descriptions.Item>
        ))}
        <Descriptions.Item label="Dependencies">
          {dependencies.added.length + dependencies.removed.length === 0 ? (
            <Typography.Text type="secondary">No change</Typography.Text>
          ) : (
            <Space direction="vertical" size={2} data-testid="plan-dependencies">
              {dependencies.added.map((d) => (
                <span key={`+${d.upstream}${d.kind}`}>
                  <Tag color="green">waits on</Tag>
                  {d.upstream} ({KIND_LABELS[d.kind] ?? d.kind})
                </span>
              ))}
              {dependencies.removed.map((d) => (
                <span key={`-${d.upstream}${d.kind}`}>
                  <Tag color="red">no longer waits on</Tag>
                  {d.upstream} ({KIND_LABELS[d.kind] ?? d.kind})
                </span>
              ))}
            </Space>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="Downstream instances">
          {downstream.length === 0 ? (
            <Typography.Text type="secondary">None waits on these instances</Typography.Text>
          ) : (
            <Space direction="vertical" size={2} data-testid="plan-downstream">
              {downstream.map((d) => (
                <span key={d.node}>
                  {d.name}: {d.instances} instance{d.instances === 1 ? "" : "s"} from {clock(d.first_cyctime)}
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
          title={() => `Parameters, rendered for ${parameters[0].cyctime.slice(0, 16).replace("T", " ")}`}
          columns={[
            { title: "Parameter", dataIndex: "name" },
            {
              title: "Deployed",
              key: "before",
              render: (_: unknown, p) => (p.before ? `${p.before.expression} = ${p.before.value}` : "—"),
            },
            {
              title: "This deploy",
              key: "after",
              render: (_: unknown, p) => (p.after ? `${p.after.expression} = ${p.after.value}` : "—"),
            },
          ]}
        />
      )}
    </div>
  );
}
