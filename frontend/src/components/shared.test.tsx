// The list pieces quality and alerts share: the table, its toolbar and empty state, the row's
// actions, the load error and the enabled switch.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ApiError } from "../api/client";
import EnabledSwitch from "./EnabledSwitch";
import ListTable from "./ListTable";
import { EmptyList, ListToolbar } from "./ListToolbar";
import LoadError from "./LoadError";
import RowActions from "./RowActions";

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

describe("RowActions", () => {
  it("edits, and deletes only once the question is answered", async () => {
    const edit = vi.fn();
    const remove = vi.fn();
    render(<RowActions refusal="" onEdit={edit} deleteQuestion="Delete orders?" onDelete={remove} />);
    fireEvent.click(screen.getByRole("button", { name: "Edit" }));
    expect(edit).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(remove).not.toHaveBeenCalled();
    expect(await screen.findByText("Delete orders?")).toBeTruthy();
    fireEvent.click(screen.getAllByRole("button", { name: "Delete" }).at(-1)!);
    expect(remove).toHaveBeenCalledOnce();
  });

  it("is off for a role that may not, and keeps the row's own buttons", () => {
    render(
      <RowActions refusal="Your role (viewer) cannot edit." onEdit={vi.fn()} deleteQuestion="?" onDelete={vi.fn()}>
        <button>Run</button>
      </RowActions>,
    );
    expect(screen.getByRole("button", { name: "Edit" }).hasAttribute("disabled")).toBe(true);
    expect(screen.getByRole("button", { name: "Delete" }).hasAttribute("disabled")).toBe(true);
    expect(screen.getByRole("button", { name: "Run" })).toBeTruthy();
  });
});

describe("ListToolbar and EmptyList", () => {
  it("offer to create for a role that may", () => {
    const create = vi.fn();
    render(
      <>
        <ListToolbar intro="Rules watch tables." createLabel="New rule" onCreate={create} refusal="" />
        <EmptyList description="No rules yet." createLabel="Create the first rule" onCreate={create} refusal="" />
      </>,
    );
    expect(screen.getByText("Rules watch tables.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /New rule/ }));
    fireEvent.click(screen.getByRole("button", { name: "Create the first rule" }));
    expect(create).toHaveBeenCalledTimes(2);
  });

  it("say why a role may not create", () => {
    render(
      <>
        <ListToolbar intro="" createLabel="New rule" onCreate={vi.fn()} refusal="Your role (viewer) cannot edit." />
        <EmptyList description="No rules yet." createLabel="Create the first rule" onCreate={vi.fn()} refusal="Your role (viewer) cannot edit." />
      </>,
    );
    expect(screen.getByRole("button", { name: /New rule/ }).hasAttribute("disabled")).toBe(true);
    expect(screen.queryByRole("button", { name: "Create the first rule" })).toBeNull();
    expect(screen.getByText("Your role (viewer) cannot edit.")).toBeTruthy();
  });
});
