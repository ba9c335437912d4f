// Deliveries: how their status is shown and what can be done with them. Pure.
import type { Schema } from "../../api/client";
import { choices, text } from "./text";

export type Delivery = Schema<"Delivery">;
export type DeliveryStatus = Delivery["status"];

const COLORS: Record<DeliveryStatus, string> = {
  pending: "processing",
  sending: "processing",
  retrying: "warning",
  delivered: "success",
  failed: "error",
};

export const DELIVERY_STATUSES = {} as Record<DeliveryStatus, { label: string; color: string; help: string }>;
for (const status of choices<DeliveryStatus>("deliveries.statuses", Object.keys(COLORS) as DeliveryStatus[])) {
  DELIVERY_STATUSES[status.value] = Object.assign(status, { color: COLORS[status.value] });
}

/** A status the server knows, e.g. from the address. */
export const isDeliveryStatus = (value: string | null | undefined): value is DeliveryStatus =>
  typeof value === "string" && Object.prototype.hasOwnProperty.call(DELIVERY_STATUSES, value);

export function statusInfo(status: string) {
  return isDeliveryStatus(status) ? DELIVERY_STATUSES[status] : { label: status, color: "default", help: "" };
}

/** Still on its way: the log refreshes itself while any of these is shown. */
export const isInFlight = (delivery: Pick<Delivery, "status">) =>
  delivery.status === "pending" || delivery.status === "sending" || delivery.status === "retrying";

/** A retry by hand makes sense for a failed delivery, or to hurry one that waits for its next attempt. */
export const canRetry = (delivery: Pick<Delivery, "status">) =>
  delivery.status === "failed" || delivery.status === "retrying";

/** "200 OK"-style text for a response code, "—" when there was no answer. */
export function describeResponse(code: number | null | undefined): string {
  if (code === null || code === undefined || code === 0) return "—";
  return String(code);
}

/** Response codes that mean the receiver accepted the message. */
export const isSuccessCode = (code: number | null | undefined) => !!code && code >= 200 && code < 300;

/** When the next attempt is due, relative to now: "in 2 min", "now", or "—". */
export function nextAttemptText(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "—";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "—";
  const seconds = Math.round((at - now) / 1000);
  if (seconds <= 0) return text("deliveries.dueNow");
  if (seconds < 60) return text("deliveries.inSeconds", { count: seconds });
  if (seconds < 3600) return text("deliveries.inMinutes", { count: Math.round(seconds / 60) });
  return text("deliveries.inHours", { count: Math.round(seconds / 360) / 10 });
}

/** The event's words for the log; a channel test has its own. */
export function describeEvent(event: string, labels: Record<string, string>): string {
  if (event === "test") return text("events.test");
  return labels[event] ?? event.replace(/_/g, " ");
}

/** Pretty JSON for the payload panel. */
export function formatPayload(payload: unknown): string {
  if (payload === null || payload === undefined || payload === "") return "";
  if (typeof payload === "string") {
    try {
      return JSON.stringify(JSON.parse(payload), null, 2);
    } catch {
      return payload;
    }
  }
  return JSON.stringify(payload, null, 2);
}
