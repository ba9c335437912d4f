import { describe, expect, it } from "vitest";

import { addDays, dateInZone, dateRange, formatClock, formatDateTime, relativeTime, runSeconds } from "./format";

describe("runSeconds", () => {
  const now = Date.parse("2024-01-01T10:00:00Z");
  it("is finish minus start once finished", () => {
    expect(runSeconds({ status: "success", started_at: "2024-01-01T09:00:00Z", finished_at: "2024-01-01T09:01:30Z" }, now)).toBe(90);
  });
  it("counts up to now while it runs", () => {
    expect(runSeconds({ status: "running", started_at: "2024-01-01T09:59:00Z", finished_at: null }, now)).toBe(60);
  });
  it("is unknown before it starts, or for a stopped run without an end", () => {
    expect(runSeconds({ status: "pending", started_at: null }, now)).toBeNull();
    expect(runSeconds({ status: "killed", started_at: "2024-01-01T09:00:00Z", finished_at: null }, now)).toBeNull();
  });
});

describe("times in the project's zone", () => {
  it("formats date and time in the given zone", () => {
    expect(formatDateTime("2024-03-10T18:05:09Z", "Asia/Shanghai")).toBe("2024-03-11 02:05:09");
    expect(formatDateTime("2024-03-10T18:05:09Z", "UTC")).toBe("2024-03-10 18:05:09");
    expect(formatClock("2024-03-10T18:05:09Z", "Asia/Shanghai")).toBe("02:05");
    expect(formatClock("2024-03-10T18:05:09Z", "UTC", true)).toBe("18:05:09");
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("not a date")).toBe("—");
  });

  it("falls back to the browser's zone for an unknown zone name", () => {
    expect(formatDateTime("2024-03-10T18:05:09Z", "Mars/Olympus")).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it("takes the date in the project's zone", () => {
    const lateEveningUtc = Date.parse("2024-03-10T20:00:00Z"); // already the 11th in Shanghai
    expect(dateInZone("Asia/Shanghai", 0, lateEveningUtc)).toBe("2024-03-11");
    expect(dateInZone("UTC", 0, lateEveningUtc)).toBe("2024-03-10");
  });

  it("says how far a time is from now", () => {
    const now = Date.parse("2024-01-01T10:00:00Z");
    expect(relativeTime("2024-01-01T10:05:00Z", now)).toBe("in 5m 00s");
    expect(relativeTime("2024-01-01T09:00:00Z", now)).toBe("1h 00m ago");
    expect(relativeTime("2024-01-01T10:00:02Z", now)).toBe("now");
    expect(relativeTime(null, now)).toBe("—");
  });
});

describe("dates", () => {
  it("adds days across month and leap-year ends", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2024-01-01", -1)).toBe("2023-12-31");
  });
  it("lists a range with both ends, or nothing when reversed", () => {
    expect(dateRange("2024-02-27", "2024-03-01")).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(dateRange("2024-03-02", "2024-03-01")).toEqual([]);
    expect(dateRange("2024-01-01", "2024-12-31", 3)).toHaveLength(3);
  });
});
