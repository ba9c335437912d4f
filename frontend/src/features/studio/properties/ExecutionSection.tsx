// How a node runs: parameter syntax, retries, timeout, priority, resource group, reruns, owner.
import { Divider, Form, Input, InputNumber, Select, Space } from "antd";
import { useTranslation } from "react-i18next";

import { useMembers } from "../../../queries/project";
import type { Draft } from "../types";

export default function ExecutionSection({ projectId, draft, onEdit }: { projectId: number; draft: Draft; onEdit: (patch: Partial<Draft>) => void }) {
  const { t } = useTranslation("studio");
  const { data: members = [] } = useMembers(projectId);
  return (
    <>
      <Divider orientation="left" plain style={{ margin: "4px 0 8px" }}>
        {t("properties.execution")}
      </Divider>
      <Form.Item label={t("properties.dialect")} help={t("properties.dialectHelp")}>
        <Select
          aria-label={t("properties.aria.parameterDialect")}
          value={draft.parameter_dialect}
          onChange={(parameter_dialect) => onEdit({ parameter_dialect })}
          options={[
            { value: "", label: t("properties.dialects.project") },
            { value: "dataworks", label: "DataWorks (${yyyymmdd}, $[hh24miss-1/24])" },
            { value: "dolphinscheduler", label: "DolphinScheduler (${system.biz.date}, $[yyyyMMdd-1])" },
          ]}
        />
      </Form.Item>
      <Space size={8} wrap>
        <Form.Item label={t("properties.retries")}>
          <InputNumber aria-label={t("properties.aria.retries")} min={0} max={100} value={draft.retries} onChange={(v) => onEdit({ retries: v ?? 0 })} />
        </Form.Item>
        <Form.Item label={t("properties.retryDelay")}>
          <InputNumber aria-label={t("properties.aria.retryDelay")} min={0} max={86400} value={draft.retry_delay_seconds} onChange={(v) => onEdit({ retry_delay_seconds: v ?? 0 })} />
        </Form.Item>
        <Form.Item label={t("properties.timeout")}>
          <InputNumber aria-label={t("properties.aria.timeout")} min={0} max={604800} value={draft.timeout_seconds} onChange={(v) => onEdit({ timeout_seconds: v ?? 0 })} />
        </Form.Item>
        <Form.Item label={t("properties.priority")}>
          <InputNumber aria-label={t("properties.aria.priority")} min={-1000} max={1000} value={draft.priority} onChange={(v) => onEdit({ priority: v ?? 0 })} />
        </Form.Item>
      </Space>
      <Form.Item label={t("properties.resourceGroup")}>
        <Input aria-label={t("properties.aria.resourceGroup")} value={draft.resource_group} onChange={(e) => onEdit({ resource_group: e.target.value })} />
      </Form.Item>
      <Form.Item label={t("properties.rerunPolicy")}>
        <Select
          aria-label={t("properties.aria.rerunPolicy")}
          value={draft.rerun_policy}
          onChange={(rerun_policy) => onEdit({ rerun_policy })}
          options={(["always", "only_after_failure", "never"] as const).map((value) => ({ value, label: t(`properties.reruns.${value}`) }))}
        />
      </Form.Item>
      <Form.Item label={t("properties.owner")}>
        <Select
          aria-label={t("properties.aria.owner")}
          value={draft.owner ?? undefined}
          allowClear
          placeholder={t("properties.nobody")}
          onChange={(owner) => onEdit({ owner: owner ?? null })}
          options={members.map((m) => ({ value: m.user, label: `${m.username} (${m.role})` }))}
        />
      </Form.Item>
    </>
  );
}
