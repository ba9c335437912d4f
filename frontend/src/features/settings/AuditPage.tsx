import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { AutoComplete, Button, DatePicker, Form, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import ListTable from "../../components/ListTable";
import LoadError from "../../components/LoadError";
import type { Project } from "../../project/current";
import { useMembers } from "../../queries/project";
import type { AuditFilters } from "../../queries/keys";
import { useAudit, type AuditEntry } from "./api";
import { changeRows, cursorOf, inZone, showValue, zonedMidnight, type ChangeRow } from "./logic";

/** Actions and object types the services write (projects/services.py and the others). */
const ACTIONS = [
  "create",
  "update",
  "delete",
  "deploy",
  "undeploy",
  "add_member",
  "change_role",
  "remove_member",
  "archive",
  "unarchive",
  "restore",
];
const OBJECT_TYPES = ["project", "member", "datasource", "workflow", "node", "dependency", "qualityrule", "alertrule", "channel"];

const options = (values: string[]) => values.map((value) => ({ value }));

/** What changed in one audit row: each field before and after. */
export function ChangeDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation("settings");
  const rows = changeRows(entry.changes);
  if (!rows.length) return <Typography.Text type="secondary">{t("audit.noChanges")}</Typography.Text>;
  return (
    <Table<ChangeRow>
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      data-testid={`audit-diff-${entry.id}`}
      columns={[
        { title: t("audit.field"), dataIndex: "field", width: 200, render: (field: string) => <Typography.Text code>{field}</Typography.Text> },
        {
          title: t("audit.before"),
          dataIndex: "before",
          render: (value: unknown, row) =>
            "before" in row && row.before !== undefined ? (
              <Typography.Text delete type="danger" style={{ whiteSpace: "pre-wrap" }}>
                {showValue(value)}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
        {
          title: t("audit.after"),
          dataIndex: "after",
          render: (value: unknown) => (
            <Typography.Text type="success" style={{ whiteSpace: "pre-wrap" }}>
              {showValue(value)}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

interface FilterValues {
  actor?: string;
  action?: string;
  object_type?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

/** The filters as the API takes them; dates are whole days of the project's clock. */
export function auditQuery(values: FilterValues, timeZone: string): AuditFilters {
  const [from, to] = values.dates ?? [null, null];
  return {
    actor: values.actor?.trim() || undefined,
    action: values.action?.trim() || undefined,
    object_type: values.object_type?.trim() || undefined,
    since: from ? zonedMidnight(from.format("YYYY-MM-DD"), timeZone) : undefined,
    until: to ? zonedMidnight(to.add(1, "day").format("YYYY-MM-DD"), timeZone) : undefined,
  };
}

/** The project's audit log: who did what to which object, with what changed; filtered, paged. */
/** A suggestion fits what is typed when it contains it (any case). */
const contains = (input: string, option?: { value?: unknown }) => String(option?.value ?? "").toLowerCase().includes(input.toLowerCase());

export default function AuditPage({ project }: { project: Project }) {
  const { t } = useTranslation("settings");
  const [form] = Form.useForm<FilterValues>();
  const members = useMembers(project.id);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const audit = useAudit(project.id, { ...filters, cursor });
  const page = audit.data;

  const apply = (values: FilterValues) => {
    setCursor(undefined);
    setFilters(auditQuery(values, project.timezone));
  };

  const columns: ColumnsType<AuditEntry> = [
    { title: t("audit.when"), dataIndex: "created_at", width: 180, render: (iso: string) => inZone(iso, project.timezone) },
    { title: t("audit.actor"), dataIndex: "actor", width: 140, render: (actor: string | null) => actor ?? <Typography.Text type="secondary">{t("audit.system")}</Typography.Text> },
    { title: t("audit.action"), dataIndex: "action", width: 140, render: (action: string) => <Tag>{action}</Tag> },
    { title: t("audit.objectType"), dataIndex: "object_type", width: 130 },
    { title: t("audit.object"), key: "object", render: (_, entry) => entry.object_repr || entry.object_id || "—" },
    { title: t("audit.changes"), key: "changes", width: 110, render: (_, entry) => t("audit.fieldCount", { count: changeRows(entry.changes).length }) },
  ];

  return (
    <>
      <Form<FilterValues> form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }} data-testid="audit-filters">
        <Form.Item name="actor" label={t("audit.actor")}>
          <AutoComplete
            allowClear
            style={{ width: 160 }}
            options={(members.data ?? []).map((member) => ({ value: member.username }))}
            filterOption={contains}
            placeholder={t("audit.anyone")}
          />
        </Form.Item>
        <Form.Item name="action" label={t("audit.action")}>
          <AutoComplete allowClear style={{ width: 150 }} options={options(ACTIONS)} filterOption={contains} placeholder={t("audit.any")} />
        </Form.Item>
        <Form.Item name="object_type" label={t("audit.objectType")}>
          <AutoComplete allowClear style={{ width: 150 }} options={options(OBJECT_TYPES)} filterOption={contains} placeholder={t("audit.any")} />
        </Form.Item>
        <Form.Item name="dates" label={t("audit.dates")}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t("audit.filter")}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                apply({});
              }}
            >
              {t("audit.clear")}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary">{t("audit.clock", { zone: project.timezone })}</Typography.Paragraph>
      {audit.isError ? <LoadError what={t("audit.what")} error={audit.error} onRetry={() => void audit.refetch()} /> : null}
      <ListTable<AuditEntry>
        columns={columns}
        dataSource={page?.results ?? []}
        loading={audit.isLoading || audit.isFetching}
        pagination={false}
        data-testid="audit-table"
        empty={t("audit.empty")}
        expandable={{ expandedRowRender: (entry) => <ChangeDiff entry={entry} />, rowExpandable: (entry) => changeRows(entry.changes).length > 0 }}
      />
      <Space style={{ marginTop: 12, justifyContent: "flex-end", width: "100%" }}>
        <Button icon={<LeftOutlined />} disabled={!page?.previous} onClick={() => setCursor(cursorOf(page?.previous))}>
          {t("audit.newer")}
        </Button>
        <Button disabled={!page?.next} onClick={() => setCursor(cursorOf(page?.next))}>
          {t("audit.older")} <RightOutlined />
        </Button>
      </Space>
    </>
  );
}
