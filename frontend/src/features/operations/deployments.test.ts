import { describe, expect, it } from "vitest";

import { groupDeployments, type Deployment } from "./deployments";

const row = (id: number, at: string, extra: Partial<Deployment> = {}): Deployment => ({
  id,
  node: id * 10,
  node_name: `n${id}`,
  version: id,
  version_number: 1,
  message: "nightly fix",
  deployed_by: "ann",
  package: null,
  created_at: at,
  ...extra,
});

describe("deployment history", () => {
  it("makes one entry of the nodes deployed together", () => {
    const entries = groupDeployments([
      row(3, "2026-03-01T10:00:01.200Z"),
      row(2, "2026-03-01T10:00:01.100Z"),
      row(1, "2026-03-01T09:00:00Z"),
    ]);
    expect(entries.map((entry) => entry.deployments.map((d) => d.id))).toEqual([[3, 2], [1]]);
    expect(entries[0]).toMatchObject({ key: 3, message: "nightly fix", deployedBy: "ann" });
  });

  it("keeps apart deploys by someone else or with another message", () => {
    const at = "2026-03-01T10:00:00Z";
    const entries = groupDeployments([row(3, at), row(2, at, { deployed_by: "bob" }), row(1, at, { message: "undeploy" })]);
    expect(entries).toHaveLength(3);
  });
});
