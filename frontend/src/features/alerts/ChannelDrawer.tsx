import { Alert, App as AntApp, Checkbox, Form, Input, Select, Switch } from "antd";
import { useEffect, useState } from "react";

import FormDrawer from "../../components/FormDrawer";
import { applyFieldErrors, showError } from "../../errors";
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
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ChannelFormValues>();
  const save = useSaveChannel(projectId);
  const [problem, setProblem] = useState("");
  const kind: ChannelKind = Form.useWatch("kind", form) ?? channel?.kind ?? "webhook";
  const clearSecret = Form.useWatch("clear_secret", form);
  const info = CHANNEL_KINDS.find((item) => item.value === kind);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(channel ? channelToForm(channel) : emptyChannel());
      setProblem("");
    }
  }, [open, channel, form]);

  const onFinish = () => {
    const values = form.getFieldsValue(true) as ChannelFormValues;
    const problems = Object.entries(channelProblems(values));
    if (problems.length) {
      form.setFields(problems.map(([name, reason]) => ({ name: name as keyof ChannelFormValues, errors: [reason as string] })));
      return;
    }
    save.mutate(
      { id: channel?.id, body: channelFormToBody(values) },
      {
        onSuccess: (saved) => {
          void message.success(channel ? `Saved the channel “${saved.name}”.` : `Created the channel “${saved.name}”.`);
          onSaved?.(saved);
          onClose();
        },
        onError: (error) => {
          const rest = applyFieldErrors(form, error, FIELDS);
          setProblem(rest);
          if (rest) showError(message, rest, "Could not save the channel");
        },
      },
    );
  };

  return (
    <FormDrawer
      title={channel ? `Edit channel “${channel.name}”` : "New channel"}
      open={open}
      onClose={onClose}
      width={520}
      submitLabel={channel ? "Save changes" : "Create channel"}
      submitting={save.isPending}
      onSubmit={() => form.submit()}
    >
      <Form<ChannelFormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onValuesChange={() => setProblem("")}
        requiredMark
        aria-label="Channel"
      >
        <Form.Item name="name" label="Name" rules={[{ required: true, message: "Give the channel a name." }]}>
          <Input placeholder="data-team webhook" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="kind"
          label="Kind"
          extra={channel ? `${info?.help ?? ""} A channel keeps its kind; add a new channel for another.` : info?.help}
        >
          <Select<ChannelKind>
            options={CHANNEL_KINDS.map(({ value, label }) => ({ value, label }))}
            aria-label="Kind"
            disabled={!!channel}
          />
        </Form.Item>
        {isWebhookKind(kind) ? (
          <>
            <Form.Item
              name="url"
              label="Webhook URL"
              rules={[{ required: true, message: "Paste the webhook URL." }]}
            >
              <Input placeholder="https://hooks.example.com/…" />
            </Form.Item>
            <Form.Item
              name="secret"
              label="Signing secret"
              extra={
                channel?.has_secret
                  ? "A secret is stored. Leave this empty to keep it; it is never shown again."
                  : "Optional. Stored encrypted and never shown again."
              }
            >
              <Input.Password
                placeholder={channel?.has_secret ? "•••••• (unchanged)" : "no secret"}
                autoComplete="new-password"
                disabled={!!clearSecret}
              />
            </Form.Item>
            {channel?.has_secret && (
              <Form.Item name="clear_secret" valuePropName="checked" style={{ marginTop: -12 }}>
                <Checkbox>Remove the stored secret</Checkbox>
              </Form.Item>
            )}
          </>
        ) : (
          <Form.Item
            name="recipients"
            label="Recipients"
            rules={[{ required: true, message: "Add at least one email address." }]}
            extra="Type an address and press Enter; paste several separated by commas."
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
        <Form.Item name="enabled" label="Enabled" valuePropName="checked">
          <Switch />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} />}
      </Form>
    </FormDrawer>
  );
}
