import { describe, expect, it } from "vitest";

import { mockFetch } from "../test/utils";
import {
  ApiError,
  csrfHeaders,
  isUnsafeMethod,
  ok,
  parseError,
  readCookie,
  server,
  summarizeFields,
} from "./client";

describe("parseError", () => {
  it("reads the Workbench shape: detail plus field errors", () => {
    const error = parseError(400, {
      detail: "name: This field is required.",
      errors: { name: ["This field is required."] },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe("name: This field is required.");
    expect(error.fields).toEqual({ name: ["This field is required."] });
  });

  it("reads a bare detail", () => {
    const error = parseError(401, { detail: "Wrong username or password." });
    expect(error.message).toBe("Wrong username or password.");
    expect(error.fields).toEqual({});
    expect(error.isUnauthenticated).toBe(true);
  });

  it("reads DRF's default field shape", () => {
    const error = parseError(400, { cron: ["Bad cron expression"], name: ["Too long.", "Taken."] });
    expect(error.message).toBe("cron: Bad cron expression; name: Too long.");
    expect(error.fields).toEqual({ cron: ["Bad cron expression"], name: ["Too long.", "Taken."] });
  });

  it("does not prefix non-field errors and accepts plain strings", () => {
    expect(parseError(400, { non_field_errors: ["Dates are reversed."] }).message).toBe("Dates are reversed.");
    expect(parseError(400, { name: "Required." }).fields).toEqual({ name: ["Required."] });
    expect(parseError(400, ["Not allowed now."]).message).toBe("Not allowed now.");
  });

  it("flattens nested DRF errors like the server does", () => {
    const error = parseError(400, { params: { date: ["Bad date."] }, edges: [{}, { target: ["Unknown node."] }] });
    expect(error.fields).toEqual({ "params.date": ["Bad date."], "edges[1].target": ["Unknown node."] });
    expect(error.message).toBe("params.date: Bad date.; edges[1].target: Unknown node.");
  });

  it("keeps detail when both detail and DRF fields are there", () => {
    const error = parseError(400, { detail: "Invalid input.", errors: null, name: ["x"] });
    expect(error.message).toBe("Invalid input.");
    expect(error.fields).toEqual({ name: ["x"] });
  });

  it("falls back to a sentence for the status when the body says nothing useful", () => {
    expect(parseError(502, "<html>bad gateway</html>").message).toBe("The server answered HTTP 502.");
    expect(parseError(500, undefined).message).toBe("The server answered HTTP 500.");
    expect(parseError(404, {}).message).toBe("Not found.");
    expect(parseError(403, { detail: "" }).message).toBe("You do not have permission to do this.");
  });

  it("summarizes fields like the server's detail", () => {
    expect(summarizeFields({ non_field_errors: ["A"], b: ["B", "C"], c: [] })).toBe("A; b: B");
  });
});

describe("csrf", () => {
  it("reads the csrftoken cookie", () => {
    expect(readCookie("csrftoken", "a=1; csrftoken=abc%3D; b=2")).toBe("abc=");
    expect(readCookie("csrftoken", "csrftoken=a=b")).toBe("a=b");
    expect(readCookie("csrftoken", "xcsrftoken=no")).toBeNull();
    expect(readCookie("missing", "a=1")).toBeNull();
    expect(readCookie("csrftoken", "")).toBeNull();
  });

  it("knows the unsafe methods", () => {
    for (const method of ["POST", "put", "PATCH", "delete"]) expect(isUnsafeMethod(method)).toBe(true);
    for (const method of ["GET", "head", "OPTIONS", "TRACE"]) expect(isUnsafeMethod(method)).toBe(false);
  });

  it("sends the header only on unsafe methods, and only when there is a token", () => {
    expect(csrfHeaders("POST", "csrftoken=tok")).toEqual({ "X-CSRFToken": "tok" });
    expect(csrfHeaders("delete", "csrftoken=tok")).toEqual({ "X-CSRFToken": "tok" });
    expect(csrfHeaders("PATCH", "csrftoken=tok")).toEqual({ "X-CSRFToken": "tok" });
    expect(csrfHeaders("GET", "csrftoken=tok")).toEqual({});
    expect(csrfHeaders("POST", "sessionid=s")).toEqual({});
  });
});

describe("server (typed by the OpenAPI schema)", () => {
  it("sends JSON with the CSRF header on POST and returns the data", async () => {
    document.cookie = "csrftoken=tok456; path=/";
    const { calls } = mockFetch({ "POST /api/v1/projects/": { status: 201, body: { id: 3, name: "p" } } });
    await expect(ok(server.POST("/api/v1/projects/", { body: { name: "p" } }))).resolves.toMatchObject({ id: 3 });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ name: "p" });
    expect(calls[0].init.headers).toMatchObject({ "x-csrftoken": "tok456", "content-type": "application/json" });
  });

  it("fills path and query parameters and sends no CSRF header on GET", async () => {
    document.cookie = "csrftoken=tok456; path=/";
    const { calls } = mockFetch({ "GET /api/v1/projects/4/workflows/": { body: [] } });
    await expect(ok(server.GET("/api/v1/projects/{project_id}/workflows/", { params: { path: { project_id: 4 } } }))).resolves.toEqual([]);
    expect(calls[0].init.headers).not.toHaveProperty("x-csrftoken");
  });

  it("throws an ApiError with the server's reason, and status 0 when unreachable", async () => {
    mockFetch({ "POST /api/v1/projects/": { status: 400, body: { detail: "name: Required.", errors: { name: ["Required."] } } } });
    const error = await ok(server.POST("/api/v1/projects/", { body: { name: "" } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, message: "name: Required.", fields: { name: ["Required."] } });
    const { fetchMock } = mockFetch({});
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await expect(ok(server.GET("/api/v1/me"))).rejects.toMatchObject({ status: 0 });
  });
});
