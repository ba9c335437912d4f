import { render, screen } from "@testing-library/react";
import { Form } from "antd";
import { describe, expect, it } from "vitest";

import KindFields from "./KindFields";
import { kindFields, KINDS } from "./rules";

const shown = (kind: Parameters<typeof kindFields>[0], metric?: Parameters<typeof kindFields>[1]) =>
  render(
    <Form>
      <KindFields fields={new Set(kindFields(kind, metric))} info={KINDS[kind]} />
    </Form>,
  );

describe("KindFields", () => {
  it("asks a null-ratio check for its column and bounds", () => {
    shown("null_ratio");
    expect(screen.getByText("Column")).toBeTruthy();
    expect(screen.queryByText("SQL")).toBeNull();
  });

  it("asks a custom SQL check for its query", () => {
    shown("custom_sql");
    expect(screen.getByText("SQL")).toBeTruthy();
    expect(screen.queryByText("Column")).toBeNull();
  });

  it("asks a fluctuation check for its window, and for SQL only with a custom metric", () => {
    shown("fluctuation");
    expect(screen.getByText("Compare with the last N runs")).toBeTruthy();
    expect(screen.queryByText("SQL")).toBeNull();
    shown("fluctuation", "custom_sql");
    expect(screen.getByText("SQL")).toBeTruthy();
  });
});
