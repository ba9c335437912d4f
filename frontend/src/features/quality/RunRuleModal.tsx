import { Alert, App as AntApp, DatePicker, Form, Modal, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";

import { showError } from "../../errors";
import type { Project } from "../../project/current";
import { useRun, useRunRule } from "./api";
import { defaultBizdate, type QualityRule } from "./rules";
import { describeRun, formatDuration, verdictInfo } from "./verdict";

/** "Run now": pick a business date, start the check on a worker and watch its verdict arrive. */
export default function RunRuleModal({
  project,
  rule,
  open,
  onClose,
}: {
  project: Project;
  rule: Pick<QualityRule, "id" | "name" | "partition_filter">;
  open: boolean;
  onClose: () => void;
}) {
  const { message } = AntApp.useApp();
  const [bizdate, setBizdate] = useState<Dayjs>(() => dayjs(defaultBizdate(project.timezone)));
  const [runId, setRunId] = useState<number | null>(null);
  const runRule = useRunRule(project.id);
  const { data: run } = useRun(project.id, runId);

  useEffect(() => {
    if (open) {
      setRunId(null);
      setBizdate(dayjs(defaultBizdate(project.timezone)));
    }
  }, [open, project.timezone]);

  useEffect(() => {
    if (!run || run.verdict === "pending") return;
    const text = describeRun(run);
    if (run.verdict === "passed") void message.success(`${rule.name}: ${text}`);
    else void message.warning(`${rule.name}: ${text}`);
    // Only once per finished run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run?.id, run?.verdict]);

  const start = () =>
    runRule.mutate(
      { id: rule.id, bizdate: bizdate.format("YYYY-MM-DD") },
      {
        onSuccess: (started) => setRunId(started.id),
        onError: (error) => showError(message, error, "Could not start the run"),
      },
    );

  const running = runRule.isPending || run?.verdict === "pending";
  const info = verdictInfo(run?.verdict);
  return (
    <Modal
      title={`Run “${rule.name}” now`}
      open={open}
      onCancel={onClose}
      okText={run && run.verdict !== "pending" ? "Run again" : "Run"}
      onOk={start}
      okButtonProps={{ loading: running }}
      cancelText="Close"
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item
          label="Business date"
          extra={
            rule.partition_filter
              ? `Parameters in the partition filter (${rule.partition_filter}) are filled in for this date.`
              : "Parameters such as ${bizdate} are filled in for this date."
          }
        >
          <DatePicker
            aria-label="Business date"
            value={bizdate}
            onChange={(value) => value && setBizdate(value)}
            allowClear={false}
            style={{ width: 200 }}
          />
        </Form.Item>
      </Form>
      {runId !== null && (
        <Alert
          data-testid="run-result"
          type={
            !run || run.verdict === "pending"
              ? "info"
              : run.verdict === "passed"
                ? "success"
                : run.verdict === "failed"
                  ? "error"
                  : "warning"
          }
          showIcon
          message={
            <Space>
              <Tag color={info.color}>{run ? info.label : "Queued"}</Tag>
              <span>{run ? describeRun(run) : "Waiting for a worker…"}</span>
            </Space>
          }
          description={
            run && run.verdict !== "pending" ? (
              <Typography.Text type="secondary">
                Business date {run.bizdate} · took {formatDuration(run.duration_ms)}
              </Typography.Text>
            ) : (
              "The check runs on a worker; the verdict appears here when it is done."
            )
          }
        />
      )}
    </Modal>
  );
}
