import { describe, expect, it } from "vitest";

import {
  activeFilterCount,
  cursorOf,
  sortToOrdering,
  filtersToApiParams,
  filtersToSearch,
  parseFilters,
  parsePageSize,
  parseSort,
  type InstanceFilters,
} from "./filters";

describe("filters and the query string", () => {
  it("round-trips every filter through the URL", () => {
    const filters: InstanceFilters = {
      bizdate_from: "2024-01-01",
      bizdate_to: "2024-01-31",
      status: ["failed", "running"],
      node: 12,
      workflow: 3,
      owner: 7,
      tab: "backfill",
      backfill: 9,
      search: "orders",
    };
    const search = filtersToSearch(filters, { key: "duration", desc: true }, 100);
    expect(search).toBe(
      "?bizdate_from=2024-01-01&bizdate_to=2024-01-31&status=failed%2Crunning&type=backfill&node=12&workflow=3&owner=7&backfill=9&search=orders&sort=-duration&page_size=100",
    );
    expect(parseFilters(search)).toEqual(filters);
    expect(parseSort(search)).toEqual({ key: "duration", desc: true });
    expect(parsePageSize(search)).toBe(100);
  });

  it("leaves empty filters, the default sort and page size out of the URL", () => {
    expect(filtersToSearch({ status: [] })).toBe("");
    expect(filtersToSearch({ status: [], search: "  " })).toBe("");
    expect(filtersToSearch({ status: ["pending"] }, null, 50)).toBe("?status=pending");
  });

  it("prefers one business date over a range", () => {
    const filters = parseFilters("bizdate=2024-03-10&bizdate_from=2024-03-01");
    expect(filters).toEqual({ bizdate: "2024-03-10", status: [] });
    expect(filtersToApiParams(filters)).toEqual({ bizdate: "2024-03-10", run_kind: "scheduled,manual" });
  });

  it("drops what is malformed instead of sending it to the server", () => {
    const filters = parseFilters(
      "bizdate=2024-02-30&status=failed,bogus,failed&node=abc&workflow=-1&owner=0&run_kind=nightly&backfill=1e3&page_size=7&sort=-secret",
    );
    expect(filters).toEqual({ status: ["failed"] });
    expect(parsePageSize("page_size=7")).toBe(50);
    expect(parseSort("sort=-secret")).toBeNull();
  });

  it("gives the API its parameter names (scheduler/selectors.py instance_list)", () => {
    expect(filtersToApiParams({ status: ["failed", "killed"], node: 4, tab: "test", search: "x" })).toEqual({
      status: "failed,killed",
      node: 4,
      run_kind: "test",
      search: "x",
    });
    expect(activeFilterCount({ status: [], tab: "backfill" })).toBe(0);
    expect(activeFilterCount({ status: ["failed"], node: 4 })).toBe(2);
    expect(activeFilterCount({ status: [] })).toBe(0);
  });
});

describe("cursor links", () => {
  it("takes the cursor out of DRF's next and previous links", () => {
    expect(cursorOf("http://x/api/v1/projects/1/instances/?cursor=cD0xMjM%3D&page_size=50")).toBe("cD0xMjM=");
    expect(cursorOf(null)).toBeNull();
    expect(cursorOf("/api/v1/projects/1/instances/?page_size=50")).toBeNull();
  });
});

describe("sortToOrdering", () => {
  it("asks the server to order the whole list by the keys it can", () => {
    expect(sortToOrdering({ key: "cyctime", desc: true })).toBe("-cyctime");
    expect(sortToOrdering({ key: "status", desc: false })).toBe("status");
  });

  it("orders by name and duration on the server too, over every row", () => {
    expect(sortToOrdering({ key: "node_name", desc: false })).toBe("node_name");
    expect(sortToOrdering({ key: "duration", desc: true })).toBe("-duration");
    expect(sortToOrdering(null)).toBeUndefined();
  });
});
