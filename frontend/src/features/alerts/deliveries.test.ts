import { describe, expect, it } from "vitest";

import { canRetry, describeEvent, describeResponse, formatPayload, isInFlight, isSuccessCode, nextAttemptText, statusInfo } from "./deliveries";
import { EVENT_LABELS } from "./rules";

describe("deliveries", () => {
  it("names every status", () => {
    expect(statusInfo("delivered")).toMatchObject({ label: "Delivered", color: "success" });
    expect(statusInfo("failed")).toMatchObject({ label: "Failed", color: "error" });
    expect(statusInfo("retrying")).toMatchObject({ label: "Retrying" });
    expect(statusInfo("pending")).toMatchObject({ label: "Pending" });
    expect(statusInfo("odd")).toMatchObject({ label: "odd", color: "default" });
  });

  it("offers a retry for failed and retrying deliveries only", () => {
    expect(canRetry({ status: "failed" })).toBe(true);
    expect(canRetry({ status: "retrying" })).toBe(true);
    expect(canRetry({ status: "delivered" })).toBe(false);
    expect(canRetry({ status: "pending" })).toBe(false);
    expect(isInFlight({ status: "pending" })).toBe(true);
    expect(isInFlight({ status: "failed" })).toBe(false);
  });

  it("says when the next attempt is due", () => {
    const now = Date.parse("2024-01-01T00:00:00Z");
    expect(nextAttemptText(null, now)).toBe("—");
    expect(nextAttemptText("2024-01-01T00:00:30Z", now)).toBe("in 30 s");
    expect(nextAttemptText("2024-01-01T00:05:00Z", now)).toBe("in 5 min");
    expect(nextAttemptText("2024-01-01T02:30:00Z", now)).toBe("in 2.5 h");
    expect(nextAttemptText("2023-12-31T23:59:00Z", now)).toBe("due now");
    expect(nextAttemptText("garbage", now)).toBe("—");
  });

  it("shows responses, events and payloads", () => {
    expect(describeResponse(204)).toBe("204");
    expect(describeResponse(null)).toBe("—");
    expect(isSuccessCode(204)).toBe(true);
    expect(isSuccessCode(500)).toBe(false);
    expect(describeEvent("instance_failed", EVENT_LABELS)).toBe("Instance failed");
    expect(describeEvent("test", EVENT_LABELS)).toBe("Test message");
    expect(describeEvent("new_thing", EVENT_LABELS)).toBe("new thing");
    expect(formatPayload({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatPayload('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(formatPayload("plain")).toBe("plain");
    expect(formatPayload(null)).toBe("");
  });
});
