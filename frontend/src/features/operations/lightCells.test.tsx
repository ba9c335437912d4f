// The list's plain cells become antd's Tooltip and Dropdown when pointed at or clicked.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ActionsButton, HoverTip } from "./lightCells";

describe("light cells", () => {
  it("shows a tooltip once pointed at", async () => {
    render(<HoverTip title="why it waits">status</HoverTip>);
    expect(screen.queryByText("why it waits")).toBeNull();
    fireEvent.mouseEnter(screen.getByText("status"));
    expect(await screen.findByText("why it waits")).toBeTruthy();
  });

  it("opens the menu on the first click and runs the chosen item", async () => {
    const onClick = vi.fn();
    render(
      <ActionsButton
        hash="css-test"
        label="Actions"
        ariaLabel="Actions for instance 5"
        disabled={false}
        menu={{ items: [{ key: "rerun", label: "Rerun" }], onClick }}
      />,
    );
    expect(screen.queryByText("Rerun")).toBeNull();
    fireEvent.click(screen.getByLabelText("Actions for instance 5"));
    fireEvent.click(await screen.findByText("Rerun"));
    expect(onClick).toHaveBeenCalledWith(expect.objectContaining({ key: "rerun" }));
  });

  it("stays shut when the user may not operate", () => {
    render(<ActionsButton hash="css-test" label="Actions" ariaLabel="Actions for instance 5" disabled menu={{ items: [{ key: "rerun", label: "Rerun" }] }} />);
    const button = screen.getByLabelText("Actions for instance 5");
    expect((button as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(button);
    expect(screen.queryByText("Rerun")).toBeNull();
  });
});

describe("a cell with a tooltip", () => {
  it("keeps its content the same element when the tooltip mounts", async () => {
    render(
      <HoverTip title="transform · #5">
        <a href="/operations/instances/5">transform</a>
      </HoverTip>,
    );
    const link = screen.getByText("transform");
    fireEvent.mouseEnter(link);
    expect(await screen.findByText("transform · #5")).toBeTruthy();
    expect(screen.getByText("transform")).toBe(link);
  });
});
