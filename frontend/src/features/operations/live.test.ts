import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { keys } from "../../queries/keys";
import { applyStatusChanges, isLogMessage, isStatusMessage, latestStatuses, patchStatuses, type StatusChange } from "./live";

const change = (instance: number, status: string, attempt = 1): StatusChange => ({ instance, from: "x", status, reason: "", attempt });

describe("live status changes", () => {
  it("recognises the two message shapes of scheduler/live.py", () => {
    expect(isStatusMessage({ type: "instance.status", changes: [] })).toBe(true);
    expect(isStatusMessage({ type: "instance.log", lines: [] })).toBe(false);
    expect(isLogMessage({ type: "instance.log", instance: 1, attempt: 1, lines: ["x"] })).toBe(true);
    expect(isLogMessage("instance.log")).toBe(false);
    expect(isStatusMessage(null)).toBe(false);
  });

  it("keeps the latest change per instance of a batch", () => {
    const latest = latestStatuses([change(1, "queued"), change(1, "running"), change(2, "failed")]);
    expect(latest.get(1)?.status).toBe("running");
    expect(latest.size).toBe(2);
  });

  it("patches rows and returns the same array when nothing changed", () => {
    const rows = [
      { id: 1, status: "pending", attempt: 0 },
      { id: 2, status: "success", attempt: 1 },
    ];
    const patched = patchStatuses(rows, latestStatuses([change(1, "running", 1)]));
    expect(patched).toEqual([
      { id: 1, status: "running", attempt: 1 },
      { id: 2, status: "success", attempt: 1 },
    ]);
    expect(patched[1]).toBe(rows[1]);
    expect(patchStatuses(rows, latestStatuses([change(2, "success")]))).toBe(rows);
    expect(patchStatuses([{ id: 1, status: "pending" }], latestStatuses([change(1, "queued")]))[0]).toEqual({ id: 1, status: "queued" });
  });

  it("updates every cached list, detail and graph of the project", () => {
    const client = new QueryClient();
    const listKey = keys.instanceList(7, { status: "failed" });
    client.setQueryData(listKey, { next: null, previous: null, results: [{ id: 1, status: "failed", attempt: 1 }] });
    client.setQueryData(keys.instance(7, 1), { id: 1, status: "failed", attempt: 1 });
    client.setQueryData(keys.instanceGraph(7, 1, 2, 2), { root: 1, nodes: [{ id: 1, status: "failed" }], edges: [] });
    client.setQueryData(keys.instance(8, 1), { id: 1, status: "failed", attempt: 1 });

    applyStatusChanges(client, 7, [change(1, "pending"), change(1, "queued", 1)]);

    expect(client.getQueryData<{ results: { status: string }[] }>(listKey)?.results[0].status).toBe("queued");
    expect(client.getQueryData<{ status: string }>(keys.instance(7, 1))?.status).toBe("queued");
    expect(client.getQueryData<{ nodes: { status: string }[] }>(keys.instanceGraph(7, 1, 2, 2))?.nodes[0].status).toBe("queued");
    expect(client.getQueryData<{ status: string }>(keys.instance(8, 1))?.status).toBe("failed");
  });
});
