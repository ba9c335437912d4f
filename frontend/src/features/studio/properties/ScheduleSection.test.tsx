// The schedule section: the cron in words and the next runs from the server.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { App, Form } from "antd";
import { describe, expect, it } from "vitest";

import { mockFetch } from "../../../test/utils";
import { draftFromNode } from "../draft";
import ScheduleSection from "./ScheduleSection";

describe("ScheduleSection", () => {
  it("describes the cron and lists the next runs", async () => {
    mockFetch({
      "GET /api/v1/projects/1/authoring/cron/?cron=0%200%20*%20*%20*&count=5&catch_up=none&dst_gap=shift&dst_overlap=first": {
        body: { cron: "0 0 * * *", timezone: "UTC", description: "", next: ["2030-01-01T00:00:00+00:00"], dst: null, catch_up: { policy: "none", past: [], runs: [] } },
      },
    });
    const draft = { ...draftFromNode({ cron: "0 0 * * *", catch_up: "none", dst_gap: "shift", dst_overlap: "first" } as never, []) };
    render(
      <QueryClientProvider client={new QueryClient()}>
        <App>
          <Form component="div">
            <ScheduleSection projectId={1} draft={draft} onEdit={() => undefined} timezone="UTC" />
          </Form>
        </App>
      </QueryClientProvider>,
    );
    expect((await screen.findByTestId("cron-description")).textContent).toBe("At 00:00");
    expect((await screen.findByText(/2030-01-01 00:00/)).textContent).toContain("2030");
  });
});
