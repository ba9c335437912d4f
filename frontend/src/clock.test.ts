import { describe, expect, it } from "vitest";

import {
  businessDate,
  currentTimeZone,
  formatCycleTime,
  formatDateTime,
  formatLabelled,
  localizeInstants,
  localizeLogStamps,
  projectClock,
  setCurrentTimeZone,
  zoneOffset,
} from "./clock";
import { formatTime } from "./format";

describe("the project's clock", () => {
  const lateEveningUtc = Date.parse("2024-03-10T20:00:00Z"); // already the 11th in Shanghai

  it("takes today's business date as the server does: yesterday in the project's zone", () => {
    expect(businessDate("Asia/Shanghai", lateEveningUtc)).toBe("2024-03-10");
    expect(businessDate("UTC", lateEveningUtc)).toBe("2024-03-09");
    expect(businessDate("America/Los_Angeles", Date.parse("2024-01-01T03:00:00Z"))).toBe("2023-12-30");
    expect(businessDate("UTC", new Date("2024-03-01T01:00:00Z"))).toBe("2024-02-29");
  });

  it("falls back to UTC, as the server does, for a zone the browser does not know", () => {
    expect(businessDate("Not/AZone", lateEveningUtc)).toBe("2024-03-09");
    expect(formatDateTime("2024-03-10T18:05:09Z", "Mars/Olympus")).toBe("2024-03-10 18:05:09");
  });

  it("labels an instant with the zone's offset", () => {
    expect(formatLabelled("2026-12-03T00:00:00Z", "Asia/Shanghai")).toBe("2026-12-03 08:00:00 UTC+8");
    expect(formatLabelled("2026-07-01T12:00:00Z", "America/New_York", false)).toBe("2026-07-01 08:00 UTC-4");
    expect(formatLabelled(null, "UTC")).toBe("—");
    expect(zoneOffset("UTC")).toBe("UTC");
    expect(formatCycleTime("2026-12-02T16:00:00Z", "Asia/Shanghai")).toBe("2026-12-03 00:00");
  });

  it("rewrites the server's ISO instants in a message and the stamps of a log", () => {
    expect(localizeInstants("its time has not come (2026-12-03T00:00:00+00:00)", "Asia/Shanghai")).toBe(
      "its time has not come (2026-12-03 08:00:00 UTC+8)",
    );
    expect(localizeLogStamps("2026-12-03T00:00:05+00:00 started\nplain line\n", "Asia/Shanghai")).toBe(
      "08:00:05 started\nplain line\n",
    );
  });

  it("gives helpers outside React the current project's zone", () => {
    setCurrentTimeZone("Asia/Shanghai");
    expect(currentTimeZone()).toBe("Asia/Shanghai");
    expect(formatTime("2026-12-03T00:00:00Z")).toBe("2026-12-03 08:00:00 UTC+8");
    setCurrentTimeZone(null);
    expect(formatTime("2026-12-03T00:00:00Z")).toBe("2026-12-03 00:00:00 UTC");
    expect(projectClock("Asia/Shanghai").zoneLabel).toBe("Asia/Shanghai (UTC+8)");
  });
});
