import { describe, expect, it } from "vitest";

import { describeQuietHours, hhmmProblem, hhmmToApi, isHHMM, normalizeHHMM, parseHHMM } from "./hhmm";

describe("HH:MM", () => {
  it("accepts times of a 24-hour day, with or without a leading zero or seconds", () => {
    for (const value of ["00:00", "09:30", "9:30", "23:59", " 07:05 ", "09:30:00", "18:00:00.000"]) {
      expect(isHHMM(value)).toBe(true);
    }
  });

  it("refuses anything else", () => {
    for (const value of ["", "24:00", "12:60", "9", "930", "9.30", "09:3", "ab:cd", "-1:00", "09:30pm", "123:00", null, undefined]) {
      expect(isHHMM(value)).toBe(false);
    }
  });

  it("parses to minutes since midnight", () => {
    expect(parseHHMM("00:00")).toBe(0);
    expect(parseHHMM("9:30")).toBe(570);
    expect(parseHHMM("23:59")).toBe(1439);
    expect(parseHHMM("25:00")).toBeNull();
  });

  it("normalizes for display and for the API", () => {
    expect(normalizeHHMM("9:05")).toBe("09:05");
    expect(normalizeHHMM("09:05:00")).toBe("09:05");
    expect(normalizeHHMM(" nope ")).toBe("nope");
    expect(normalizeHHMM(null)).toBe("");
    expect(hhmmToApi("7:00")).toBe("07:00");
    expect(hhmmToApi("  ")).toBeNull();
  });

  it("explains what is wrong", () => {
    expect(hhmmProblem("")).toBe("");
    expect(hhmmProblem("", true)).toMatch(/HH:MM/);
    expect(hhmmProblem("25:00")).toMatch(/not a time of day/);
    expect(hhmmProblem("08:00", true)).toBe("");
  });

  it("describes quiet hours, also across midnight (the server decides when they apply)", () => {
    expect(describeQuietHours("22:00:00", "8:00")).toBe("22:00 – 08:00 (overnight)");
    expect(describeQuietHours("12:00", "13:00")).toBe("12:00 – 13:00");
    expect(describeQuietHours(null, null)).toBe("");
  });
});
