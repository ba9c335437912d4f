// Alert channels: the API's shape and form values <-> API body. Pure.
import type { Schema } from "../../api/client";
import { choices, labelTable, text } from "./text";

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

export const CHANNEL_KINDS = choices<ChannelKind>("kinds", ["email", "webhook", "dingtalk", "slack", "feishu"]);

export const CHANNEL_KIND_LABELS: Record<string, string> = labelTable(CHANNEL_KINDS);

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
  if (!(values.name ?? "").trim()) problems.name = text("channelForm.nameRequired");
  if (isWebhookKind(values.kind)) {
    if (!(values.url ?? "").trim()) problems.url = text("channelForm.urlRequired");
    else if (!isHttpUrl(values.url)) problems.url = text("channelForm.urlInvalid");
  } else {
    const addresses = (values.recipients ?? []).map((address) => address.trim()).filter(Boolean);
    const bad = addresses.filter((address) => !isEmail(address));
    if (!addresses.length) problems.recipients = text("channelForm.recipientsRequired");
    else if (bad.length) problems.recipients = text("channelForm.notEmail", { addresses: bad.join(", ") });
  }
  return problems;
}
