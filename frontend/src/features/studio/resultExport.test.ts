import { describe, expect, it } from "vitest";

import { resultSets, toCsv, toTsv } from "./resultExport";

describe("result export", () => {
  it("quotes what CSV needs quoted and leaves NULL empty", () => {
    const csv = toCsv({ columns: ["id", "note"], rows: [[1, 'say "hi", then go'], [2, null], [3, "two\nlines"], [4, { a: 1 }]] });
    expect(csv).toBe('id,note\r\n1,"say ""hi"", then go"\r\n2,\r\n3,"two\nlines"\r\n4,"{""a"":1}"\r\n');
  });

  it("pastes as tab-separated rows without breaking a row", () => {
    expect(toTsv({ columns: ["a", "b"], rows: [["x\ty", "line\nbreak"], [null, 2]] })).toBe("a\tb\nx y\tline break\n\t2");
  });

  it("lists every statement's set, or the last one of an older result", () => {
    const sets = [
      { statement: 2, columns: ["a"], rows: [[1]] },
      { statement: 4, columns: ["b"], rows: [] },
    ];
    expect(resultSets({ columns: ["b"], rows: [], sets })).toEqual(sets);
    expect(resultSets({ columns: ["n"], rows: [[5]] })).toEqual([{ statement: 0, columns: ["n"], rows: [[5]] }]);
    expect(resultSets({ columns: [], rows: [] })).toEqual([]);
    expect(resultSets(undefined)).toEqual([]);
  });
});
