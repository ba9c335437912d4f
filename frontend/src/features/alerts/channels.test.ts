import { describe, expect, it } from "vitest";

import * as make from "../../test/factories";
import { channelFormToBody, channelProblems, channelToForm, emptyChannel, isEmail, isHttpUrl, type Channel } from "./channels";

const channel: Channel = make.channel();

describe("channel form", () => {
  it("sends a webhook's URL, and its secret only when typed", () => {
    const values = { ...emptyChannel(), name: " hook ", url: " https://example.com/x ", recipients: ["a@b.c"] };
    expect(channelFormToBody(values)).toEqual({ name: "hook", kind: "webhook", recipients: [], url: "https://example.com/x", enabled: true });
    expect(channelFormToBody({ ...values, secret: "s3cret" }).secret).toBe("s3cret");
  });

  it("keeps a stored secret on edit unless asked to remove it", () => {
    const form = channelToForm(channel);
    expect(form.secret).toBe("");
    expect(channelFormToBody(form)).not.toHaveProperty("secret");
    expect(channelFormToBody({ ...form, clear_secret: true }).secret).toBe("");
  });

  it("sends an email channel's addresses, trimmed and once each, and no URL", () => {
    const body = channelFormToBody({
      ...emptyChannel(),
      name: "mail",
      kind: "email",
      url: "https://left.over",
      secret: "x",
      recipients: [" a@example.com", "a@example.com", "", "b@example.com"],
    });
    expect(body).toEqual({ name: "mail", kind: "email", recipients: ["a@example.com", "b@example.com"], url: "", enabled: true });
  });

  it("checks addresses and URLs", () => {
    expect(isEmail("a@example.com")).toBe(true);
    expect(isEmail("a@example")).toBe(false);
    expect(isHttpUrl("http://127.0.0.1:8080/hook")).toBe(true);
    expect(isHttpUrl("ftp://example.com")).toBe(false);
    expect(isHttpUrl("example.com")).toBe(false);
    expect(channelProblems({ ...emptyChannel(), name: "" })).toEqual({ name: expect.any(String), url: expect.any(String) });
    expect(channelProblems({ ...emptyChannel(), name: "x", url: "nope" })).toEqual({ url: expect.stringMatching(/http/) });
    expect(channelProblems({ ...emptyChannel(), name: "x", kind: "slack", url: "https://hooks.slack.com/x" })).toEqual({});
    expect(channelProblems({ ...emptyChannel(), name: "x", kind: "email", recipients: [] })).toEqual({ recipients: expect.any(String) });
    expect(channelProblems({ ...emptyChannel(), name: "x", kind: "email", recipients: ["ok@a.io", "bad"] })).toEqual({
      recipients: "Not an email address: bad",
    });
  });
});
