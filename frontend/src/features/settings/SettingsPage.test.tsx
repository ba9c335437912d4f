// The Settings page's API tokens with the real route table and a fake API.
import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ADMIN, mockFetch, renderApp } from "../../test/utils";
import { expiryText, type ApiToken } from "./api";

configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });

const token = (changes: Partial<ApiToken> = {}): ApiToken => ({
  id: 4,
  name: "nightly export",
  prefix: "wbt_abcdefgh",
  scope: "write",
  created_at: "2026-01-01T00:00:00Z",
  expires_at: "2026-04-01T00:00:00Z",
  last_used_at: null,
  expired: false,
  ...changes,
});

function api(extra: Parameters<typeof mockFetch>[0] = {}) {
  document.cookie = "csrftoken=tok; path=/";
  return mockFetch({
    "GET /api/v1/me": { body: ADMIN },
    "GET /api/v1/projects/": { body: [] },
    "GET /api/v1/auth/tokens/": { body: [token()] },
    ...extra,
  });
}

describe("API tokens", () => {
  it("lists the caller's tokens", async () => {
    api();
    renderApp("/settings");
    expect(await screen.findByText("nightly export")).toBeTruthy();
    expect(screen.getByText("wbt_abcdefgh…")).toBeTruthy();
  });

  it("makes a token and shows its key once", async () => {
    const { calls } = api({
      "POST /api/v1/auth/tokens/": { status: 201, body: { ...token({ id: 5, name: "ci" }), token: "wbt_secret-key" } },
    });
    renderApp("/settings");
    fireEvent.click(await screen.findByRole("button", { name: /New token/ }));
    const dialog = await screen.findByRole("dialog");
    fireEvent.change(within(dialog).getByLabelText("Name"), { target: { value: "ci" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Make token" }));
    expect((await screen.findByTestId("new-token-key")).textContent).toContain("wbt_secret-key");
    const sent = calls.find((call) => call.method === "POST");
    expect(JSON.parse(String(sent?.init.body))).toEqual({ name: "ci", scope: "write", expires_in_days: 90 });
  });

  it("revokes a token", async () => {
    const { calls } = api({ "DELETE /api/v1/auth/tokens/4/": { status: 204 } });
    renderApp("/settings");
    fireEvent.click(await screen.findByRole("button", { name: "Revoke" }));
    await waitFor(() => expect(screen.getAllByRole("button", { name: "Revoke" }).length).toBe(2));
    fireEvent.click(screen.getAllByRole("button", { name: "Revoke" })[1]);
    await waitFor(() => expect(calls.some((call) => call.method === "DELETE")).toBe(true));
  });
});

describe("expiryText", () => {
  const format = (iso: string) => iso.slice(0, 10);
  it("says never, a date, or that it expired", () => {
    expect(expiryText({ expires_at: null, expired: false }, format)).toBe("never");
    expect(expiryText({ expires_at: "2026-04-01T00:00:00Z", expired: false }, format)).toBe("2026-04-01");
    expect(expiryText({ expires_at: "2025-01-01T00:00:00Z", expired: true }, format)).toBe("expired 2025-01-01");
  });
});
