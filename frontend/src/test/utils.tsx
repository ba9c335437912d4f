// Helpers for component tests: a fake fetch keyed by "METHOD path", and the app's routes in memory.
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App as AntApp } from "antd";
import { RouterProvider, createMemoryRouter } from "react-router-dom";
import { vi } from "vitest";

import type { Action, Permissions } from "../project/permissions";
import { createQueryClient } from "../queryClient";
import { ROUTER_FUTURE, routes } from "../routes";

// The router loads the frame and the login page lazily; loaded with the test file instead, their
// first import does not count against a test's time limits.
import "../components/RequireAuth";
import "../features/auth/LoginPage";
import "../layouts/AppLayout";

export interface FakeResponse {
  status?: number;
  body?: unknown;
}

export type FakeHandler = FakeResponse | ((init: RequestInit) => FakeResponse);

/** Stub global fetch; handlers are keyed "GET /api/v1/me". Unknown requests answer 404. */
export function mockFetch(handlers: Record<string, FakeHandler>) {
  const calls: { method: string; path: string; init: RequestInit }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, given: RequestInit = {}) => {
    const init = input instanceof Request ? await initOf(input) : given;
    const method = (init.method ?? "GET").toUpperCase();
    const path = input instanceof Request ? localPath(input.url) : String(input);
    calls.push({ method, path, init });
    const handler = handlers[`${method} ${path}`];
    const answer = typeof handler === "function" ? handler(init) : (handler ?? { status: 404, body: { detail: "Not found." } });
    const status = answer.status ?? 200;
    const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
    return new Response(status === 204 ? null : text, { status });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { fetchMock, calls };
}

/** The typed client sends Request objects: the same facts as a plain call's init. Header names come lower-cased. */
async function initOf(request: Request): Promise<RequestInit> {
  const body = await request.clone().text();
  return { method: request.method, headers: Object.fromEntries(request.headers), body: body || undefined };
}

function localPath(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** A project's permissions as the server sends them, allowing `actions` only. */
export function grants(...actions: Action[]): Permissions {
  const all: Action[] = ["read", "edit", "test_run", "operate", "manage", "deploy", "delete_project"];
  return Object.fromEntries(all.map((action) => [action, actions.includes(action)])) as Permissions;
}

/** What an owner may do: everything. */
export const OWNER_GRANTS = grants("read", "edit", "test_run", "operate", "manage", "deploy", "delete_project");

export const ADMIN = { id: 1, username: "admin", email: "admin@example.com", is_staff: true };

/** Render the real route table at `path`. */
export function renderApp(path: string, state?: unknown) {
  const router = createMemoryRouter(routes, {
    initialEntries: [{ pathname: path.split("?")[0], search: path.includes("?") ? `?${path.split("?")[1]}` : "", state }],
    future: ROUTER_FUTURE,
  });
  const client = createQueryClient();
  const view = render(
    <AntApp>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} future={{ v7_startTransition: true }} />
      </QueryClientProvider>
    </AntApp>,
  );
  return { ...view, router, client };
}
