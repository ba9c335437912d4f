// The incidents tab with the real route table and a fake API.
import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ADMIN, grants, mockFetch, OWNER_GRANTS, renderApp } from "../../../test/utils";
import type { Incident } from "./api";

configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });

const P = "/api/v1/projects/1";

const incident = (changes: Partial<Incident> = {}): Incident => ({
  id: 7,
  rule: 2,
  rule_name: "on failure",
  event: "instance_failed",
  subject: "[demo] load_orders (2026-12-01) failed",
  node: 4,
  node_name: "load_orders",
  status: "open",
  count: 3,
  opened_at: "2026-12-02T01:00:00Z",
  last_alert_at: "2026-12-02T03:00:00Z",
  acknowledged_at: null,
  acknowledged_by: null,
  note: "",
  muted_until: null,
  resolved_at: null,
  resolution: "",
  ...changes,
});

function api(permissions = OWNER_GRANTS, extra: Parameters<typeof mockFetch>[0] = {}) {
  document.cookie = "csrftoken=tok; path=/";
  const project = { id: 1, name: "demo", description: "", timezone: "UTC", role: "owner", permissions };
  return mockFetch({
    "GET /api/v1/me": { body: ADMIN },
    "GET /api/v1/projects/": { body: [project] },
    [`GET ${P}/alerts/incidents/?status=open`]: { body: { count: 1, next: null, previous: null, results: [incident()] } },
    [`GET ${P}/alerts/incidents/7/`]: {
      body: {
        ...incident(),
        timeline: [
          { at: "2026-12-02T01:00:00Z", kind: "alert", state: "sent", instance: 11 },
          { at: "2026-12-02T01:00:01Z", kind: "message", state: "delivered", channel: "hook", event: "instance_failed" },
          { at: "2026-12-02T03:00:00Z", kind: "alert", state: "grouped", instance: 12 },
        ],
      },
    },
    ...extra,
  });
}

describe("Incidents", () => {
  it("lists the open incidents and acknowledges one with a note and a mute", async () => {
    const { calls } = api(OWNER_GRANTS, {
      [`POST ${P}/alerts/incidents/7/acknowledge/`]: { body: incident({ status: "acknowledged" }) },
    });
    renderApp("/alerts/incidents");
    expect(await screen.findByText("[demo] load_orders (2026-12-01) failed")).toBeTruthy();
    fireEvent.click(screen.getByTestId("incident-7"));
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText(/alert appended/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText("Note"), { target: { value: "on it" } });
    fireEvent.change(within(dialog).getByRole("spinbutton"), { target: { value: "60" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Acknowledge" }));
    await waitFor(() => expect(calls.some((call) => call.path.endsWith("/acknowledge/"))).toBe(true));
    const sent = calls.find((call) => call.path.endsWith("/acknowledge/"));
    expect(JSON.parse(String(sent?.init.body))).toEqual({ note: "on it", mute_minutes: 60 });
  });

  it("does not let a viewer act on an incident", async () => {
    api(grants("read"));
    renderApp("/alerts/incidents");
    const button = await screen.findByTestId("incident-7");
    expect((button as HTMLButtonElement).disabled).toBe(true);
  });
});
