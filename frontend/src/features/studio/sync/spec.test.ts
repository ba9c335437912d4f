import { describe, expect, it } from "vitest";

import { mapByName, parseSpec, specCode } from "./spec";

describe("sync spec", () => {
  it("keeps only what the mode uses and leaves out unchanged target names", () => {
    const { spec } = parseSpec("");
    const code = specCode({
      ...spec,
      source: { datasource: 1, table: "orders", query: "" },
      target: { datasource: 2, table: "ods_orders", create: true },
      columns: [{ source: "id", target: "order_id" }, { source: "name", target: "name" }],
      mode: "partition",
      partition: "dt='${bizdate}'",
      key: ["order_id"],
    });
    expect(JSON.parse(code)).toEqual({
      source: { datasource: 1, table: "orders" },
      target: { datasource: 2, table: "ods_orders", create: true },
      columns: [{ source: "id", target: "order_id" }, { source: "name" }],
      mode: "partition",
      partition: "dt='${bizdate}'",
    });
  });

  it("reads its own code back and reports unreadable code", () => {
    const code = specCode({ ...parseSpec("").spec, source: { datasource: 3, query: "select 1 as a" }, target: { datasource: 4, table: "t" }, mode: "upsert", key: ["a"] });
    const { spec, error } = parseSpec(code);
    expect(error).toBeNull();
    expect(spec.source.query).toBe("select 1 as a");
    expect(spec.key).toEqual(["a"]);
    expect(parseSpec("{oops").error).not.toBeNull();
  });

  it("maps every source column by name and keeps the renames already made", () => {
    expect(mapByName(["id", "name", "amount"], [{ source: "id", target: "order_id" }, { source: "gone", target: "x" }, { source: "name" }])).toEqual([
      { source: "id", target: "order_id" },
      { source: "name" },
      { source: "amount" },
    ]);
  });
});
