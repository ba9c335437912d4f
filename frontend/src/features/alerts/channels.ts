// Alert channels: the API's shape and form values <-> API body. Pure.
import type { Schema } from "../../api/client";

export type Channel = Schema<"ChannelOutput">;
/** A new channel; an edit sends the same fields but the kind, which a channel keeps. */
export type ChannelBody = Schema<"ChannelInputRequest">;
export type ChannelKind = Channel["kind"];
export type ChannelState = Channel["state"];

export interface ChannelFormValues extends Pick<Channel, "name" | "kind" | "recipients" | "url" | "enabled"> {
  /** Write-only: empty on edit keeps the stored secret (unless clear_secret). */
  secret: string;
  clear_secret: boolean;
}

export const CHANNEL_KINDS: { value: ChannelKind; label: string; help: string }[] = [
  { value: "email", label: "Email", help: "Sends a message to each address." },
  {
    value: "webhook",
    label: "Webhook",
    help: "POSTs a JSON payload; with a secret, signs the body (HMAC-SHA256) in a header.",
  },
  { value: "dingtalk", label: "DingTalk", help: "A DingTalk robot's webhook; the secret is the robot's signing secret." },
  { value: "slack", label: "Slack", help: "A Slack incoming-webhook URL." },
  { value: "feishu", label: "Feishu", help: "A Feishu / Lark bot's webhook; the secret is its signing secret." },
];

export const CHANNEL_KIND_LABELS: Record<string, string> = Object.fromEntries(
  CHANNEL_KINDS.map((kind) => [kind.value, kind.label]),
);

export const isWebhookKind = (kind: ChannelKind) => kind !== "email";

export function emptyChannel(): ChannelFormValues {
  return { name: "", kind: "webhook", recipients: [], url: "", secret: "", clear_secret: false, enabled: true };
}

export function channelToForm(channel: Channel): ChannelFormValues {
  return {
    name: channel.name,
    kind: channel.kind,
    recipients: channel.recipients ?? [],
    url: channel.url ?? "",
    secret: "",
    clear_secret: false,
    enabled: channel.enabled,
  };
}

/**
 * The API body. Only the kind's own target is kept (addresses for email, a URL for the webhook
 * kinds). The secret is sent only when typed, or as "" when the user asked to remove it.
 */
export function channelFormToBody(values: ChannelFormValues): ChannelBody {
  const webhook = isWebhookKind(values.kind);
  const body: ChannelBody = {
    name: (values.name ?? "").trim(),
    kind: values.kind,
    recipients: webhook
      ? []
      : Array.from(new Set((values.recipients ?? []).map((address) => address.trim()).filter(Boolean))),
    url: webhook ? (values.url ?? "").trim() : "",
    enabled: values.enabled,
  };
  if (webhook && values.secret) body.secret = values.secret;
  else if (values.clear_secret) body.secret = "";
  return body;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return (url.protocol === "http:" || url.protocol === "https:") && !!url.hostname;
  } catch {
    return false;
  }
}

export function channelProblems(values: ChannelFormValues): Partial<Record<keyof ChannelFormValues, string>> {
  const problems: Partial<Record<keyof ChannelFormValues, string>> = {};
  if (!(values.name ?? "").trim()) problems.name = "Give the channel a name.";
  if (isWebhookKind(values.kind)) {
    if (!(values.url ?? "").trim()) problems.url = "Paste the webhook URL.";
    else if (!isHttpUrl(values.url)) problems.url = "An http:// or https:// URL.";
  } else {
    const addresses = (values.recipients ?? []).map((address) => address.trim()).filter(Boolean);
    const bad = addresses.filter((address) => !isEmail(address));
    if (!addresses.length) problems.recipients = "Add at least one email address.";
    else if (bad.length) problems.recipients = `Not an email address: ${bad.join(", ")}`;
  }
  return problems;
}
