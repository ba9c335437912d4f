// The baselines tab and a baseline's page with the real route table and a fake API.
import { configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { ADMIN, grants, mockFetch, OWNER_GRANTS, renderApp } from "../../../test/utils";
import type { Baseline, BaselineForecast } from "./api";

configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });

const P = "/api/v1/projects/1";

beforeEach(() => {
  // React Flow measures its pane; jsdom cannot.
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
});

const baseline: Baseline = {
  id: 3,
  name: "morning reports",
  nodes: [4],
  committed_time: "08:00",
  committed_next_day: true,
  margin_minutes: 30,
  enabled: true,
  latest: {
    day: "2026-12-02",
    status: "warning",
    committed_at: "2026-12-02T08:00:00Z",
    predicted_at: "2026-12-02T07:45:00Z",
    finished_at: null,
    computed_at: "2026-12-02T06:00:00Z",
  },
  created_at: "2026-12-01T00:00:00Z",
};

const run = (id: number, name: string, critical: boolean, own = false) => ({
  id,
  node_id: id,
  node_name: name,
  status: "running",
  started_at: "2026-12-02T06:00:00Z",
  finished_at: null,
  predicted_finish: "2026-12-02T07:45:00Z",
  expected_seconds: 600,
  critical,
  own,
});

const forecast: BaselineForecast = {
  day: "2026-12-02",
  status: "warning",
  committed_at: "2026-12-02T08:00:00Z",
  predicted_at: "2026-12-02T07:45:00Z",
  finished_at: null,
  slack_seconds: 900,
  critical_path: [10, 11],
  upstream_count: 3,
  runs: [run(11, "report", true, true), run(10, "load_orders", true), run(12, "dim_users", false)],
  edges: [
    [10, 11],
    [12, 11],
  ],
};

function api(permissions = OWNER_GRANTS, extra: Parameters<typeof mockFetch>[0] = {}) {
  document.cookie = "csrftoken=tok; path=/";
  const project = { id: 1, name: "demo", description: "", timezone: "UTC", role: "owner", permissions };
  return mockFetch({
    "GET /api/v1/me": { body: ADMIN },
    "GET /api/v1/projects/": { body: [project] },
    [`GET ${P}/alerts/baselines/`]: { body: [baseline] },
    [`GET ${P}/nodes/?page_size=500`]: { body: { count: 1, next: null, previous: null, results: [{ id: 4, name: "report" }] } },
    [`GET ${P}/alerts/baselines/3/forecast/`]: { body: forecast },
    ...extra,
  });
}

describe("Baselines", () => {
  it("lists baselines with their latest prediction and creates one", async () => {
    const { calls } = api(OWNER_GRANTS, {
      [`POST ${P}/alerts/baselines/`]: { status: 201, body: { ...baseline, id: 4, name: "noon" } },
    });
    renderApp("/alerts/baselines");
    expect(await screen.findByText("morning reports")).toBeTruthy();
    expect(screen.getByText("At risk")).toBeTruthy();
    expect(screen.getByText("+15m")).toBeTruthy();
    expect(screen.getByText(/\(\+1 day\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /New baseline/ }));
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "noon" } });
    fireEvent.change(screen.getByLabelText("Committed by"), { target: { value: "12:00" } });
    fireEvent.mouseDown(screen.getByLabelText("Nodes"));
    fireEvent.click(await screen.findByTitle("report"));
    fireEvent.click(screen.getByLabelText("On the day after the cycle day"));
    fireEvent.click(screen.getByRole("button", { name: "Create baseline" }));
    await waitFor(() => expect(calls.some((call) => call.method === "POST")).toBe(true));
    const sent = calls.find((call) => call.method === "POST");
    expect(JSON.parse(String(sent?.init.body))).toEqual({
      name: "noon",
      nodes: [4],
      committed_time: "12:00",
      committed_next_day: true,
      margin_minutes: 30,
      enabled: true,
    });
  });

  it("shows a day's forecast with the critical path marked", async () => {
    api(grants("read"));
    renderApp("/alerts/baselines/3");
    expect(await screen.findByTestId("baseline-status")).toBeTruthy();
    expect(screen.getByTestId("baseline-slack").textContent).toBe("+15m");
    expect((await screen.findByTestId("baseline-run-10")).dataset.critical).toBe("true");
    expect(screen.getByTestId("baseline-run-12").dataset.critical).toBe("false");
  });
});
