import { describe, expect, it } from "vitest";

import { grants } from "../test/utils";
import { accessOf } from "./permissions";

describe("accessOf", () => {
  it("allows what the server says the role may do, and nothing else", () => {
    const access = accessOf({ role: "developer", permissions: grants("read", "edit", "test_run") });
    expect(access.can("edit")).toBe(true);
    expect(access.can("manage")).toBe(false);
  });

  it("allows nothing without a project", () => {
    expect(accessOf(null).can("read")).toBe(false);
  });

  it("explains a refusal in the server's words, or the page's", () => {
    const access = accessOf({ role: "viewer", permissions: grants("read") });
    expect(access.refusal("read")).toBe("");
    // The role by the name the members page gives it.
    expect(access.refusal("operate")).toBe("Your role (Viewer) cannot operate instances in this project.");
    expect(access.refusal("manage", "manage alerts")).toBe("Your role (Viewer) cannot manage alerts in this project.");

  });
});
