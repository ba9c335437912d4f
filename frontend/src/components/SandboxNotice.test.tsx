// The banner every page shows when user code is not sandboxed, or cannot run at all.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ADMIN, mockFetch, renderApp } from "../test/utils";

describe("SandboxNotice", () => {
  it("warns every page when an administrator turned the sandbox off", async () => {
    mockFetch({
      "GET /api/v1/me": { body: ADMIN },
      "GET /api/v1/system/": {
        body: { sandbox: { ok: true, mode: "off", warning: "user code runs without a sandbox on worker-1" } },
      },
    });
    renderApp("/operations");
    const notice = await screen.findByTestId("sandbox-notice");
    expect(notice.textContent).toContain("without a sandbox on worker-1");
  });

  it("says runs cannot happen when the sandbox is broken", async () => {
    mockFetch({
      "GET /api/v1/me": { body: ADMIN },
      "GET /api/v1/system/": {
        body: { sandbox: { ok: false, mode: "on", error: "user code cannot run: the workers' sandbox does not work" } },
      },
    });
    renderApp("/studio");
    expect((await screen.findByTestId("sandbox-notice")).textContent).toContain("cannot run");
  });

  it("shows nothing when every worker runs user code in a sandbox", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/me": { body: ADMIN },
      "GET /api/v1/system/": { body: { sandbox: { ok: true, mode: "on" } } },
    });
    renderApp("/studio");
    await waitFor(() => expect(calls.some((call) => call.path === "/api/v1/system/")).toBe(true));
    expect(screen.queryByTestId("sandbox-notice")).toBeNull();
  });
});
