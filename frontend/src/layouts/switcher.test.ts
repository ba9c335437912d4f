import { describe, expect, it } from "vitest";

import { switcherProjects } from "./switcher";

const projects = [
  { id: 1, archived_at: "2026-01-01T00:00:00Z" },
  { id: 2, archived_at: null },
  { id: 3, archived_at: "2026-02-01T00:00:00Z" },
];

describe("project switcher", () => {
  it("hides archived projects unless asked, but keeps the one worked in", () => {
    expect(switcherProjects(projects, { showArchived: false, current: 2 }).map((p) => p.id)).toEqual([2]);
    expect(switcherProjects(projects, { showArchived: false, current: 3 }).map((p) => p.id)).toEqual([2, 3]);
  });

  it("lists archived projects after the active ones when asked", () => {
    expect(switcherProjects(projects, { showArchived: true, current: null }).map((p) => p.id)).toEqual([2, 1, 3]);
  });
});
