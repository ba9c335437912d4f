// The instance list with a fake API and a fake websocket: rows, filters in the URL, live status.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { ADMIN, grants, mockFetch, renderApp } from "../../test/utils";
import { activeSection } from "./OperationsPage";

class FakeSocket {
  static OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.instances.push(this);
  }
  send() {}
  close() {
    this.readyState = 3;
  }
  serverOpen() {
    this.readyState = 1;
    this.onopen?.();
  }
  push(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const PROJECT = { id: 1, name: "ops", description: "", timezone: "UTC", role: "operator", permissions: grants("read", "operate") };
const ROW = {
  id: 5,
  node: 2,
  node_name: "transform",
  node_type: "sql",
  workflow: 1,
  owner: "alice",
  run_kind: "manual",
  cyctime: "2024-03-10T01:00:00Z",
  bizdate: "2024-03-09",
  status: "failed",
  reason: "sql",
  attempt: 1,
  max_attempts: 1,
  priority: 0,
  queue: "default",
  dry_run: false,
  backfill: null,
  queued_at: "2024-03-10T01:00:00Z",
  started_at: "2024-03-10T01:00:01Z",
  finished_at: "2024-03-10T01:00:03Z",
  duration_seconds: 2,
  worker: "w1",
  error: "no table fixme",
  created_at: "2024-03-10T00:00:00Z",
};

function api(extra: Record<string, { status?: number; body?: unknown }> = {}) {
  return mockFetch({
    "GET /api/v1/me": { body: ADMIN },
    "GET /api/v1/projects/": { body: [PROJECT] },
    "GET /api/v1/projects/1/nodes/?page_size=50": { body: { results: [{ id: 2, name: "transform" }] } },
    "GET /api/v1/projects/1/workflows/": { body: [{ id: 1, name: "daily" }] },
    "GET /api/v1/projects/1/members/": { body: [{ id: 1, user: 1, username: "alice", role: "operator" }] },
    ...extra,
  });
}

describe("operations sections", () => {
  it("highlights the section of nested pages", () => {
    expect(activeSection("/operations")).toBe("/operations/instances");
    expect(activeSection("/operations/dashboard")).toBe("/operations/dashboard");
    expect(activeSection("/operations/instances/5")).toBe("/operations/instances");
    expect(activeSection("/operations/backfills/new")).toBe("/operations/backfills");
    expect(activeSection("/operations/gantt")).toBe("/operations/gantt");
  });
});

describe("cycle instances", () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });

  it("lists the filtered instances and follows their status live", async () => {
    const { calls } = api({
      "GET /api/v1/projects/1/instances/?status=failed&run_kind=scheduled%2Cmanual&page_size=50": { body: { results: [ROW], next: null, previous: null, count: 1, count_capped: false } },
    });
    renderApp("/operations/instances?status=failed");
    const table = await screen.findByTestId("instances-table");
    await within(table).findByText("transform");
    expect(within(table).getByText("Failed")).toBeTruthy();
    expect(within(table).getByText("2s")).toBeTruthy();
    expect(calls.some((call) => call.path === "/api/v1/projects/1/instances/?status=failed&run_kind=scheduled%2Cmanual&page_size=50")).toBe(true);

    const socket = FakeSocket.instances.find((s) => s.url.endsWith("/ws/projects/1/events/"))!;
    expect(socket).toBeTruthy();
    act(() => socket.serverOpen());
    await waitFor(() => expect(screen.getByTestId("live-status").getAttribute("data-live")).toBe("open"));
    act(() =>
      socket.push({
        type: "instance.status",
        changes: [{ instance: 5, from: "failed", status: "pending", reason: "rerun", attempt: 1 }, { instance: 5, from: "pending", status: "queued", reason: "ready", attempt: 1 }],
      }),
    );
    await within(table).findByText("Queued");
  });

  it("keeps the filters in the address", async () => {
    api({
      "GET /api/v1/projects/1/instances/?run_kind=scheduled%2Cmanual&page_size=50": { body: { results: [ROW], next: null, previous: null, count: 1, count_capped: false } },
      "GET /api/v1/projects/1/instances/?node=2&run_kind=scheduled%2Cmanual&page_size=50": { body: { results: [], next: null, previous: null, count: 0, count_capped: false } },
    });
    const { router } = renderApp("/operations/instances");
    await within(await screen.findByTestId("instances-table")).findByText("transform");
    const search = screen.getByLabelText("Search nodes");
    fireEvent.change(search, { target: { value: "trans" } });
    fireEvent.keyDown(search, { key: "Enter", code: "Enter", keyCode: 13 });
    await waitFor(() => expect(router.state.location.search).toBe("?search=trans"));
  });

  it("shows why a viewer cannot act", async () => {
    api({
      "GET /api/v1/projects/": { body: [{ ...PROJECT, role: "viewer", permissions: grants("read") }] },
      "GET /api/v1/projects/1/instances/?run_kind=scheduled%2Cmanual&page_size=50": { body: { results: [ROW], next: null, previous: null, count: 1, count_capped: false } },
    });
    renderApp("/operations/instances");
    const table = await screen.findByTestId("instances-table");
    await within(table).findByText("transform");
    const button = within(table).getByLabelText("Actions for instance 5");
    expect(button.closest("button")?.disabled).toBe(true);
  });

  it("opens on the instance list, with the total count, and keeps test runs in their own tab", async () => {
    const { calls } = api({
      "GET /api/v1/projects/1/instances/?status=failed&run_kind=scheduled%2Cmanual&page_size=50": {
        body: { results: [ROW], next: null, previous: null, count: 137, count_capped: false },
      },
      "GET /api/v1/projects/1/instances/?status=failed&run_kind=test&page_size=50": {
        body: { results: [], next: null, previous: null, count: 0, count_capped: false },
      },
    });
    const { router } = renderApp("/operations?status=failed");
    await within(await screen.findByTestId("instances-table")).findByText("transform");
    expect(router.state.location.pathname).toBe("/operations/instances");
    expect(screen.getByTestId("instances-count").textContent).toBe("137 instances");
    fireEvent.click(screen.getByRole("tab", { name: "Test instances" }));
    await waitFor(() => expect(router.state.location.search).toBe("?status=failed&type=test"));
    await waitFor(() => expect(calls.some((call) => call.path.includes("run_kind=test"))).toBe(true));
  }, 90_000); // a lazy page, a redirect and a second list: slow on a busy machine
});
