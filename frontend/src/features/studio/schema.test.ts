import { describe, expect, it } from "vitest";

import { sqlNamespace, tableColumns, tableNames } from "./schema";

describe("sqlNamespace", () => {
  it("nests schema-qualified names and keeps plain ones at the top", () => {
    expect(sqlNamespace(["orders", "ods.orders", "ods.users", "cat.dw.facts", " ORDERS "])).toEqual({
      orders: [],
      ods: { orders: [], users: [] },
      cat: { dw: { facts: [] } },
    });
    expect(sqlNamespace([])).toEqual({});
  });

  it("offers a table's columns after its name", () => {
    const columns = { "ods.orders": [{ name: "amount", type: "numeric" }] };
    expect(sqlNamespace(["ods.orders", "users"], columns)).toEqual({
      ods: { orders: [{ label: "amount", type: "property", detail: "numeric" }] },
      users: [],
    });
  });
});

describe("tableColumns", () => {
  it("keys the node's data source columns by table name", () => {
    const known = {
      tables: [
        { name: "a", datasource: 1, datasource_name: "one", columns: [{ name: "x", type: "int" }] },
        { name: "a", datasource: 2, datasource_name: "two", columns: [{ name: "y", type: "int" }] },
        { name: "b", datasource: 1, datasource_name: "one", columns: [] },
      ],
      outputs: [],
    };
    expect(tableColumns(known, 2)).toEqual({ a: [{ name: "y", type: "int" }] });
    expect(tableColumns(known, 1)).toEqual({ a: [{ name: "x", type: "int" }] });
    expect(tableColumns(undefined, 1)).toEqual({});
  });
});

describe("tableNames", () => {
  it("takes the node's data source tables and every declared output", () => {
    const known = {
      tables: [
        { name: "a", datasource: 1, datasource_name: "one", columns: [] },
        { name: "b", datasource: 2, datasource_name: "two", columns: [] },
      ],
      outputs: [
        { name: "dw.x", node: 5, node_name: "n" },
        { name: "a", node: 6, node_name: "m" },
      ],
    };
    expect(tableNames(known, 1)).toEqual(["a", "dw.x"]);
    expect(tableNames(known, null)).toEqual(["a", "b", "dw.x"]);
    expect(tableNames(undefined, 1)).toEqual([]);
  });
});
