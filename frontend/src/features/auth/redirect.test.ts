import { describe, expect, it } from "vitest";

import { redirectTarget } from "./redirect";

describe("redirectTarget", () => {
  it("goes back to the page the user wanted", () => {
    expect(redirectTarget({ from: "/operations?status=failed" })).toBe("/operations?status=failed");
    expect(redirectTarget(null, "?next=/quality")).toBe("/quality");
    expect(redirectTarget({ from: "/alerts" }, "?next=/quality")).toBe("/alerts");
  });

  it("defaults to the studio", () => {
    expect(redirectTarget(undefined)).toBe("/studio");
    expect(redirectTarget({}, "")).toBe("/studio");
  });

  it("refuses other sites and the login page itself", () => {
    expect(redirectTarget({ from: "https://evil.example" })).toBe("/studio");
    expect(redirectTarget(null, "?next=//evil.example/x")).toBe("/studio");
    expect(redirectTarget(null, "?next=/%5Cevil.example")).toBe("/studio");
    expect(redirectTarget({ from: "/login" })).toBe("/studio");
    expect(redirectTarget({ from: "/login?next=/x" })).toBe("/studio");
  });
});
