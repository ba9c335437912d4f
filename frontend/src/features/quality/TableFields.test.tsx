import { QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { Form } from "antd";
import { useEffect } from "react";
import { describe, expect, it } from "vitest";

import { createQueryClient } from "../../queryClient";
import { mockFetch } from "../../test/utils";
import type { RuleFormValues } from "./rules";
import TableFields from "./TableFields";

const P = "/api/v1/projects/1";
const WAREHOUSE = { id: 4, name: "warehouse", kind: "duckdb", description: "" };

function Harness({ isNew, initial, seen }: { isNew: boolean; initial: Partial<RuleFormValues>; seen: (form: RuleFormValues) => void }) {
  const [form] = Form.useForm<RuleFormValues>();
  const datasource = Form.useWatch("datasource", form);
  useEffect(() => {
    seen(form.getFieldsValue(true));
  }, [datasource, form, seen]);
  return (
    <Form form={form} initialValues={initial}>
      <TableFields projectId={1} isNew={isNew} />
    </Form>
  );
}

function renderFields(isNew: boolean, initial: Partial<RuleFormValues>, sources = [WAREHOUSE]) {
  const { calls } = mockFetch({
    [`GET ${P}/datasources/`]: { body: sources },
    [`GET ${P}/datasources/4/tables/`]: { body: { tables: ["ods_orders"] } },
  });
  const values: RuleFormValues[] = [];
  render(
    <QueryClientProvider client={createQueryClient()}>
      <Harness isNew={isNew} initial={initial} seen={(form) => values.push(form)} />
    </QueryClientProvider>,
  );
  return { calls, values };
}

describe("TableFields", () => {
  it("gives a new rule the project's only data source, and offers its tables", async () => {
    const { calls, values } = renderFields(true, { datasource: null as unknown as number });
    await waitFor(() => expect(values.at(-1)?.datasource).toBe(4));
    await waitFor(() => expect(calls.some((call) => call.path === `${P}/datasources/4/tables/`)).toBe(true));
    expect(await screen.findByText("warehouse (duckdb)")).toBeTruthy();
  });

  it("leaves the choice to the user when there are several", async () => {
    const other = { ...WAREHOUSE, id: 5, name: "lake" };
    const several = renderFields(true, {}, [WAREHOUSE, other]);
    fireEvent.mouseDown(screen.getAllByRole("combobox")[0]);
    expect(await screen.findByText("lake (duckdb)")).toBeTruthy(); // the list has come
    expect(several.values.at(-1)?.datasource).toBeUndefined();
  });

  it("leaves a stored rule's data source as it was", async () => {
    const stored = renderFields(false, {});
    fireEvent.mouseDown(screen.getAllByRole("combobox")[0]);
    expect(await screen.findByText("warehouse (duckdb)")).toBeTruthy(); // the list has come
    expect(stored.values.at(-1)?.datasource).toBeUndefined();
  });
});
