import { describe, expect, it } from "vitest";

import * as make from "../../test/factories";
import {
  describeRule,
  emptyRule,
  formToBody,
  kindDefaults,
  kindFields,
  KIND_ORDER,
  ruleProblems,
  ruleToForm,
  type QualityRule,
  type RuleFormValues,
} from "./rules";

const base = (changes: Partial<RuleFormValues> = {}): RuleFormValues => ({
  ...emptyRule(3),
  name: " orders have rows ",
  table: " main.ods_orders ",
  partition_filter: " dt = '${bizdate}' ",
  ...changes,
});

const rule = (changes: Partial<QualityRule> = {}): QualityRule =>
  make.qualityRule({ id: 9, name: "r", datasource: 3, strength: "strong", nodes: [4], ...changes });

describe("formToBody", () => {
  it("trims a row-count rule and resets every field it does not use", () => {
    const body = formToBody(
      base({ column: "stale", columns: ["a"], allowed_values: ["x"], sql: "select 1", min_value: 1, max_value: 500 }),
    );
    expect(body).toEqual({
      name: "orders have rows",
      datasource: 3,
      table: "main.ods_orders",
      partition_filter: "dt = '${bizdate}'",
      kind: "row_count",
      column: "",
      columns: [],
      min_value: 1,
      max_value: 500,
      allowed_values: [],
      sql: "",
      metric: "",
      window: 7,
      tolerance_pct: null,
      strength: "weak",
      nodes: [],
      enabled: true,
    });
  });

  it("keeps only the maximum for null ratio and uniqueness", () => {
    const nulls = formToBody(base({ kind: "null_ratio", column: " email ", min_value: 0.2, max_value: 0.05 }));
    expect(nulls).toMatchObject({ kind: "null_ratio", column: "email", min_value: null, max_value: 0.05, columns: [] });
    const unique = formToBody(base({ kind: "uniqueness", columns: [" order_id ", "dt", "order_id", ""], max_value: 0 }));
    expect(unique).toMatchObject({ kind: "uniqueness", column: "", columns: ["order_id", "dt"], max_value: 0, min_value: null });
  });

  it("sends both bounds of a value range and the values of a value set", () => {
    expect(formToBody(base({ kind: "value_range", column: "amount", min_value: 0, max_value: 1000 }))).toMatchObject({
      column: "amount",
      min_value: 0,
      max_value: 1000,
    });
    const set = formToBody(base({ kind: "value_set", column: "status", allowed_values: ["paid", " open ", "paid"], min_value: 5 }));
    expect(set).toMatchObject({ column: "status", allowed_values: ["paid", "open"], min_value: null, max_value: null });
  });

  it("sends the query and bounds of custom SQL", () => {
    const body = formToBody(base({ kind: "custom_sql", sql: " SELECT 1 ", min_value: null, max_value: 0, column: "x" }));
    expect(body).toMatchObject({ kind: "custom_sql", sql: "SELECT 1", min_value: null, max_value: 0, column: "" });
  });

  it("sends metric, window and tolerance for fluctuation, and the SQL only for a custom-SQL metric", () => {
    const rows = formToBody(base({ kind: "fluctuation", metric: "row_count", sql: "SELECT 2", window: 14, tolerance_pct: 15 }));
    expect(rows).toMatchObject({ metric: "row_count", sql: "", window: 14, tolerance_pct: 15, min_value: null, max_value: null });
    const custom = formToBody(base({ kind: "fluctuation", metric: "custom_sql", sql: "SELECT 2" }));
    expect(custom).toMatchObject({ metric: "custom_sql", sql: "SELECT 2", window: 7, tolerance_pct: 20 });
  });

  it("turns empty number inputs into null", () => {
    const body = formToBody(base({ min_value: "" as unknown as number, max_value: undefined as unknown as number }));
    expect(body.min_value).toBeNull();
    expect(body.max_value).toBeNull();
  });
});

