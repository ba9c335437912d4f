// The sync form writes the node's sync document: mode, partition and the column mapping.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen } from "@testing-library/react";
import { App } from "antd";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { mockFetch } from "../../../test/utils";
import SyncForm from "./SyncForm";

function Harness({ initial, seen }: { initial: string; seen: string[] }) {
  const [code, setCode] = useState(initial);
  return (
    <SyncForm
      projectId={1}
      code={code}
      onChange={(next) => {
        seen.push(next);
        setCode(next);
      }}
    />
  );
}

describe("SyncForm", () => {
  it("edits the mapping and the partition of the document", async () => {
    mockFetch({
      "GET /api/v1/projects/1/datasources/": {
        body: [
          { id: 3, name: "app", kind: "postgres" },
          { id: 5, name: "dw", kind: "duckdb" },
        ],
      },
    });
    const seen: string[] = [];
    const initial = JSON.stringify({ source: { datasource: 3, table: "orders" }, target: { datasource: 5, table: "ods_orders" }, columns: [], mode: "partition", partition: "" });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <App>
          <Harness initial={initial} seen={seen} />
        </App>
      </QueryClientProvider>,
    );
    expect(await screen.findByText("app (postgres)")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Partition"), { target: { value: "dt='${bizdate}'" } });
    fireEvent.click(screen.getByText("Add a column"));
    fireEvent.change(screen.getByLabelText("Source column 1"), { target: { value: "id" } });
    fireEvent.change(screen.getByLabelText("Target column 1"), { target: { value: "order_id" } });
    const last = JSON.parse(seen[seen.length - 1]);
    expect(last).toEqual({
      source: { datasource: 3, table: "orders" },
      target: { datasource: 5, table: "ods_orders", create: true },
      columns: [{ source: "id", target: "order_id" }],
      mode: "partition",
      partition: "dt='${bizdate}'",
    });
  });

  it("maps the chosen source table's columns by name", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/projects/1/datasources/": { body: [{ id: 3, name: "app", kind: "postgres" }] },
      "GET /api/v1/projects/1/datasources/3/tables/": { body: { tables: ["orders", "users"] } },
      "GET /api/v1/projects/1/datasources/3/columns/?table=orders": {
        body: { columns: [{ name: "id", type: "integer" }, { name: "amount", type: "numeric" }] },
      },
    });
    const seen: string[] = [];
    render(
      <QueryClientProvider client={new QueryClient()}>
        <App>
          <Harness initial={JSON.stringify({ source: { datasource: 3, table: "" }, target: {}, columns: [], mode: "append" })} seen={seen} />
        </App>
      </QueryClientProvider>,
    );
    fireEvent.mouseDown(await screen.findByRole("combobox", { name: "Source table" }));
    fireEvent.click(await screen.findByTitle("orders"));
    expect(await screen.findByDisplayValue("amount")).toBeTruthy();
    expect(JSON.parse(seen[seen.length - 1]).columns).toEqual([{ source: "id" }, { source: "amount" }]);
    expect(calls.some((c) => c.path === "/api/v1/projects/1/datasources/3/columns/?table=orders")).toBe(true);
  });
});
