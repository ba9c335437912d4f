// The language a user chose follows them: saved on the server by the header switch, applied at
// login and on load, and sent to the server with every call so that its messages match.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import i18n, { setLanguage } from "../i18n";
import { ADMIN, mockFetch, renderApp } from "../test/utils";

afterEach(async () => {
  await setLanguage("en");
  localStorage.removeItem("workbench.language");
});

describe("language", () => {
  it("is saved for the user when switched in the header, and asked of the server", async () => {
    document.cookie = "csrftoken=tok; path=/";
    const { calls } = mockFetch({
      "GET /api/v1/me": { body: { ...ADMIN, language: "" } },
      "PATCH /api/v1/me": (init) => ({ body: { ...ADMIN, ...JSON.parse(String(init.body)) } }),
    });
    renderApp("/alerts");
    const select = await screen.findByRole("combobox", { name: "Language" });
    fireEvent.mouseDown(select);
    fireEvent.click(await screen.findByText("简体中文"));
    await waitFor(() => expect(calls.some((call) => call.method === "PATCH")).toBe(true));
    const patch = calls.find((call) => call.method === "PATCH");
    expect(JSON.parse(String(patch?.init.body))).toEqual({ language: "zh-hans" });
    expect(i18n.language).toBe("zh-CN");
    // the next call asks for Chinese messages
    expect(patch?.init.headers).toMatchObject({ "accept-language": "zh-hans" });
  });

  it("follows the language the user saved when the app loads", async () => {
    const { calls } = mockFetch({ "GET /api/v1/me": { body: { ...ADMIN, language: "zh-hans" } } });
    renderApp("/alerts");
    await waitFor(() => expect(i18n.language).toBe("zh-CN"));
    expect(await screen.findByText("流程设计")).toBeTruthy(); // the navigation, in Chinese
    expect(await screen.findByText(/请联系项目所有者将您加入/)).toBeTruthy(); // the page, in Chinese
    expect(calls[0].init.headers).toMatchObject({ "accept-language": "en" });
  });

  it("applies the saved language at login", async () => {
    mockFetch({
      "GET /api/v1/me": { status: 401, body: { detail: "no" } },
      "GET /api/v1/auth/csrf/": { body: { csrfToken: "t" } },
      "POST /api/v1/auth/login/": { body: { ...ADMIN, language: "zh-hans" } },
    });
    renderApp("/login");
    fireEvent.change(await screen.findByLabelText("Username"), { target: { value: "admin" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "pw" } });
    fireEvent.click(screen.getByText("Log in"));
    await waitFor(() => expect(i18n.language).toBe("zh-CN"));
  });

  it("stays as it is for a user who never chose one", async () => {
    mockFetch({ "GET /api/v1/me": { body: { ...ADMIN, language: "" } } });
    renderApp("/alerts");
    expect(await screen.findByText("Designer")).toBeTruthy();
    expect(i18n.language).toBe("en");
  });
});
