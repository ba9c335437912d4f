// The Settings pages with the real route table and a fake API.
import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import * as make from "../../test/factories";
import { ADMIN, grants, mockFetch, renderApp } from "../../test/utils";
import { expiryText, type ApiToken } from "./api";

configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });

const P = "/api/v1/projects/1";
const ALL_ROLES = make.project().grantable_roles; // every role, as an owner may grant them

const project = (changes: Parameters<typeof make.project>[0] = {}) =>
  make.project({ max_concurrent_instances: 100, created_at: "2026-01-01T00:00:00Z", ...changes });

const PLAIN = { ...ADMIN, id: 2, username: "alice", is_staff: false, can_create_projects: false };

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

const member = (id: number, username: string, role: string, changeable = true) => ({
  id,
  user: id,
  username,
  email: "",
  role,
  created_at: "2026-01-01T00:00:00Z",
  changeable,
});

function api(extra: Parameters<typeof mockFetch>[0] = {}, me: object = ADMIN, projects: object[] = [project()]) {
  document.cookie = "csrftoken=tok; path=/";
  return mockFetch({
    "GET /api/v1/me": { body: me },
    "GET /api/v1/projects/": { body: projects },
    "GET /api/v1/auth/tokens/": { body: [token()] },
    [`GET ${P}/datasources/`]: { body: [] },
    ...extra,
  });
}

// Role queries walk antd's whole DOM and take seconds each on a busy machine: these find
// buttons and drawers by their text and classes instead.
async function button(name: string, container: HTMLElement = document.body): Promise<HTMLButtonElement> {
  const label = await within(container).findByText(name, { selector: "button span, button" });
  return label.closest("button") as HTMLButtonElement;
}

async function click(name: string, container?: HTMLElement) {
  fireEvent.click(await button(name, container));
}

/** The open drawer or modal. */
async function dialog(): Promise<HTMLElement> {
  let found: HTMLElement | null = null;
  await waitFor(() => {
    found = document.querySelector<HTMLElement>(".ant-drawer-open .ant-drawer-content, .ant-modal-wrap:not([style*='display: none']) .ant-modal");
    expect(found).toBeTruthy();
  });
  return found as unknown as HTMLElement;
}

const sent = (calls: { method: string; path: string; init: RequestInit }[], method: string, path: string) =>
  JSON.parse(String(calls.find((call) => call.method === method && call.path === path)?.init.body));

describe("sections", () => {
  it("opens the project's settings and links each section", async () => {
    api();
    const { router } = renderApp("/settings");
    expect(await screen.findByTestId("project-card")).toBeTruthy();
    expect(router.state.location.pathname).toBe("/settings/project");
    const tabs = screen.getByTestId("settings-sections").querySelectorAll(".ant-tabs-tab");
    expect(Array.from(tabs).map((tab) => tab.textContent)).toEqual(["Project", "Members", "Data sources", "API tokens", "Audit log", "Users"]);
  });

  it("hides the accounts from everyone but staff, and refuses them the page", async () => {
    api({}, PLAIN);
    renderApp("/settings/users");
    expect(await screen.findByText("Site administrators only")).toBeTruthy();
    const tabs = screen.getByTestId("settings-sections").querySelectorAll(".ant-tabs-tab");
    expect(Array.from(tabs).map((tab) => tab.textContent)).not.toContain("Users");
  });
});

describe("project settings", () => {
  it("sends only what changed, and shows the server's reasons under the fields", async () => {
    const { calls } = api({
      [`PATCH /api/v1/projects/1/`]: {
        status: 400,
        body: { detail: "timezone: unknown time zone", errors: { timezone: ["unknown time zone 'Mars/Base'"] } },
      },
    });
    renderApp("/settings/project");
    const card = await screen.findByTestId("project-card");
    fireEvent.change(within(card).getByLabelText("Description"), { target: { value: "nightly loads" } });
    await click("Save changes", card);
    expect(await screen.findByText("unknown time zone 'Mars/Base'")).toBeTruthy();
    expect(sent(calls, "PATCH", "/api/v1/projects/1/")).toEqual({ description: "nightly loads" });
  });

  it("lets a developer read but not change the settings", async () => {
    api({}, PLAIN, [project({ role: "developer", permissions: grants("read", "edit", "test_run"), grantable_roles: [] })]);
    renderApp("/settings/project");
    const card = await screen.findByTestId("project-card");
    expect(within(card).getByText("Your role (Developer) cannot change the project's settings in this project.")).toBeTruthy();
    expect((within(card).getByLabelText("Name") as HTMLInputElement).disabled).toBe(true);
    expect(await button("Archive project", screen.getByTestId("project-danger-zone"))).toHaveProperty("disabled", true);
  });

  it("archives the project", async () => {
    const { calls } = api({ [`POST /api/v1/projects/1/archive/`]: { body: project({ archived_at: "2026-02-01T00:00:00Z" }) } });
    renderApp("/settings/project");
    await click("Archive project");
    await waitFor(() => expect(calls.some((call) => call.path === "/api/v1/projects/1/archive/")).toBe(true));
  });
});

