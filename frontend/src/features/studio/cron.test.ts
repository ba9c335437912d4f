import { describe, expect, it } from "vitest";

import { cronDescription } from "./cron";

describe("cronDescription", () => {
  it("describes common schedules in words", () => {
    expect(cronDescription("30 1 * * *")).toEqual({ ok: true, text: "At 01:30" });
    expect(cronDescription("0 * * * *")).toEqual({ ok: true, text: "Every hour" });
    expect(cronDescription("*/15 * * * *")).toEqual({ ok: true, text: "Every 15 minutes" });
    expect(cronDescription("0 2 * * 1").text).toBe("At 02:00, only on Monday");
    expect(cronDescription("0 3 1 * *").text).toBe("At 03:00, on day 1 of the month");
  });

  it("ignores extra spaces", () => {
    expect(cronDescription("  30   1 * *  * ")).toEqual({ ok: true, text: "At 01:30" });
  });

  it("wants exactly five fields, like the scheduler", () => {
    expect(cronDescription("")).toEqual({ ok: false, text: "Enter a cron expression." });
    expect(cronDescription("0 0 * *").ok).toBe(false);
    expect(cronDescription("0 0 0 * * *")).toMatchObject({ ok: false, text: expect.stringContaining("this one has 6") });
  });

  it("reports values out of range", () => {
    const result = cronDescription("61 * * * *");
    expect(result.ok).toBe(false);
    expect(result.text).toMatch(/minute/i);
  });
});
