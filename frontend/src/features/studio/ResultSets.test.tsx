// A test run's rows: a tab per statement, copy as tab-separated text.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { App } from "antd";
import { describe, expect, it, vi } from "vitest";

import ResultSets from "./ResultSets";

describe("ResultSets", () => {
  it("shows a tab per statement, the last open, and copies the shown rows", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const sets = [
      { statement: 2, columns: ["a"], rows: [[1], [2]] },
      { statement: 4, columns: ["n", "note"], rows: [[2, null]] },
    ];
    render(
      <App>
        <ResultSets instanceId={7} sets={sets} finished />
      </App>,
    );
    expect(screen.getByRole("tab", { name: "Result 1 · statement 2 (2)" })).toBeTruthy();
    const last = screen.getByRole("tab", { name: "Result 2 · statement 4 (1)" });
    expect(last.getAttribute("aria-selected")).toBe("true");

    const copy = screen.getAllByRole("button", { name: /Copy/ }).find((button) => button.closest(".ant-tabs-tabpane-active"));
    fireEvent.click(copy!);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("n\tnote\n2\t"));
  });

  it("says when no statement returned rows", () => {
    render(<ResultSets instanceId={7} sets={[]} finished />);
    expect(screen.getByText(/no statement returned any/)).toBeTruthy();
  });
});
