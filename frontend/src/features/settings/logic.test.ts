import { Form } from "antd";
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ApiError, parseError } from "../../api/client";
import { applyFieldErrors } from "../../errors";
import { auditQuery } from "./AuditPage";
import {
  changedFields,
  changeRows,
  confFromRows,
  confRows,
  cursorOf,
  dataSourceBody,
  dataSourceFields,
  inZone,
  roleChoices,
  showValue,
  visibleSections,
  zonedMidnight,
} from "./logic";
import dayjs from "dayjs";

const DUCKDB = { kind: "duckdb" as const, config_fields: ["path"], optional_fields: ["read_only"], secret_fields: [], file_engine: true };
const POSTGRES = {
  kind: "postgres" as const,
  config_fields: ["host", "database", "user"],
  optional_fields: ["port", "options", "sslmode"],
  secret_fields: ["password"],
  file_engine: false,
};

describe("which sections a caller sees", () => {
  it("shows accounts to staff only", () => {
    expect(visibleSections({ is_staff: true }, { id: 1 })).toContain("users");
    expect(visibleSections({ is_staff: false }, { id: 1 })).not.toContain("users");
    expect(visibleSections(null, { id: 1 })).not.toContain("users");
  });

  it("keeps the project's pages out until there is a project, but offers to create one", () => {
    expect(visibleSections({ is_staff: false }, null)).toEqual(["project", "tokens"]);
    expect(visibleSections({ is_staff: false }, { id: 1 })).toEqual(["project", "members", "datasources", "tokens", "audit"]);
  });
});

describe("role choices", () => {
  it("offers every role and disables those the server says the caller may not grant", () => {
    const choices = roleChoices(["admin", "developer", "operator", "viewer"], (role) => role.toUpperCase());
    expect(choices.find((choice) => choice.value === "owner")).toEqual({ value: "owner", label: "OWNER", disabled: true });
    expect(choices.filter((choice) => !choice.disabled).map((choice) => choice.value)).toEqual(["admin", "developer", "operator", "viewer"]);
    expect(roleChoices(undefined, String).every((choice) => choice.disabled)).toBe(true);
  });
});

describe("a PATCH sends only what changed", () => {
  it("leaves out unchanged fields, staff-only ones included", () => {
    const initial = { name: "etl", timezone: "UTC", max_timeout_seconds: 86400, default_datasource: null as number | null };
    expect(changedFields(initial, { name: "etl", timezone: "Asia/Shanghai", max_timeout_seconds: 86400, default_datasource: null })).toEqual({
      timezone: "Asia/Shanghai",
    });
    expect(changedFields(initial, { default_datasource: 3 })).toEqual({ default_datasource: 3 });
    expect(changedFields(initial, {})).toEqual({});
  });
});

describe("data source bodies", () => {
  it("sends the kind's settings, without empty optional ones", () => {
    expect(dataSourceBody(DUCKDB, { name: "wh", kind: "duckdb", config: { path: "wh.duckdb", read_only: undefined } })).toEqual({
      name: "wh",
      kind: "duckdb",
      description: "",
      config: { path: "wh.duckdb" },
    });
  });

  it("sends a secret only when one was typed", () => {
    const values = { name: "pg", kind: "postgres" as const, config: { host: "db", database: "dw", user: "etl", port: "" } };
    expect(dataSourceBody(POSTGRES, values)).not.toHaveProperty("secret");
    expect(dataSourceBody(POSTGRES, { ...values, secret: { password: "s3cret" } }).secret).toEqual({ password: "s3cret" });
    expect(dataSourceBody(POSTGRES, { ...values, secret: { password: "" } })).not.toHaveProperty("secret");
  });

  it("sends the development connection of a standard-mode project once it is filled in", () => {
    const values = {
      name: "pg",
      kind: "postgres" as const,
      config: { host: "prod-db", database: "dw", user: "etl" },
      dev_config: { host: "dev-db", database: "dw_dev", user: "etl", port: "" },
      dev_secret: { password: "dev-pw" },
    };
    const body = dataSourceBody(POSTGRES, values, true);
    expect(body.dev_config).toEqual({ host: "dev-db", database: "dw_dev", user: "etl" });
    expect(body.dev_secret).toEqual({ password: "dev-pw" });
    expect(dataSourceBody(POSTGRES, values, false)).not.toHaveProperty("dev_config");
    expect(dataSourceBody(POSTGRES, { ...values, dev_config: {} }, true)).not.toHaveProperty("dev_secret");
  });
});

