import { describe, expect, it } from "vitest";

import { sqlNamespace, tableNames } from "./schema";

describe("sqlNamespace", () => {
  it("nests schema-qualified names and keeps plain ones at the top", () => {
    expect(sqlNamespace(["orders", "ods.orders", "ods.users", "cat.dw.facts", " ORDERS "])).toEqual({
      orders: [],
      ods: { orders: [], users: [] },
      cat: { dw: { facts: [] } },
    });
    expect(sqlNamespace([])).toEqual({});
  });
});

describe("tableNames", () => {
  it("takes the node's data source tables and every declared output", () => {
    const known = {
      tables: [
        { name: "a", datasource: 1, datasource_name: "one" },
        { name: "b", datasource: 2, datasource_name: "two" },
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
