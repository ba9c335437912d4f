// The page with a fake API: its empty states, and a small graph on the canvas.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { ADMIN, grants, mockFetch, renderApp } from "../../test/utils";

const PROJECTS = {
  "GET /api/v1/projects/": {
    body: [{ id: 5, name: "sales", description: "", timezone: "UTC", role: "developer", permissions: grants("read", "edit", "test_run") }],
  },
};

const node = (id: number, name: string, type = "sql") => ({
  id,
  name,
  type,
  workflow: 1,
  deployed: id === 1,
  deployed_version: id === 1 ? 2 : null,
  owner: 1,
  paused: false,
  cron: "0 0 * * *",
});

beforeEach(() => {
  // React Flow measures its pane and the overview draws on a canvas; jsdom has neither.
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
});

describe("DesignerPage", () => {
  it("explains what to do when the project has no workflow", async () => {
    mockFetch({
      "GET /api/v1/me": { body: ADMIN },
      ...PROJECTS,
      "GET /api/v1/projects/5/workflows/": { body: [] },
      "GET /api/v1/projects/5/graph/": { body: { nodes: [], edges: [], external: [] } },
    });
    renderApp("/designer");
    expect(await screen.findByText(/sales has no workflows yet/)).toBeTruthy();
    expect(screen.getByText("Create a workflow")).toBeTruthy();
    expect(document.querySelector("h1")?.textContent).toBe("Designer");
  });

  it("says why the graph could not be loaded, and retries", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/me": { body: ADMIN },
      ...PROJECTS,
      "GET /api/v1/projects/5/workflows/": { body: [] },
      "GET /api/v1/projects/5/graph/": { status: 500, body: { detail: "database unavailable" } },
    });
    renderApp("/designer");
    expect(await screen.findByText("database unavailable", {}, { timeout: 10_000 })).toBeTruthy();
    const before = calls.filter((call) => call.path.includes("/graph/")).length;
    fireEvent.click(screen.getByText("Try again"));
    await waitFor(() => expect(calls.filter((call) => call.path.includes("/graph/")).length).toBeGreaterThan(before));
  });

  it("draws the nodes of the project with their type and deployment", async () => {
    mockFetch({
      "GET /api/v1/me": { body: ADMIN },
      ...PROJECTS,
      "GET /api/v1/projects/5/workflows/": { body: [{ id: 1, name: "daily", description: "", node_count: 2 }] },
      "GET /api/v1/projects/5/graph/": {
        body: {
          nodes: [node(1, "load"), node(2, "report", "python")],
          edges: [{ id: 7, upstream: 1, downstream: 2, kind: "same_cycle" }],
          external: [],
        },
      },
    });
    renderApp("/designer");
    const load = await screen.findByText("load");
    const card = load.closest(".wb-node")!;
    expect(card.textContent).toContain("SQL");
    expect(card.textContent).toContain("v2 deployed");
    expect(screen.getByText("report").closest(".wb-node")!.textContent).toContain("not deployed");
    expect(screen.getByTestId("graph-counts").textContent).toBe("2 nodes · 1 dependency");
    expect((screen.getByTestId("palette-sql") as HTMLButtonElement).disabled).toBe(false);
    expect(document.querySelector(".react-flow__handle.connectable")).not.toBeNull();
  });

  it("adds and removes a node's own previous cycle", async () => {
    const graph = {
      nodes: [node(1, "load"), node(2, "report")],
      edges: [{ id: 7, upstream: 1, downstream: 2, kind: "same_cycle", source: { table: "dw.orders", line: 3 } }],
      external: [],
    };
    const { calls } = mockFetch({
      "GET /api/v1/me": { body: ADMIN },
      ...PROJECTS,
      "GET /api/v1/projects/5/workflows/": { body: [{ id: 1, name: "daily", description: "", node_count: 2 }] },
      "GET /api/v1/projects/5/graph/": { body: graph },
      "POST /api/v1/projects/5/dependencies/": () => {
        graph.edges.push({ id: 8, upstream: 2, downstream: 2, kind: "self_previous_cycle", source: {} as never });
        return {
          status: 201,
          body: { id: 8, upstream: 2, downstream: 2, kind: "self_previous_cycle", source: {}, upstream_name: "report", downstream_name: "report" },
        };
      },
      "DELETE /api/v1/projects/5/dependencies/8/": () => {
        graph.edges.pop();
        return { status: 204 };
      },
    });
    renderApp("/designer");
    const report = await screen.findByText("report");
    const button = screen.getByTestId("self-dependency") as HTMLButtonElement;
    expect(button.disabled).toBe(true); // no node selected
    fireEvent.click(report.closest(".react-flow__node")!);
    await waitFor(() => expect(button.disabled).toBe(false));
    fireEvent.click(button);
    await waitFor(() => expect(button.textContent).toContain("Remove own previous cycle"));
    const posted = calls.find((call) => call.method === "POST" && call.path.endsWith("/dependencies/"))!;
    expect(JSON.parse(String(posted.init.body))).toEqual({ upstream: 2, downstream: 2, kind: "self_previous_cycle" });
    fireEvent.click(button);
    await waitFor(() => expect(calls.some((call) => call.method === "DELETE" && call.path.endsWith("/dependencies/8/"))).toBe(true));
    await waitFor(() => expect(button.textContent).toContain("Own previous cycle"));
  });

  it("lets a viewer look but not edit", async () => {
    mockFetch({
      "GET /api/v1/me": { body: ADMIN },
      "GET /api/v1/projects/": {
        body: [{ id: 5, name: "sales", description: "", timezone: "UTC", role: "viewer", permissions: grants("read") }],
      },
      "GET /api/v1/projects/5/workflows/": { body: [{ id: 1, name: "daily", description: "", node_count: 1 }] },
      "GET /api/v1/projects/5/graph/": { body: { nodes: [node(1, "load")], edges: [], external: [] } },
    });
    renderApp("/designer");
    expect(await screen.findByText("load")).toBeTruthy();
    expect(screen.getByText("Your role cannot add nodes")).toBeTruthy();
    expect((screen.getByTestId("palette-sql") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/your role in sales is viewer/)).toBeTruthy();
    expect(document.querySelector(".react-flow__handle.connectable")).toBeNull();
  });
});
