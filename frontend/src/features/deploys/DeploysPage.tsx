// Deploys: the project's deploy requests (submit, review, decide) and its deploy packages (roll
// back). A request shows what it would change (code, settings, plan) and its automatic checks;
// a failed check holds the approval until the reviewer gives a reason.
import { App, Button, Drawer, Form, Input, Popconfirm, Segmented, Space, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";

import LoadError from "../../components/LoadError";
import ProjectGate from "../../components/ProjectGate";
import { showError } from "../../errors";
import { useProjectClock } from "../../clock";
import type { Project } from "../../project/current";
import { usePermissions } from "../../project/permissions";
import { useMe } from "../../queries/useMe";
import {
  blockingChecks,
  useDecide,
  useDeployPackages,
  useDeployRequest,
  useDeployRequests,
  useRollback,
  type DeployPackage,
  type DeployRequestStatus,
  type DeployReview,
  type ReviewCheck,
} from "./api";
import { planLines } from "./plan";

const STATUS_COLOURS: Record<DeployRequestStatus, string> = {
  pending: "gold",
  approved: "green",
  rejected: "red",
  withdrawn: "default",
};

function StatusTag({ status }: { status: DeployRequestStatus }) {
  const { t } = useTranslation("deploys");
  return <Tag color={STATUS_COLOURS[status]}>{t(`status.${status}`)}</Tag>;
}

function CheckTag({ check }: { check: ReviewCheck }) {
  const { t } = useTranslation("deploys");
  const colour = check.ok ? "green" : check.level === "error" ? "red" : check.level === "warning" ? "orange" : "blue";
  return <Tag color={colour}>{t(`checks.${check.check}`)}</Tag>;
}

function RequestDrawer({ projectId, request, onClose }: { projectId: number; request: DeployReview; onClose: () => void }) {
  const { t } = useTranslation("deploys");
  const { message } = App.useApp();
  const { can } = usePermissions();
  const { data: me } = useMe();
  const decide = useDecide(projectId);
  const [form] = Form.useForm<{ comment: string; override_reason: string }>();
  const blocking = blockingChecks(request.checks);
  const mine = me?.username === request.author;
  const reviewable = request.status === "pending" && can("deploy") && !mine;

  const run = (verdict: "approve" | "reject" | "withdraw") => {
    const { comment = "", override_reason = "" } = form.getFieldsValue();
    const decision =
      verdict === "approve"
        ? { id: request.id, verdict, comment, override_reason }
        : verdict === "reject"
          ? { id: request.id, verdict, comment }
          : { id: request.id, verdict };
    decide.mutate(decision, {
      onSuccess: () => {
        message.success(t(`done.${verdict}`));
        onClose();
      },
      onError: (error) => showError(message, error),
    });
  };

  return (
    <Drawer open width={820} onClose={onClose} title={t("request.title", { id: request.id })} data-testid="deploy-request">
      <Space direction="vertical" style={{ width: "100%" }} size="middle">
        <Space>
          <StatusTag status={request.status} />
          <Typography.Text strong>{request.message}</Typography.Text>
          <Typography.Text type="secondary">{t("request.by", { author: request.author ?? "—" })}</Typography.Text>
        </Space>
        <Typography.Title level={5}>{t("request.checks")}</Typography.Title>
        <Table<ReviewCheck>
          size="small"
          pagination={false}
          rowKey={(check) => `${check.node}-${check.check}-${check.message}`}
          dataSource={request.checks}
          data-testid="review-checks"
          columns={[
            { title: t("column.node"), dataIndex: "name" },
            { title: t("column.check"), render: (_, check) => <CheckTag check={check} /> },
            { title: t("column.result"), render: (_, check) => (check.ok ? t("check.passed") : t(`check.${check.level}`)) },
            { title: t("column.message"), dataIndex: "message" },
          ]}
        />
        {request.items.map((item) => (
          <section key={item.node} aria-label={item.node_name}>
            <Typography.Title level={5}>
              {t("request.item", {
                node: item.node_name,
                from: item.previous_version_number ? `v${item.previous_version_number}` : t("request.notDeployed"),
                to: `v${item.version_number}`,
              })}
            </Typography.Title>
            {item.diff.code ? <pre className="deploy-diff">{item.diff.code}</pre> : <Typography.Text type="secondary">{t("request.sameCode")}</Typography.Text>}
            {Object.entries(item.diff.fields).map(([field, change]) => (
              <div key={field}>
                <Typography.Text code>{field}</Typography.Text> {JSON.stringify(change.before)} → {JSON.stringify(change.after)}
              </div>
            ))}
            {planLines(item.plan).map((line) => (
              <div key={line.label} data-testid="plan-line">
                {t("plan.line", { ...line, day: t(`plan.${line.label}`, { defaultValue: line.label }) })}
              </div>
            ))}
          </section>
        ))}
        {request.status !== "pending" ? (
          <Typography.Paragraph data-testid="decision">
            {t("request.decided", { reviewer: request.reviewer ?? "—", comment: request.comment || "—" })}
            {request.override_reason ? ` ${t("request.overridden", { reason: request.override_reason })}` : null}
          </Typography.Paragraph>
        ) : null}
        {request.status === "pending" ? (
          <Form form={form} layout="vertical" disabled={decide.isPending}>
            {reviewable ? (
              <>
                <Form.Item name="comment" label={t("form.comment")}>
                  <Input.TextArea rows={2} />
                </Form.Item>
                {blocking.length ? (
                  <Form.Item name="override_reason" label={t("form.override", { count: blocking.length })}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                ) : null}
                <Space>
                  <Button type="primary" onClick={() => run("approve")}>
                    {t("action.approve")}
                  </Button>
                  <Button danger onClick={() => run("reject")}>
                    {t("action.reject")}
                  </Button>
                </Space>
              </>
            ) : (
              <Typography.Paragraph type="secondary">{mine ? t("request.ownRequest") : t("request.noRight")}</Typography.Paragraph>
            )}
            {mine ? <Button onClick={() => run("withdraw")}>{t("action.withdraw")}</Button> : null}
          </Form>
        ) : null}
      </Space>
    </Drawer>
  );
}

function RequestsTab({ project }: { project: Project }) {
  const { t } = useTranslation("deploys");
  const clock = useProjectClock();
  const [status, setStatus] = useState<DeployRequestStatus | "all">("pending");
  const requests = useDeployRequests(project.id, status === "all" ? null : status);
  // The open request is in the address (`?request=12`), so the Studio can link to it.
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("request")) || null;
  const setOpenId = (id: number | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === null) next.delete("request");
        else next.set("request", String(id));
        return next;
      },
      { replace: true },
    );
  const listed = requests.data?.results.find((request) => request.id === openId);
  const fetched = useDeployRequest(project.id, listed ? null : openId);
  const open = listed ?? fetched.data ?? null;
  return (
    <>
      <Segmented
        value={status}
        onChange={(value) => setStatus(value as DeployRequestStatus | "all")}
        options={(["pending", "approved", "rejected", "withdrawn", "all"] as const).map((value) => ({ value, label: t(`status.${value}`) }))}
        style={{ marginBottom: 12 }}
      />
      {requests.error ? <LoadError what={t("tabs.requests")} error={requests.error} onRetry={() => void requests.refetch()} /> : null}
      <Table<DeployReview>
        rowKey="id"
        loading={requests.isLoading}
        dataSource={requests.data?.results ?? []}
        pagination={false}
        data-testid="deploy-requests"
        onRow={(request) => ({ onClick: () => setOpenId(request.id), style: { cursor: "pointer" } })}
        columns={[
          { title: "#", dataIndex: "id", width: 70 },
          { title: t("column.status"), render: (_, request) => <StatusTag status={request.status} /> },
          { title: t("column.message"), dataIndex: "message" },
          { title: t("column.nodes"), render: (_, request) => request.items.map((item) => `${item.node_name} v${item.version_number}`).join(", ") },
          { title: t("column.failedChecks"), render: (_, request) => blockingChecks(request.checks).length },
          { title: t("column.author"), dataIndex: "author" },
          { title: t("column.created"), render: (_, request) => clock.format(request.created_at) },
        ]}
      />
      {open ? <RequestDrawer projectId={project.id} request={open} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}

function PackagesTab({ project }: { project: Project }) {
  const { t } = useTranslation("deploys");
  const { message } = App.useApp();
  const clock = useProjectClock();
  const { can, refusal } = usePermissions();
  const packages = useDeployPackages(project.id);
  const rollback = useRollback(project.id);
  return (
    <>
      {packages.error ? <LoadError what={t("tabs.packages")} error={packages.error} onRetry={() => void packages.refetch()} /> : null}
      <Table<DeployPackage>
        rowKey="id"
        loading={packages.isLoading}
        dataSource={packages.data?.results ?? []}
        pagination={false}
        data-testid="deploy-packages"
        columns={[
          { title: "#", dataIndex: "id", width: 70 },
          { title: t("column.message"), dataIndex: "message" },
          {
            title: t("column.nodes"),
            render: (_, pkg) =>
              pkg.deployments
                .map((d) => `${d.node_name} ${d.previous_version_number ? `v${d.previous_version_number}` : "—"} → ${d.version_number ? `v${d.version_number}` : t("package.undeployed")}`)
                .join(", "),
          },
          { title: t("column.deployedBy"), dataIndex: "deployed_by" },
          { title: t("column.created"), render: (_, pkg) => clock.format(pkg.created_at) },
          {
            title: "",
            render: (_, pkg) =>
              pkg.rolled_back_by ? (
                <Tag>{t("package.rolledBack", { id: pkg.rolled_back_by })}</Tag>
              ) : (
                <Popconfirm
                  title={t("package.confirm", { id: pkg.id })}
                  onConfirm={() =>
                    rollback.mutate(
                      { id: pkg.id, message: "" },
                      { onSuccess: () => message.success(t("done.rollback")), onError: (error) => showError(message, error) },
                    )
                  }
                  disabled={!can("deploy")}
                >
                  <Button size="small" disabled={!can("deploy")} title={refusal("deploy")}>
                    {t("action.rollback")}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </>
  );
}

export default function DeploysPage() {
  const { t } = useTranslation("deploys");
  const [tab, setTab] = useState("requests");
  return (
    <section aria-labelledby="page-title">
      <Typography.Title level={1} id="page-title" style={{ fontSize: 24, marginTop: 0 }}>
        {t("title")}
      </Typography.Title>
      <ProjectGate what={t("title")}>
        {(project) => (
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: "requests", label: t("tabs.requests"), children: <RequestsTab project={project} /> },
              { key: "packages", label: t("tabs.packages"), children: <PackagesTab project={project} /> },
            ]}
          />
        )}
      </ProjectGate>
    </section>
  );
}