describe("ruleToForm", () => {
  it("round-trips every kind through the form", () => {
    const rules: QualityRule[] = [
      rule(),
      rule({ kind: "null_ratio", column: "email", min_value: null, max_value: 0.1 }),
      rule({ kind: "uniqueness", columns: ["id"], min_value: null, max_value: 0 }),
      rule({ kind: "value_range", column: "amount", min_value: 0, max_value: 10 }),
      rule({ kind: "value_set", column: "s", allowed_values: ["a", "b"], min_value: null }),
      rule({ kind: "custom_sql", sql: "SELECT 1", min_value: 0, max_value: 5 }),
      rule({ kind: "fluctuation", metric: "row_count", window: 5, tolerance_pct: 10, min_value: null }),
    ];
    for (const item of rules) {
      const { id: _id, created_at: _created, updated_at: _updated, last_run: _last, ...body } = item;
      expect(formToBody(ruleToForm(item))).toEqual(body);
    }
  });

  it("shows numbers of a value set as text and fills fluctuation defaults", () => {
    const form = ruleToForm(rule({ kind: "value_set", allowed_values: [1, 2], tolerance_pct: null }));
    expect(form.allowed_values).toEqual(["1", "2"]);
    expect(form.metric).toBe("row_count");
    expect(form.tolerance_pct).toBe(20);
  });
});

describe("kinds", () => {
  it("every kind has its fields, and fluctuation shows SQL only for custom SQL", () => {
    for (const kind of KIND_ORDER) expect(Array.isArray(kindFields(kind))).toBe(true);
    expect(kindFields("fluctuation", "row_count")).not.toContain("sql");
    expect(kindFields("fluctuation", "custom_sql")).toContain("sql");
    expect(kindFields("value_set")).toEqual(["column", "allowed_values"]);
  });

  it("starts each kind with bounds that make sense", () => {
    expect(kindDefaults("row_count")).toEqual({ min_value: 1, max_value: null });
    expect(kindDefaults("uniqueness")).toEqual({ min_value: null, max_value: 0 });
    expect(kindDefaults("value_range")).toEqual({ min_value: null, max_value: null });
  });

  it("describes a rule in a few words", () => {
    expect(describeRule(rule())).toBe("Row count");
    expect(describeRule(rule({ kind: "uniqueness", columns: ["a", "b"] }))).toBe("Duplicates of a, b");
    expect(describeRule(rule({ kind: "fluctuation", metric: "row_count", window: 7, tolerance_pct: 20 }))).toBe(
      "Row count within ±20% of the last 7 runs",
    );
  });
});

describe("ruleProblems", () => {
  it("accepts a complete rule", () => {
    expect(ruleProblems(base())).toEqual({});
  });

  it("asks for the basics", () => {
    expect(ruleProblems({ ...emptyRule(), min_value: 1 })).toEqual({
      name: expect.any(String),
      datasource: expect.any(String),
      table: expect.any(String),
    });
  });

  it("asks for what each kind needs", () => {
    expect(Object.keys(ruleProblems(base({ kind: "null_ratio", column: " " })))).toEqual(["column"]);
    expect(Object.keys(ruleProblems(base({ kind: "uniqueness", columns: [] })))).toEqual(["columns"]);
    expect(Object.keys(ruleProblems(base({ kind: "value_set", column: "s", allowed_values: [""] })))).toEqual(["allowed_values"]);
    expect(Object.keys(ruleProblems(base({ kind: "custom_sql", sql: "", min_value: 1 })))).toEqual(["sql"]);
    expect(Object.keys(ruleProblems(base({ kind: "fluctuation", window: 0, tolerance_pct: null })))).toEqual([
      "window",
      "tolerance_pct",
    ]);
  });

  it("needs a bound where the server does, and bounds in order", () => {
    expect(ruleProblems(base({ min_value: null, max_value: null }))).toEqual({ min_value: expect.stringMatching(/minimum/) });
    expect(ruleProblems(base({ kind: "value_range", column: "a", min_value: null, max_value: null })).min_value).toBeTruthy();
    expect(ruleProblems(base({ min_value: 10, max_value: 1 }))).toEqual({ max_value: "The minimum is larger than the maximum." });
    expect(ruleProblems(base({ kind: "null_ratio", column: "a", max_value: 5 })).max_value).toMatch(/between 0 and 1/);
    expect(ruleProblems(base({ kind: "uniqueness", columns: ["a"], max_value: null }))).toEqual({});
  });
});
