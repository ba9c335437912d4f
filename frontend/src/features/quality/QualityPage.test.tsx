// The Quality pages with the real route table and a fake API.
import { configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ADMIN, mockFetch, OWNER_GRANTS, renderApp } from "../../test/utils";

// These pages are big antd forms and tables: give them room on a busy machine (this file only).
configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });
import type { QualityRule, QualityRun } from "./rules";

const P = "/api/v1/projects/1";
const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });
const PROJECT = { id: 1, name: "demo", description: "", timezone: "UTC", role: "owner", permissions: OWNER_GRANTS, default_datasource: 1 };

const run: QualityRun = {
  id: 11,
  rule: 7,
  rule_name: "orders have rows",
  instance: null,
  bizdate: "2024-01-01",
  strength: "weak",
  environment: "production",
  value: 100,
  lower: 1,
  upper: null,
  verdict: "passed",
  sql: "SELECT COUNT(*) FROM ods_orders",
  message: "value 100 is within the expected range (at least 1)",
  error: "",
  duration_ms: 12,
  created_at: "2024-01-02T01:00:00Z",
  finished_at: "2024-01-02T01:00:01Z",
};

const rule: QualityRule = {
  id: 7,
  name: "orders have rows",
  datasource: 1,
  table: "ods_orders",
  partition_filter: "",
  kind: "row_count",
  column: "",
  columns: [],
  min_value: 1,
  max_value: null,
  allowed_values: [],
  sql: "",
  metric: "",
  window: 7,
  tolerance_pct: null,
  strength: "weak",
  nodes: [],
  enabled: true,
  created_at: "2024-01-01T00:00:00Z",
  updated_at: "2024-01-01T00:00:00Z",
  last_run: run,
};

function api(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    "GET /api/v1/me": { body: ADMIN },
    "GET /api/v1/projects/": { body: [PROJECT] },
    [`GET ${P}/datasources/`]: { body: [{ id: 1, name: "warehouse", kind: "duckdb", description: "" }] },
    [`GET ${P}/datasources/1/tables/`]: { body: { tables: ["ods_orders"] } },
    [`GET ${P}/nodes/?page_size=500`]: { body: { count: 0, next: null, results: [] } },
    ...extra,
  });
}

describe("Quality rules", () => {
  it("says what to do when there are no rules", async () => {
    api({ [`GET ${P}/quality/rules/?page_size=500`]: { body: page([]) } });
    renderApp("/quality");
    expect(await screen.findByText(/No quality rules yet/)).toBeTruthy();
    expect(screen.getByText("Create the first rule")).toBeTruthy();
  });

  it("lists rules with their table, bounds and last verdict", async () => {
    api({ [`GET ${P}/quality/rules/?page_size=500`]: { body: page([rule]) } });
    renderApp("/quality");
    expect(await screen.findByText("orders have rows")).toBeTruthy();
    expect(screen.getByText("ods_orders")).toBeTruthy();
    expect(screen.getByText("≥ 1")).toBeTruthy();
    expect(screen.getByText("Passed")).toBeTruthy();
    expect(await screen.findByText("warehouse")).toBeTruthy();
  });

  it("shows the server's reasons under the fields, then creates the rule", async () => {
    document.cookie = "csrftoken=tok; path=/";
    let attempts = 0;
    const { calls } = api({
      [`POST ${P}/quality/rules/`]: () =>
        ++attempts === 1
          ? {
              status: 400,
              body: {
                detail: "name: a quality rule named 'orders' exists in this project",
                errors: { name: ["a quality rule named 'orders' exists in this project"] },
              },
            }
          : { status: 201, body: rule },
      [`GET ${P}/quality/rules/7/`]: { body: rule },
      [`GET ${P}/quality/runs/?rule=7&page=1&page_size=20`]: { body: { count: 1, next: null, results: [run] } },
      [`GET ${P}/quality/runs/?rule=7&page=1&page_size=100`]: { body: { count: 1, next: null, results: [run] } },
    });
    const { router } = renderApp("/quality/rules/new");
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "orders" } });
    fireEvent.change(screen.getByLabelText("Table"), { target: { value: "ods_orders" } });
    await screen.findByText("warehouse (duckdb)");
    fireEvent.click(screen.getByText("Create rule"));
    expect(
      await screen.findByText("a quality rule named 'orders' exists in this project"),
    ).toBeTruthy();
    const post = calls.find((call) => call.method === "POST");
    expect(JSON.parse(String(post?.init.body))).toMatchObject({
      name: "orders",
      datasource: 1,
      table: "ods_orders",
      kind: "row_count",
      min_value: 1,
      max_value: null,
      metric: "",
    });

    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "orders have rows" } });
    fireEvent.click(screen.getByText("Create rule"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/quality/rules/7"));
    expect(await screen.findByText("Created the rule “orders have rows”.")).toBeTruthy();
  });

  it("checks the form before sending anything", async () => {
    const { calls } = api();
    renderApp("/quality/rules/new");
    await screen.findByText("warehouse (duckdb)");
    fireEvent.click(await screen.findByText("Create rule"));
    expect(await screen.findByText("Give the rule a name.")).toBeTruthy();
    expect(calls.some((call) => call.method === "POST")).toBe(false);
  });

  it("lists the runs an instance triggered, from the address", async () => {
    api({
      [`GET ${P}/quality/rules/?page_size=500`]: { body: page([rule]) },
      [`GET ${P}/quality/runs/?instance=42&page=1&page_size=20`]: {
        body: { count: 1, next: null, results: [{ ...run, instance: 42, verdict: "failed", value: 0 }] },
      },
    });
    renderApp("/quality/runs?instance=42");
    expect(await screen.findByText("instance #42", { selector: "a" })).toBeTruthy();
    expect(screen.getByText("Failed")).toBeTruthy();
    expect(screen.getByText("orders have rows", { selector: "a" }).getAttribute("href")).toBe("/quality/rules/7");
  });
});