describe("the API's field errors land under the form's fields", () => {
  function form() {
    const { result } = renderHook(() => Form.useForm());
    return result.current[0];
  }

  it("puts config.path under the data source's file field and keeps the rest for an alert", () => {
    const instance = form();
    const error = parseError(400, {
      detail: "config.path: absolute paths are not allowed",
      errors: { "config.path": ["absolute paths are not allowed"], non_field_errors: ["try again"] },
    });
    const setFields = [] as unknown[];
    instance.setFields = (fields) => void setFields.push(...fields);
    let rest = "";
    act(() => {
      rest = applyFieldErrors(instance, error, dataSourceFields());
    });
    expect(setFields).toEqual([{ name: ["config", "path"], errors: ["absolute paths are not allowed"] }]);
    expect(rest).toBe("try again");
  });

  it("says the whole message when no field matches", () => {
    const instance = form();
    const error = new ApiError(403, "Your role (viewer) cannot manage in this project.");
    expect(applyFieldErrors(instance, error, ["name"])).toBe("Your role (viewer) cannot manage in this project.");
  });
});

describe("audit changes", () => {
  it("reads updates as before and after, creations as values, and code as lengths", () => {
    expect(
      changeRows({
        timezone: { before: "UTC", after: "Asia/Shanghai" },
        name: "etl",
        code: { before_chars: 10, after_chars: 12 },
      }),
    ).toEqual([
      { field: "timezone", before: "UTC", after: "Asia/Shanghai" },
      { field: "name", after: "etl" },
      { field: "code", before: "10 chars", after: "12 chars" },
    ]);
    expect(changeRows({})).toEqual([]);
    expect(changeRows(null as never)).toEqual([]);
  });

  it("shows values as text", () => {
    expect(showValue({ path: "a.duckdb" })).toBe('{"path":"a.duckdb"}');
    expect(showValue(null)).toBe("null");
    expect(showValue(3)).toBe("3");
  });

  it("reads the cursor of the next page from the server's URL", () => {
    expect(cursorOf("http://x/api/v1/projects/1/audit/?cursor=cD0yMA%3D%3D&action=update")).toBe("cD0yMA==");
    expect(cursorOf(null)).toBeUndefined();
  });
});

describe("the project's clock", () => {
  it("shows an instant in the project's time zone", () => {
    expect(inZone("2026-03-01T00:30:00Z", "Asia/Shanghai")).toBe("2026-03-01 08:30:00");
    expect(inZone("2026-03-01T00:30:00Z", "UTC")).toBe("2026-03-01 00:30:00");
    expect(inZone(null, "UTC")).toBe("—");
  });

  it("finds where a day begins in the project's time zone, across a DST change", () => {
    expect(zonedMidnight("2026-03-01", "Asia/Shanghai")).toBe("2026-02-28T16:00:00.000Z");
    expect(zonedMidnight("2026-03-08", "America/New_York")).toBe("2026-03-08T05:00:00.000Z");
    expect(zonedMidnight("2026-03-09", "America/New_York")).toBe("2026-03-09T04:00:00.000Z");
  });

  it("turns the audit filters into the API's query, dates as whole project days", () => {
    expect(
      auditQuery({ actor: " alice ", action: "", dates: [dayjs("2026-03-01"), dayjs("2026-03-02")] }, "Asia/Shanghai"),
    ).toEqual({
      actor: "alice",
      action: undefined,
      object_type: undefined,
      since: "2026-02-28T16:00:00.000Z",
      until: "2026-03-02T16:00:00.000Z",
    });
  });
});

describe("Spark configuration as key/value rows", () => {
  const SPARK = { kind: "spark" as const, config_fields: ["master"], optional_fields: ["conf", "database", "folder"], secret_fields: [], file_engine: false };

  it("shows one empty row to type into, and a row per setting", () => {
    expect(confRows(undefined)).toEqual([{ key: "", value: "" }]);
    expect(confRows({ "spark.sql.shuffle.partitions": "4" })).toEqual([{ key: "spark.sql.shuffle.partitions", value: "4" }]);
  });

  it("sends the keyed rows, trimmed, and leaves an empty configuration out", () => {
    const conf = confFromRows([
      { key: " spark.sql.shuffle.partitions ", value: "4" },
      { key: "", value: "lost" },
    ]);
    expect(conf).toEqual({ "spark.sql.shuffle.partitions": "4" });
    expect(dataSourceBody(SPARK, { name: "lake", kind: "spark", config: { master: "local[*]", conf } }).config).toEqual({
      master: "local[*]",
      conf: { "spark.sql.shuffle.partitions": "4" },
    });
    expect(dataSourceBody(SPARK, { name: "lake", kind: "spark", config: { master: "local[*]", conf: {} } }).config).toEqual({ master: "local[*]" });
  });
});