describe("a new project", () => {
  it("is offered in the project switcher to those who may create one, and made there", async () => {
    const { calls } = api(
      { "POST /api/v1/projects/": { status: 201, body: project({ id: 7, name: "sales" }) } },
      { ...ADMIN, can_create_projects: true },
      [],
    );
    const { router } = renderApp("/settings");
    fireEvent.mouseDown((await screen.findByTestId("project-switcher")).querySelector("input") as HTMLElement);
    fireEvent.click(await screen.findByTestId("switcher-new-project"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/settings/new-project"));
    const form = await screen.findByTestId("new-project");
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "sales" } });
    await click("Create project", form);
    await waitFor(() => expect(calls.some((call) => call.method === "POST" && call.path === "/api/v1/projects/")).toBe(true));
    expect(sent(calls, "POST", "/api/v1/projects/")).toMatchObject({ name: "sales", parameter_dialect: "dataworks" });
  });

  it("is not offered to those who may not", async () => {
    api({}, PLAIN);
    renderApp("/settings/project");
    fireEvent.mouseDown((await screen.findByTestId("project-switcher")).querySelector("input") as HTMLElement);
    await waitFor(() => expect(document.querySelector(".ant-select-dropdown")).toBeTruthy());
    expect(screen.queryByTestId("switcher-new-project")).toBeNull();
  });
});

describe("members", () => {
  it("lets an admin change developers but not owners, nor grant the owner role", async () => {
    api(
      {
        [`GET ${P}/members/`]: { body: [member(1, "owner", "owner", false), member(2, "dev", "developer")] },
      },
      ADMIN,
      [project({ role: "admin", permissions: grants("read", "edit", "test_run", "operate", "manage", "deploy"), grantable_roles: ALL_ROLES.slice(1) })],
    );
    renderApp("/settings/members");
    const table = await screen.findByTestId("members-table");
    await within(table).findByText("dev");
    const ownerRole = within(table).getAllByLabelText("Role of owner")[0].closest(".ant-select");
    expect(ownerRole?.className).toContain("ant-select-disabled");
    const devRole = within(table).getAllByLabelText("Role of dev")[0].closest(".ant-select");
    expect(devRole?.className).not.toContain("ant-select-disabled");
  });

  it("adds an account by username and shows the server's reason under the field", async () => {
    const { calls } = api({
      [`GET ${P}/members/`]: { body: [member(1, "admin", "owner")] },
      [`POST ${P}/members/`]: { status: 400, body: { detail: "username: no active user named 'ghost'", errors: { username: ["no active user named 'ghost'"] } } },
    });
    renderApp("/settings/members");
    await click("Add member");
    const drawer = await dialog();
    fireEvent.change(within(drawer).getByLabelText("Username"), { target: { value: "ghost" } });
    await click("Add member", drawer);
    expect(await within(drawer).findByText("no active user named 'ghost'")).toBeTruthy();
    expect(sent(calls, "POST", `${P}/members/`)).toEqual({ username: "ghost", role: "developer" });
  });
});

