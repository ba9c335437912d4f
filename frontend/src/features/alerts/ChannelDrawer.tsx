import { Alert, Checkbox, Form, Input, Select, Switch } from "antd";
import { useTranslation } from "react-i18next";

import FormDrawer from "../../components/FormDrawer";
import { useDrawerForm } from "../../components/useDrawerForm";
import { useSaveChannel } from "./api";
import {
  CHANNEL_KINDS,
  channelFormToBody,
  channelProblems,
  channelToForm,
  emptyChannel,
  isWebhookKind,
  type Channel,
  type ChannelFormValues,
  type ChannelKind,
} from "./channels";

const FIELDS = ["name", "kind", "recipients", "url", "secret", "enabled"];

/** Create (channel = null) or edit a channel. */
export default function ChannelDrawer({
  projectId,
  channel,
  open,
  onClose,
  onSaved,
}: {
  projectId: number;
  channel: Channel | null;
  open: boolean;
  onClose: () => void;
  onSaved?: (channel: Channel) => void;
}) {
  const { t } = useTranslation("alerts");
  const [form] = Form.useForm<ChannelFormValues>();
  const save = useSaveChannel(projectId);
  const kind: ChannelKind = Form.useWatch("kind", form) ?? channel?.kind ?? "webhook";
  const clearSecret = Form.useWatch("clear_secret", form);
  const info = CHANNEL_KINDS.find((item) => item.value === kind);

  const { problem, clearProblem, onFinish } = useDrawerForm({
    form,
    open,
    editing: channel,
    initialValues: () => (channel ? channelToForm(channel) : emptyChannel()),
    problems: channelProblems,
    fields: FIELDS,
    save: (values, callbacks) => save.mutate({ id: channel?.id, body: channelFormToBody(values) }, callbacks),
    savedMessage: (saved) => t(channel ? "channelForm.saved" : "channelForm.created", { name: saved.name }),
    failedMessage: t("channelForm.saveFailed"),
    onSaved,
    onClose,
  });

  return (
    <FormDrawer
      title={channel ? t("channelForm.editTitle", { name: channel.name }) : t("channelForm.newTitle")}
      open={open}
      onClose={onClose}
      width={520}
      submitLabel={channel ? t("common.saveChanges") : t("channelForm.create")}
      submitting={save.isPending}
      onSubmit={() => form.submit()}
    >
      <Form<ChannelFormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onValuesChange={clearProblem}
        requiredMark
        aria-label={t("channelForm.label")}
      >
        <Form.Item name="name" label={t("common.name")} rules={[{ required: true, message: t("channelForm.nameRequired") }]}>
          <Input placeholder={t("channelForm.namePlaceholder")} maxLength={200} />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t("channelForm.kind")}
          extra={channel ? t("channelForm.keepsKind", { help: info?.help ?? "" }) : info?.help}
        >
          <Select<ChannelKind>
            options={CHANNEL_KINDS.map(({ value, label }) => ({ value, label }))}
            aria-label={t("channelForm.kind")}
            disabled={!!channel}
          />
        </Form.Item>
        {isWebhookKind(kind) ? (
          <>
            <Form.Item
              name="url"
              label={t("channelForm.url")}
              rules={[{ required: true, message: t("channelForm.urlRequired") }]}
            >
              <Input placeholder="https://hooks.example.com/…" />
            </Form.Item>
            <Form.Item
              name="secret"
              label={t("channelForm.secret")}
              extra={
                channel?.has_secret
                  ? t("channelForm.secretStored")
                  : t("channelForm.secretOptional")
              }
            >
              <Input.Password
                placeholder={channel?.has_secret ? t("channelForm.secretUnchanged") : t("channelForm.noSecret")}
                autoComplete="new-password"
                disabled={!!clearSecret}
              />
            </Form.Item>
            {channel?.has_secret && (
              <Form.Item name="clear_secret" valuePropName="checked" style={{ marginTop: -12 }}>
                <Checkbox>{t("channelForm.removeSecret")}</Checkbox>
              </Form.Item>
            )}
          </>
        ) : (
          <Form.Item
            name="recipients"
            label={t("channelForm.recipients")}
            rules={[{ required: true, message: t("channelForm.recipientsRequired") }]}
            extra={t("channelForm.recipientsHelp")}
          >
            <Select
              mode="tags"
              tokenSeparators={[",", ";", " "]}
              placeholder="oncall@example.com"
              open={false}
              suffixIcon={null}
            />
          </Form.Item>
        )}
        <Form.Item name="enabled" label={t("common.enabled")} valuePropName="checked">
          <Switch />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} />}
      </Form>
    </FormDrawer>
  );
}
