import type { FormInstance } from "antd";
import { describe, expect, it, vi } from "vitest";

import { ApiError } from "./api/client";
import { applyFieldErrors, errorMessage, fieldNamePath, showError } from "./errors";

describe("errorMessage", () => {
  it("reads ApiErrors, Errors and strings", () => {
    expect(errorMessage(new ApiError(400, "Bad cron."))).toBe("Bad cron.");
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
    expect(errorMessage(undefined)).toBe("Something went wrong.");
  });
});

describe("showError", () => {
  it("toasts the message, with an optional prefix", () => {
    const message = { error: vi.fn() };
    showError(message, new ApiError(403, "Not a member."), "Could not save");
    expect(message.error).toHaveBeenCalledWith("Could not save: Not a member.");
  });
});

describe("fieldNamePath", () => {
  it("turns the server's dotted names into antd name paths", () => {
    expect(fieldNamePath("name")).toEqual(["name"]);
    expect(fieldNamePath("params.date")).toEqual(["params", "date"]);
    expect(fieldNamePath("edges[1].target")).toEqual(["edges", 1, "target"]);
  });
});

describe("applyFieldErrors", () => {
  const fakeForm = (values: Record<string, unknown>) => {
    const setFields = vi.fn();
    return { form: { getFieldsValue: () => values, setFields } as unknown as FormInstance, setFields };
  };

  it("puts field errors under their fields and returns the rest", () => {
    const { form, setFields } = fakeForm({ name: "", cron: "" });
    const error = new ApiError(400, "summary", {
      name: ["Taken."],
      "cron.expr": ["Bad."],
      non_field_errors: ["Too many nodes."],
      owner: ["Unknown."],
    });
    expect(applyFieldErrors(form, error)).toBe("Too many nodes.; owner: Unknown.");
    expect(setFields).toHaveBeenCalledWith([
      { name: ["name"], errors: ["Taken."] },
      { name: ["cron", "expr"], errors: ["Bad."] },
    ]);
  });

  it("returns the whole message when nothing matches a field", () => {
    const { form, setFields } = fakeForm({ name: "" });
    expect(applyFieldErrors(form, new ApiError(403, "Not allowed."))).toBe("Not allowed.");
    expect(applyFieldErrors(form, new Error("boom"))).toBe("boom");
    expect(setFields).not.toHaveBeenCalled();
  });
});
