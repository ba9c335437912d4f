// When a node runs: cron with its next runs, dates, pause and dry run, and the policies for
// instances made late and for daylight-saving days.
import { Button, DatePicker, Divider, Dropdown, Form, Input, Select, Space, Switch, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

import { errorMessage } from "../../../errors";
import { useCronPreview } from "../api";
import { cronDescription, cronPresets } from "../cron";
import type { Draft } from "../types";
import { useDebounced } from "../useDebounced";
import { PolicyPreview } from "./PolicyPreview";

interface Props {
  projectId: number;
  draft: Draft;
  onEdit: (patch: Partial<Draft>) => void;
  timezone: string;
}

export default function ScheduleSection({ projectId, draft, onEdit, timezone }: Props) {
  const { t } = useTranslation("studio");
  const cron = useDebounced(draft.cron, 400);
  const description = cronDescription(draft.cron);
  const preview = useCronPreview(projectId, description.ok ? cron : "", draft.start_date, draft.end_date, {
    catch_up: draft.catch_up,
    dst_gap: draft.dst_gap,
    dst_overlap: draft.dst_overlap,
  });
  return (
    <>
      <Divider orientation="left" plain style={{ margin: "4px 0 8px" }}>
        {t("properties.schedule")}
      </Divider>
      <Form.Item
        label={t("properties.cron", { timezone })}
        validateStatus={description.ok ? undefined : "error"}
        help={<span data-testid="cron-description">{description.text}</span>}
      >
        <Space.Compact style={{ width: "100%" }}>
          <Input aria-label={t("properties.aria.cron")} value={draft.cron} onChange={(event) => onEdit({ cron: event.target.value })} style={{ fontFamily: "monospace" }} />
          <Dropdown
            trigger={["click"]}
            menu={{
              items: cronPresets().map((preset) => ({ key: preset.value, label: `${preset.label} — ${preset.value}` })),
              onClick: ({ key }) => onEdit({ cron: key }),
            }}
          >
            <Button>{t("properties.presets")}</Button>
          </Dropdown>
        </Space.Compact>
      </Form.Item>
      <div data-testid="cron-next" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("properties.nextRuns")}
        </Typography.Text>
        {preview.isError ? (
          <Typography.Paragraph type="danger" style={{ fontSize: 12, margin: 0 }}>
            {errorMessage(preview.error)}
          </Typography.Paragraph>
        ) : (
          <ol style={{ margin: 0, paddingLeft: 20, fontSize: 12 }}>
            {(preview.data?.next ?? []).map((time) => (
              <li key={time}>{dayjs(time.slice(0, 19)).format("ddd YYYY-MM-DD HH:mm")}</li>
            ))}
            {preview.data && preview.data.next.length === 0 && <li>{t("properties.noNextRuns")}</li>}
          </ol>
        )}
      </div>
      <Space size={8} style={{ width: "100%" }}>
        <Form.Item label={t("properties.startDate")} style={{ flex: 1 }}>
          <DatePicker
            aria-label={t("properties.aria.startDate")}
            value={draft.start_date ? dayjs(draft.start_date) : null}
            onChange={(value) => onEdit({ start_date: value ? value.format("YYYY-MM-DD") : null })}
          />
        </Form.Item>
        <Form.Item label={t("properties.endDate")} style={{ flex: 1 }}>
          <DatePicker
            aria-label={t("properties.aria.endDate")}
            value={draft.end_date ? dayjs(draft.end_date) : null}
            onChange={(value) => onEdit({ end_date: value ? value.format("YYYY-MM-DD") : null })}
          />
        </Form.Item>
      </Space>
      <Space size={24}>
        <Form.Item label={t("properties.paused")}>
          <Switch aria-label={t("properties.aria.paused")} checked={draft.paused} onChange={(paused) => onEdit({ paused })} />
        </Form.Item>
        <Form.Item label={<Tooltip title={t("properties.dryRunHelp")}>{t("properties.dryRun")}</Tooltip>}>
          <Switch aria-label={t("properties.aria.dryRun")} checked={draft.dry_run} onChange={(dry_run) => onEdit({ dry_run })} />
        </Form.Item>
      </Space>
      <Form.Item label={t("properties.instancesAppear")}>
        <Select
          aria-label={t("properties.aria.instanceGeneration")}
          value={draft.instance_generation}
          onChange={(instance_generation) => onEdit({ instance_generation })}
          options={[
            { value: "next_day", label: t("properties.generation.next_day") },
            { value: "immediately", label: t("properties.generation.immediately") },
          ]}
        />
      </Form.Item>
      <Form.Item label={<Tooltip title={t("properties.catchUpHelp")}>{t("properties.catchUp")}</Tooltip>}>
        <Select
          aria-label={t("properties.aria.catchUp")}
          value={draft.catch_up}
          onChange={(catch_up) => onEdit({ catch_up })}
          options={(["none", "latest", "all"] as const).map((value) => ({ value, label: t(`properties.catchUps.${value}`) }))}
        />
      </Form.Item>
      <Space size={8} style={{ width: "100%" }} align="start">
        <Form.Item label={t("properties.dstGap")} style={{ flex: 1 }}>
          <Select
            aria-label={t("properties.aria.missingLocalTime")}
            value={draft.dst_gap}
            onChange={(dst_gap) => onEdit({ dst_gap })}
            options={(["shift", "skip"] as const).map((value) => ({ value, label: t(`properties.dstGaps.${value}`) }))}
          />
        </Form.Item>
        <Form.Item label={t("properties.dstOverlap")} style={{ flex: 1 }}>
          <Select
            aria-label={t("properties.aria.repeatedLocalTime")}
            value={draft.dst_overlap}
            onChange={(dst_overlap) => onEdit({ dst_overlap })}
            options={(["first", "both"] as const).map((value) => ({ value, label: t(`properties.dstOverlaps.${value}`) }))}
          />
        </Form.Item>
      </Space>
      {preview.data && <PolicyPreview preview={preview.data} />}
    </>
  );
}
