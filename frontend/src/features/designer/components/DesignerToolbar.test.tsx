import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { DesignerToolbar } from "./DesignerToolbar";

const noop = () => undefined;

function toolbar(overrides: Partial<Parameters<typeof DesignerToolbar>[0]> = {}) {
  const props: Parameters<typeof DesignerToolbar>[0] = {
    workflows: [{ id: 1, name: "daily", description: "", created_at: "", node_count: 3 }],
    workflowId: null,
    onWorkflowChange: noop,
    onNewWorkflow: noop,
    editable: true,
    hasNodes: true,
    onAutoLayout: noop,
    onFitView: noop,
    newKind: "same_cycle",
    onNewKind: noop,
    nodeSelected: false,
    selfDependent: false,
    onToggleSelfDependency: noop,
    busy: false,
    selectedEdges: 0,
    deleting: false,
    onDeleteSelected: noop,
    showStatus: false,
    onShowStatus: noop,
    bizdate: "2026-01-02",
    onBizdate: noop,
    onRefresh: noop,
    refreshing: false,
    ...overrides,
  };
  render(<DesignerToolbar {...props} />);
}

const button = (name: string) => screen.getByRole("button", { name }) as HTMLButtonElement;

describe("DesignerToolbar", () => {
  it("deletes the selected dependencies for a role that may edit", () => {
    const onDeleteSelected = vi.fn();
    toolbar({ selectedEdges: 2, onDeleteSelected });
    fireEvent.click(button("Delete the selected dependencies"));
    expect(onDeleteSelected).toHaveBeenCalledOnce();
  });

  it("offers no changes to a role that may not edit", () => {
    toolbar({ editable: false, selectedEdges: 2, nodeSelected: true });
    expect(screen.queryByRole("button", { name: /Workflow/ })).toBeNull();
    expect(button("Delete the selected dependencies").disabled).toBe(true);
    expect(screen.getByTestId("self-dependency").hasAttribute("disabled")).toBe(true);
  });

  it("names the self-dependency by what a click does", () => {
    toolbar({ nodeSelected: true, selfDependent: true });
    expect(screen.getByTestId("self-dependency").textContent).toContain("Remove own previous cycle");
  });

  it("shows the business date only with the status view", () => {
    toolbar();
    expect(screen.queryByTestId("bizdate")).toBeNull();
    toolbar({ showStatus: true });
    expect(screen.getByTestId("bizdate")).toBeTruthy();
  });
});
