// The Alerts pages with the real route table and a fake API.
import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import * as make from "../../test/factories";
import { ADMIN, grants, mockFetch, renderApp } from "../../test/utils";

// These pages are big antd forms and tables: give them room on a busy machine (this file only).
configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });
import type { Channel } from "./channels";
import type { Delivery } from "./deliveries";

const P = "/api/v1/projects/1";
const PROJECT = make.project();

const channel: Channel = make.channel({ name: "local hook", url: "http://127.0.0.1:9/hook" });

const delivery = (changes: Partial<Delivery> = {}): Delivery =>
  make.delivery({ channel_name: "local hook", subject: "[demo] test message for local hook", ...changes });

function api(extra: Parameters<typeof mockFetch>[0] = {}) {
  document.cookie = "csrftoken=tok; path=/";
  return mockFetch({
    "GET /api/v1/me": { body: ADMIN },
    "GET /api/v1/projects/": { body: [PROJECT] },
    [`GET ${P}/alerts/channels/`]: { body: [channel] },
    [`GET ${P}/alerts/rules/`]: { body: [] },
    [`GET ${P}/workflows/`]: { body: [] },
    [`GET ${P}/nodes/?page_size=500`]: { body: { count: 0, next: null, results: [] } },
    [`GET ${P}/members/`]: { body: [] },
    ...extra,
  });
}

describe("Alerts", () => {
  it("opens on the alert rules and explains the empty list", async () => {
    api();
    const { router } = renderApp("/alerts");
    expect(await screen.findByText(/No alert rules yet/)).toBeTruthy();
    expect(router.state.location.pathname).toBe("/alerts/rules");
  });

  it("sends a test message and follows it until it is delivered", async () => {
    let polled = 0;
    const { calls } = api({
      [`POST ${P}/alerts/channels/3/test/`]: { status: 202, body: delivery() },
      [`GET ${P}/alerts/deliveries/5/`]: () => ({
        body: ++polled < 2 ? delivery({ status: "sending" }) : delivery({ status: "delivered", attempts: 1, response_code: 200 }),
      }),
    });
    renderApp("/alerts/channels");
    fireEvent.click(await screen.findByText("Send test message"));
    const result = await screen.findByTestId("test-result");
    await waitFor(() => expect(within(result).getByText("Delivered", { selector: ".ant-result-title" })).toBeTruthy());
    expect(within(result).getByText("200")).toBeTruthy();
    expect(calls.filter((call) => call.path.endsWith("/test/"))).toHaveLength(1);
  });

  it("shows a refused test message with the server's reason", async () => {
    api({
      [`POST ${P}/alerts/channels/3/test/`]: { status: 403, body: { detail: "You do not have permission to perform this action." } },
    });
    renderApp("/alerts/channels");
    fireEvent.click(await screen.findByText("Send test message"));
    expect(
      await screen.findByText("Could not send the test message: You do not have permission to perform this action."),
    ).toBeTruthy();
  });

  it("lists deliveries with status, attempts and response, and retries a failed one", async () => {
    const failed = delivery({ status: "failed", attempts: 6, response_code: 500, error: "HTTP 500" });
    const { calls } = api({
      [`GET ${P}/alerts/deliveries/?page=1&page_size=20`]: { body: { count: 1, next: null, results: [failed] } },
      [`POST ${P}/alerts/deliveries/5/retry/`]: { body: { ...failed, status: "retrying" } },
    });
    renderApp("/alerts/deliveries");
    expect(await screen.findByText("Failed")).toBeTruthy();
    expect(screen.getByText("500")).toBeTruthy();
    expect(screen.getByText("6")).toBeTruthy();
    fireEvent.click(screen.getByText("Retry"));
    expect(await screen.findByText("Retrying the delivery to “local hook”.")).toBeTruthy();
    expect(calls.some((call) => call.method === "POST" && call.path.endsWith("/deliveries/5/retry/"))).toBe(true);
  });

  it("refuses a deadline that is not a time of day before sending", async () => {
    const { calls } = api();
    renderApp("/alerts/rules");
    fireEvent.click(await screen.findByText("New alert rule"));
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "late" } });
    fireEvent.click(screen.getByText("Not finished by a deadline"));
    fireEvent.change(await screen.findByLabelText("Deadline (HH:MM)"), { target: { value: "24:00" } });
    fireEvent.click(screen.getByText("Create alert rule"));
    expect(await screen.findByText(/“24:00” is not a time of day/)).toBeTruthy();
    expect(calls.some((call) => call.method === "POST")).toBe(false);
  });

  it("tells a viewer why the channel actions are off", async () => {
    api({
      "GET /api/v1/projects/": { body: [{ ...PROJECT, role: "viewer", permissions: grants("read") }] },
      [`GET ${P}/alerts/channels/`]: { body: [] },
    });
    renderApp("/alerts/channels");
    expect(await screen.findByText("Your role (Viewer) cannot manage alerts in this project.")).toBeTruthy();
    expect(screen.getByText("New channel").closest("button")?.disabled).toBe(true);
  });
});
