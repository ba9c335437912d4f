// The Data Map with the real route table and a fake API.
import { configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ADMIN, grants, mockFetch, OWNER_GRANTS, renderApp } from "../../test/utils";

configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });

const P = "/api/v1/projects/1";
const PROJECT = { id: 1, name: "demo", description: "", timezone: "UTC", role: "owner", permissions: OWNER_GRANTS, default_datasource: 1 };
const SOURCE = {
  datasource: 1,
  name: "warehouse",
  kind: "duckdb",
  requested_at: null,
  refreshed_at: "2024-01-02T01:00:00Z",
  attempted_at: "2024-01-02T01:00:00Z",
  error: "",
  table_count: 1,
  refreshing: false,
};
const ORDERS = {
  id: 5,
  datasource: 1,
  datasource_name: "warehouse",
  datasource_kind: "duckdb",
  schema: "main",
  name: "ods_orders",
  qualified: "ods_orders",
  kind: "table",
  comment: "one row per order",
  row_count: 100,
  column_count: 2,
  refreshed_at: "2024-01-02T01:00:00Z",
  matched_columns: [{ name: "customer_id", data_type: "INTEGER", comment: "" }],
};
const DETAIL = {
  table: { ...ORDERS, matched_columns: [] },
  columns: [
    { position: 1, name: "order_id", data_type: "INTEGER", comment: "" },
    { position: 2, name: "customer_id", data_type: "INTEGER", comment: "who ordered" },
  ],
  readers: [{ node: 3, name: "dwd_orders", line: 2 }],
  writers: [],
  quality_rules: [],
  last_writer_instance: null,
};

function api(project = PROJECT) {
  return mockFetch({
    "GET /api/v1/me": { body: ADMIN },
    "GET /api/v1/projects/": { body: [project] },
    [`GET ${P}/catalog/sources/`]: { body: [SOURCE] },
    [`GET ${P}/catalog/tables/?page=1&page_size=20`]: { body: { count: 1, next: null, previous: null, results: [{ ...ORDERS, matched_columns: [] }] } },
    [`GET ${P}/catalog/tables/?q=customer&page=1&page_size=20`]: { body: { count: 1, next: null, previous: null, results: [ORDERS] } },
    [`GET ${P}/catalog/tables/5/`]: { body: DETAIL },
    [`GET ${P}/catalog/tables/5/preview/?limit=20`]: { body: { columns: ["order_id", "customer_id"], rows: [[1, 2]], limit: 20 } },
  });
}

describe("Data Map", () => {
  it("searches columns and shows the matching ones under their table", async () => {
    const { calls } = api();
    renderApp("/datamap");
    expect(await screen.findByText("ods_orders")).toBeTruthy();
    expect(screen.getByText(/1 table\b/)).toBeTruthy();
    const search = screen.getByRole("searchbox");
    fireEvent.change(search, { target: { value: "customer" } });
    fireEvent.keyDown(search, { key: "Enter", code: "Enter", keyCode: 13 });
    expect(await screen.findByText("customer_id")).toBeTruthy();
    expect(calls.some((call) => call.path.includes("q=customer"))).toBe(true);
  });

  it("opens a table with its columns, readers and a preview", async () => {
    const { calls } = api();
    renderApp("/datamap/tables/5");
    expect(await screen.findByTestId("catalog-table-title")).toBeTruthy();
    expect(screen.getByText("who ordered")).toBeTruthy();
    fireEvent.click(screen.getByRole("tab", { name: "Preview" }));
    expect(calls.some((call) => call.path.includes("/preview/"))).toBe(false); // only when asked
    fireEvent.click(screen.getByTestId("catalog-preview"));
    await waitFor(() => expect(calls.some((call) => call.path.includes("/preview/"))).toBe(true));
    fireEvent.click(screen.getByRole("tab", { name: "Nodes and rules" }));
    expect(await screen.findByText(/dwd_orders/)).toBeTruthy();
  });

  it("does not offer the preview to a role that may not read the data", async () => {
    const { calls } = api({ ...PROJECT, role: "viewer", permissions: grants("read") });
    renderApp("/datamap/tables/5");
    fireEvent.click(await screen.findByRole("tab", { name: "Preview" }));
    expect(await screen.findByText("Your role cannot read the data of this project's sources.")).toBeTruthy();
    expect(screen.queryByTestId("catalog-preview")).toBeNull();
    expect(calls.some((call) => call.path.includes("/preview/"))).toBe(false);
  });
});
