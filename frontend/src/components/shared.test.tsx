// The list pieces quality and alerts share: the table, the load error and the enabled switch.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ApiError } from "../api/client";
import EnabledSwitch from "./EnabledSwitch";
import ListTable from "./ListTable";
import LoadError from "./LoadError";

const columns = [{ title: "Name", dataIndex: "name" }];

describe("ListTable", () => {
  it("says what it has to say when it has no rows, and nothing while loading", () => {
    const { rerender } = render(<ListTable columns={columns} dataSource={[]} loading={false} empty="No rules yet." />);
    expect(screen.getByText("No rules yet.")).toBeTruthy();
    rerender(<ListTable columns={columns} dataSource={[]} loading empty="No rules yet." />);
    expect(screen.queryByText("No rules yet.")).toBeNull();
  });

  it("lists rows by id", () => {
    render(<ListTable columns={columns} dataSource={[{ id: 1, name: "orders" }]} loading={false} empty="none" />);
    expect(screen.getByText("orders")).toBeTruthy();
  });
});

describe("LoadError", () => {
  it("names what failed with the server's reason, and tries again", () => {
    const retry = vi.fn();
    render(<LoadError what="the channels" error={new ApiError(500, "The server broke.")} onRetry={retry} />);
    expect(screen.getByText("Could not load the channels")).toBeTruthy();
    expect(screen.getByText("The server broke.")).toBeTruthy();
    fireEvent.click(screen.getByText("Try again"));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("offers no retry without one", () => {
    render(<LoadError what="the delivery log" error={new ApiError(500, "down")} />);
    expect(screen.queryByText("Try again")).toBeNull();
  });
});

describe("EnabledSwitch", () => {
  it("switches for a role that may", () => {
    const change = vi.fn();
    render(<EnabledSwitch name="orders" checked={false} refusal="" loading={false} onChange={change} />);
    fireEvent.click(screen.getByRole("switch", { name: "Enabled: orders" }));
    expect(change).toHaveBeenCalledWith(true, expect.anything());
  });

  it("is off for a role that may not", () => {
    render(<EnabledSwitch name="orders" checked refusal="Your role (viewer) cannot edit." loading={false} onChange={vi.fn()} />);
    expect(screen.getByRole("switch", { name: "Enabled: orders" }).hasAttribute("disabled")).toBe(true);
  });
});
