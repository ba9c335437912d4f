import { describe, expect, it } from "vitest";

import { formatDuration } from "./format";

describe("formatDuration", () => {
  it.each([
    [null, "—"],
    [undefined, "—"],
    [Number.NaN, "—"],
    [0, "0s"],
    [0.44, "0.4s"],
    [9.96, "10s"],
    [12.4, "12s"],
    [59.6, "1m 00s"],
    [185, "3m 05s"],
    [3600, "1h 00m"],
    [7380, "2h 03m"],
    [86_400 + 4 * 3600 + 59, "1d 04h"],
    [-5, "0s"],
  ])("%s seconds -> %s", (seconds, text) => {
    expect(formatDuration(seconds as number | null | undefined)).toBe(text);
  });
});
