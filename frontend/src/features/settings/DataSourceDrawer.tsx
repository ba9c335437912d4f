import { Alert, App as AntApp, Button, Form, Input, InputNumber, List, Select, Switch, Tag, Tooltip, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import FormDrawer from "../../components/FormDrawer";
import ConfInput from "./ConfInput";
import { applyFieldErrors, errorMessage } from "../../errors";
import type { DataSource } from "../../queries/project";
import { useDataSourceUsage, useSaveDataSource, useTestDataSource, type DataSourceKind } from "./api";
import { dataSourceBody, dataSourceFields, type DataSourceFormValues } from "./logic";

/** One setting of a kind of data source, as its input: a switch, a number or text. The props
 * a Form.Item gives its control (id, value, checked, onChange) go on to the input. */
export function SettingInput({ field, secret, ...control }: { field: string; secret?: boolean } & Record<string, unknown>) {
  if (field === "read_only") return <Switch {...control} />;
  if (field === "conf") return <ConfInput {...control} />;
  if (field === "port") return <InputNumber min={1} max={65535} style={{ width: 160 }} {...control} />;
  if (field === "ca_cert") return <Input.TextArea rows={4} spellCheck={false} {...control} />;
  if (secret) return <Input.Password autoComplete="new-password" {...control} />;
  return <Input autoComplete="off" {...control} />;
}

/** The nodes that use a data source, bound to it or connecting to it from their code. */
export function UsageList({ projectId, datasourceId }: { projectId: number; datasourceId: number }) {
  const { t } = useTranslation("settings");
  const usage = useDataSourceUsage(projectId, datasourceId);
  return (
    <List
      size="small"
      loading={usage.isLoading}
      data-testid="datasource-usage"
      locale={{ emptyText: usage.isError ? t("datasources.usageFailed") : t("datasources.unused") }}
      dataSource={usage.data ?? []}
      renderItem={(node) => (
        <List.Item>
          <Typography.Text>{node.name}</Typography.Text>
          <span>
            <Tag>{node.type}</Tag>
            <Tag color={node.how === "datasource" ? "blue" : "purple"}>{t(`datasources.how.${node.how}`)}</Tag>
            {node.deployed ? <Tag color="green">{t("datasources.deployed")}</Tag> : null}
          </span>
        </List.Item>
      )}
    />
  );
}

/** Test the saved development connection (what test runs and ad-hoc queries will use). */
function DevelopmentTest({ projectId, datasource }: { projectId: number; datasource: DataSource }) {
  const { t } = useTranslation("settings");
  const test = useTestDataSource(projectId, "development");
  const saved = Object.keys(datasource.dev_config ?? {}).length > 0;
  const result = test.data;
  return (
    <div style={{ marginBottom: 16 }}>
      <Tooltip title={saved ? t("datasources.testDevelopmentHelp") : t("datasources.noDevelopment")}>
        <Button disabled={!saved} loading={test.isPending} onClick={() => test.mutate(datasource.id)}>
          {t("datasources.testDevelopment")}
        </Button>
      </Tooltip>
      {test.isError ? <Alert style={{ marginTop: 8 }} type="error" showIcon message={errorMessage(test.error)} /> : null}
      {result ? (
        <Alert
          style={{ marginTop: 8 }}
          showIcon
          type={result.ok ? "success" : "error"}
          data-testid="development-test-result"
          message={result.ok ? t("datasources.developmentAnswers") : t("datasources.developmentSilent")}
          description={result.ok ? result.version : result.error}
        />
      ) : null}
    </div>
  );
}

/** The settings and secret fields of one connection (production's, or development's in a
 * standard-mode project, which may stay empty until someone fills it in). */
function ConnectionFields({
  kind,
  chosen,
  config,
  secret,
  secretKept,
  optional = false,
}: {
  kind: DataSourceKind | undefined;
  chosen: string;
  config: "config" | "dev_config";
  secret: "secret" | "dev_secret";
  secretKept: boolean;
  optional?: boolean;
}) {
  const { t } = useTranslation("settings");
  const label = (field: string) => t(`datasources.fields.${field}`, { defaultValue: field });
  return (
    <>
      {(kind?.config_fields ?? []).map((field) => (
        <Form.Item
          key={`${chosen}-${config}-${field}`}
          name={[config, field]}
          label={label(field)}
          rules={optional ? [] : [{ required: true, message: t("datasources.required", { field: label(field) }) }]}
        >
          <SettingInput field={field} />
        </Form.Item>
      ))}
      {(kind?.optional_fields ?? []).map((field) => (
        <Form.Item
          key={`${chosen}-${config}-${field}`}
          name={[config, field]}
          label={label(field)}
          valuePropName={field === "read_only" ? "checked" : "value"}
        >
          <SettingInput field={field} />
        </Form.Item>
      ))}
      {(kind?.secret_fields ?? []).map((field) => (
        <Form.Item
          key={`${chosen}-${secret}-${field}`}
          name={[secret, field]}
          label={label(field)}
          extra={secretKept ? t("datasources.secretKept") : t("datasources.secretHelp")}
        >
          <SettingInput field={field} secret />
        </Form.Item>
      ))}
    </>
  );
}

/** Create a data source (`datasource` null) or change one's name, description and settings. */
export default function DataSourceDrawer({
  projectId,
  kinds,
  datasource,
  open,
  onClose,
  standard = false,
}: {
  projectId: number;
  kinds: DataSourceKind[];
  datasource: DataSource | null;
  open: boolean;
  onClose: () => void;
  /** A standard-mode project: a development connection beside production's. */
  standard?: boolean;
}) {
  const { t } = useTranslation("settings");
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<DataSourceFormValues>();
  const save = useSaveDataSource(projectId);
  const [problem, setProblem] = useState("");
  const chosen = Form.useWatch("kind", form) ?? datasource?.kind ?? "duckdb";
  const kind = kinds.find((item) => item.kind === chosen);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      datasource
        ? {
            name: datasource.name,
            kind: datasource.kind,
            description: datasource.description,
            config: { ...(datasource.config as DataSourceFormValues["config"]) },
            dev_config: { ...(datasource.dev_config as DataSourceFormValues["config"]) },
          }
        : { kind: "duckdb", config: {} },
    );
    setProblem("");
  }, [open, datasource, form]);

  const submit = () => {
    const values = form.getFieldsValue(true) as DataSourceFormValues;
    const body = dataSourceBody(kind, values, standard);
    setProblem("");
    const done = {
      onSuccess: (saved: DataSource) => {
        void message.success(t(datasource ? "datasources.saved" : "datasources.created", { name: saved.name }));
        onClose();
      },
      onError: (error: unknown) => setProblem(applyFieldErrors(form, error, dataSourceFields())),
    };
    if (datasource) {
      const { kind: _kind, ...changes } = body;
      save.mutate({ id: datasource.id, body: changes }, done);
    } else {
      save.mutate({ id: null, body }, done);
    }
  };

  return (
    <FormDrawer
      title={datasource ? t("datasources.editTitle", { name: datasource.name }) : t("datasources.newTitle")}
      open={open}
      width={520}
      submitLabel={datasource ? t("save") : t("datasources.create")}
      submitting={save.isPending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      {problem ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={problem} data-testid="form-problem" /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t("datasources.name")} rules={[{ required: true, message: t("datasources.nameRequired") }]}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="kind" label={t("datasources.kind")}>
          <Select
            aria-label={t("datasources.kind")}
            disabled={!!datasource}
            options={kinds.map((item) => ({ value: item.kind, label: t(`datasources.kinds.${item.kind}`, { defaultValue: item.kind }) }))}
            onChange={() => form.setFieldsValue({ config: {}, dev_config: {} })}
          />
        </Form.Item>
        <Form.Item name="description" label={t("datasources.description")}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {kind?.file_engine ? <Typography.Paragraph type="secondary">{t("datasources.fileHelp")}</Typography.Paragraph> : null}
        {chosen === "spark" ? <Typography.Paragraph type="secondary">{t("datasources.sparkHelp")}</Typography.Paragraph> : null}
        {standard ? <Typography.Title level={5}>{t("datasources.production")}</Typography.Title> : null}
        <ConnectionFields kind={kind} chosen={chosen} config="config" secret="secret" secretKept={!!datasource?.has_secret} />
        {standard ? (
          <>
            <Typography.Title level={5}>{t("datasources.development")}</Typography.Title>
            <Typography.Paragraph type="secondary">{t("datasources.developmentHelp")}</Typography.Paragraph>
            <ConnectionFields
              kind={kind}
              chosen={chosen}
              config="dev_config"
              secret="dev_secret"
              secretKept={!!datasource?.has_dev_secret}
              optional
            />
            {datasource ? <DevelopmentTest projectId={projectId} datasource={datasource} /> : null}
          </>
        ) : null}
      </Form>
      {datasource ? (
        <>
          <Typography.Title level={5}>{t("datasources.usedBy")}</Typography.Title>
          <UsageList projectId={projectId} datasourceId={datasource.id} />
        </>
      ) : null}
    </FormDrawer>
  );
}
