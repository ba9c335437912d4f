import { describe, expect, it } from "vitest";

import { ApiError, csrfHeaders, parseError, readCookie } from "./client";
import { backoffDelay } from "./ws";

describe("parseError", () => {
  it("uses the server's detail and keeps field errors", () => {
    const error = parseError(400, { detail: "name: This field is required.", errors: { name: ["This field is required."] } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("name: This field is required.");
    expect(error.fields).toEqual({ name: ["This field is required."] });
    expect(error.status).toBe(400);
  });

  it("reads DRF's plain field shape", () => {
    const error = parseError(400, { cron: ["Bad cron expression"] });
    expect(error.message).toBe("cron: Bad cron expression");
  });

  it("falls back to the status when the body says nothing", () => {
    expect(parseError(502, "<html>bad gateway</html>").message).toBe("The server answered HTTP 502.");
  });
});

describe("csrf", () => {
  it("reads the csrftoken cookie", () => {
    expect(readCookie("csrftoken", "a=1; csrftoken=abc%3D; b=2")).toBe("abc=");
    expect(readCookie("missing", "a=1")).toBeNull();
  });

  it("sends the header only on unsafe methods", () => {
    expect(csrfHeaders("POST", "csrftoken=tok")).toEqual({ "X-CSRFToken": "tok" });
    expect(csrfHeaders("delete", "csrftoken=tok")).toEqual({ "X-CSRFToken": "tok" });
    expect(csrfHeaders("GET", "csrftoken=tok")).toEqual({});
  });
});

describe("backoffDelay", () => {
  it("doubles from half a second and caps at 15 s", () => {
    expect([0, 1, 2, 3].map(backoffDelay)).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20)).toBe(15_000);
  });
});
