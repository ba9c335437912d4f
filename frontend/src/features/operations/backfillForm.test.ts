import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import {
  INITIAL_BACKFILL_VALUES,
  backfillRequestBody,
  defaultBackfillName,
  downstreamOf,
  formDates,
  toFormValues,
  validateBackfill,
  type BackfillFormValues,
} from "./backfillForm";

const values = (extra: Partial<BackfillFormValues>): BackfillFormValues => ({ ...INITIAL_BACKFILL_VALUES, ...extra });

describe("backfillRequestBody", () => {
  it("sends a range as start_date and end_date", () => {
    const body = backfillRequestBody(
      values({ name: " june ", root_nodes: [3, 3, 5], range: ["2024-06-01", "2024-06-30"], order: "desc", parallelism: 3 }),
    );
    expect(body).toEqual({
      name: "june",
      root_nodes: [3, 5],
      downstream: "all",
      downstream_nodes: [],
      start_date: "2024-06-01",
      end_date: "2024-06-30",
      order: "desc",
      parallelism: 3,
    });
  });

  it("sends a list as sorted unique dates, without a range", () => {
    const body = backfillRequestBody(
      values({ root_nodes: [1], date_mode: "list", dates: ["2024-01-05", "2024-01-02", "2024-01-05"], range: ["2024-02-01", "2024-02-02"] }),
    );
    expect(body.dates).toEqual(["2024-01-02", "2024-01-05"]);
    expect(body).not.toHaveProperty("start_date");
    expect(body).not.toHaveProperty("end_date");
  });

  it("sends chosen downstream nodes only in 'selected' mode, never a root among them", () => {
    const chosen = values({ root_nodes: [1], downstream: "selected", downstream_nodes: [4, 1, 5], range: ["2024-01-01", "2024-01-01"] });
    expect(backfillRequestBody(chosen).downstream_nodes).toEqual([4, 5]);
    expect(backfillRequestBody({ ...chosen, downstream: "none" }).downstream_nodes).toEqual([]);
    expect(backfillRequestBody({ ...chosen, downstream: "all" }).downstream_nodes).toEqual([]);
  });

  it("sends hours only when asked for", () => {
    const base = values({ root_nodes: [1], range: ["2024-01-01", "2024-01-01"], hour_from: 2, hour_to: 5 });
    expect(backfillRequestBody(base)).not.toHaveProperty("hour_from");
    expect(backfillRequestBody({ ...base, use_hours: true })).toMatchObject({ hour_from: 2, hour_to: 5 });
    expect(backfillRequestBody({ ...base, use_hours: true, hour_from: 0 })).toMatchObject({ hour_from: 0 });
  });

  it("names a nameless backfill after its roots and dates", () => {
    const body = backfillRequestBody(values({ root_nodes: [1, 2], range: ["2024-01-01", "2024-01-31"] }), ["load", "agg"]);
    expect(body.name).toBe("backfill load +1 2024-01-01..2024-01-31");
    expect(defaultBackfillName(["load"], ["2024-01-01"])).toBe("backfill load 2024-01-01");
    expect(defaultBackfillName([], [])).toBe("backfill");
  });

  it("never sends a parallelism below one", () => {
    expect(backfillRequestBody(values({ root_nodes: [1], parallelism: 0 })).parallelism).toBe(1);
    expect(backfillRequestBody(values({ root_nodes: [1], parallelism: 2.7 })).parallelism).toBe(2);
  });
});

describe("validateBackfill", () => {
  it("asks for roots and dates", () => {
    expect(validateBackfill(values({}))).toEqual({
      root_nodes: "Pick at least one root node.",
      range: "Pick the first and last business date.",
    });
    expect(validateBackfill(values({ root_nodes: [1], date_mode: "list" }))).toEqual({ dates: "Add at least one business date." });
  });

  it("refuses a reversed range, an empty selection, bad hours and no parallelism", () => {
    const errors = validateBackfill(
      values({
        root_nodes: [1],
        downstream: "selected",
        range: ["2024-02-01", "2024-01-01"],
        parallelism: 0,
        use_hours: true,
        hour_from: 20,
        hour_to: 4,
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(["downstream_nodes", "hour_to", "parallelism", "range"]);
    expect(errors.hour_to).toContain("before");
    expect(validateBackfill(values({ root_nodes: [1], range: ["2024-01-01", "2024-01-01"], use_hours: true, hour_from: 24 })).hour_from).toBe(
      "An hour from 0 to 23.",
    );
  });

  it("caps a backfill at ten years of dates", () => {
    expect(validateBackfill(values({ root_nodes: [1], range: ["2000-01-01", "2020-01-01"] })).range).toContain("At most");
  });

  it("passes a complete form", () => {
    expect(validateBackfill(values({ root_nodes: [1], range: ["2024-01-01", "2024-01-03"] }))).toEqual({});
    expect(formDates(values({ range: ["2024-01-01", "2024-01-03"] }))).toHaveLength(3);
  });
});

describe("downstreamOf", () => {
  const edges = [
    { upstream: 1, downstream: 2 },
    { upstream: 2, downstream: 3 },
    { upstream: 1, downstream: 4 },
    { upstream: 3, downstream: 3, kind: "self" },
    { upstream: 5, downstream: 1 },
    { upstream: 4, downstream: 3 },
  ];
  it("finds every node below the roots once, nearest first, roots left out", () => {
    expect(downstreamOf([1], edges)).toEqual([2, 4, 3]);
    expect(downstreamOf([2, 4], edges)).toEqual([3]);
    expect(downstreamOf([1, 2], edges)).toEqual([4, 3]);
    expect(downstreamOf([3], edges)).toEqual([]);
  });
});

describe("toFormValues", () => {
  it("turns the pickers' dates into YYYY-MM-DD and fills the defaults", () => {
    const values = toFormValues({
      root_nodes: [1],
      date_mode: "list",
      dates: [dayjs("2024-01-05"), dayjs("2024-01-02")],
      range: [dayjs("2024-02-01"), null],
    });
    expect(values.dates).toEqual(["2024-01-05", "2024-01-02"]);
    expect(values.range).toBeNull();
    expect(values).toMatchObject({ downstream: "all", order: "asc", parallelism: 1, name: "", downstream_nodes: [] });
    expect(backfillRequestBody(values).dates).toEqual(["2024-01-02", "2024-01-05"]);
  });

  it("keeps a complete range", () => {
    expect(toFormValues({ range: [dayjs("2024-02-01"), dayjs("2024-02-03")] }).range).toEqual(["2024-02-01", "2024-02-03"]);
  });
});