describe("data sources", () => {
  const warehouse = {
    id: 3,
    name: "warehouse",
    kind: "duckdb",
    description: "",
    config: { path: "wh.duckdb" },
    has_secret: false,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
  const kinds = [
    { kind: "duckdb", config_fields: ["path"], optional_fields: ["read_only"], secret_fields: [], file_engine: true },
    { kind: "postgres", config_fields: ["host", "database", "user"], optional_fields: ["port"], secret_fields: ["password"], file_engine: false },
  ];

  it("tests a connection and shows the driver's own message", async () => {
    api({
      [`GET ${P}/datasources/`]: { body: [warehouse] },
      [`GET ${P}/datasources/kinds/`]: { body: kinds },
      [`POST ${P}/datasources/3/test/`]: { body: { ok: false, error: "IOException: Could not set lock on file" } },
    });
    renderApp("/settings/datasources");
    await click("Test connection");
    const result = await screen.findByTestId("connection-result");
    expect(result.textContent).toContain("warehouse does not answer");
    expect(result.textContent).toContain("IOException: Could not set lock on file");
  });

  it("puts a refused file path under the file field", async () => {
    api({
      [`GET ${P}/datasources/kinds/`]: { body: kinds },
      [`POST ${P}/datasources/`]: {
        status: 400,
        body: { detail: "config.path: absolute paths are not allowed", errors: { "config.path": ["absolute paths are not allowed"] } },
      },
    });
    renderApp("/settings/datasources");
    const create = await button("New data source");
    await waitFor(() => expect(create).toHaveProperty("disabled", false));
    fireEvent.click(create);
    const drawer = await dialog();
    fireEvent.change(within(drawer).getByLabelText("Name"), { target: { value: "wh" } });
    fireEvent.change(await within(drawer).findByLabelText("File"), { target: { value: "/etc/passwd" } });
    await click("Create data source", drawer);
    expect(await within(drawer).findByText("absolute paths are not allowed")).toBeTruthy();
  });

  it("is read-only for a viewer", async () => {
    api(
      { [`GET ${P}/datasources/`]: { body: [warehouse] }, [`GET ${P}/datasources/kinds/`]: { body: kinds } },
      PLAIN,
      [project({ role: "viewer", permissions: grants("read"), grantable_roles: [] })],
    );
    renderApp("/settings/datasources");
    await screen.findByText("warehouse");
    expect(await button("New data source")).toHaveProperty("disabled", true);
    expect(await button("Test connection")).toHaveProperty("disabled", true);
  });
});

describe("audit log", () => {
  it("filters by actor and shows what changed", async () => {
    const entry = {
      id: 9,
      created_at: "2026-03-01T00:30:00Z",
      actor: "admin",
      action: "update",
      object_type: "project",
      object_id: "1",
      object_repr: "demo",
      changes: { timezone: { before: "UTC", after: "Asia/Shanghai" } },
    };
    const { calls } = api({
      [`GET ${P}/members/`]: { body: [] },
      [`GET ${P}/audit/`]: { body: { next: null, previous: null, results: [entry] } },
      [`GET ${P}/audit/?actor=admin`]: { body: { next: null, previous: null, results: [entry] } },
    });
    renderApp("/settings/audit");
    const table = await screen.findByTestId("audit-table");
    await within(table).findByText("demo");
    fireEvent.click(table.querySelector(".ant-table-row-expand-icon") as HTMLElement);
    const diff = await screen.findByTestId("audit-diff-9");
    expect(diff.textContent).toContain("UTC");
    expect(diff.textContent).toContain("Asia/Shanghai");

    const filters = screen.getByTestId("audit-filters");
    fireEvent.change(within(filters).getByLabelText("Who"), { target: { value: "admin" } });
    await click("Filter", filters);
    await waitFor(() => expect(calls.some((call) => call.path === `${P}/audit/?actor=admin`)).toBe(true));
  });
});

describe("users (staff)", () => {
  it("creates an account and shows a weak password's reason under the field", async () => {
    const { calls } = api({
      "GET /api/v1/users/?page=1&page_size=50": { body: { count: 0, next: null, previous: null, results: [] } },
      "POST /api/v1/users/": { status: 400, body: { detail: "password: too short", errors: { password: ["This password is too short."] } } },
    });
    renderApp("/settings/users");
    await click("New account");
    const drawer = await dialog();
    fireEvent.change(within(drawer).getByLabelText("Username"), { target: { value: "erin" } });
    fireEvent.change(within(drawer).getByLabelText("Password"), { target: { value: "short" } });
    await click("Create account", drawer);
    expect(await within(drawer).findByText("This password is too short.")).toBeTruthy();
    expect(sent(calls, "POST", "/api/v1/users/")).toMatchObject({ username: "erin", password: "short", is_staff: false });
  });
});

describe("API tokens", () => {
  it("lists the caller's tokens", async () => {
    api();
    renderApp("/settings/tokens");
    expect(await screen.findByText("nightly export")).toBeTruthy();
    expect(screen.getByText("wbt_abcdefgh…")).toBeTruthy();
  });

  it("makes a token and shows its key once", async () => {
    const { calls } = api({
      "POST /api/v1/auth/tokens/": { status: 201, body: { ...token({ id: 5, name: "ci" }), token: "wbt_secret-key" } },
    });
    renderApp("/settings/tokens");
    await click("New token");
    const modal = await dialog();
    fireEvent.change(within(modal).getByLabelText("Name"), { target: { value: "ci" } });
    await click("Make token", modal);
    expect((await screen.findByTestId("new-token-key")).textContent).toContain("wbt_secret-key");
    expect(sent(calls, "POST", "/api/v1/auth/tokens/")).toEqual({ name: "ci", scope: "write", expires_in_days: 90 });
  });

  it("revokes a token", async () => {
    const { calls } = api({ "DELETE /api/v1/auth/tokens/4/": { status: 204 } });
    renderApp("/settings/tokens");
    await click("Revoke");
    const popup = await waitFor(() => {
      const found = document.querySelector<HTMLElement>(".ant-popconfirm");
      expect(found).toBeTruthy();
      return found as HTMLElement;
    });
    await click("Revoke", popup);
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
