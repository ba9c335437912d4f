import { describe, expect, it } from "vitest";

import { EMPTY_LOG, appendLive, mergeStored, splitLog } from "./runLog";

describe("live log", () => {
  it("splits stored text into lines", () => {
    expect(splitLog("a\nb\n")).toEqual(["a", "b"]);
    expect(splitLog("")).toEqual([]);
  });

  it("appends live lines after the stored log", () => {
    let log = mergeStored(EMPTY_LOG, "1\n2\n");
    log = appendLive(log, ["3", "4"]);
    expect(log).toEqual({ lines: ["1", "2", "3", "4"], stored: 2 });
  });

  it("drops live lines that the stored log already holds", () => {
    let log = appendLive(EMPTY_LOG, ["2", "3"]);
    log = mergeStored(log, "1\n2\n3\n");
    expect(log).toEqual({ lines: ["1", "2", "3"], stored: 3 });
  });

  it("keeps live lines newer than the stored log", () => {
    let log = appendLive(mergeStored(EMPTY_LOG, "1\n"), ["2", "3"]);
    log = mergeStored(log, "1\n2\n");
    expect(log.lines).toEqual(["1", "2", "3"]);
  });
});
