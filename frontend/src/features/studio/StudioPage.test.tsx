// The Studio with the real route table and a fake API: opening a node, editing, saving.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import * as make from "../../test/factories";
import { ADMIN, grants, mockFetch, renderApp, type FakeHandler } from "../../test/utils";

const P = "/api/v1/projects/1";
const node = make.node({ code: "select '${bizdate}'" });

function api(extra: Record<string, FakeHandler> = {}) {
  return mockFetch({
    "GET /api/v1/me": { body: ADMIN },
    "GET /api/v1/projects/": {
      body: [make.project({ name: "sales" })],
    },
    [`GET ${P}/workflows/`]: { body: [{ id: 1, name: "daily", description: "", created_at: "", node_count: 1 }] },
    [`GET ${P}/graph/`]: {
      body: {
        nodes: [{ id: 5, name: "load_orders", type: "sql", workflow: 1, deployed: false, deployed_version: null, owner: 1, paused: false, cron: "0 0 * * *" }],
        edges: [],
        external: [],
      },
    },
    [`GET ${P}/nodes/5/`]: { body: node },
    [`GET ${P}/nodes/5/upstreams/`]: { body: [] },
    [`GET ${P}/datasources/`]: { body: [] },
    [`GET ${P}/members/`]: { body: [{ id: 1, user: 1, username: "admin", email: "", role: "owner" }] },
    [`GET ${P}/authoring/tables/`]: { body: { tables: [], outputs: [] } },
    [`GET ${P}/authoring/cron/?cron=0%200%20*%20*%20*&count=5&catch_up=none&dst_gap=shift&dst_overlap=first`]: {
      body: {
        cron: "0 0 * * *",
        timezone: "UTC",
        description: "every day at 00:00",
        next: ["2030-01-01T00:00:00+00:00"],
        dst: null,
        catch_up: { policy: "none", past: [], runs: [] },
      },
    },
    [`GET ${P}/authoring/parameters/`]: {
      body: { dialect: "dataworks", forms: [{ form: "${yyyymmdd-N}", meaning: "N days before the business date" }] },
    },
    [`GET ${P}/nodes/5/versions/`]: { body: [] },
    ...extra,
  });
}

/** A field by its aria-label; querySelector is far quicker than label queries on antd's DOM. */
const field = (label: string) =>
  waitFor(() => {
    const element = document.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`);
    expect(element).toBeTruthy();
    return element!;
  });
const dirty = () => document.querySelector<HTMLElement>('[data-testid="tab-load_orders"]')?.dataset.dirty;

// jsdom has no layout: CodeMirror measures text ranges.
if (!Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}

describe("StudioPage", () => {
  // One render for the whole story: the Studio is a big antd tree, slow to build in jsdom.
  it("opens the URL's node, marks edits, saves changed fields with Ctrl+S, shows a refusal", { timeout: 120_000 }, async () => {
    const patches: unknown[] = [];
    api({
      [`PATCH ${P}/nodes/5/`]: (init) => {
        const body = JSON.parse(String(init.body));
        patches.push(body);
        if (body.cron) {
          return { status: 400, body: { detail: "cron: '61 * * * *' is not a valid 5-field cron expression", errors: { cron: ["bad"] } } };
        }
        Object.assign(node, body, { latest_version: 2 });
        return { body: node };
      },
    });
    renderApp("/studio/nodes/5");
    // The first render of the whole Studio is slow in jsdom on a busy machine.
    const slow = { timeout: 20_000 };
    expect(await screen.findByTestId("tab-load_orders", {}, slow)).toBeTruthy();
    expect(await screen.findByTestId("tree-node-load_orders", {}, slow)).toBeTruthy();
    expect(screen.getByTestId("workflow-daily").textContent).toContain("(1)");
    await waitFor(() => expect(document.querySelector('[data-testid="cron-description"]')?.textContent).toBe("At 00:00"), slow);
    await waitFor(() => expect(document.querySelector('[data-testid="cron-next"]')?.textContent).toContain("2030-01-01 00:00"), slow);

    fireEvent.change(await field("Retries"), { target: { value: "3" } });
    await waitFor(() => expect(dirty()).toBe("true"));
    fireEvent.keyDown(window, { key: "s", ctrlKey: true });
    await screen.findByText("Saved load_orders (v2)");
    expect(patches).toEqual([{ retries: 3 }]);
    await waitFor(() => expect(dirty()).toBe("false"));

    fireEvent.change(await field("Cron"), { target: { value: "61 * * * *" } });
    await waitFor(() => expect(document.querySelector('[data-testid="cron-description"]')?.textContent).toMatch(/minute/i));
    fireEvent.keyDown(window, { key: "s", ctrlKey: true });
    expect(await screen.findByText(/Could not save load_orders: cron: '61 \* \* \* \*' is not a valid/)).toBeTruthy();
    expect(patches).toHaveLength(2);
    expect(dirty()).toBe("true");
  });

  it("disables creating, saving, running and deploying for a role that may not", { timeout: 60_000 }, async () => {
    api({
      "GET /api/v1/projects/": {
        body: [{ id: 1, name: "sales", description: "", timezone: "UTC", role: "viewer", permissions: grants("read") }],
      },
    });
    renderApp("/studio/nodes/5");
    const toolbar = await screen.findByRole("toolbar", { name: "Node actions" }, { timeout: 20_000 });
    for (const name of ["Save", "Run", "Deploy"]) {
      const button = [...toolbar.querySelectorAll("button")].find((element) => element.textContent?.includes(name));
      expect(button?.disabled).toBe(true);
    }
    expect(document.querySelector<HTMLButtonElement>('button[aria-label="Create"]')?.disabled).toBe(true);
  });
});
