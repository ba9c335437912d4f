// The frame and the login flow, rendered with the real route table and a fake API.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import i18n from "./i18n";
import { NAV_ITEMS } from "./layouts/nav";
import { ADMIN, mockFetch, renderApp } from "./test/utils";

// getByRole walks the accessibility tree of antd's large DOM and is slow in jsdom, so the
// tests mostly look things up by text and label; the roles themselves are checked once.
const pageTitle = (name: string) =>
  waitFor(() => expect(document.querySelector("h1")?.textContent).toBe(name));
const loginButton = () => screen.findByText("Log in", { selector: "button span" });

const loggedOut = { status: 401, body: { detail: "Authentication credentials were not provided." } };

describe("RequireAuth", () => {
  it("sends a visitor to the login page", async () => {
    mockFetch({ "GET /api/v1/me": loggedOut });
    const { router } = renderApp("/operations");
    expect(await loginButton()).toBeTruthy();
    expect(router.state.location.pathname).toBe("/login");
    expect(router.state.location.state).toEqual({ from: "/operations" });
  });

  it("treats 403 from /me as logged out too", async () => {
    mockFetch({ "GET /api/v1/me": { status: 403, body: { detail: "Forbidden" } } });
    const { router } = renderApp("/studio");
    await screen.findByLabelText("Username");
    expect(router.state.location.pathname).toBe("/login");
  });
});

describe("AppLayout", () => {
  it("shows the frame, the user and the page; / leads to the studio", async () => {
    mockFetch({ "GET /api/v1/me": { body: ADMIN } });
    const { router } = renderApp("/");
    await pageTitle("Studio");
    expect(router.state.location.pathname).toBe("/studio");
    expect(screen.getByText("Workbench")).toBeTruthy();
    expect(screen.getByText("No project")).toBeTruthy();
    expect(screen.getByTestId("user-menu").textContent).toContain("admin");
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    const links = Array.from(nav.querySelectorAll("a")).map((a) => [a.textContent, a.getAttribute("href")]);
    expect(links).toEqual(NAV_ITEMS.map((item) => [i18n.t(item.label), item.key])); // in order: layouts/nav.test.ts
  });

  it("navigates between the lazy pages", async () => {
    mockFetch({ "GET /api/v1/me": { body: ADMIN } });
    renderApp("/studio");
    await pageTitle("Studio");
    for (const name of ["Designer", "Operations", "Quality", "Data Map", "Alerts", "Settings"]) {
      fireEvent.click(within(screen.getByTestId("main-nav")).getByText(name));
      await pageTitle(name);
    }
  });

  it("shows a 404 inside the frame for unknown paths", async () => {
    mockFetch({ "GET /api/v1/me": { body: ADMIN } });
    renderApp("/nowhere");
    expect(await screen.findByText("Page not found")).toBeTruthy();
    expect(screen.getByTestId("main-nav").getAttribute("aria-label")).toBe("Main navigation");
  });

  it("logs out from the user menu", async () => {
    document.cookie = "csrftoken=tok; path=/";
    const { calls } = mockFetch({ "GET /api/v1/me": { body: ADMIN }, "POST /api/v1/auth/logout/": { status: 204 } });
    const { router } = renderApp("/quality");
    fireEvent.click(await screen.findByTestId("user-menu"));
    fireEvent.click(await screen.findByText("Log out"));
    await loginButton();
    expect(router.state.location.pathname).toBe("/login");
    const logout = calls.find((call) => call.path === "/api/v1/auth/logout/");
    expect(logout?.init.headers).toMatchObject({ "x-csrftoken": "tok" });
  });
});

describe("LoginPage", () => {
  const fillAndSubmit = (username: string, password: string) => {
    fireEvent.change(screen.getByLabelText("Username"), { target: { value: username } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: password } });
    fireEvent.click(screen.getByText("Log in"));
  };

  it("shows the server's message when the login fails", async () => {
    mockFetch({
      "GET /api/v1/me": loggedOut,
      "GET /api/v1/auth/csrf/": { body: { csrfToken: "t" } },
      "POST /api/v1/auth/login/": { status: 401, body: { detail: "Wrong username or password." } },
    });
    renderApp("/login");
    await screen.findByLabelText("Username");
    fillAndSubmit("admin", "nope");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Wrong username or password.");
  });

  it("asks for both fields before calling the server", async () => {
    const { calls } = mockFetch({ "GET /api/v1/me": loggedOut });
    renderApp("/login");
    await screen.findByLabelText("Username");
    fireEvent.click(screen.getByText("Log in"));
    expect(await screen.findByText("Enter your username")).toBeTruthy();
    expect(calls.some((call) => call.method === "POST")).toBe(false);
  });

  it("logs in and goes to the page the user wanted", async () => {
    let loggedIn = false;
    const { calls } = mockFetch({
      "GET /api/v1/me": () => (loggedIn ? { body: ADMIN } : loggedOut),
      "GET /api/v1/auth/csrf/": () => {
        document.cookie = "csrftoken=fresh; path=/";
        return { body: { csrfToken: "fresh" } };
      },
      "POST /api/v1/auth/login/": (init) => {
        loggedIn = init.body === JSON.stringify({ username: "admin", password: "pw" });
        return loggedIn ? { body: ADMIN } : { status: 401, body: { detail: "Wrong username or password." } };
      },
    });
    const { router } = renderApp("/alerts");
    await screen.findByLabelText("Username");
    fillAndSubmit("admin", "pw");
    await pageTitle("Alerts");
    expect(router.state.location.pathname).toBe("/alerts");
    const login = calls.find((call) => call.path === "/api/v1/auth/login/");
    expect(login?.init.headers).toMatchObject({ "x-csrftoken": "fresh" });
    await waitFor(() => expect(screen.getByTestId("user-menu").textContent).toContain("admin"));
  });
});
