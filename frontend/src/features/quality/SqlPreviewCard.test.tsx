import { fireEvent, render, screen } from "@testing-library/react";
import dayjs from "dayjs";
import { describe, expect, it, vi } from "vitest";

import SqlPreviewCard from "./SqlPreviewCard";

const card = (props: Partial<Parameters<typeof SqlPreviewCard>[0]>) =>
  render(
    <SqlPreviewCard
      bizdate={dayjs("2026-01-02")}
      onBizdate={vi.fn()}
      onPreview={vi.fn()}
      previewing={false}
      sql={undefined}
      error=""
      {...props}
    />,
  );

describe("SqlPreviewCard", () => {
  it("says how to get a preview before the first one, and asks for it", () => {
    const onPreview = vi.fn();
    card({ onPreview });
    expect(screen.getByText(/press Preview SQL/)).toBeTruthy();
    fireEvent.click(screen.getByText("Preview SQL"));
    expect(onPreview).toHaveBeenCalledOnce();
  });

  it("shows the SQL, or why it cannot be built", () => {
    const { unmount } = card({ sql: "select count(*) from orders" });
    expect(screen.getByTestId("sql-preview").textContent).toBe("select count(*) from orders");
    unmount();
    card({ sql: "select 1", error: "table: required" });
    expect(screen.getByText("Cannot build the SQL yet")).toBeTruthy();
    expect(screen.queryByTestId("sql-preview")).toBeNull();
  });
});
