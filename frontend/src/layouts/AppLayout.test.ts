import { describe, expect, it } from "vitest";

import { activeNavKey } from "./AppLayout";

describe("activeNavKey", () => {
  it("highlights the section of nested routes", () => {
    expect(activeNavKey("/operations/instances/5")).toBe("/operations");
    expect(activeNavKey("/studio")).toBe("/studio");
    expect(activeNavKey("/studios")).toBe("");
  });
});
