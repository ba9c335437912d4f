import { describe, expect, it } from "vitest";

import { NO_ROWS, resultRows } from "./runResult";

describe("resultRows", () => {
  it("reads the columns and rows a SELECT kept", () => {
    expect(resultRows({ columns: ["id", "name"], rows: [[1, "a"], [2, null]] })).toEqual({
      columns: ["id", "name"],
      rows: [
        [1, "a"],
        [2, null],
      ],
    });
  });

  it("has no rows when the run kept none", () => {
    expect(resultRows(undefined)).toEqual(NO_ROWS);
    expect(resultRows({})).toEqual(NO_ROWS);
    expect(resultRows({ columns: "id" })).toEqual(NO_ROWS);
    expect(resultRows({ columns: ["id"] })).toEqual({ columns: ["id"], rows: [] });
  });
});
