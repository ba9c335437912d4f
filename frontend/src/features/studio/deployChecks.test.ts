import { describe, expect, it } from "vitest";

import { failedTestOf } from "./deployChecks";

const saved = "2026-01-02T10:00:00Z";

describe("the deploy dialog's test-run warning", () => {
  it("warns when the last test run after the version was saved failed", () => {
    const run = { id: 9, status: "failed", created_at: "2026-01-02T10:05:00Z" };
    expect(failedTestOf(saved, run)).toEqual(run);
    expect(failedTestOf(saved, { ...run, status: "killed" })).toEqual({ ...run, status: "killed" });
  });

  it("stays quiet for a success, a run older than the version, or no run", () => {
    expect(failedTestOf(saved, { id: 9, status: "success", created_at: "2026-01-02T10:05:00Z" })).toBeNull();
    expect(failedTestOf(saved, { id: 8, status: "failed", created_at: "2026-01-02T09:00:00Z" })).toBeNull();
    expect(failedTestOf(saved, undefined)).toBeNull();
    expect(failedTestOf(null, { id: 9, status: "failed", created_at: "2026-01-02T10:05:00Z" })).toBeNull();
  });
});
