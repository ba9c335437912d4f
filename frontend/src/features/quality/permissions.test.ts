import { describe, expect, it } from "vitest";

import { refusal, roleCan } from "./permissions";

describe("roleCan", () => {
  it("follows the server's matrix", () => {
    expect(roleCan("viewer", "edit")).toBe(false);
    expect(roleCan("developer", "edit")).toBe(true);
    expect(roleCan("developer", "test_run")).toBe(true);
    expect(roleCan("developer", "manage")).toBe(false);
    expect(roleCan("operator", "edit")).toBe(false);
    expect(roleCan("admin", "manage")).toBe(true);
    expect(roleCan("owner", "manage")).toBe(true);
    expect(roleCan(null, "edit")).toBe(false);
    expect(roleCan("stranger", "edit")).toBe(false);
  });

  it("explains a refusal", () => {
    expect(refusal("owner", "edit")).toBe("");
    expect(refusal("viewer", "manage")).toBe("Your role (viewer) cannot manage alerts; ask for admin or owner.");
    expect(refusal("operator", "test_run")).toBe(
      "Your role (operator) cannot run checks; ask for developer or admin or owner.",
    );
  });
});
